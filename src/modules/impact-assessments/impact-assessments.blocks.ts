import { formatDate, isoDate } from '../../views/filters.ts';
import { formSchema } from '../../views/forms.ts';
import { blockPeriod, periodWords, PERIOD_SETTINGS, type BlockPart, type LiveBlock } from '../../reports/paper.ts';
import { recordAudit } from '../audit/index.ts';
import { impactAssessmentSummaries, type ImpactAssessmentSummary } from './impact-assessments.service.ts';

/*
 * The Community Impact Assessments block of a board paper: the open assessments started or
 * reviewed in the period, each with its mitigating actions by status and its next review.
 * Assessments are OFFICIAL-SENSITIVE and seen by coordinators and the groups named on them (or on
 * their incident): the others are left out, never counted, and taking them into a paper is
 * recorded as a read of them.
 */

const Settings = formSchema({ ...PERIOD_SETTINGS });

const SOURCE = 'Community Impact Assessments recorded in the Hub';

const total = (list: ImpactAssessmentSummary[], status: keyof ImpactAssessmentSummary['actions']) =>
  list.reduce((sum, a) => sum + a.actions[status], 0);

function opening(list: ImpactAssessmentSummary[], words: string, asAt: string): BlockPart {
  if (!list.length)
    return { kind: 'sentence', text: `No open Community Impact Assessment was started or reviewed from ${words}.` };
  const toDo = total(list, 'not_started') + total(list, 'in_progress');
  const overdue = list.filter((a) => a.nextReviewOn < asAt).length;
  return {
    kind: 'sentence',
    text:
      `${list.length} open Community Impact ${list.length === 1 ? 'Assessment was' : 'Assessments were'} started or reviewed ` +
      `from ${words}. Their mitigating actions: ${toDo} still to do (${total(list, 'in_progress')} in progress) and ` +
      `${total(list, 'done')} done.${overdue ? ` ${overdue} ${overdue === 1 ? 'is' : 'are'} past ${overdue === 1 ? 'its' : 'their'} review date.` : ''}`,
  };
}

export const impactAssessmentsBlock: LiveBlock<typeof Settings> = {
  key: 'impact-assessments',
  title: 'Community Impact Assessments and their actions',
  description: 'Open Community Impact Assessments started or reviewed in the period, their actions and next reviews.',
  settings: Settings,
  async build(ctx, settings) {
    const period = blockPeriod(ctx, settings);
    const asAt = isoDate(ctx.asAt);
    const list = await impactAssessmentSummaries(ctx.db, ctx.user, period);
    if (list.length)
      await recordAudit(ctx.db, {
        action: 'impact_assessment.viewed',
        user: ctx.user,
        subjectType: 'meeting_paper',
        subjectId: ctx.meeting.id,
        detail: { ...period, assessmentIds: list.map((a) => a.id) },
      });
    const table: BlockPart = {
      kind: 'table',
      caption: 'Open Community Impact Assessments',
      head: ['Assessment of', 'Not started', 'In progress', 'Done', 'Next review'],
      rows: list.map((a) => [
        `${a.subject} (${a.kind})`,
        String(a.actions.not_started),
        String(a.actions.in_progress),
        String(a.actions.done),
        formatDate(a.nextReviewOn),
      ]),
    };
    return {
      key: 'impact-assessments',
      heading: 'Community Impact Assessments',
      source: SOURCE,
      asAt,
      marking: list.length ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL',
      parts: [opening(list, periodWords(period), asAt), ...(list.length ? [table] : [])],
    };
  },
};
