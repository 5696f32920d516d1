import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestHub, withPartnership } from '../../../test/helpers.ts';
import { person, samplePlan, serviceUser } from '../../../test/factories.ts';
import {
  addProgressUpdate,
  createAction,
  getPlanAction,
  listPlanActions,
  listPlanChanges,
  updateAction,
  withdrawAction,
} from './plans.service.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;

test('actions are numbered, ordered as people number them, and every change is attributed', async () => {
  const { planId, coordinator, actionIds } = await samplePlan(hub, undefined, [
    { reference: '1.10', title: 'Later sub-action', strand: 'prevent' },
    { reference: '1.9', title: 'Sub-action', strand: 'prevent' },
  ]);
  const actions = await listPlanActions(db, { planId });
  assert.deepEqual(
    actions.map((a) => a.reference),
    ['1', '1.9', '1.10', '2', '3'],
  );

  await db.transaction((tx) =>
    updateAction(tx, { user: coordinator }, actionIds[0]!, {
      title: 'WRAP training for all frontline staff',
      strand: 'prevent',
      dueOn: '2027-02-28',
    }),
  );
  const changes = await listPlanChanges(db, { planId, actionId: actionIds[0]! });
  const fields = changes.map((c) => c.field);
  assert.ok(
    fields.includes('title') &&
      fields.includes('dueOn') &&
      fields.includes('objectiveId') &&
      fields.includes('created'),
    fields.join(),
  );
  const title = changes.find((c) => c.field === 'title')!;
  assert.equal(title.before, 'WRAP training for frontline staff');
  assert.equal(title.after, 'WRAP training for all frontline staff');
  assert.match(title.changedBy ?? '', /Test coordinator/);

  await assert.rejects(
    db.transaction((tx) =>
      createAction(tx, { user: coordinator }, planId, { reference: '2', title: 'Clash', strand: 'pursue' }),
    ),
    /already exists/,
  );
  await db.transaction((tx) => withdrawAction(tx, { user: coordinator }, actionIds[2]!, 'Merged into 2'));
  assert.equal((await listPlanActions(db, { planId })).length, 4);
  assert.ok((await getPlanAction(db, actionIds[2]!)).withdrawnAt);
});

test('progress: only the lead officer or a coordinator; the state sets the RAG', async () => {
  const { planId, coordinator, actionIds } = await samplePlan(hub);
  const lead = await serviceUser(hub, 'member');
  const other = await serviceUser(hub, 'member');
  const viewer = await serviceUser(hub, 'viewer');
  await db.transaction((tx) =>
    updateAction(tx, { user: coordinator }, actionIds[1]!, {
      title: 'Awareness sessions for councillors',
      strand: 'prevent',
      leadPersonId: lead.personId,
      dueOn: '2099-12-31',
    }),
  );

  await assert.rejects(
    addProgressUpdate(db, other, actionIds[1]!, { state: 'on_track', note: 'Not mine' }),
    /lead officer/,
  );
  await assert.rejects(
    addProgressUpdate(db, viewer, actionIds[1]!, { state: 'on_track', note: 'Not mine' }),
    /lead officer/,
  );
  await addProgressUpdate(db, lead, actionIds[1]!, { state: 'blocked', note: 'Venue unavailable' });
  let action = await getPlanAction(db, actionIds[1]!);
  assert.equal(action.state, 'blocked');
  assert.equal(action.rag, 'red');
  assert.equal(action.latestUpdate, 'Venue unavailable');
  assert.ok(action.lastProgressAt);
  await addProgressUpdate(db, coordinator, actionIds[1]!, { state: 'completed', note: 'Three sessions held' });
  action = await getPlanAction(db, actionIds[1]!);
  assert.equal(action.rag, 'complete');
  assert.equal((await listPlanActions(db, { leadPersonId: lead.personId })).length, 1);
  const someone = await person(hub, 'Unrelated person');
  assert.equal((await listPlanActions(db, { leadPersonId: someone.id })).length, 0);
  assert.ok(planId);
});
