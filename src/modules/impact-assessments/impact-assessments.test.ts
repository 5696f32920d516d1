import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { group, meeting, member, organisation, samplePlan } from '../../../test/factories.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { agendaItems } from '../meetings/meetings.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { planActions } from '../plans/plans.tables.ts';
import { incidentAreas, incidentGroups, incidents, tensionReports } from '../tension/tension.tables.ts';
import { impactAssessmentSummaries, overdueImpactReviews } from './index.ts';
import { impactAssessments, impactAssessmentVersions, mitigatingActions } from './impact-assessments.tables.ts';

/** An incident in an area, named to a group, with a tension report of level 3 for the area. */
async function incident(hub: TestHub, groupId: number, authorId: number) {
  const db = hub.database.db;
  const [area] = await db.insert(areas).values({ name: 'Leicester' }).returning();
  const [row] = await db
    .insert(incidents)
    .values({ title: 'Manchester Arena attack', summary: 'Attack', scope: 'national', occurredOn: '2017-05-22' })
    .returning();
  await db.insert(incidentAreas).values({ incidentId: row!.id, areaId: area!.id });
  await db.insert(incidentGroups).values({ incidentId: row!.id, groupId });
  await db.insert(tensionReports).values({
    areaId: area!.id,
    period: 'weekly',
    periodStart: '2017-05-22',
    periodEnd: '2017-05-28',
    level: 3,
    summary: 'Raised',
    authorId,
  });
  return row!;
}

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function setting(hub: TestHub) {
  await withPartnership(hub);
  const coordinator = await signedIn(hub, 'coordinator', 'Priya Shah');
  const steering = await group(hub, 'quarterly', 'Prevent Steering Group');
  const named = await signedIn(hub, 'member', 'Named Member');
  await member(hub, steering.id, named.user.personId);
  const outsider = await signedIn(hub, 'member', 'Other Member');
  const viewer = await signedIn(hub, 'viewer', 'A Viewer');
  await member(hub, steering.id, viewer.user.personId);
  const row = await incident(hub, steering.id, coordinator.user.accountId);
  return { coordinator, named, outsider, viewer, steering, incident: row };
}

const startForm = (incidentId: number, ownerPersonId: number) => ({
  incidentId: String(incidentId),
  communitiesAffected: 'Muslim communities in Highfields',
  perceptions: 'Fear of reprisals',
  risks: 'Attendance drop at mosques',
  reviewOn: future(14),
  ownerPersonId: String(ownerPersonId),
});

