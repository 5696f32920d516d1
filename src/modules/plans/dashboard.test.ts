import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { isoDate } from '../../views/filters.ts';
import { organisation, samplePlan } from '../../../test/factories.ts';
import { rowText } from '../../../test/html.ts';
import { financialQuarter } from './dashboard.service.ts';
import { addProgressUpdate, createPlan, withdrawAction } from './plans.service.ts';
import { planActions, planProgressUpdates } from './plans.tables.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;

const DAY = 86_400_000;
const daysFromNow = (days: number) => isoDate(new Date(Date.now() + days * DAY));
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/**
 * A plan whose RAG ratings do not depend on the day the test runs (dates are relative to today):
 *   1 green    prevent  council  on track, updated 89 days ago (not yet quiet)
 *   2 red      prevent  council  on track, due 10 days ago (overdue)
 *   3 red      protect  none     blocked, not yet due
 *   4 amber    prepare  police   not started, due in 10 days
 *   5 amber    prevent  police   at risk, last update 100 days ago (quiet)
 *   6 complete protect  police   completed, due 30 days ago, last update 200 days ago (neither list)
 *   7 green    prevent  council  not started, no dates, added 120 days ago, no update (quiet)
 *   8 withdrawn, due 5 days ago: in no count or list
 */
async function seededPlan() {
  const police = await organisation(hub, `Cleveland Police ${Math.random()}`, 'police');
  const plan = await samplePlan(hub, undefined, [
    { title: 'Channel awareness for GPs', strand: 'prepare', leadOrganisationId: police.id, dueOn: daysFromNow(10) },
    { title: 'Schools resource pack', strand: 'prevent', leadOrganisationId: police.id, dueOn: daysFromNow(100) },
    { title: 'Faith leaders roundtable', strand: 'protect', leadOrganisationId: police.id, dueOn: daysFromNow(-30) },
    { title: 'Community reference group terms', strand: 'prevent' },
    { title: 'Merged action', strand: 'pursue', dueOn: daysFromNow(-5) },
  ]);
  const [a1, a2, a3, a4, a5, a6, a7, a8] = plan.actionIds as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const { coordinator } = plan;
  await db
    .update(planActions)
    .set({ dueOn: daysFromNow(200) })
    .where(inArray(planActions.id, [a1, a3]));
  await db
    .update(planActions)
    .set({ dueOn: daysFromNow(-10) })
    .where(eq(planActions.id, a2));
  await db.update(planActions).set({ leadOrganisationId: plan.council.id }).where(eq(planActions.id, a7));
  await addProgressUpdate(db, coordinator, a1, { state: 'on_track', note: 'Two sessions held' });
  await addProgressUpdate(db, coordinator, a2, { state: 'on_track', note: 'Dates being fixed' });
  await addProgressUpdate(db, coordinator, a3, { state: 'blocked', note: 'Waiting for the venue survey' });
  await addProgressUpdate(db, coordinator, a5, { state: 'at_risk', note: 'Printer delayed' });
  await addProgressUpdate(db, coordinator, a6, { state: 'completed', note: 'Held in the town hall' });
  await age(a1, 89);
  await age(a5, 100);
  await age(a6, 200);
  await db
    .update(planActions)
    .set({ createdAt: daysAgo(120) })
    .where(eq(planActions.id, a7));
  await db.transaction((tx) => withdrawAction(tx, { user: coordinator }, a8, 'Merged into 2'));
  return { ...plan, police, ids: { a1, a2, a3, a4, a5, a6, a7, a8 } };
}

/** Make an action's progress updates (and so its last progress) `days` old. */
async function age(actionId: number, days: number) {
  await db
    .update(planProgressUpdates)
    .set({ writtenAt: daysAgo(days) })
    .where(eq(planProgressUpdates.actionId, actionId));
  await db
    .update(planActions)
    .set({ lastProgressAt: daysAgo(days) })
    .where(eq(planActions.id, actionId));
}

/** The inside of the table with this id. */
const table = (html: string, id: string) =>
  new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
/** The action ids a list links to, in order. */
const linkedActions = (html: string) => [...html.matchAll(/href="\/plans\/actions\/(\d+)"/g)].map((m) => Number(m[1]));
const squeeze = (text: string | undefined) => text?.replace(/\s+/g, ' ').trim();

const plan = await seededPlan();
const { planId, ids } = plan;
const { browser: viewer } = await signedIn(hub, 'viewer');

