import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseOnlyHub } from '../../../test/helpers.ts';
import { group, meeting, organisation, person, serviceUser } from '../../../test/factories.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { trainingBlock } from './training.blocks.ts';
import {
  preventChampions,
  trainingAttendance,
  trainingCourses,
  trainingSessions,
  trainingTargets,
} from './training.tables.ts';

const hub = await databaseOnlyHub({ after });
const db = hub.database.db;

/*
 * July to September 2019: the coordinator trains 20 council and 10 police staff; a Champion
 * (trained in June) trains 15 council and 5 health staff. A cancelled session in August and a
 * session in October do not count. Targets: the council 50, the police 10.
 */
const council = await organisation(hub, 'Leicester City Council', 'local_authority');
const police = await organisation(hub, 'Leicestershire Police', 'police');
const health = await organisation(hub, 'University Hospitals of Leicester', 'health');
const trainer = await person(hub, 'Pat Coordinator', council.id);
const champion = await person(hub, 'Ali Khan', council.id);
const [course] = await db
  .insert(trainingCourses)
  .values({ title: 'Prevent awareness', kind: 'prevent_awareness' })
  .returning();
const sessions = await db
  .insert(trainingSessions)
  .values([
    { courseId: course!.id, heldOn: '2019-07-10', place: 'City Hall', trainerPersonId: trainer.id, capacity: 40 },
    { courseId: course!.id, heldOn: '2019-08-05', place: 'Town Hall', trainerPersonId: champion.id, capacity: 40 },
    {
      courseId: course!.id,
      heldOn: '2019-08-20',
      place: 'HQ',
      trainerPersonId: trainer.id,
      capacity: 40,
      status: 'cancelled',
    },
    { courseId: course!.id, heldOn: '2019-10-10', place: 'HQ', trainerPersonId: trainer.id, capacity: 40 },
  ])
  .returning();
const attended = (session: number, organisationId: number, staff: number) => ({
  sessionId: sessions[session]!.id,
  organisationId,
  staff,
});
await db
  .insert(trainingAttendance)
  .values([
    attended(0, council.id, 20),
    attended(0, police.id, 10),
    attended(1, council.id, 15),
    attended(1, health.id, 5),
    attended(2, police.id, 30),
    attended(3, police.id, 40),
  ]);
await db
  .insert(preventChampions)
  .values({ personId: champion.id, organisationId: council.id, trainedOn: '2019-06-01' });
await db.insert(trainingTargets).values([
  { organisationId: council.id, staff: 50 },
  { organisationId: police.id, staff: 10 },
]);
const board = await group(hub, 'quarterly', 'Prevent Steering Group');
const paperMeeting = await meeting(hub, board.id, '2019-10-01');
const PERIOD = { from: '2019-07-01', to: '2019-09-30' };

const build = (user: CurrentUser) =>
  trainingBlock.build({ db, user, meeting: paperMeeting, asAt: new Date('2019-09-30T17:00:00Z') }, PERIOD);

const parts = <K extends BlockPart['kind']>(block: BlockContent, kind: K) =>
  block.parts.filter((p): p is Extract<BlockPart, { kind: K }> => p.kind === kind);

test('the training block gives staff trained by sector, coverage against targets and the Champions’ cascade', async () => {
  const block = await build(await serviceUser(hub, 'coordinator'));
  assert.equal(block.key, 'training');
  assert.equal(block.marking, 'OFFICIAL');
  assert.equal(block.asAt, '2019-09-30');
  assert.deepEqual(
    parts(block, 'sentence').map((s) => s.text),
    [
      'From 1 July 2019 to 30 September 2019, 50 staff were trained in 2 sessions.',
      'Of the 2 organisations with a training target, 1 has reached it: 45 of the 60 staff they aim to train (75%) were trained in the period.',
      '1 Prevent Champion has been trained; in the period they delivered 1 session to 20 staff.',
    ],
  );
  const [bySector, coverage] = parts(block, 'table');
  assert.deepEqual(bySector!.head, ['Sector', 'Staff trained']);
  assert.deepEqual(bySector!.rows, [
    ['Local authority', '35'],
    ['Police', '10'],
    ['Health', '5'],
  ]);
  assert.deepEqual(coverage!.rows, [
    ['Leicester City Council', '50', '35', '70%'],
    ['Leicestershire Police', '10', '10', '100%'],
  ]);
  const charts = parts(block, 'chart');
  assert.equal(charts.length, 2);
  assert.ok(charts.every((chart) => chart.svg.startsWith('<svg') && chart.alt.length > 20));
  assert.match(charts[1]!.alt, /Leicester City Council 35 of 50/);
});

test('a viewer gets the same counts, and the block names no trainer, trainee or Champion', async () => {
  const block = await build(await serviceUser(hub, 'viewer'));
  assert.match(parts(block, 'sentence')[0]!.text, /50 staff were trained in 2 sessions/);
  assert.doesNotMatch(JSON.stringify(block), /Ali Khan|Pat Coordinator/);
});
