import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestHub, withPartnership } from '../../../test/helpers.ts';
import { group, meeting, person, serviceUser } from '../../../test/factories.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { previousMeetingBlock } from './meetings.blocks.ts';
import { actionsArising, agendaItems, meetingRecommendations } from './meetings.tables.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;
const board = await group(hub, 'monthly', 'Prevent Board');
const viewer = await serviceUser(hub, 'viewer');
const january = await meeting(hub, board.id, '2019-01-10', { status: 'held' });
const february = await meeting(hub, board.id, '2019-02-10', { status: 'cancelled' });
const march = await meeting(hub, board.id, '2019-03-05');
const owner = await person(hub, 'Sam Patel');
const context = (m: typeof march) => ({ db, user: viewer, meeting: m, asAt: new Date('2019-02-20T12:00:00Z') });

const [item] = await db
  .insert(agendaItems)
  .values({ meetingId: january.id, position: 1, title: 'Prevent update' })
  .returning();
const [called] = await db
  .insert(agendaItems)
  .values({ meetingId: february.id, position: 1, title: 'Called off' })
  .returning();
const decided = new Date('2019-01-10T12:00:00Z');
await db.insert(meetingRecommendations).values([
  { meetingId: january.id, number: 1, text: 'Note the threat level', decision: 'noted', decidedAt: decided },
  {
    meetingId: january.id,
    number: 2,
    text: 'Fund a second WRAP trainer',
    decision: 'declined',
    reason: 'No budget this year',
    decidedAt: decided,
  },
  { meetingId: january.id, number: 3, text: 'Adopt the engagement plan' },
  // Decided after the as-at date: the paper still shows it undecided.
  {
    meetingId: january.id,
    number: 4,
    text: 'Approve the plan',
    decision: 'approved',
    decidedAt: new Date('2019-03-01T12:00:00Z'),
  },
  { meetingId: january.id, number: 5, text: 'Withdrawn one', withdrawnAt: decided },
  { meetingId: february.id, number: 1, text: 'Never put: the meeting was called off' },
]);
await db.insert(actionsArising).values([
  {
    agendaItemId: item!.id,
    description: 'Circulate the CTLP summary',
    ownerPersonId: owner.id,
    completedOn: '2019-02-01',
  },
  { agendaItemId: item!.id, description: 'Book the WRAP sessions', dueOn: '2019-02-01' },
  { agendaItemId: item!.id, description: 'Draft the engagement plan', dueOn: '2019-04-01' },
  { agendaItemId: item!.id, description: 'Update the risk register', dueOn: '2019-03-30', completedOn: '2019-03-01' },
  { agendaItemId: called!.id, description: 'Not from the previous meeting' },
]);

const sentences = (content: BlockContent) => content.parts.flatMap((p) => (p.kind === 'sentence' ? [p.text] : []));
const tables = (content: BlockContent) =>
  content.parts.filter((p): p is Extract<BlockPart, { kind: 'table' }> => p.kind === 'table');

test('the previous meeting’s decisions and actions with their status as at the paper’s date', async () => {
  const content = await previousMeetingBlock.build(context(march), {});
  assert.equal(content.heading, 'Matters arising from the Prevent Board on 10 January 2019');
  assert.equal(content.marking, 'OFFICIAL');
  assert.equal(content.asAt, '2019-02-20');
  assert.deepEqual(sentences(content), [
    '4 recommendations were put to the meeting on 10 January 2019: 2 have been decided and 2 are still to be decided.',
    '4 actions arose from it: 1 done, 2 open and 1 overdue.',
  ]);
  const [recommendations, actions] = tables(content);
  assert.deepEqual(recommendations!.rows, [
    ['1', 'Note the threat level', 'Noted'],
    ['2', 'Fund a second WRAP trainer', 'Declined: No budget this year'],
    ['3', 'Adopt the engagement plan', 'Not yet decided'],
    ['4', 'Approve the plan', 'Not yet decided'],
  ]);
  assert.deepEqual(actions!.rows, [
    ['Circulate the CTLP summary', 'Sam Patel', '', 'Done (1 February 2019)'],
    ['Book the WRAP sessions', '', '1 February 2019', 'Overdue'],
    ['Draft the engagement plan', '', '1 April 2019', 'Open'],
    ['Update the risk register', '', '30 March 2019', 'Open'],
  ]);
});

test('a group’s first meeting has no matters arising', async () => {
  const content = await previousMeetingBlock.build(context(january), {});
  assert.deepEqual(sentences(content), [
    'This is the group’s first meeting: there are no earlier decisions or actions.',
  ]);
});
