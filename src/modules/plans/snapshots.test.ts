import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, inArray } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { isoDate } from '../../views/filters.ts';
import { samplePlan } from '../../../test/factories.ts';
import { rowText } from '../../../test/html.ts';
import { addProgressUpdate, createAction, createPlan, updateAction, withdrawAction } from './plans.service.ts';
import { planActions, planSnapshots, type FrozenAction } from './plans.tables.ts';
import { currentQuarterLabel, movedAndSlipped } from './snapshots.service.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;

const daysFromNow = (days: number) => isoDate(new Date(Date.now() + days * 86_400_000));
const table = (html: string, id: string) =>
  new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
const linkedActions = (html: string) => [...html.matchAll(/href="\/plans\/actions\/(\d+)"/g)].map((m) => Number(m[1]));
const snapshotsOf = (planId: number) => db.select().from(planSnapshots).where(eq(planSnapshots.planId, planId));

/** Take a snapshot through the form; returns its id. */
async function takeSnapshot(browser: Browser, planId: number, label?: string) {
  await browser.get(`/plans/${planId}/snapshots`);
  const response = await browser.post(`/plans/${planId}/snapshots`, { label });
  assert.equal(response.statusCode, 303, response.body);
  const id = Number(new RegExp(`^/plans/${planId}/snapshots/(\\d+)$`).exec(String(response.headers.location))?.[1]);
  assert.ok(id > 0);
  return id;
}

/**
 * A plan whose ratings do not depend on the day the tests run. Before: 1, 2 and 3 green (on track),
 * 4 amber (at risk), 5 green. Then 1 is completed, 2 blocked, 3's due date put back, 4 back on
 * track, 5 withdrawn and 6 added.
 */
async function planWithTwoSnapshots(coordinatorBrowser: Browser) {
  const plan = await samplePlan(hub, undefined, [
    { title: 'Schools resource pack', strand: 'prevent', dueOn: daysFromNow(100) },
    { title: 'Pilot mentoring scheme', strand: 'pursue', dueOn: daysFromNow(100) },
  ]);
  const { planId, coordinator } = plan;
  const [a1, a2, a3, a4, a5] = plan.actionIds as [number, number, number, number, number];
  await db
    .update(planActions)
    .set({ dueOn: daysFromNow(200) })
    .where(inArray(planActions.id, [a1, a2]));
  await db
    .update(planActions)
    .set({ dueOn: daysFromNow(60) })
    .where(eq(planActions.id, a3));
  for (const id of [a1, a2, a3, a5])
    await addProgressUpdate(db, coordinator, id, { state: 'on_track', note: 'Started' });
  await addProgressUpdate(db, coordinator, a4, { state: 'at_risk', note: 'Printer delayed' });
  const before = await takeSnapshot(coordinatorBrowser, planId);

  await addProgressUpdate(db, coordinator, a1, { state: 'completed', note: 'All staff trained' });
  await addProgressUpdate(db, coordinator, a2, { state: 'blocked', note: 'No venue' });
  await db.transaction((tx) =>
    updateAction(tx, { user: coordinator }, a3, {
      title: 'Review security at public events',
      strand: 'protect',
      objectiveId: plan.objectiveIds[1],
      dueOn: daysFromNow(150),
    }),
  );
  await addProgressUpdate(db, coordinator, a4, { state: 'on_track', note: 'Printed' });
  await db.transaction((tx) => withdrawAction(tx, { user: coordinator }, a5, 'Funding ended'));
  const a6 = await db.transaction((tx) =>
    createAction(tx, { user: coordinator }, planId, {
      title: 'Faith leaders roundtable',
      strand: 'protect',
      dueOn: daysFromNow(90),
    }),
  );
  const later = await takeSnapshot(coordinatorBrowser, planId, 'Q4 board paper');
  return { ...plan, before, later, ids: { a1, a2, a3, a4, a5, a6 } };
}

const { browser: coordinator } = await signedIn(hub, 'coordinator');
const { browser: viewer } = await signedIn(hub, 'viewer');
const plan = await planWithTwoSnapshots(coordinator);
const { planId, ids } = plan;

