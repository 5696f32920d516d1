import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { Browser, buildTestHub, withPartnership } from '../../../test/helpers.ts';
import { samplePlan, serviceUser } from '../../../test/factories.ts';
import { textOf } from '../../../test/html.ts';
import { createAction } from './plans.service.ts';
import { plans } from './plans.tables.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;

test('a superseded plan’s actions and withdrawn actions leave the home page’s count, as they leave "My actions"', async () => {
  const user = await serviceUser(hub, 'coordinator');
  const browser = new Browser(hub.app);
  await browser.signIn(user.email);
  const older = await samplePlan(hub, user);
  const newer = await samplePlan(hub, user);
  const lead = (planId: number, title: string) =>
    db.transaction((tx) =>
      createAction(tx, { user }, planId, {
        title,
        strand: 'prevent',
        leadPersonId: user.personId,
        dueOn: '2099-03-31',
      }),
    );
  await lead(older.planId, 'Old plan action');
  const kept = await lead(newer.planId, 'New plan action');
  const dropped = await lead(newer.planId, 'Merged action');

  const home = async () => textOf((await browser.get('/')).body);
  assert.match(await home(), /All your actions \(3\)/);

  await db.update(plans).set({ status: 'approved' }).where(eq(plans.id, older.planId));
  assert.equal((await browser.post(`/plans/${older.planId}/supersede`)).statusCode, 303);
  const afterSupersede = await home();
  assert.match(afterSupersede, /All your actions \(2\)/);
  assert.doesNotMatch(afterSupersede, /Old plan action/);
  const mine = textOf((await browser.get('/plans/my-actions')).body);
  assert.doesNotMatch(mine, /Old plan action/);

  assert.equal((await browser.post(`/plans/actions/${dropped}/withdraw`, { reason: 'Merged' })).statusCode, 303);
  const afterWithdraw = await home();
  assert.match(afterWithdraw, /All your actions \(1\)/);
  assert.match(afterWithdraw, /New plan action/);
  assert.doesNotMatch(afterWithdraw, /Merged action/);
  assert.ok(kept > 0);
});
