import { and, eq } from 'drizzle-orm';
import type { Static } from 'typebox';
import type { Queryable } from '../../db/client.ts';
import { ForbiddenError } from '../../errors.ts';
import { formatDate, isoDate } from '../../views/filters.ts';
import { field, formSchema } from '../../views/forms.ts';
import type { BlockContext, BlockPart, LiveBlock } from '../../reports/paper.ts';
import { bodiesOf, latestAssessment, listAssessments, ratingsOf, type Assessment } from './assessments.service.ts';
import { compareIterations, compareWithPeers, peerSentence, type Change } from './compare.ts';
import { getFramework, levelOf, listFrameworks, type Framework } from './frameworks.service.ts';
import { peerRatingsOf } from './peers.service.ts';
import { isAgreed } from './self-assessment.policy.ts';
import { selfAssessments } from './self-assessment.tables.ts';

/*
 * The self-assessment block of a board paper (seed 001 §5): a framework's latest iteration for a
 * body, its ratings beside peers' published ones, and what changed from the iteration before
 * (with that iteration's summary: "agreed to be cautious in this first iteration"). Iterations
 * are read by coordinators and the members of the assessing group: an author who may read none
 * of a body's iterations is refused the block.
 */

const Settings = formSchema({
  frameworkId: field.id('Framework', 'Select a framework from the list'),
  body: field.optionalText('On behalf of', 200),
});

const SOURCE = 'Self-assessments and peers’ published ratings recorded in the Hub';

const CHANGE_WORDS: Record<Exclude<Change, null>, string> = {
  up: 'Higher',
  down: 'Lower',
  same: 'The same',
  new: 'Newly rated',
};

const ratingWords = (framework: Framework, value: number | null | undefined) =>
  levelOf(framework, value)?.name ?? 'Not rated';

const ratingMap = async (db: Queryable, assessment: Assessment | undefined) =>
  new Map((assessment ? await ratingsOf(db, [assessment.id]) : []).map((r) => [r.criterionId, r.value]));

/** Are there iterations of the framework for the body at all (whoever may read them)? */
async function anyIteration(db: Queryable, frameworkId: number, body: string | undefined) {
  const [row] = await db
    .select({ id: selfAssessments.id })
    .from(selfAssessments)
    .where(and(eq(selfAssessments.frameworkId, frameworkId), body ? eq(selfAssessments.body, body) : undefined))
    .limit(1);
  return row !== undefined;
}

/** The latest iteration the author may read and the one before it; refused if they may read none that exist. */
async function iterationsFor(ctx: BlockContext, framework: Framework, chosenBody: string | undefined) {
  const body = chosenBody ?? (await bodiesOf(ctx.db, ctx.user, framework.id))[0];
  const latest = body ? await latestAssessment(ctx.db, ctx.user, framework.id, body) : undefined;
  if (!latest) {
    if (await anyIteration(ctx.db, framework.id, chosenBody))
      throw new ForbiddenError('Self-assessments are read by coordinators and the members of the assessing group');
    return { body, latest, previous: undefined };
  }
  const readable = await listAssessments(ctx.db, ctx.user, { frameworkId: framework.id, body: latest.body });
  const previous = readable.filter((a) => a.id !== latest.id && a.assessedOn <= latest.assessedOn).at(-1);
  return { body: latest.body, latest, previous };
}

function latestSentence(framework: Framework, latest: Assessment): BlockPart {
  const state = isAgreed(latest) ? 'agreed' : 'a draft, not yet agreed';
  return {
    kind: 'sentence',
    text:
      `The latest ${framework.name} self-assessment on behalf of ${latest.body} is “${latest.title}”, assessed on ` +
      `${formatDate(latest.assessedOn)} (${state}).${latest.summary ? ` ${latest.summary.replace(/\.?$/, '.')}` : ''}`,
  };
}