test('a coordinator starts an assessment, adds actions, reviews it and compares two versions', async (t) => {
  const hub = await buildTestHub(t);
  const { coordinator, named, outsider, viewer, incident: row } = await setting(hub);
  const db = hub.database.db;
  const { browser } = coordinator;

  assert.match((await browser.get('/impact-assessments')).body, /No assessments you may see yet/);
  assert.equal((await browser.get('/impact-assessments/new')).statusCode, 200);
  const bad = await browser.post('/impact-assessments', {
    ...startForm(row.id, coordinator.user.personId),
    reviewOn: 'soon',
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the date of the next review/);
  const neither = await browser.post('/impact-assessments', {
    reviewOn: future(3),
    ownerPersonId: String(coordinator.user.personId),
  });
  assert.equal(neither.statusCode, 400);
  assert.match(neither.body, /Select the incident, or enter the decision/);

  const started = await browser.post('/impact-assessments', startForm(row.id, coordinator.user.personId));
  assert.equal(started.statusCode, 303);
  const url = started.headers.location!.split('?')[0]!;
  const id = Number(url.split('/').pop());
  const page = await browser.get(url);
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['cache-control'] as string, /no-store/);
  assert.match(page.body, /OFFICIAL-SENSITIVE/);
  assert.match(page.body, /Leicester: 3 Elevated/);
  assert.match(page.body, /No mitigating actions yet/);

  assert.equal((await browser.post(`${url}/actions`, { description: '', status: 'not_started' })).statusCode, 400);
  const noOwner = await browser.post(`${url}/actions`, { description: 'Reassurance patrols', status: 'not_started' });
  assert.equal(noOwner.statusCode, 400);
  assert.match(noOwner.body, /Select the person or organisation who owns the action/);
  const police = await organisation(hub, 'Leicestershire Police');
  for (const description of ['Reassurance patrols', 'Letter to schools'])
    assert.equal(
      (
        await browser.post(`${url}/actions`, {
          description,
          ownerOrganisationId: String(police.id),
          dueOn: future(5),
          status: 'in_progress',
        })
      ).statusCode,
      303,
    );
  const [patrols, letter] = await db.select().from(mitigatingActions).orderBy(mitigatingActions.id);
  assert.equal((await browser.get(`${url}/actions/${patrols!.id}`)).statusCode, 200);
  const done = await browser.post(`${url}/actions/${patrols!.id}`, {
    description: 'Reassurance patrols',
    ownerOrganisationId: String(police.id),
    status: 'done',
  });
  assert.equal(done.statusCode, 303);
  await browser.post(`${url}/actions/${letter!.id}`, {
    description: 'Letter to schools',
    ownerOrganisationId: String(police.id),
    status: 'withdrawn',
  });
  const withdrawnAgain = await browser.post(`${url}/actions/${letter!.id}`, {
    description: 'Letter again',
    ownerOrganisationId: String(police.id),
    status: 'in_progress',
  });
  assert.equal(withdrawnAgain.statusCode, 400, 'a withdrawn action is kept as it was');
  assert.equal((await db.select().from(mitigatingActions)).length, 2, 'nothing deleted');

  const early = await browser.post(`${url}/reviews`, { whatChanged: 'Patrols done', nextReviewOn: '2017-01-01' });
  assert.equal(early.statusCode, 400);
  assert.match(early.body, /The next review must be after today/);
  assert.equal(
    (await browser.post(`${url}/reviews`, { whatChanged: 'Patrols done', nextReviewOn: future(28) })).statusCode,
    303,
  );
  const versions = await db
    .select()
    .from(impactAssessmentVersions)
    .where(eq(impactAssessmentVersions.assessmentId, id));
  assert.deepEqual(
    versions.map((v) => v.number),
    [1, 2],
  );

  const compared = await browser.get(`${url}/compare?from=1&to=2`);
  assert.equal(compared.statusCode, 200);
  assert.match(compared.body, /Actions added/);
  assert.match(compared.body, /Reassurance patrols/);
  assert.match(compared.body, /Next review/);
  assert.equal((await browser.get(`${url}/compare?from=2&to=2`)).statusCode, 400);
  assert.equal((await browser.get(`${url}/compare?from=x&to=2`)).statusCode, 400);

  // A member of the named group reads it; a partner outside it, and someone signed out, do not.
  assert.equal((await named.browser.get(url)).statusCode, 200);
  assert.match((await named.browser.get('/impact-assessments')).body, /Manchester Arena attack/);
  assert.equal((await outsider.browser.get(url)).statusCode, 403);
  assert.equal((await outsider.browser.get(`${url}/compare?from=1&to=2`)).statusCode, 403);
  assert.doesNotMatch((await outsider.browser.get('/impact-assessments')).body, /Manchester Arena attack/);
  assert.equal((await outsider.browser.post(`${url}/actions`, { description: 'x', status: 'done' })).statusCode, 403);
  // The named member is not its owner: they read but do not change it; the viewer reads only.
  assert.equal((await named.browser.get(`${url}/edit`)).statusCode, 403);
  assert.equal(
    (await named.browser.post(`${url}/reviews`, { whatChanged: 'x', nextReviewOn: future(3) })).statusCode,
    403,
  );
  assert.equal((await viewer.browser.get(url)).statusCode, 200);
  assert.equal((await viewer.browser.get('/impact-assessments/new')).statusCode, 403);
  assert.equal(
    (await viewer.browser.post('/impact-assessments', startForm(row.id, viewer.user.personId))).statusCode,
    403,
  );
  const anonymous = await hub.app.inject({ method: 'GET', url });
  assert.notEqual(anonymous.statusCode, 200);
  assert.equal((await browser.get('/impact-assessments/999999')).statusCode, 404);

  const reads = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'impact_assessment.viewed'), eq(auditLog.subjectId, String(id))));
  assert.ok(reads.length >= 3, 'every read recorded');
});

