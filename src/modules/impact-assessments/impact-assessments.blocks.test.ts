import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { databaseOnlyHub } from '../../../test/helpers.ts';
import { group, incidentInArea, meeting, person, serviceUser } from '../../../test/factories.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { impactAssessmentsBlock } from './impact-assessments.blocks.ts';
import {
  impactAssessmentGroups,
  impactAssessmentVersions,
  impactAssessments,
  mitigatingActions,
} from './impact-assessments.tables.ts';

const hub = await databaseOnlyHub({ after });
const db = hub.database.db;

/*
 * June 2017: an assessment of the Manchester attack (its incident named on the steering group)
 * with actions 1 not started, 1 in progress, 2 done and 1 withdrawn, its review due 20 June; an
 * assessment of a decision named on the Channel panel, one action in progress; and a closed one.
 */
const manchester = await incidentInArea(hub, {
  title: 'Manchester Arena attack',
  occurredOn: '2017-05-22',
  area: 'Manchester',
  group: 'Prevent Steering Group',
  kind: 'steering',
});
const panel = await group(hub, 'monthly', 'Channel panel (Stockton)');
const owner = await person(hub, 'Sam Owner');
const [incidentCia, decisionCia, closedCia] = await db
  .insert(impactAssessments)
  .values([
    { incidentId: manchester.incidentId, reviewOn: '2017-06-20', ownerPersonId: owner.id },
    { decisionTitle: 'Closing the youth centre', reviewOn: '2017-07-15', ownerPersonId: owner.id },
    {
      decisionTitle: 'Moving the market',
      reviewOn: '2017-06-30',
      ownerPersonId: owner.id,
      closedAt: new Date('2017-06-25T12:00Z'),
    },
  ])
  .returning();
await db.insert(impactAssessmentGroups).values([
  { assessmentId: decisionCia!.id, groupId: panel.id },
  { assessmentId: closedCia!.id, groupId: panel.id },
]);
await db.insert(impactAssessmentVersions).values(
  [incidentCia!, decisionCia!, closedCia!].map((a) => ({
    assessmentId: a.id,
    number: 1,
    snapshot: {},
    whatChanged: 'Started',
    reviewedAt: new Date('2017-06-01T10:00Z'),
  })),
);
const action = (assessmentId: number, status: (typeof mitigatingActions.$inferInsert)['status']) => ({
  assessmentId,
  description: 'Reassurance visits',
  status,
});
await db
  .insert(mitigatingActions)
  .values([
    action(incidentCia!.id, 'not_started'),
    action(incidentCia!.id, 'in_progress'),
    action(incidentCia!.id, 'done'),
    action(incidentCia!.id, 'done'),
    action(incidentCia!.id, 'withdrawn'),
    action(decisionCia!.id, 'in_progress'),
  ]);
const paperMeeting = await meeting(hub, panel.id, '2017-07-04');
const build = (user: CurrentUser) =>
  impactAssessmentsBlock.build(
    { db, user, meeting: paperMeeting, asAt: new Date('2017-06-28T09:00:00Z') },
    { from: '2017-05-01', to: '2017-06-30' },
  );

const sentences = (block: BlockContent) =>
  block.parts.filter((p): p is Extract<BlockPart, { kind: 'sentence' }> => p.kind === 'sentence').map((p) => p.text);

test('the assessments block counts open assessments’ actions by status, with their next review', async () => {
  const coordinator = await serviceUser(hub, 'coordinator');
  const block = await build(coordinator);
  assert.equal(block.marking, 'OFFICIAL-SENSITIVE');
  assert.deepEqual(sentences(block), [
    '2 open Community Impact Assessments were started or reviewed from 1 May 2017 to 30 June 2017. Their mitigating actions: 3 still to do (2 in progress) and 2 done. 1 is past its review date.',
  ]);
  const table = block.parts.find((p) => p.kind === 'table');
  assert.deepEqual(table?.rows, [
    ['Manchester Arena attack (incident)', '1', '1', '2', '20 June 2017'],
    ['Closing the youth centre (decision)', '0', '1', '0', '15 July 2017'],
  ]);
  const reads = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'impact_assessment.viewed'), eq(auditLog.accountId, coordinator.accountId)));
  assert.equal(reads.length, 1);
});

test('a member sees only the assessments named on their groups; with none the block is OFFICIAL', async () => {
  const steeringMember = await serviceUser(hub, 'member', [manchester.groupId]);
  const block = await build(steeringMember);
  assert.match(sentences(block)[0]!, /^1 open Community Impact Assessment was started/);
  assert.doesNotMatch(JSON.stringify(block), /youth centre/);
  const outsider = await serviceUser(hub, 'member', [(await group(hub)).id]);
  const empty = await build(outsider);
  assert.equal(empty.marking, 'OFFICIAL');
  assert.deepEqual(sentences(empty), [
    'No open Community Impact Assessment was started or reviewed from 1 May 2017 to 30 June 2017.',
  ]);
});
