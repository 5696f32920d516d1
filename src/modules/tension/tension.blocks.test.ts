import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { databaseOnlyHub, type TestHub } from '../../../test/helpers.ts';
import { group, incidentInArea, meeting, serviceUser } from '../../../test/factories.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { ForbiddenError } from '../../errors.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { tensionBlock } from './tension.blocks.ts';
import { tensionReports } from './tension.tables.ts';

const PERIOD = { from: '2017-05-01', to: '2017-06-30' };

async function report(hub: TestHub, authorId: number, areaId: number, periodStart: string, level: number) {
  await hub.database.db.insert(tensionReports).values({
    areaId,
    period: 'weekly',
    periodStart,
    periodEnd: new Date(Date.parse(`${periodStart}T12:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10),
    level,
    summary: 'As reported',
    authorId,
  });
}

/** Two areas with reports, an incident named on the steering group and one on a Channel panel. */
async function tensionWorld(hub: TestHub) {
  const manchester = await incidentInArea(hub, {
    title: 'Manchester Arena attack',
    occurredOn: '2017-05-22',
    area: 'Manchester',
    group: 'Prevent Steering Group',
    kind: 'steering',
  });
  const bridge = await incidentInArea(hub, {
    title: 'London Bridge attack',
    occurredOn: '2017-06-03',
    area: 'Southwark',
    group: 'Channel panel (Southwark)',
    kind: 'channel_panel',
  });
  const coordinator = await serviceUser(hub, 'coordinator');
  await report(hub, coordinator.accountId, manchester.areaId, '2017-05-15', 2);
  await report(hub, coordinator.accountId, manchester.areaId, '2017-05-22', 4);
  await report(hub, coordinator.accountId, bridge.areaId, '2017-05-29', 3);
  const board = await group(hub, 'quarterly', 'Safer Stockton Partnership');
  const paperMeeting = await meeting(hub, board.id, '2017-07-04');
  return { manchester, bridge, coordinator, paperMeeting };
}

/** The blocks read the database only: a migrated database without the web app around it. */

const build = (hub: TestHub, user: CurrentUser, meetingRow: { id: number; groupId: number; startsAt: Date }) =>
  tensionBlock.build(
    { db: hub.database.db, user, meeting: meetingRow, asAt: new Date('2017-07-01T09:00:00Z') },
    PERIOD,
  );

const partOf = <K extends BlockPart['kind']>(block: BlockContent, kind: K) =>
  block.parts.filter((p): p is Extract<BlockPart, { kind: K }> => p.kind === kind);

test('the tension block gives each area’s latest level, the period’s incidents, and is OFFICIAL-SENSITIVE', async (t) => {
  const hub = await databaseOnlyHub(t);
  const world = await tensionWorld(hub);
  const block = await build(hub, world.coordinator, world.paperMeeting);
  assert.equal(block.key, 'tension');
  assert.equal(block.marking, 'OFFICIAL-SENSITIVE');
  assert.equal(block.asAt, '2017-07-01');
  assert.match(block.source, /tension reports/);
  const [levels, incidents] = partOf(block, 'sentence');
  assert.match(
    levels!.text,
    /^Tension has been reported in 2 areas\. The highest latest level is 4 \(High\) in Manchester/,
  );
  const [table] = partOf(block, 'table');
  assert.deepEqual(
    table!.rows.map((row) => [row[0], row[1], row[3]]),
    [
      ['Manchester', '4 High', '22 May 2017 to 28 May 2017'],
      ['Southwark', '3 Elevated', '29 May 2017 to 4 June 2017'],
    ],
  );
  assert.equal(incidents!.text, '2 incidents were recorded from 1 May 2017 to 30 June 2017.');
  assert.deepEqual(partOf(block, 'list')[0]!.items, [
    'London Bridge attack, 3 June 2017 (Southwark)',
    'Manchester Arena attack, 22 May 2017 (Manchester)',
  ]);
  const read = await hub.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'tension_reports.viewed'), eq(auditLog.subjectType, 'meeting_paper')));
  assert.equal(read.length, 1);
});

test('a member sees only the incidents named on their groups; someone outside the reader groups is refused', async (t) => {
  const hub = await databaseOnlyHub(t);
  const world = await tensionWorld(hub);
  const steeringMember = await serviceUser(hub, 'member', [world.manchester.groupId]);
  const block = await build(hub, steeringMember, world.paperMeeting);
  assert.equal(partOf(block, 'sentence')[1]!.text, '1 incident was recorded from 1 May 2017 to 30 June 2017.');
  assert.deepEqual(partOf(block, 'list')[0]!.items, ['Manchester Arena attack, 22 May 2017 (Manchester)']);
  assert.doesNotMatch(JSON.stringify(block), /London Bridge/);

  const panelMember = await serviceUser(hub, 'member', [world.bridge.groupId]);
  await assert.rejects(build(hub, panelMember, world.paperMeeting), ForbiddenError);
});

test('with nothing reported and no incident the block says so and is OFFICIAL', async (t) => {
  const hub = await databaseOnlyHub(t);
  const coordinator = await serviceUser(hub, 'coordinator');
  const board = await group(hub);
  const block = await build(hub, coordinator, await meeting(hub, board.id, '2017-07-04'));
  assert.equal(block.marking, 'OFFICIAL');
  assert.deepEqual(
    partOf(block, 'sentence').map((s) => s.text),
    ['No area has reported a tension level yet.', 'No incidents were recorded from 1 May 2017 to 30 June 2017.'],
  );
});