test('edit, agenda, plan action, close; a decision names its own groups', async (t) => {
  const hub = await buildTestHub(t);
  const { coordinator, named, outsider, steering, incident: row } = await setting(hub);
  const db = hub.database.db;
  const { browser } = coordinator;
  const started = await browser.post('/impact-assessments', startForm(row.id, named.user.personId));
  const url = started.headers.location!.split('?')[0]!;
  const id = Number(url.split('/').pop());

  assert.equal((await browser.get(`${url}/edit`)).statusCode, 200);
  assert.equal(
    (await browser.post(`${url}/edit`, { reviewOn: 'x', ownerPersonId: String(named.user.personId) })).statusCode,
    400,
  );
  const edited = await named.browser.post(`${url}/edit`, {
    perceptions: 'Rumours online',
    reviewOn: '2017-06-01',
    ownerPersonId: String(named.user.personId),
  });
  assert.equal(edited.statusCode, 303, 'the owner changes it');
  const overdue = await overdueImpactReviews(db, {
    ...named.user,
    name: 'n',
    role: 'member',
    mustChangePassword: false,
    groupIds: [steering.id],
  });
  assert.deepEqual(
    overdue.map((o) => o.id),
    [id],
  );

  const noMeeting = await browser.post(`${url}/agenda`, { groupId: String(steering.id) });
  assert.equal(noMeeting.statusCode, 400);
  assert.match(noMeeting.body, /no meeting scheduled/);
  const next = await meeting(hub, steering.id, future(10));
  assert.equal((await browser.post(`${url}/agenda`, { groupId: String(steering.id) })).statusCode, 303);
  const [item] = await db.select().from(agendaItems).where(eq(agendaItems.meetingId, next.id));
  assert.equal(item!.title, `Community Impact Assessment ${id}: review`);
  assert.doesNotMatch(item!.title, /Manchester/, 'the title carries no tension detail');

  const police = await organisation(hub, 'Leicestershire Police');
  await browser.post(`${url}/actions`, {
    description: 'Reassurance patrols',
    ownerOrganisationId: String(police.id),
    status: 'not_started',
  });
  const [action] = await db.select().from(mitigatingActions).where(eq(mitigatingActions.assessmentId, id));
  const plan = await samplePlan(hub);
  assert.equal((await browser.post(`${url}/actions/${action!.id}/plan`, { strand: 'prevent' })).statusCode, 400);
  const planned = await browser.post(`${url}/actions/${action!.id}/plan`, {
    planId: String(plan.planId),
    strand: 'prevent',
  });
  assert.equal(planned.statusCode, 303, planned.body.match(/govuk-error-summary__list[\s\S]{0,400}/)?.[0]);
  const [linked] = await db.select().from(mitigatingActions).where(eq(mitigatingActions.id, action!.id));
  const [planAction] = await db.select().from(planActions).where(eq(planActions.id, linked!.planActionId!));
  assert.equal(planAction!.title, 'Reassurance patrols');
  assert.equal(
    (await browser.post(`${url}/actions/${action!.id}/plan`, { planId: String(plan.planId), strand: 'prevent' }))
      .statusCode,
    400,
  );

  const summaries = await impactAssessmentSummaries(
    db,
    { ...coordinator.user, name: 'c', role: 'coordinator', mustChangePassword: false, groupIds: [] },
    {
      from: '2000-01-01',
      to: future(1),
    },
  );
  assert.deepEqual(
    summaries.map((s) => [s.id, s.actions.not_started]),
    [[id, 1]],
  );

  assert.equal((await named.browser.post(`${url}/close`, { reason: 'Tension back to normal' })).statusCode, 403);
  assert.equal((await browser.post(`${url}/close`, { reason: '' })).statusCode, 400);
  assert.equal((await browser.post(`${url}/close`, { reason: 'Tension back to normal' })).statusCode, 303);
  const [closed] = await db.select().from(impactAssessments).where(eq(impactAssessments.id, id));
  assert.ok(closed!.closedAt, 'closed and kept');
  assert.equal((await named.browser.get(`${url}/edit`)).statusCode, 403, 'a closed assessment no longer changes');
  assert.deepEqual(
    await overdueImpactReviews(db, {
      ...named.user,
      name: 'n',
      role: 'member',
      mustChangePassword: false,
      groupIds: [steering.id],
    }),
    [],
  );

  // A decision: its own groups see it.
  const other = await group(hub, 'monthly', 'Community Reference Group');
  await member(hub, other.id, outsider.user.personId);
  const noGroups = await browser.post('/impact-assessments', {
    decisionTitle: 'Closing the youth centre',
    reviewOn: future(7),
    ownerPersonId: String(coordinator.user.personId),
  });
  assert.equal(noGroups.statusCode, 400);
  const decision = await browser.post('/impact-assessments', {
    decisionTitle: 'Closing the youth centre',
    groupIds: String(other.id),
    reviewOn: future(7),
    ownerPersonId: String(coordinator.user.personId),
  });
  assert.equal(decision.statusCode, 303);
  const decisionUrl = decision.headers.location!.split('?')[0]!;
  assert.equal((await outsider.browser.get(decisionUrl)).statusCode, 200);
  assert.equal((await named.browser.get(decisionUrl)).statusCode, 403);
});
