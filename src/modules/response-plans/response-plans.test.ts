import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { event, eventItem, group, member, samplePlan, serviceUser } from '../../../test/factories.ts';
import { textOf } from '../../../test/html.ts';
import { ask } from '../../reactions.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { planActions } from '../plans/plans.tables.ts';
import { incidentAreas, incidentGroups, incidents } from '../tension/tension.tables.ts';
import { responsePlanSummaries } from './index.ts';
import { areasInForce, happeningOn, plansInForce } from './response-plans.reads.ts';
import * as service from './response-plans.service.ts';
import { responsePlanActivities, responsePlans } from './response-plans.tables.ts';

/** An incident in an area, named to a group: with coordinators, the group sees its plans. */
async function incident(hub: TestHub, title: string, occurredOn: string, groupId: number, areaName: string) {
  const db = hub.database.db;
  const [area] = await db.insert(areas).values({ name: areaName }).returning();
  const [row] = await db.insert(incidents).values({ title, summary: title, scope: 'national', occurredOn }).returning();
  await db.insert(incidentAreas).values({ incidentId: row!.id, areaId: area!.id });
  await db.insert(incidentGroups).values({ incidentId: row!.id, groupId });
  return { ...row!, areaId: area!.id };
}

const templateId = async (hub: TestHub) => (await service.listTemplates(hub.database.db))[0]!.id;

test('two overlapping plans are both in force on the shared days, and the combined list merges them', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const steering = await group(hub, 'quarterly', 'Prevent Steering Group');
  const coordinator = await serviceUser(hub, 'coordinator');
  const manchester = await incident(hub, 'Manchester Arena attack', '2017-05-22', steering.id, 'Leicester');
  const london = await incident(hub, 'London Bridge attack', '2017-06-03', steering.id, 'Rutland');
  const template = await templateId(hub);
  const first = await service.startPlan(db, coordinator, {
    incidentId: manchester.id,
    templateId: template,
    startsOn: '2017-05-22',
  });
  const second = await service.startPlan(db, coordinator, {
    incidentId: london.id,
    templateId: template,
    startsOn: '2017-06-03',
  });
  // Day 13 of the first is day 1 of the second: both monitor sentiment that day.
  await service.addActivity(db, coordinator, first, {
    heading: 'Monitoring of sentiment',
    description: 'Daily tension reports continue in Leicester',
    day: 13,
    status: 'planned',
  });

  const ids = async (on: string) => (await plansInForce(db, coordinator, on, on)).map((p) => p.id);
  assert.deepEqual(await ids('2017-06-02'), [first]);
  for (const shared of ['2017-06-03', '2017-06-04', '2017-06-05']) assert.deepEqual(await ids(shared), [first, second]);
  assert.deepEqual(await ids('2017-06-06'), [second]);
  assert.deepEqual((await areasInForce(db, '2017-06-04')).sort(), [manchester.areaId, london.areaId].sort());
  assert.deepEqual(await ask('responsePlans.areasInForce', [], db, '2017-06-10'), [london.areaId]);

  const merged = await happeningOn(db, coordinator, '2017-06-04');
  assert.deepEqual(
    merged.plans.map((p) => p.id),
    [first, second],
  );
  const monitoring = merged.activities.filter((a) => a.heading === 'Monitoring of sentiment');
  assert.deepEqual(
    monitoring.map((a) => [a.planId, a.day]),
    [
      [first, 13],
      [second, 1],
    ],
  );

  const { browser } = await signedIn(hub, 'coordinator');
  const today = await browser.get('/response-plans/today?on=2017-06-04');
  assert.equal(today.statusCode, 200);
  const words = textOf(today.body);
  assert.match(words, /2 plans in force/);
  assert.match(
    words,
    /Monitoring of sentiment Daily tension reports continue in Leicester .*Manchester Arena attack ?, day 13.*London Bridge attack ?, day 1\)/,
  );
  assert.equal(today.headers['cache-control'], 'no-store');

  const calendar = await browser.get('/response-plans?month=2017-06');
  assert.equal(calendar.statusCode, 200);
  assert.equal((calendar.body.match(/2 plans<\/strong>/g) ?? []).length, 3, 'three days of June carry both plans');
  assert.match(
    textOf(calendar.body),
    /Plans overlap on 3 days this month: 3 June 2017 \(A, B\); 4 June 2017 \(A, B\); 5 June 2017 \(A, B\)/,
  );
  assert.match(calendar.body, /<svg[^>]*role="img"/);
  assert.equal((await browser.get('/response-plans?month=2017-13')).statusCode, 400);
  assert.match(textOf((await browser.get('/response-plans?month=2016-01')).body), /No plans in force in January 2016/);
});

