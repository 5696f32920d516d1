import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { databaseOnlyHub } from '../../../test/helpers.ts';
import { group, incidentInArea, meeting, serviceUser } from '../../../test/factories.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { responsePlansBlock } from './response-plans.blocks.ts';
import { responsePlanActivities, responsePlans } from './response-plans.tables.ts';

const hub = await databaseOnlyHub({ after });
const db = hub.database.db;

/*
 * Two plans in May and June 2017: Manchester's, closed with its summary, two of its three
 * activities done, its incident named on the steering group; Finsbury Park's, still in force on
 * 25 June, its incident named on a Channel panel only.
 */
const manchester = await incidentInArea(hub, {
  title: 'Manchester Arena attack',
  occurredOn: '2017-05-22',
  area: 'Manchester',
  group: 'Prevent Steering Group',
  kind: 'steering',
});
const finsbury = await incidentInArea(hub, {
  title: 'Finsbury Park attack',
  occurredOn: '2017-06-19',
  area: 'Islington',
  group: 'Channel panel (Islington)',
  kind: 'channel_panel',
});
const [closedPlan] = await db
  .insert(responsePlans)
  .values([
    {
      incidentId: manchester.incidentId,
      title: 'Manchester: 14-day plan',
      startsOn: '2017-05-23',
      endsOn: '2017-06-05',
      closedOn: '2017-06-05',
      closing: 'ended',
      summary: 'Tension returned to its usual level by day 12',
    },
    {
      incidentId: finsbury.incidentId,
      title: 'Finsbury Park: 14-day plan',
      startsOn: '2017-06-20',
      endsOn: '2017-07-03',
    },
  ])
  .returning();
await db.insert(responsePlanActivities).values(
  (['done', 'done', 'planned'] as const).map((status, day) => ({
    planId: closedPlan!.id,
    heading: 'Reassurance',
    description: 'Patrols near places of worship',
    day,
    status,
  })),
);
const board = await group(hub, 'quarterly', 'Safer Stockton Partnership');
const paperMeeting = await meeting(hub, board.id, '2017-07-04');
const build = (user: CurrentUser) =>
  responsePlansBlock.build(
    { db, user, meeting: paperMeeting, asAt: new Date('2017-06-25T09:00:00Z') },
    { from: '2017-05-01', to: '2017-06-30' },
  );

const sentences = (block: BlockContent) =>
  block.parts.filter((p): p is Extract<BlockPart, { kind: 'sentence' }> => p.kind === 'sentence').map((p) => p.text);

test('the 14-day plans block lists the plans in force, their activities, and quotes the closing summary', async () => {
  const coordinator = await serviceUser(hub, 'coordinator');
  const block = await build(coordinator);
  assert.equal(block.marking, 'OFFICIAL-SENSITIVE');
  assert.equal(block.asAt, '2017-06-25');
  assert.deepEqual(sentences(block), [
    '2 14-day plans were in force from 1 May 2017 to 30 June 2017; 1 is still in force.',
    'Manchester: 14-day plan closed on 5 June 2017: Tension returned to its usual level by day 12.',
  ]);
  const table = block.parts.find((p) => p.kind === 'table');
  assert.deepEqual(table?.rows, [
    ['Manchester: 14-day plan', 'Manchester Arena attack', '23 May 2017', '5 June 2017', '2 of 3', 'Ended'],
    ['Finsbury Park: 14-day plan', 'Finsbury Park attack', '20 June 2017', '3 July 2017', '0 of 0', 'In force'],
  ]);
  const reads = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'response_plan.viewed'), eq(auditLog.accountId, coordinator.accountId)));
  assert.equal(reads.length, 1);
});

test('a member sees only the plans of incidents named on their groups; with none the block is OFFICIAL', async () => {
  const steeringMember = await serviceUser(hub, 'member', [manchester.groupId]);
  const block = await build(steeringMember);
  assert.equal(
    sentences(block)[0],
    '1 14-day plan was in force from 1 May 2017 to 30 June 2017; 0 are still in force.',
  );
  assert.doesNotMatch(JSON.stringify(block), /Finsbury Park/);
  const outsider = await serviceUser(hub, 'member', [board.id]);
  const empty = await build(outsider);
  assert.equal(empty.marking, 'OFFICIAL');
  assert.deepEqual(sentences(empty), ['No 14-day plan was in force from 1 May 2017 to 30 June 2017.']);
});
