import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { BlockContent, BlockContext, BlockPart, LiveBlock } from '../../reports/paper.ts';
import { formSchema } from '../../views/forms.ts';
import { formatDate, isoDate, label } from '../../views/filters.ts';
import { personName } from '../organisations/index.ts';
import { londonDate } from './meetings.dates.ts';
import { isCancelled } from './meetings.policy.ts';
import { getMeeting } from './meetings.service.ts';
import { actionsArising, agendaItems, meetings } from './meetings.tables.ts';
import { recommendationsOfMeeting, type MeetingRecommendation } from './recommendations.service.ts';

/*
 * "Matters arising" for a board paper: what the group's previous meeting decided on each of its
 * recommendations and how its actions arising stand. Meetings, their recommendations and actions
 * are open to every signed-in user (the meeting page), so nothing here is refused for who asks.
 * Everything is read as it stood at the as-at moment: a decision recorded later counts as not yet
 * taken, an action completed later as still open, so an issued paper says what was true then.
 */

const PreviousSettings = formSchema({});

/** The group's latest meeting before this one that was not called off. */
async function previousMeeting(ctx: BlockContext) {
  const earlier = await ctx.db
    .select({ id: meetings.id, startsAt: meetings.startsAt, status: meetings.status })
    .from(meetings)
    .where(and(eq(meetings.groupId, ctx.meeting.groupId), lt(meetings.startsAt, ctx.meeting.startsAt)))
    .orderBy(desc(meetings.startsAt))
    .limit(10);
  return earlier.find((m) => !isCancelled(m));
}

async function actionsOf(ctx: BlockContext, meetingId: number) {
  return ctx.db
    .select({
      description: actionsArising.description,
      owner: personName(actionsArising.ownerPersonId),
      dueOn: actionsArising.dueOn,
      completedOn: actionsArising.completedOn,
    })
    .from(actionsArising)
    .innerJoin(agendaItems, eq(agendaItems.id, actionsArising.agendaItemId))
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position), asc(actionsArising.id));
}
type ActionArising = Awaited<ReturnType<typeof actionsOf>>[number];

type ActionStatus = 'done' | 'overdue' | 'open';
function statusOf(action: ActionArising, today: string): ActionStatus {
  if (action.completedOn !== null && action.completedOn <= today) return 'done';
  return action.dueOn !== null && action.dueOn < today ? 'overdue' : 'open';
}

const decidedBy = (rec: MeetingRecommendation, asAt: Date) =>
  rec.decision !== null && (rec.decidedAt === null || rec.decidedAt <= asAt);

function recommendationParts(recs: MeetingRecommendation[], asAt: Date, when: string): BlockPart[] {
  if (recs.length === 0) return [{ kind: 'sentence', text: `No recommendations were put to the meeting on ${when}.` }];
  const decided = recs.filter((r) => decidedBy(r, asAt)).length;
  const undecided = recs.length - decided;
  const put = recs.length === 1 ? '1 recommendation was' : `${recs.length} recommendations were`;
  const were = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const still = undecided ? ` and ${were(undecided, 'is', 'are')} still to be decided` : '';
  return [
    {
      kind: 'sentence',
      text: `${put} put to the meeting on ${when}: ${were(decided, 'has', 'have')} been decided${still}.`,
    },
    {
      kind: 'table',
      caption: `Recommendations of the meeting on ${when}`,
      head: ['No.', 'Recommendation', 'Decision'],
      rows: recs.map((r) => [
        String(r.number),
        r.text,
        decidedBy(r, asAt) ? `${label(r.decision)}${r.reason ? `: ${r.reason}` : ''}` : 'Not yet decided',
      ]),
    },
  ];
}

const STATUS_WORDS: Record<ActionStatus, string> = { done: 'Done', open: 'Open', overdue: 'Overdue' };

function actionParts(actions: ActionArising[], today: string, when: string): BlockPart[] {
  if (actions.length === 0) return [{ kind: 'sentence', text: `No actions arose from the meeting on ${when}.` }];
  const of = (status: ActionStatus) => actions.filter((a) => statusOf(a, today) === status).length;
  const arose = actions.length === 1 ? '1 action arose' : `${actions.length} actions arose`;
  return [
    {
      kind: 'sentence',
      text: `${arose} from it: ${of('done')} done, ${of('open')} open and ${of('overdue')} overdue.`,
    },
    {
      kind: 'table',
      caption: `Actions arising from the meeting on ${when}`,
      head: ['Action', 'Owner', 'Due', 'Status'],
      rows: actions.map((a) => {
        const status = statusOf(a, today);
        const done = status === 'done' ? ` (${formatDate(a.completedOn)})` : '';
        return [a.description, a.owner ?? '', a.dueOn ? formatDate(a.dueOn) : '', `${STATUS_WORDS[status]}${done}`];
      }),
    },
  ];
}

export const previousMeetingBlock: LiveBlock<typeof PreviousSettings> = {
  key: 'meetings.previous',
  title: 'Decisions and actions from the previous meeting',
  description:
    'The previous meeting’s recommendations with their decisions, and its actions arising: done, open or overdue.',
  settings: PreviousSettings,
  async build(ctx): Promise<BlockContent> {
    const today = isoDate(ctx.asAt);
    const previous = await previousMeeting(ctx);
    const content = { key: 'meetings.previous', source: 'the group’s meeting records in the Hub', asAt: today };
    if (!previous)
      return {
        ...content,
        heading: 'Matters arising',
        marking: 'OFFICIAL',
        parts: [
          { kind: 'sentence', text: 'This is the group’s first meeting: there are no earlier decisions or actions.' },
        ],
      };
    const [meeting, recs, actions] = await Promise.all([
      getMeeting(ctx.db, previous.id),
      recommendationsOfMeeting(ctx.db, previous.id),
      actionsOf(ctx, previous.id),
    ]);
    const when = formatDate(londonDate(previous.startsAt));
    return {
      ...content,
      heading: `Matters arising from the ${meeting.groupName} on ${when}`,
      marking: 'OFFICIAL',
      parts: [...recommendationParts(recs, ctx.asAt, when), ...actionParts(actions, today, when)],
    };
  },
};