test('a coordinator runs a plan from an incident through check-ins to its close with a summary', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const steering = await group(hub, 'quarterly', 'Prevent Steering Group');
  const attack = await incident(hub, 'Manchester Arena attack', '2017-05-22', steering.id, 'Leicester');
  const { browser } = await signedIn(hub, 'coordinator');

  const form = await browser.get(`/response-plans/new?incidentId=${attack.id}`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, new RegExp(`<option value="${attack.id}" selected>Manchester Arena attack`));
  const missing = await browser.post('/response-plans', { incidentId: attack.id, templateId: await templateId(hub) });
  assert.equal(missing.statusCode, 400);
  assert.match(textOf(missing.body), /Enter the day the plan starts/);
  const early = await browser.post('/response-plans', {
    incidentId: attack.id,
    templateId: await templateId(hub),
    startsOn: '2017-05-01',
  });
  assert.equal(early.statusCode, 400);
  assert.match(textOf(early.body), /A plan starts on or after the day of the incident/);
  const started = await browser.post('/response-plans', {
    incidentId: attack.id,
    templateId: await templateId(hub),
    startsOn: '2017-05-22',
  });
  assert.equal(started.statusCode, 303, textOf(started.body).slice(0, 400));
  const url = String(started.headers.location).split('?')[0]!;
  const planId = Number(url.split('/').at(-1));

  const page = await browser.get(`${url}?done=started`);
  assert.equal(page.statusCode, 200);
  const words = textOf(page.body);
  assert.match(words, /Plan started from the template/);
  assert.match(words, /Day 0: 22 May 2017 .*Positive messaging/);
  assert.match(words, /Day 14: 5 June 2017/);
  assert.match(words, /Areas Leicester/);
  assert.match(page.body, /OFFICIAL-SENSITIVE/);
  assert.equal(page.headers['cache-control'], 'no-store');
  const viewed = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'response_plan.viewed'), eq(auditLog.subjectId, String(planId))));
  assert.equal(viewed.length, 1, 'the read is in the audit log');

  const [activity] = await db.select().from(responsePlanActivities).where(eq(responsePlanActivities.planId, planId));
  const changed = await browser.post(`${url}/activities/${activity!.id}`, {
    heading: activity!.heading,
    description: 'Joint statement issued by the Chief Constable and faith leaders',
    day: 0,
    status: 'done',
  });
  assert.equal(changed.statusCode, 303);
  assert.equal((await browser.get(`${url}/activities/${activity!.id}`)).statusCode, 200);
  const tooLate = await browser.post(`${url}/activities`, {
    heading: 'Vigil',
    description: 'A vigil',
    day: 20,
    status: 'planned',
  });
  assert.equal(tooLate.statusCode, 400);
  assert.match(textOf(tooLate.body), /Enter a day from 0 to 14/);

  const badLevel = await browser.post(`${url}/check-ins`, { on: '2017-05-23', level: 9, note: 'Calm' });
  assert.equal(badLevel.statusCode, 400);
  assert.match(textOf(badLevel.body), /Select the level of sentiment, 1 to 5/);
  const outside = await browser.post(`${url}/check-ins`, { on: '2017-07-01', level: 2, note: 'Calm' });
  assert.equal(outside.statusCode, 400);
  assert.match(textOf(outside.body), /Enter a day while the plan is in force/);
  const checkIn = await browser.post(`${url}/check-ins`, {
    on: '2017-05-23',
    level: 4,
    note: 'Graffiti at a mosque in Highfields',
  });
  assert.equal(checkIn.statusCode, 303);
  assert.match(textOf((await browser.get(url)).body), /23 May 2017 4 High Graffiti at a mosque in Highfields/);

  assert.equal((await browser.get(`${url}/extend`)).statusCode, 200);
  const shorter = await browser.post(`${url}/extend`, { endsOn: '2017-06-01', reason: 'Calmer' });
  assert.equal(shorter.statusCode, 400);
  assert.equal(
    (await browser.post(`${url}/extend`, { endsOn: '2017-06-12', reason: 'London Bridge attack on 3 June' }))
      .statusCode,
    303,
  );
  assert.match(textOf((await browser.get(url)).body), /Day 21: 12 June 2017/);

  assert.equal((await browser.get(`${url}/areas`)).statusCode, 200);
  assert.equal((await browser.post(`${url}/areas`, {})).statusCode, 400);
  assert.equal((await browser.post(`${url}/areas`, { areaIds: [attack.areaId] })).statusCode, 303);

  assert.equal((await browser.get(`${url}/close`)).statusCode, 200);
  const noReason = await browser.post(`${url}/close`, { closedOn: '2017-06-05', summary: 'Calm returned' });
  assert.equal(noReason.statusCode, 400);
  assert.match(textOf(noReason.body), /Enter why the plan is closing before its last day/);
  const closed = await browser.post(`${url}/close`, {
    closedOn: '2017-06-05',
    reason: 'Tension back to low in every area',
    summary: 'Partners delivered 9 activities; tension peaked at 4 after graffiti and fell to 1 by day 14.',
  });
  assert.equal(closed.statusCode, 303);
  const after = await browser.get(url);
  assert.match(textOf(after.body), /Closed early/);
  assert.doesNotMatch(after.body, /action="[^"]*check-ins"/, 'a closed plan offers no forms');
  const refused = await browser.post(`${url}/check-ins`, { on: '2017-05-24', level: 2, note: 'Calm' });
  assert.equal(refused.statusCode, 400);
  assert.match(textOf(refused.body), /This plan has closed/);

  const coordinator = await serviceUser(hub, 'coordinator');
  const [summary] = await responsePlanSummaries(db, coordinator, { from: '2017-05-01', to: '2017-06-30' });
  assert.equal(summary?.closing, 'closed_early');
  assert.equal(summary?.highestLevel, 4);
  assert.equal(summary?.activitiesDone, 1);
  assert.match(summary.summary, /tension peaked at 4/);
  assert.deepEqual(await responsePlanSummaries(db, coordinator, { from: '2018-01-01', to: '2018-12-31' }), []);
});