function peerParts(framework: Framework, latest: Assessment, ours: Map<number, number | null>, peers: PeerColumns) {
  const comparison = compareWithPeers(framework, ours, peers);
  const sentence = peerSentence(comparison.overall) ?? 'No peer has published ratings against this framework.';
  const table: BlockPart = {
    kind: 'table',
    caption: `${latest.body} beside peers`,
    head: ['Criterion', `${latest.body} (${latest.title})`, ...peers.map((p) => `${p.peer} (${p.year})`)],
    rows: comparison.rows.map((row) => [
      row.criterion.title,
      ratingWords(framework, row.ours.value),
      ...row.peers.map((p) =>
        p.word ? `${ratingWords(framework, p.value)} (${p.word})` : ratingWords(framework, p.value),
      ),
    ]),
  };
  return [{ kind: 'sentence', text: sentence } satisfies BlockPart, table];
}

type PeerColumns = Awaited<ReturnType<typeof peerRatingsOf>>['columns'];

function changeParts(
  framework: Framework,
  previous: Assessment,
  latest: Assessment,
  ratings: Map<number, number | null>[],
) {
  const columns = [previous, latest].map((a, i) => ({ ...a, ratings: ratings[i]! }));
  const rows = compareIterations(framework, columns).flatMap((section) => section.rows);
  const changes = rows.map((row) => row.cells[1]!.change);
  const n = (change: Change) => changes.filter((c) => c === change).length;
  const summary = previous.summary ? ` That iteration’s summary: “${previous.summary.replace(/\.$/, '')}”.` : '';
  return [
    {
      kind: 'sentence',
      text:
        `Against the previous iteration, “${previous.title}” (${formatDate(previous.assessedOn)}), ${n('up')} ` +
        `${n('up') === 1 ? 'criterion is' : 'criteria are'} rated higher, ${n('down')} lower and ${n('same')} the same.${summary}`,
    } satisfies BlockPart,
    {
      kind: 'table',
      caption: 'Change from the previous iteration',
      head: ['Criterion', previous.title, latest.title, 'Change'],
      rows: rows.map((row) => [
        row.criterion.title,
        ratingWords(framework, row.cells[0]!.value),
        ratingWords(framework, row.cells[1]!.value),
        row.cells[1]!.change ? CHANGE_WORDS[row.cells[1]!.change] : '',
      ]),
    } satisfies BlockPart,
  ];
}

async function build(ctx: BlockContext, settings: Static<typeof Settings>) {
  const framework = await getFramework(ctx.db, settings.frameworkId);
  const { body, latest, previous } = await iterationsFor(ctx, framework, settings.body);
  const base = { key: 'self-assessment', source: SOURCE, asAt: isoDate(ctx.asAt), marking: 'OFFICIAL' as const };
  if (!latest)
    return {
      ...base,
      heading: `Self-assessment: ${framework.name}`,
      parts: [
        {
          kind: 'sentence' as const,
          text: `No ${framework.name} self-assessment has been recorded${body ? ` on behalf of ${body}` : ''} yet.`,
        },
      ],
    };
  const [ours, before, peers] = await Promise.all([
    ratingMap(ctx.db, latest),
    ratingMap(ctx.db, previous),
    peerRatingsOf(ctx.db, framework.id),
  ]);
  return {
    ...base,
    heading: `Self-assessment: ${framework.name}`,
    parts: [
      latestSentence(framework, latest),
      ...peerParts(framework, latest, ours, peers.columns),
      ...(previous ? changeParts(framework, previous, latest, [before, ours]) : []),
    ],
  };
}

export const selfAssessmentBlock: LiveBlock<typeof Settings> = {
  key: 'self-assessment',
  title: 'Self-assessment beside peers',
  description: 'A framework’s latest iteration, its ratings beside peers’, and the change from the iteration before.',
  settings: Settings,
  async choices(ctx) {
    const frameworks = await listFrameworks(ctx.db);
    const bodies = await Promise.all(frameworks.map((f) => bodiesOf(ctx.db, ctx.user, f.id)));
    return {
      frameworkId: frameworks.map((f) => ({ value: String(f.id), text: f.name })),
      body: [...new Set(bodies.flat())].sort().map((body) => ({ value: body, text: body })),
    };
  },
  build,
};
