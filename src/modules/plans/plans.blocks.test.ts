import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestHub, withPartnership } from '../../../test/helpers.ts';
import { group, meeting, samplePlan, serviceUser } from '../../../test/factories.ts';
import { NotFoundError } from '../../errors.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { formatDate } from '../../views/filters.ts';
import { consultationBlock, planAppendixBlock, planProgressBlock } from './plans.blocks.ts';
import { addProgressUpdate } from './plans.service.ts';
import { planSuggestions } from './plans.tables.ts';
import { takeSnapshot } from './snapshots.service.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;
const board = await group(hub, 'quarterly', 'Prevent Board');
const held = await meeting(hub, board.id, '2027-01-20');
const viewer = await serviceUser(hub, 'viewer');
const sample = await samplePlan(hub);
const context = (asAt: string) => ({ db, user: viewer, meeting: held, asAt: new Date(`${asAt}T12:00:00Z`) });
const settings = { plan: sample.planId };

const sentences = (content: BlockContent) => content.parts.flatMap((p) => (p.kind === 'sentence' ? [p.text] : []));
const partOf = <K extends BlockPart['kind']>(content: BlockContent, kind: K, index = 0) =>
  content.parts.filter((p): p is Extract<BlockPart, { kind: K }> => p.kind === kind)[index];

test('progress: RAG by strand as a table and a chart, the overdue actions, and no snapshot yet', async () => {
  // On 10 January 2027: action 1 (due 31 March) is green, 2 (due 31 December) red and overdue, 3 (due 31 January) amber.
  const content = await planProgressBlock.build(context('2027-01-10'), settings);
  assert.equal(content.marking, 'OFFICIAL');
  assert.equal(content.asAt, '2027-01-10');
  assert.deepEqual(sentences(content), [
    'Of the plan’s 3 actions, 0 are complete, 1 green, 1 amber and 1 red.',
    '1 action is overdue:',
    'No snapshot of the plan has been taken yet, so no changes since one are shown.',
  ]);
  assert.deepEqual(partOf(content, 'table')!.head, ['Strand', 'Red', 'Amber', 'Green', 'Complete', 'Total']);
  assert.deepEqual(partOf(content, 'table')!.rows, [
    ['Prevent', '1', '0', '1', '0', '2'],
    ['Protect', '0', '1', '0', '0', '1'],
  ]);
  const chart = partOf(content, 'chart')!;
  assert.match(chart.svg, /role="img"/);
  assert.match(chart.alt, /Prevent: 1 red, 0 amber, 1 green, 0 complete; Protect: 0 red, 1 amber/);
  assert.match(
    partOf(content, 'list')!.items[0]!,
    /Awareness sessions for councillors \(due 31 December 2026, Test Borough Council/,
  );
});

test('progress: what moved and what slipped since the latest snapshot', async () => {
  // Taken today (November 2026): all three green then.
  await takeSnapshot(db, sample.coordinator, sample.planId, 'Q3 2026/27');
  await addProgressUpdate(db, sample.coordinator, sample.actionIds[0]!, {
    state: 'completed',
    note: 'All staff trained',
  });
  const content = await planProgressBlock.build(context('2027-01-10'), settings);
  assert.equal(
    sentences(content).at(-1),
    `Since the snapshot “Q3 2026/27” of ${formatDate(new Date())}, 1 action has moved on, 2 have slipped, 0 were added and 0 were withdrawn.`,
  );
  const changes = partOf(content, 'list', 1)!.items;
  assert.match(changes[0]!, /^Moved: .*WRAP training for frontline staff: Green to Complete$/);
  assert.match(changes[1]!, /^Slipped: .*Awareness sessions for councillors: Green to Red$/);
  const earlier = await planProgressBlock.build(context('2026-11-01'), settings);
  assert.match(sentences(earlier).at(-1)!, /^No snapshot/, 'a snapshot taken after the as-at date is not used');
});

test('the plan as an appendix in today’s Appendix B columns', async () => {
  const content = await planAppendixBlock.build(context('2027-01-10'), settings);
  const table = partOf(content, 'table')!;
  assert.deepEqual(table.head, ['Ref', 'Action', 'Strand', 'Lead', 'Partners', 'Start', 'Due', 'RAG', 'Latest update']);
  assert.equal(table.rows.length, 3);
  assert.deepEqual(table.rows[2]!.slice(1), [
    'Review security at public events',
    'Protect',
    '',
    '',
    '',
    '31 January 2027',
    'Amber',
    '',
  ]);
  assert.match(partOf(content, 'list')!.items[0]!, /^Complete:/);
});

test('a consultation’s “you said, we did”, grouped by response', async () => {
  const said = { planId: sample.planId, kind: 'comment' as const, fromAccountId: viewer.accountId };
  await db.insert(planSuggestions).values([
    {
      ...said,
      text: 'Train school governors too',
      response: 'accepted',
      responseText: 'Added to action 1',
      inVersion: 1,
    },
    { ...said, text: 'Drop the councillor sessions', response: 'declined', responseText: 'Councillors asked for them' },
    { ...said, text: 'Meet in the evenings' },
  ]);
  const offered = await consultationBlock.choices!(context('2027-01-10'));
  assert.deepEqual(
    offered.consultation!.map((c) => c.value),
    [String(sample.planId)],
  );
  const content = await consultationBlock.build(context('2027-01-10'), { consultation: sample.planId });
  assert.deepEqual(sentences(content), [
    `3 comments and proposals were received on the Prevent Strategic Action Plan 1: 1 accepted, 1 declined and 1 awaiting a response.`,
  ]);
  assert.deepEqual(partOf(content, 'table')!.rows, [
    ['The plan as a whole', 'Train school governors too', 'Accepted: Added to action 1 (in version 1)'],
    ['The plan as a whole', 'Drop the councillor sessions', 'Declined: Councillors asked for them'],
    ['The plan as a whole', 'Meet in the evenings', 'Awaiting a response'],
  ]);
});

test('a plan that is no longer in the Hub is not found, for each plan block', async () => {
  for (const block of [planProgressBlock, planAppendixBlock])
    await assert.rejects(block.build(context('2027-01-10'), { plan: 999_999 }), NotFoundError);
  await assert.rejects(consultationBlock.build(context('2027-01-10'), { consultation: 999_999 }), NotFoundError);
});