test('only coordinators and the groups named on the incident see its plans; only coordinators change them', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const named = await group(hub, 'quarterly', 'Community Reference Group');
  const other = await group(hub, 'monthly', 'Channel panel');
  const coordinator = await serviceUser(hub, 'coordinator');
  const attack = await incident(hub, 'Manchester Arena attack', '2017-05-22', named.id, 'Leicester');
  const planId = await service.startPlan(db, coordinator, {
    incidentId: attack.id,
    templateId: await templateId(hub),
    startsOn: '2017-05-22',
  });
  const url = `/response-plans/${planId}`;

  const signedOut = await new Browser(hub.app).get(url);
  assert.equal(signedOut.statusCode, 303);
  assert.match(String(signedOut.headers.location), /^\/sign-in/);

  const outsider = await signedIn(hub, 'member');
  await member(hub, other.id, outsider.user.personId);
  assert.equal((await outsider.browser.get(url)).statusCode, 403);
  assert.doesNotMatch((await outsider.browser.get('/response-plans?month=2017-05')).body, /Manchester Arena attack/);
  assert.match(
    textOf((await outsider.browser.get('/response-plans/today?on=2017-05-23')).body),
    /No plans are in force/,
  );

  const partner = await signedIn(hub, 'member');
  await member(hub, named.id, partner.user.personId);
  const seen = await partner.browser.get(url);
  assert.equal(seen.statusCode, 200);
  assert.doesNotMatch(seen.body, /action="\/response-plans/, 'a partner reads the plan without forms');
  assert.match(
    (await partner.browser.get('/response-plans?month=2017-05')).body,
    /14-day plan: Manchester Arena attack/,
  );
  for (const [path, form] of [
    [`${url}/check-ins`, { on: '2017-05-23', level: 2, note: 'Calm' }],
    [`${url}/extend`, { endsOn: '2017-06-12', reason: 'More time' }],
    [`${url}/close`, { closedOn: '2017-06-05', summary: 'Done' }],
    ['/response-plans', { incidentId: attack.id, templateId: 1, startsOn: '2017-05-22' }],
  ] as const)
    assert.equal((await partner.browser.post(path, form)).statusCode, 403, path);
  assert.equal((await partner.browser.get('/response-plans/new')).statusCode, 403);
  assert.equal((await partner.browser.get(`${url}/close`)).statusCode, 403);

  const { browser } = await signedIn(hub, 'coordinator');
  assert.equal((await browser.get('/response-plans/99999')).statusCode, 404);
  assert.equal((await browser.get('/response-plans/x')).statusCode, 404);
  assert.equal((await browser.get(`${url}/activities/99999`)).statusCode, 404);
});