test('counts by RAG, strand, lead organisation, state and due quarter match the plan, in charts and tables', async () => {
  const page = await viewer.get(`/plans/${planId}/dashboard`);
  assert.equal(page.statusCode, 200);
  assert.match(
    squeeze(page.body)!,
    /The plan has 7 actions, not counting withdrawn ones\. 1 overdue, 2 with no update for 90 days\./,
  );

  const rag = table(page.body, 'chart-rag-table');
  assert.equal(rowText(rag, 'Red'), 'Red 2');
  assert.equal(rowText(rag, 'Amber'), 'Amber 2');
  assert.equal(rowText(rag, 'Green'), 'Green 2');
  assert.equal(rowText(rag, 'Complete'), 'Complete 1');

  const strand = table(page.body, 'chart-strand-table');
  assert.equal(rowText(strand, 'Strand'), 'Strand Red Amber Green Complete Total');
  assert.equal(rowText(strand, 'Prevent'), 'Prevent 1 1 2 0 4');
  assert.equal(rowText(strand, 'Protect'), 'Protect 1 0 0 1 2');
  assert.equal(rowText(strand, 'Pursue'), 'Pursue 0 0 0 0 0', 'a strand with no actions still has its row');
  assert.equal(rowText(strand, 'Prepare'), 'Prepare 0 1 0 0 1');

  const lead = table(page.body, 'chart-lead-table');
  assert.equal(rowText(lead, plan.council.name), `${plan.council.name} 1 0 2 0 3`);
  assert.equal(rowText(lead, 'Cleveland Police'), `${plan.police.name} 0 2 0 1 3`);
  assert.equal(rowText(lead, 'No lead organisation'), 'No lead organisation 1 0 0 0 1');

  const state = table(page.body, 'chart-state-table');
  assert.equal(rowText(state, 'Not started'), 'Not started 2');
  assert.equal(rowText(state, 'On track'), 'On track 2');
  assert.equal(rowText(state, 'At risk'), 'At risk 1');
  assert.equal(rowText(state, 'Blocked'), 'Blocked 1');
  assert.equal(rowText(state, 'Completed'), 'Completed 1');

  const due = table(page.body, 'chart-due-table');
  assert.equal(rowText(due, 'No due date'), 'No due date 1');
  const overdueQuarter = financialQuarter(daysFromNow(-10)).label;
  assert.match(rowText(due, overdueQuarter) ?? '', new RegExp(`^${overdueQuarter} \\d$`));
  const dueCounts = [...due.matchAll(/govuk-table__cell--numeric">(\d+)</g)].map((m) => Number(m[1]));
  assert.equal(
    dueCounts.reduce((a, b) => a + b, 0),
    7,
  );
  const dueDays = [-10, -30, 10, 100, 200];
  const expectedQuarters = [
    ...new Map(
      dueDays
        .map((d) => financialQuarter(daysFromNow(d)))
        .sort((a, b) => a.order - b.order)
        .map((q) => [q.order, q.label]),
    ).values(),
  ];
  const quarterRows = [...due.matchAll(/<th scope="row" class="govuk-table__header">([^<]+)</g)].map((m) => m[1]);
  assert.deepEqual(quarterRows, [...expectedQuarters, 'No due date'], 'quarters in date order, undated last');
});

test('each chart is an accessible SVG image with a title, a description and the numbers as text', async () => {
  const page = await viewer.get(`/plans/${planId}/dashboard`);
  const svgs = [...page.body.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
  assert.equal(svgs.length, 5);
  for (const svg of svgs) {
    const id = /id="([^"]+)"/.exec(svg)![1]!;
    assert.match(svg, /role="img"/);
    assert.match(svg, new RegExp(`aria-labelledby="${id}-title ${id}-desc"`));
    assert.match(svg, new RegExp(`<title id="${id}-title">[^<]+</title>`));
    assert.match(svg, new RegExp(`<desc id="${id}-desc">[^<]+</desc>`));
  }
  const strand = svgs.find((s) => s.includes('id="chart-strand"'))!;
  assert.match(strand, /<title id="chart-strand-title">Actions by CONTEST strand and RAG rating<\/title>/);
  assert.match(strand, /Prevent: 1 red, 1 amber, 2 green, 0 complete/);
  assert.match(strand, />Prevent<\/tspan>/);
  // Each chart's table comes straight after it.
  assert.match(page.body, /<\/svg><\/div>\s*<table class="govuk-table" id="chart-strand-table">/);
});

test('the overdue list holds exactly the actions past due and not completed, with links to them', async () => {
  const page = await viewer.get(`/plans/${planId}/dashboard`);
  const overdue = table(page.body, 'overdue-table');
  assert.deepEqual(linkedActions(overdue), [ids.a2]);
  assert.match(rowText(overdue, 'Awareness sessions') ?? '', /Awareness sessions for councillors .* On track/);
});

test('the quiet list holds exactly the open actions with nothing heard for 90 days, quietest first', async () => {
  const page = await viewer.get(`/plans/${planId}/dashboard`);
  const quiet = table(page.body, 'quiet-table');
  assert.deepEqual(linkedActions(quiet), [ids.a7, ids.a5]);
  assert.match(rowText(quiet, 'Community reference group') ?? '', /No update since it was added on/);
  assert.match(rowText(quiet, 'Schools resource pack') ?? '', /Last update .* Amber/);
});

test('filters by strand, lead organisation and RAG narrow the charts and the lists', async () => {
  let page = await viewer.get(`/plans/${planId}/dashboard?strand=prevent`);
  assert.equal(page.statusCode, 200);
  assert.match(squeeze(page.body)!, /4 of the plan’s 7 actions match the filters/);
  assert.equal(rowText(table(page.body, 'chart-rag-table'), 'Red'), 'Red 1');
  assert.deepEqual(linkedActions(table(page.body, 'overdue-table')), [ids.a2]);
  assert.deepEqual(linkedActions(table(page.body, 'quiet-table')), [ids.a7, ids.a5]);
  assert.match(page.body, /<option value="prevent" selected>Prevent<\/option>/);

  page = await viewer.get(`/plans/${planId}/dashboard?leadOrganisationId=${plan.police.id}`);
  assert.equal(rowText(table(page.body, 'chart-rag-table'), 'Amber'), 'Amber 2');
  assert.equal(rowText(table(page.body, 'chart-lead-table'), 'Cleveland Police'), `${plan.police.name} 0 2 0 1 3`);
  assert.doesNotMatch(table(page.body, 'chart-lead-table'), /Borough Council/);
  assert.match(page.body, /No action is overdue/);
  assert.deepEqual(linkedActions(table(page.body, 'quiet-table')), [ids.a5]);

  page = await viewer.get(`/plans/${planId}/dashboard?strand=protect&rag=red&leadOrganisationId=`);
  assert.match(squeeze(page.body)!, /1 of the plan’s 7 actions match the filters/);
  assert.equal(rowText(table(page.body, 'chart-state-table'), 'Blocked'), 'Blocked 1');
  assert.equal(rowText(table(page.body, 'chart-state-table'), 'On track'), 'On track 0');

  page = await viewer.get(`/plans/${planId}/dashboard?strand=pursue`);
  assert.match(page.body, /No actions match these filters/);
  assert.doesNotMatch(page.body, /<svg/);
});

test('a filter that is not on the list is refused with a message, and the whole plan shown', async () => {
  const page = await viewer.get(`/plans/${planId}/dashboard?rag=purple`);
  assert.equal(page.statusCode, 400);
  assert.match(page.body, /There is a problem/);
  assert.match(page.body, /Select a RAG rating from the list/);
  assert.match(squeeze(page.body)!, /The plan has 7 actions/);
  const lead = await viewer.get(`/plans/${planId}/dashboard?leadOrganisationId=police`);
  assert.equal(lead.statusCode, 400);
  assert.match(lead.body, /Select a lead organisation from the list/);
});

test('a plan with no actions says what to do next and draws no chart', async () => {
  const { steering, coordinator } = await samplePlan(hub);
  const empty = await createPlan(db, coordinator, {
    title: 'Empty operational plan',
    kind: 'operational',
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    ownerGroupId: steering.id,
  });
  const page = await viewer.get(`/plans/${empty}/dashboard`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /This plan has no actions yet/);
  assert.match(page.body, new RegExp(`href="/plans/${empty}"`));
  assert.doesNotMatch(page.body, /<svg/);
});

test('members and coordinators read it; signed out is sent to sign in; unknown plans are not found', async () => {
  for (const role of ['member', 'coordinator'] as const) {
    const { browser } = await signedIn(hub, role);
    assert.equal((await browser.get(`/plans/${planId}/dashboard`)).statusCode, 200, role);
  }
  const signedOut = await new Browser(hub.app).get(`/plans/${planId}/dashboard`);
  assert.equal(signedOut.statusCode, 303);
  assert.match(String(signedOut.headers.location), /^\/sign-in\?next=/);
  assert.doesNotMatch(signedOut.body, /Awareness sessions/);
  assert.equal((await viewer.get('/plans/999999/dashboard')).statusCode, 404);
  assert.equal((await viewer.get('/plans/abc/dashboard')).statusCode, 404);
  assert.equal((await viewer.get('/plans/999999/dashboard?rag=purple')).statusCode, 404);
});

test('names are escaped in the charts and the lists', async () => {
  const trust = await organisation(hub, 'Tees & <Esk> Trust', 'health');
  const other = await samplePlan(hub, undefined, [
    { title: 'Staff <b>training</b> & audit', strand: 'prevent', leadOrganisationId: trust.id, dueOn: daysFromNow(-3) },
  ]);
  const page = await viewer.get(`/plans/${other.planId}/dashboard`);
  assert.match(table(page.body, 'overdue-table'), /Staff &lt;b&gt;training&lt;\/b&gt; &amp; audit/);
  assert.match(page.body, /<tspan[^>]*>Tees &amp; &lt;Esk&gt; Trust<\/tspan>/);
  assert.match(table(page.body, 'chart-lead-table'), /Tees &amp; &lt;Esk&gt; Trust/);
  assert.doesNotMatch(page.body, /<Esk>|<b>training/);
});
