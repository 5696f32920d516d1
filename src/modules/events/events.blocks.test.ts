import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestHub, withPartnership } from '../../../test/helpers.ts';
import { event, group, meeting, serviceUser } from '../../../test/factories.ts';
import { FormError } from '../../errors.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { engagementBlock } from './events.blocks.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;
const board = await group(hub, 'quarterly', 'Prevent Board');
const held = await meeting(hub, board.id, '2019-04-15');
const viewer = await serviceUser(hub, 'viewer');
const coordinator = await serviceUser(hub, 'coordinator');
const context = { db, user: viewer, meeting: held, asAt: new Date('2019-04-02T12:00:00Z') };

await event(hub, coordinator.accountId, {
  title: 'Councillor briefing',
  heldOn: '2018-06-10',
  audiences: ['councillors'],
  attendance: 20,
});
await event(hub, coordinator.accountId, {
  title: 'Schools Prevent day',
  heldOn: '2018-10-01',
  audiences: ['schools', 'young_people'],
  attendance: 120,
  status: 'closed',
});
// Neither counts: a draft was never held, and the other falls after the period.
await event(hub, coordinator.accountId, {
  title: 'Women’s forum',
  heldOn: '2018-11-01',
  audiences: ['women'],
  status: 'draft',
});
await event(hub, coordinator.accountId, {
  title: 'Open day',
  heldOn: '2019-04-03',
  audiences: ['public'],
  attendance: 300,
});

const sentences = (content: BlockContent) => content.parts.flatMap((p) => (p.kind === 'sentence' ? [p.text] : []));
const tables = (content: BlockContent) =>
  content.parts.filter((p): p is Extract<BlockPart, { kind: 'table' }> => p.kind === 'table');

test('the audiences a period’s events reached and did not reach, in words and in tables', async () => {
  const content = await engagementBlock.build(context, { from: '2018-04-01', to: '2019-03-31' });
  assert.equal(content.marking, 'OFFICIAL');
  assert.deepEqual(sentences(content), [
    '2 events were held between 1 April 2018 and 31 March 2019, with 140 people attending.',
    'They reached councillors, young people and schools.',
    'No event reached women, faith communities, youth settings outside school, frontline staff and the public.',
  ]);
  const [audiences, events] = tables(content);
  assert.deepEqual(audiences!.rows.slice(0, 3), [
    ['Councillors', '1', '20'],
    ['Young people', '1', '120'],
    ['Women', 'Not reached', ''],
  ]);
  assert.deepEqual(events!.rows, [
    ['10 June 2018', 'Councillor briefing', 'Councillors', '20'],
    ['1 October 2018', 'Schools Prevent day', 'Young people, Schools', '120'],
  ]);
});

test('without dates the period is the twelve months to the as-at date when the meeting is still to come', async () => {
  const content = await engagementBlock.build(context, {});
  assert.match(sentences(content)[0]!, /^2 events were held between 3 April 2018 and 2 April 2019/);
});

test('a period that ends before it starts is a form error; an empty period says so', async () => {
  await assert.rejects(
    engagementBlock.build(context, { from: '2019-03-31', to: '2018-04-01' }),
    (error: unknown) => error instanceof FormError && error.field === 'to',
  );
  const empty = await engagementBlock.build(context, { from: '2017-04-01', to: '2018-03-31' });
  assert.deepEqual(sentences(empty).slice(0, 1), ['No events were held between 1 April 2017 and 31 March 2018.']);
  assert.equal(tables(empty).length, 1);
});