test('an activity becomes a delivery plan action, and a linked event’s approved questions show on the plan', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const sample = await samplePlan(hub);
  const coordinator = sample.coordinator;
  const attack = await incident(hub, 'Manchester Arena attack', '2017-05-22', sample.steering.id, 'Leicester');
  const planId = await service.startPlan(db, coordinator, {
    incidentId: attack.id,
    templateId: await templateId(hub),
    startsOn: '2017-05-22',
  });
  const [activity] = await db.select().from(responsePlanActivities).where(eq(responsePlanActivities.planId, planId));
  const browser = new Browser(hub.app);
  await browser.signIn(coordinator.email);
  const url = `/response-plans/${planId}`;
  assert.match((await browser.get(url)).body, /Add to a delivery plan/);
  const made = await browser.post(`${url}/activities/${activity!.id}/action`, { deliveryPlanId: sample.planId });
  assert.equal(made.statusCode, 303, textOf(made.body).slice(0, 300));
  const [linked] = await db.select().from(responsePlanActivities).where(eq(responsePlanActivities.id, activity!.id));
  const [action] = await db.select().from(planActions).where(eq(planActions.id, linked!.planActionId!));
  assert.equal(action?.sourceLabel, '14-day response plan: 14-day plan: Manchester Arena attack');
  assert.match(action.description!, new RegExp(`/response-plans/${planId}`));
  const twice = await browser.post(`${url}/activities/${activity!.id}/action`, { deliveryPlanId: sample.planId });
  assert.equal(twice.statusCode, 400);

  const forum = await event(hub, coordinator.accountId, {
    title: 'Prevent Community Forum',
    heldOn: '2017-05-25',
    status: 'closed',
  });
  await eventItem(hub, forum.id, 'Will there be more police at the mosque on Friday?', { state: 'answered' });
  const form = await browser.get(url);
  assert.match(form.body, new RegExp(`<option value="${forum.id}">Prevent Community Forum`));
  assert.equal((await browser.post(`${url}/events`, { eventId: forum.id })).statusCode, 303);
  assert.match(
    textOf((await browser.get(url)).body),
    /Prevent Community Forum Will there be more police at the mosque on Friday\?/,
  );
  assert.equal((await browser.post(`${url}/events`, { eventId: forum.id })).statusCode, 400);
  assert.equal((await db.select().from(responsePlans)).length, 1);
});