test('a snapshot is labelled with the current financial quarter unless named, and listed newest first', async () => {
  assert.match(currentQuarterLabel('2026-11-23'), /^Q3 2026\/27$/);
  assert.equal(currentQuarterLabel('2027-01-05'), 'Q4 2026/27');
  assert.equal(currentQuarterLabel('2027-04-01'), 'Q1 2027/28');
  assert.equal(currentQuarterLabel('2099-06-30'), 'Q1 2099/00');
  const list = await viewer.get(`/plans/${planId}/snapshots`);
  assert.equal(list.statusCode, 200);
  const rows = table(list.body, 'snapshots-table');
  assert.deepEqual(
    [...rows.matchAll(/snapshots\/(\d+)">([^<]+)</g)].map((m) => [Number(m[1]), m[2]]),
    [
      [plan.later, 'Q4 board paper'],
      [plan.before, currentQuarterLabel()],
    ],
  );
  assert.match(
    rowText(rows, 'Q4 board paper') ?? '',
    / 5$/,
    'five actions: the withdrawn one left out, the new one in',
  );
  assert.match(rowText(rows, currentQuarterLabel()) ?? '', / 5$/);
});

test('a snapshot prints the plan by objective with RAG, and does not change when the plan does', async () => {
  const page = await viewer.get(`/plans/${planId}/snapshots/${plan.before}`);
  assert.equal(page.statusCode, 200);
  const captions = [
    ...page.body.matchAll(/<caption class="govuk-table__caption govuk-table__caption--m">([^<]+)</g),
  ].map((m) => m[1]);
  assert.deepEqual(captions, [
    'Summary by RAG rating',
    'Raise awareness of Prevent',
    'Protect crowded places',
    'Actions not under an objective',
  ]);
  assert.match(
    rowText(page.body, 'WRAP training') ?? '',
    /^1 WRAP training for frontline staff Prevent .* Green On track Started$/,
  );
  assert.match(rowText(page.body, 'Schools resource pack') ?? '', /Amber At risk Printer delayed/);
  assert.match(rowText(table(page.body, 'rag-summary'), 'Green') ?? '', /Green 4/);
  assert.match(rowText(table(page.body, 'rag-summary'), 'Amber') ?? '', /Amber 1/);
  assert.doesNotMatch(page.body, /Faith leaders roundtable/, 'added after the snapshot');
});

test('comparing two snapshots shows what moved, what slipped, what is new and what was withdrawn', async () => {
  const page = await viewer.get(`/plans/${planId}/snapshots/compare?from=${plan.before}&to=${plan.later}`);
  assert.equal(page.statusCode, 200);
  assert.deepEqual(linkedActions(table(page.body, 'moved-table')), [ids.a1, ids.a4]);
  assert.equal(
    rowText(table(page.body, 'moved-table'), 'What moved'),
    `Action ${currentQuarterLabel()} Q4 board paper What moved`,
  );
  assert.match(rowText(page.body, 'WRAP training') ?? '', /Green Complete Completed$/);
  assert.match(rowText(page.body, 'Schools resource pack') ?? '', /Amber Green Rating rose from amber to green$/);

  assert.deepEqual(linkedActions(table(page.body, 'slipped-table')), [ids.a2, ids.a3]);
  assert.match(rowText(page.body, 'Awareness sessions') ?? '', /Green Red Rating fell from green to red$/);
  assert.match(rowText(page.body, 'Review security') ?? '', /Green Green .*; due date moved from .* to .*$/);

  assert.deepEqual(linkedActions(table(page.body, 'added-table')), [ids.a6]);
  assert.deepEqual(linkedActions(table(page.body, 'withdrawn-table')), [ids.a5]);

  const counts = table(page.body, 'rag-counts');
  assert.equal(rowText(counts, 'Red'), 'Red 0 1 +1');
  assert.equal(rowText(counts, 'Amber'), 'Amber 1 0 -1');
  assert.equal(rowText(counts, 'Green'), 'Green 4 3 -1');
  assert.equal(rowText(counts, 'Complete'), 'Complete 0 1 +1');
});

test('the comparison rules: a later deadline is a slip even when the rating improves, unless the action is done', () => {
  const frozen = (id: number, rag: string, dueOn: string | null): FrozenAction => ({
    id,
    reference: String(id),
    title: `Action ${id}`,
    description: null,
    strand: 'prevent',
    objective: null,
    leadOrganisation: null,
    leadPerson: null,
    startOn: null,
    dueOn,
    state: 'on_track',
    rag,
    latestUpdate: null,
  });
  const result = movedAndSlipped(
    [
      frozen(1, 'red', '2026-06-30'),
      frozen(2, 'red', '2026-06-30'),
      frozen(3, 'amber', null),
      frozen(4, 'green', '2026-12-31'),
      frozen(5, 'green', '2026-12-31'),
    ],
    [
      frozen(1, 'green', '2026-12-31'),
      frozen(2, 'complete', '2026-12-31'),
      frozen(3, 'amber', '2027-01-31'),
      frozen(4, 'green', null),
      frozen(5, 'green', '2026-12-31'),
    ],
  );
  assert.deepEqual(
    result.slipped.map((m) => [m.after.id, m.ragWorse, m.dueLater]),
    [
      [1, false, true],
      [4, false, true],
    ],
  );
  assert.deepEqual(
    result.moved.map((m) => [m.after.id, m.completed]),
    [[2, true]],
  );
  assert.deepEqual([result.added, result.withdrawn], [[], []]);
});

test('members and viewers cannot take snapshots; they can read them', async () => {
  const count = (await snapshotsOf(planId)).length;
  for (const role of ['member', 'viewer'] as const) {
    const { browser } = await signedIn(hub, role);
    const list = await browser.get(`/plans/${planId}/snapshots`);
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Take a snapshot now/, role);
    assert.match(list.body, /Compare two snapshots/);
    assert.equal((await browser.post(`/plans/${planId}/snapshots`, { label: 'Mine' })).statusCode, 403, role);
    assert.equal((await browser.get(`/plans/${planId}/snapshots/${plan.before}`)).statusCode, 200, role);
  }
  const signedOut = new Browser(hub.app);
  assert.equal((await signedOut.get(`/plans/${planId}/snapshots`)).statusCode, 303);
  await signedOut.get('/sign-in');
  assert.equal((await signedOut.post(`/plans/${planId}/snapshots`, { label: 'Anon' })).statusCode, 401);
  assert.equal((await snapshotsOf(planId)).length, count);
});

test('unknown or bad ids are not found: plan, snapshot, another plan’s snapshot, either side of a comparison', async () => {
  const other = await samplePlan(hub);
  const elsewhere = await takeSnapshot(coordinator, other.planId, 'Elsewhere');
  for (const url of [
    '/plans/999999/snapshots',
    '/plans/abc/snapshots',
    `/plans/${planId}/snapshots/999999`,
    `/plans/${planId}/snapshots/abc`,
    `/plans/${planId}/snapshots/${elsewhere}`,
    `/plans/${planId}/snapshots/compare?from=${plan.before}&to=999999`,
    `/plans/${planId}/snapshots/compare?from=${elsewhere}&to=${plan.later}`,
    `/plans/999999/snapshots/compare?from=${plan.before}&to=${plan.later}`,
  ]) {
    assert.equal((await viewer.get(url)).statusCode, 404, url);
  }
  await coordinator.get(`/plans/${planId}/snapshots`);
  assert.equal((await coordinator.post('/plans/999999/snapshots', {})).statusCode, 404);
});

test('a comparison needs two different snapshots, said in plain words', async () => {
  let page = await viewer.get(`/plans/${planId}/snapshots/compare?to=${plan.later}`);
  assert.equal(page.statusCode, 400);
  assert.match(page.body, /Select the earlier snapshot/);
  page = await viewer.get(`/plans/${planId}/snapshots/compare?from=${plan.later}&to=${plan.later}`);
  assert.equal(page.statusCode, 400);
  assert.match(page.body, /Select two different snapshots to compare/);
});

test('a snapshot of a plan with no actions, or with too long a label, is refused and nothing saved', async () => {
  const { steering, coordinator: user } = await samplePlan(hub);
  const empty = await createPlan(db, user, {
    title: 'Empty plan',
    kind: 'delivery',
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    ownerGroupId: steering.id,
  });
  await coordinator.get(`/plans/${empty}/snapshots`);
  let response = await coordinator.post(`/plans/${empty}/snapshots`, {});
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /This plan has no actions yet/);
  assert.match(response.body, /No snapshots yet/);
  assert.equal((await snapshotsOf(empty)).length, 0);

  const count = (await snapshotsOf(planId)).length;
  response = await coordinator.post(`/plans/${planId}/snapshots`, { label: 'x'.repeat(61) });
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /Label must be 60 characters or fewer/);
  assert.equal((await snapshotsOf(planId)).length, count);
});
