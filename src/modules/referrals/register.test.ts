import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import {
  type Browser,
  buildTestHub,
  createUser,
  signedIn,
  withPartnership,
  type TestHub,
} from '../../../test/helpers.ts';
import { group, meeting, member, organisation, serviceUser } from '../../../test/factories.ts';
import { attendance } from '../meetings/meetings.tables.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { overdueRegisterReviews, reduceExpiredCases } from './index.ts';
import { runDueJobs } from '../../jobs/scheduled-jobs.ts';
import { retentionJob } from '../retention/index.ts';
import { referralCorrections, referralStages, referrals } from './register.tables.ts';

const BASE = '/referrals/register';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const yearsAgo = (years: number, plusDays = 0) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return d.toISOString().slice(0, 10);
};

interface Setup {
  hub: TestHub;
  panelId: number;
  cityId: number;
  panel: Awaited<ReturnType<typeof signedIn>>;
}

/** A partnership with a Channel panel and one panel member (a member account) signed in. */
async function setUp(t: Parameters<typeof buildTestHub>[0]): Promise<Setup> {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const [city] = await hub.database.db.insert(areas).values({ name: 'Leicester', kind: 'city' }).returning();
  await hub.database.db.insert(areas).values({ name: 'Leicestershire', kind: 'county' });
  const panelGroup = await group(hub, 'monthly', 'LLR Channel panel');
  const panel = await signedIn(hub, 'member', 'Panel Member');
  await member(hub, panelGroup.id, panel.user.personId);
  return { hub, panelId: panelGroup.id, cityId: city!.id, panel };
}

const referralForm = (cityId: number, extra: Record<string, string> = {}) => ({
  receivedOn: daysAgo(30),
  referringSector: 'education',
  areaId: String(cityId),
  concern: 'extreme_right_wing',
  ageBand: '15_to_20',
  gender: 'male',
  notes: 'Referred by a Year 9 tutor after concerns about online content.',
  ...extra,
});

async function addReferral(browser: Browser, cityId: number, extra: Record<string, string> = {}) {
  await browser.get(`${BASE}/new`);
  const response = await browser.post(BASE, referralForm(cityId, extra));
  assert.equal(response.statusCode, 303, response.body.slice(0, 2000));
  return Number(/\/referrals\/register\/(\d+)/.exec(response.headers.location as string)![1]);
}

async function step(browser: Browser, id: number, name: string, form: Record<string, string>) {
  await browser.get(`${BASE}/${id}`);
  return browser.post(`${BASE}/${id}/steps/${name}`, form);
}

const auditRows = (hub: TestHub, action: string) =>
  hub.database.db.select().from(auditLog).where(eq(auditLog.action, action));

test('only the Channel panel and the people an administrator names may reach the register', async (t) => {
  const { hub, cityId, panel } = await setUp(t);
  const id = await addReferral(panel.browser, cityId);
  const steering = await hub.database.db
    .insert(groups)
    .values({ name: 'Prevent Steering Group', kind: 'steering' })
    .returning();
  const outsiderMember = await signedIn(hub, 'member');
  await member(hub, steering[0]!.id, outsiderMember.user.personId);
  const outsiders = {
    viewer: await signedIn(hub, 'viewer'),
    'member not on the panel': outsiderMember,
    'coordinator not named': await signedIn(hub, 'coordinator'),
    administrator: await signedIn(hub, 'administrator'),
  };
  const pages = [BASE, `${BASE}/new`, `${BASE}/${id}`, `${BASE}/export.csv`, `${BASE}/${id}/steps/screening`];
  pages.push(`${BASE}/${id}/correct`, `${BASE}/999999`);
  for (const [who, { browser }] of Object.entries(outsiders)) {
    for (const url of pages) {
      const response = await browser.get(url);
      assert.equal(response.statusCode, 403, `${who} at ${url}`);
      assert.doesNotMatch(response.body, /REF-\d{4}/, `${who} at ${url} sees no reference`);
    }
    await browser.get('/');
    const posted = await browser.post(BASE, referralForm(cityId));
    assert.equal(posted.statusCode, 403, `${who} adding`);
    const moved = await browser.post(`${BASE}/${id}/steps/screening`, { happenedOn: daysAgo(1) });
    assert.equal(moved.statusCode, 403, `${who} moving a case`);
  }
  assert.equal((await hub.database.db.select().from(referrals)).length, 1);

  // The access page is the administrator's alone.
  assert.equal((await panel.browser.get(`${BASE}/access`)).statusCode, 403);
  assert.equal((await outsiders['coordinator not named'].browser.get(`${BASE}/access`)).statusCode, 403);
  assert.equal((await outsiders.administrator.browser.get(`${BASE}/access`)).statusCode, 200);

  // A viewer on the panel reads but cannot change.
  const panelViewer = await signedIn(hub, 'viewer');
  const [panelGroup] = await hub.database.db.select().from(groups).where(eq(groups.kind, 'channel_panel'));
  await member(hub, panelGroup!.id, panelViewer.user.personId);
  assert.equal((await panelViewer.browser.get(`${BASE}/${id}`)).statusCode, 200);
  assert.equal((await panelViewer.browser.get(`${BASE}/new`)).statusCode, 403);
  assert.equal((await panelViewer.browser.get(`${BASE}/${id}/steps/screening`)).statusCode, 403);
});

test('an administrator names and removes a coordinator; each change is audited', async (t) => {
  const { hub } = await setUp(t);
  const admin = await signedIn(hub, 'administrator');
  const coordinator = await signedIn(hub, 'coordinator', 'Named Coordinator');
  assert.equal((await coordinator.browser.get(BASE)).statusCode, 403);

  await admin.browser.get(`${BASE}/access`);
  const named = await admin.browser.post(`${BASE}/access`, { accountId: coordinator.user.accountId });
  assert.equal(named.statusCode, 303);
  const page = await admin.browser.get(`${BASE}/access?done=named`);
  assert.match(page.body, /Named Coordinator/);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.equal((await coordinator.browser.get(BASE)).statusCode, 200);

  const removed = await admin.browser.post(`${BASE}/access/remove`, { accountId: coordinator.user.accountId });
  assert.equal(removed.statusCode, 303);
  assert.equal((await coordinator.browser.get(BASE)).statusCode, 403);

  const changes = await auditRows(hub, 'referral_register.access_changed');
  assert.deepEqual(
    changes.map((row) => [row.subjectId, (row.detail as { named: boolean }).named]),
    [
      [String(coordinator.user.accountId), true],
      [String(coordinator.user.accountId), false],
    ],
  );
  const bad = await admin.browser.post(`${BASE}/access`, { accountId: 'x' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Select the person to name/);
});

test('adding a referral: a generated reference, sensitive pages, audited reads and export', async (t) => {
  const { hub, cityId, panel } = await setUp(t);
  const id = await addReferral(panel.browser, cityId);
  const [row] = await hub.database.db.select().from(referrals).where(eq(referrals.id, id));
  assert.match(row!.reference, new RegExp(`^REF-${daysAgo(30).slice(0, 4)}-0001$`));
  const second = await addReferral(panel.browser, cityId, { receivedOn: daysAgo(30), areaId: '', area: 'Rutland' });
  const [other] = await hub.database.db.select().from(referrals).where(eq(referrals.id, second));
  assert.equal(other!.reference, row!.reference.replace(/0001$/, '0002'));
  assert.equal(other!.area, 'Rutland');
  // Numbers past 9,999 in a year still follow on: the highest number, not the last in text order.
  const year = row!.reference.slice(4, 8);
  await hub.database.db
    .update(referrals)
    .set({ reference: `REF-${year}-9999` })
    .where(eq(referrals.id, second));
  const third = await addReferral(panel.browser, cityId, { receivedOn: daysAgo(30) });
  const [next] = await hub.database.db.select().from(referrals).where(eq(referrals.id, third));
  assert.equal(next!.reference, `REF-${year}-10000`);

  for (const url of [BASE, `${BASE}/new`, `${BASE}/${id}`, `${BASE}/${id}/correct`, `${BASE}/${id}/steps/screening`]) {
    const response = await panel.browser.get(url);
    assert.equal(response.statusCode, 200, url);
    assert.equal(response.headers['cache-control'], 'no-store', url);
    assert.match(response.body, /hub-marking--sensitive">OFFICIAL-SENSITIVE/, url);
  }
  const list = await panel.browser.get(BASE);
  assert.match(list.body, new RegExp(row!.reference));
  const casePage = await panel.browser.get(`${BASE}/${id}`);
  assert.match(casePage.body, /Extreme right-wing/);
  assert.match(casePage.body, /Referral received/);

  const csv = await panel.browser.get(`${BASE}/export.csv`);
  assert.equal(csv.statusCode, 200);
  assert.equal(csv.headers['cache-control'], 'no-store');
  assert.match(csv.body, new RegExp(`${row!.reference},${row!.receivedOn},Education,Leicester`));
  assert.doesNotMatch(csv.body, /Year 9 tutor/, 'notes stay in the Hub');

  assert.ok((await auditRows(hub, 'referral_register.viewed')).length >= 2);
  const viewed = await auditRows(hub, 'referral.viewed');
  assert.ok(viewed.some((entry) => entry.subjectId === row!.reference && entry.accountId === panel.user.accountId));
  assert.equal((await auditRows(hub, 'referral_register.exported')).length, 1);
  const pagesRead = viewed
    .filter((entry) => entry.subjectId === row!.reference)
    .map((e) => (e.detail as { page: string }).page);
  assert.deepEqual([...new Set(pagesRead)].sort(), ['case', 'correct', 'step:screening']);
  assert.equal((await auditRows(hub, 'referral.created')).length, 3);

  const missing = await panel.browser.get(`${BASE}/999999`);
  assert.equal(missing.statusCode, 404, 'the need-to-know learn a reference does not exist');
});

test('the add form refuses bad input with GOV.UK errors', async (t) => {
  const { hub, cityId, panel } = await setUp(t);
  await panel.browser.get(`${BASE}/new`);
  const empty = await panel.browser.post(BASE, {});
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Select the sector the referral came from/);
  assert.match(empty.body, /Enter the date the referral was received/);
  const future = await panel.browser.post(BASE, referralForm(cityId, { receivedOn: '2999-01-01' }));
  assert.equal(future.statusCode, 400);
  assert.match(future.body, /today or in the past/);
  const noArea = await panel.browser.post(BASE, referralForm(cityId, { areaId: '' }));
  assert.equal(noArea.statusCode, 400);
  assert.match(noArea.body, /Select the area/);
  const long = await panel.browser.post(BASE, referralForm(cityId, { notes: 'a'.repeat(501) }));
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /500 characters or fewer/);
  assert.equal((await hub.database.db.select().from(referrals)).length, 0);
});

test('notes that look identifying are warned about and saved only when confirmed', async (t) => {
  const { hub, cityId, panel } = await setUp(t);
  await panel.browser.get(`${BASE}/new`);
  const warned = await panel.browser.post(BASE, referralForm(cityId, { notes: 'John Smith, DOB 03/04/2009, LE1 5FQ' }));
  assert.equal(warned.statusCode, 400);
  assert.match(warned.body, /govuk-warning-text/);
  assert.match(warned.body, /person’s name/);
  assert.match(warned.body, /date of birth/);
  assert.match(warned.body, /postcode/);
  assert.match(warned.body, /name="confirmIdentifying"/);
  assert.equal((await hub.database.db.select().from(referrals)).length, 0, 'nothing saved before confirming');

  const confirmed = await panel.browser.post(
    BASE,
    referralForm(cityId, { notes: 'Smith Academy, Year 9', confirmIdentifying: 'yes' }),
  );
  assert.equal(confirmed.statusCode, 303);
  const id = Number(/(\d+)/.exec(confirmed.headers.location as string)![1]);
  await panel.browser.get(`${BASE}/${id}`);
  const detail = await panel.browser.post(`${BASE}/${id}/steps/screening`, {
    happenedOn: daysAgo(20),
    details: 'Spoke to Mrs Patel at 12 High Street',
  });
  assert.equal(detail.statusCode, 400);
  assert.match(detail.body, /an address/);
  const [row] = await hub.database.db.select().from(referrals).where(eq(referrals.id, id));
  assert.equal(row!.stage, 'referred');
});

test('a referral goes through the Channel journey to exit and reviews; steps cannot be skipped', async (t) => {
  const { hub, cityId, panel, panelId } = await setUp(t);
  const panelMeeting = await meeting(hub, panelId, daysAgo(15));
  const id = await addReferral(panel.browser, cityId, { receivedOn: daysAgo(400) });

  const skipped = await step(panel.browser, id, 'panel', { happenedOn: daysAgo(390) });
  assert.equal(skipped.statusCode, 400);
  assert.match(skipped.body, /cannot take that step now/);
  assert.equal((await panel.browser.get(`${BASE}/${id}/steps/review_6`)).statusCode, 400);

  const early = await step(panel.browser, id, 'screening', { happenedOn: daysAgo(401) });
  assert.equal(early.statusCode, 400);
  assert.match(early.body, /on or after the referral’s last stage/);

  assert.equal((await step(panel.browser, id, 'screening', { happenedOn: daysAgo(395) })).statusCode, 303);
  assert.equal((await step(panel.browser, id, 'assessment', { happenedOn: daysAgo(390) })).statusCode, 303);
  const panelPage = await panel.browser.get(`${BASE}/${id}/steps/panel`);
  assert.match(panelPage.body, /LLR Channel panel/);
  const discussed = await step(panel.browser, id, 'panel', {
    happenedOn: daysAgo(15),
    meetingId: String(panelMeeting.id),
  });
  assert.equal(discussed.statusCode, 303);

  const incomplete = await step(panel.browser, id, 'adopted', { happenedOn: daysAgo(14) });
  assert.equal(incomplete.statusCode, 400);
  assert.match(incomplete.body, /Describe the support plan agreed/);
  const adopted = await step(panel.browser, id, 'adopted', {
    happenedOn: daysAgo(14),
    supportPlan: 'Mentoring and a college placement',
    consentOn: daysAgo(14),
    interventionProvider: 'Intervention provider A',
  });
  assert.equal(adopted.statusCode, 303);
  assert.equal((await step(panel.browser, id, 'exit', { happenedOn: daysAgo(2) })).statusCode, 303);

  const casePage = await panel.browser.get(`${BASE}/${id}`);
  assert.match(casePage.body, /6-month review after exit is due/);
  assert.match(casePage.body, /Record the 6-month review/);
  assert.match(casePage.body, new RegExp(`/meetings/${panelMeeting.id}`));

  const [row] = await hub.database.db.select().from(referrals).where(eq(referrals.id, id));
  assert.equal(row!.stage, 'exited');
  assert.equal(row!.outcome, 'adopted');
  assert.equal(row!.panelOn, daysAgo(15));
  assert.equal(row!.exitedOn, daysAgo(2));
  const journey = await hub.database.db.select().from(referralStages).where(eq(referralStages.referralId, id));
  assert.deepEqual(
    journey.map((s) => s.stage),
    ['referred', 'screening', 'assessment', 'panel', 'adopted', 'exited'],
  );
  assert.ok(journey.every((s) => s.recordedBy === panel.user.accountId));
  assert.equal((await auditRows(hub, 'referral.stage_recorded')).length, 5);

  assert.equal((await step(panel.browser, id, 'review_6', { happenedOn: daysAgo(1) })).statusCode, 303);
  assert.equal((await step(panel.browser, id, 'review_12', { happenedOn: daysAgo(0) })).statusCode, 303);
  const done = await panel.browser.get(`${BASE}/${id}`);
  assert.match(done.body, /the case is complete/);
});

test('a case closed as not adopted records its outcome and is not reviewed', async (t) => {
  const { hub, cityId, panel } = await setUp(t);
  const id = await addReferral(panel.browser, cityId, { receivedOn: daysAgo(60) });
  await step(panel.browser, id, 'screening', { happenedOn: daysAgo(55) });
  const noOutcome = await step(panel.browser, id, 'not_adopted', { happenedOn: daysAgo(50) });
  assert.equal(noOutcome.statusCode, 400);
  assert.match(noOutcome.body, /Select signposted to other services or no further action/);
  const closed = await step(panel.browser, id, 'not_adopted', { happenedOn: daysAgo(50), outcome: 'signposted' });
  assert.equal(closed.statusCode, 303);
  const [row] = await hub.database.db.select().from(referrals).where(eq(referrals.id, id));
  assert.equal(row!.stage, 'exited');
  assert.equal(row!.outcome, 'signposted');
  assert.equal(row!.panelOn, null, 'closed before the panel');
  assert.equal((await panel.browser.get(`${BASE}/${id}/steps/review_6`)).statusCode, 400);
});

test('corrections are recorded with who and when, shown on the case, and never lost', async (t) => {
  const { hub, cityId, panel } = await setUp(t);
  const id = await addReferral(panel.browser, cityId);
  await panel.browser.get(`${BASE}/${id}/correct`);
  const response = await panel.browser.post(
    `${BASE}/${id}/correct`,
    referralForm(cityId, { concern: 'islamist', notes: 'Referred by a college tutor.' }),
  );
  assert.equal(response.statusCode, 303);
  const corrections = await hub.database.db
    .select()
    .from(referralCorrections)
    .where(eq(referralCorrections.referralId, id));
  assert.deepEqual(
    corrections.map((c) => [c.field, c.before, c.after]).sort(),
    [
      ['concern', 'extreme_right_wing', 'islamist'],
      ['notes', 'Referred by a Year 9 tutor after concerns about online content.', 'Referred by a college tutor.'],
    ].sort(),
  );
  assert.ok(corrections.every((c) => c.correctedBy === panel.user.accountId));
  const casePage = await panel.browser.get(`${BASE}/${id}`);
  assert.match(casePage.body, /id="corrections"/);
  assert.match(
    casePage.body,
    /Type of concern<\/td>\s*<td class="govuk-table__cell">Extreme right-wing<\/td>\s*<td class="govuk-table__cell">Islamist/,
  );
  assert.match(casePage.body, /Panel Member, /);

  // Saving again unchanged records nothing more.
  await panel.browser.post(
    `${BASE}/${id}/correct`,
    referralForm(cityId, { concern: 'islamist', notes: 'Referred by a college tutor.' }),
  );
  assert.equal((await hub.database.db.select().from(referralCorrections)).length, 2);

  await assert.rejects(
    hub.database.db.delete(referrals).where(eq(referrals.id, id)),
    'the database refuses to delete a register row',
  );
  await assert.rejects(hub.database.db.delete(referralCorrections));
});

test('retention: a case that exited longer ago than the period is reduced to its statistical fields, and logged', async (t) => {
  const { hub, cityId, panel } = await setUp(t);
  const db = hub.database.db;
  const admin = await signedIn(hub, 'administrator');
  await admin.browser.get(`${BASE}/access`);
  assert.equal((await admin.browser.post(`${BASE}/retention`, { retentionYears: 10 })).statusCode, 303);
  const old = await addReferral(panel.browser, cityId, { receivedOn: yearsAgo(8) });
  const recent = await addReferral(panel.browser, cityId, { receivedOn: yearsAgo(2) });
  // A correction to the notes carries the old notes: it is cleared too.
  await db
    .insert(referralCorrections)
    .values({ referralId: old, field: 'notes', before: 'old', after: 'new', correctedBy: panel.user.accountId });
  for (const [id, exitedYears] of [
    [old, 7],
    [recent, 1],
  ] as const) {
    await step(panel.browser, id, 'screening', {
      happenedOn: yearsAgo(exitedYears, -30),
      details: 'Information gathered',
    });
    await step(panel.browser, id, 'assessment', { happenedOn: yearsAgo(exitedYears, -20) });
    await step(panel.browser, id, 'panel', { happenedOn: yearsAgo(exitedYears, -10) });
    await step(panel.browser, id, 'adopted', {
      happenedOn: yearsAgo(exitedYears, -9),
      supportPlan: 'Mentoring',
      consentOn: yearsAgo(exitedYears, -9),
      interventionProvider: 'Provider B',
    });
    await step(panel.browser, id, 'exit', { happenedOn: yearsAgo(exitedYears) });
  }

  // With 10 years, both cases keep their details.
  assert.equal(await reduceExpiredCases(db), 0);
  assert.equal((await db.select().from(referrals).where(eq(referrals.id, old)))[0]!.supportPlan, 'Mentoring');
  assert.equal((await admin.browser.post(`${BASE}/retention`, { retentionYears: 0 })).statusCode, 400);
  await admin.browser.post(`${BASE}/retention`, { retentionYears: 6 });

  const list = await panel.browser.get(BASE);
  assert.equal(list.statusCode, 200);
  const [reduced] = await db.select().from(referrals).where(eq(referrals.id, old));
  assert.ok(reduced!.reducedAt);
  assert.equal(reduced!.notes, null);
  assert.equal(reduced!.supportPlan, null);
  assert.equal(reduced!.interventionProvider, null);
  assert.equal(reduced!.concern, 'extreme_right_wing', 'statistical fields kept');
  assert.equal(reduced!.outcome, 'adopted');
  assert.equal(reduced!.exitedOn, yearsAgo(7));
  const stages = await db.select().from(referralStages).where(eq(referralStages.referralId, old));
  assert.equal(stages.length, 6, 'rows stay');
  assert.ok(stages.every((s) => s.details === null));
  const [correction] = await db.select().from(referralCorrections).where(eq(referralCorrections.referralId, old));
  assert.equal(correction!.before, null);

  const [kept] = await db.select().from(referrals).where(eq(referrals.id, recent));
  assert.equal(kept!.reducedAt, null);
  assert.equal(kept!.supportPlan, 'Mentoring');

  const logged = await auditRows(hub, 'referral.reduced');
  assert.deepEqual(
    logged.map((entry) => entry.subjectId),
    [reduced!.reference],
  );
  assert.equal(await reduceExpiredCases(db), 0, 'a reduced case is not reduced again');

  const casePage = await panel.browser.get(`${BASE}/${old}`);
  assert.match(casePage.body, /reduced to its statistical fields/);
  assert.equal((await panel.browser.get(`${BASE}/${old}/correct`)).statusCode, 400);
  assert.equal((await auditRows(hub, 'referral_register.retention_changed')).length, 2);
});

test('overdue reviews: marked on the register and listed for the need-to-know only', async (t) => {
  const { hub, cityId, panel, panelId } = await setUp(t);
  const db = hub.database.db;
  const id = await addReferral(panel.browser, cityId, { receivedOn: daysAgo(400) });
  await step(panel.browser, id, 'screening', { happenedOn: daysAgo(390) });
  await step(panel.browser, id, 'assessment', { happenedOn: daysAgo(380) });
  await step(panel.browser, id, 'panel', { happenedOn: daysAgo(370) });
  await step(panel.browser, id, 'adopted', {
    happenedOn: daysAgo(360),
    supportPlan: 'Mentoring',
    consentOn: daysAgo(360),
    interventionProvider: 'Provider C',
  });
  await step(panel.browser, id, 'exit', { happenedOn: daysAgo(200) });

  const member = await serviceUser(hub, 'member', [panelId]);
  const outsider = await serviceUser(hub, 'coordinator');
  const [row] = await db.select().from(referrals).where(eq(referrals.id, id));
  const overdue = await overdueRegisterReviews(db, member);
  assert.deepEqual(
    overdue.map((o) => [o.reference, o.review]),
    [[row!.reference, '6-month review']],
  );
  assert.deepEqual(await overdueRegisterReviews(db, outsider), []);
  const logged = await auditRows(hub, 'referral_register.viewed');
  assert.ok(
    logged.some((entry) => entry.accountId === member.accountId && /overdue/.test(JSON.stringify(entry.detail))),
  );

  // The home page lists them to the need-to-know, uncached; others see nothing of the register there.
  const home = await panel.browser.get('/');
  assert.match(home.body, new RegExp(`Overdue Channel reviews[\\s\\S]*${row!.reference}</a>: 6-month review was due`));
  assert.equal(home.headers['cache-control'], 'no-store');
  const coordinator = await signedIn(hub, 'coordinator', 'Unnamed Coordinator');
  const elsewhere = await coordinator.browser.get('/');
  assert.doesNotMatch(elsewhere.body, /Overdue Channel reviews|REF-/);
  assert.notEqual(elsewhere.headers['cache-control'], 'no-store');

  const list = await panel.browser.get(BASE);
  assert.match(list.body, /govuk-tag--red">Overdue/);
  const casePage = await panel.browser.get(`${BASE}/${id}`);
  assert.match(casePage.body, /6-month review after exit was due/);

  await step(panel.browser, id, 'review_6', { happenedOn: daysAgo(1) });
  assert.deepEqual(await overdueRegisterReviews(db, member), [], 'the 12-month review is not due yet');
  await db
    .update(referrals)
    .set({ exitedOn: sql`current_date - 400` })
    .where(and(eq(referrals.id, id)));
  assert.deepEqual(
    (await overdueRegisterReviews(db, member)).map((o) => o.review),
    ['12-month review'],
  );
});

test('the list filters by stage, area and year, and pages', async (t) => {
  const { hub, cityId, panel } = await setUp(t);
  for (let i = 0; i < 52; i += 1) {
    await addReferral(panel.browser, cityId, { receivedOn: daysAgo(10 + (i % 3)), notes: '' });
  }
  await addReferral(panel.browser, cityId, { areaId: '', area: 'Rutland', receivedOn: yearsAgo(3) });
  const first = await panel.browser.get(BASE);
  assert.match(first.body, /53 referrals/);
  assert.equal((first.body.match(/href="\/referrals\/register\/\d+"/g) ?? []).length, 50);
  const second = await panel.browser.get(`${BASE}?page=2`);
  assert.equal((second.body.match(/href="\/referrals\/register\/\d+"/g) ?? []).length, 3);
  const rutland = await panel.browser.get(`${BASE}?area=Rutland`);
  assert.match(rutland.body, /1 referral,/);
  const year = Number(yearsAgo(3).slice(0, 4)) - (Number(yearsAgo(3).slice(5, 7)) < 4 ? 1 : 0);
  const byYear = await panel.browser.get(`${BASE}?year=${year}`);
  assert.match(byYear.body, /1 referral,/);
  const screening = await panel.browser.get(`${BASE}?stage=screening`);
  assert.match(screening.body, /No referrals match these filters/);
  assert.equal((await panel.browser.get(`${BASE}?stage=nonsense`)).statusCode, 400);
  void hub;
});

test('the register never appears in search results', async (t) => {
  const { hub, cityId, panel } = await setUp(t);
  const id = await addReferral(panel.browser, cityId);
  const [row] = await hub.database.db.select().from(referrals).where(eq(referrals.id, id));
  const outsider = await signedIn(hub, 'coordinator');
  for (const browser of [outsider.browser, panel.browser]) {
    const response = await browser.get(`/search?q=${encodeURIComponent(row!.reference)}`);
    assert.equal(response.statusCode, 200);
    // The page repeats the words searched for; no result names or links to the register.
    assert.match(response.body, /id="no-results"/);
    assert.doesNotMatch(response.body, /\/referrals\/register/);
  }
});

test('a Channel panel meeting lists the cases it discussed to the need-to-know only, beside attendance by organisation', async (t) => {
  const { hub, cityId, panel, panelId } = await setUp(t);
  const panelMeeting = await meeting(hub, panelId, daysAgo(5));
  const id = await addReferral(panel.browser, cityId, { receivedOn: daysAgo(40) });
  await step(panel.browser, id, 'screening', { happenedOn: daysAgo(30) });
  await step(panel.browser, id, 'assessment', { happenedOn: daysAgo(20) });
  await step(panel.browser, id, 'panel', { happenedOn: daysAgo(5), meetingId: String(panelMeeting.id) });
  const county = await organisation(hub, 'Leicestershire County Council');
  await hub.database.db.insert(attendance).values({
    meetingId: panelMeeting.id,
    personId: panel.user.personId,
    organisationId: county.id,
    status: 'present',
  });
  const [row] = await hub.database.db.select().from(referrals).where(eq(referrals.id, id));

  const shown = await panel.browser.get(`/meetings/${panelMeeting.id}`);
  assert.equal(shown.statusCode, 200);
  assert.match(shown.body, /Cases discussed/);
  assert.match(shown.body, new RegExp(`href="/referrals/register/${id}">${row!.reference}</a>: Extreme right-wing`));
  assert.match(shown.body, /Leicestershire County Council/);
  assert.equal(shown.headers['cache-control'], 'no-store');
  const logged = await auditRows(hub, 'referral.panel_cases_viewed');
  assert.deepEqual(
    logged.map((entry) => [entry.subjectId, entry.accountId]),
    [[String(panelMeeting.id), panel.user.accountId]],
  );

  const outsider = await signedIn(hub, 'coordinator');
  const hidden = await outsider.browser.get(`/meetings/${panelMeeting.id}`);
  assert.equal(hidden.statusCode, 200);
  assert.match(hidden.body, /Leicestershire County Council/, 'attendance by organisation is for everyone');
  assert.doesNotMatch(hidden.body, /Cases discussed|REF-\d{4}/);
  assert.equal((await auditRows(hub, 'referral.panel_cases_viewed')).length, 1);
});

test('retention also runs in the Hub’s daily retention job', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const recorder = await createUser(hub, 'coordinator');
  const [row] = await hub.database.db
    .insert(referrals)
    .values({
      reference: 'REF-2018-0001',
      receivedOn: yearsAgo(8),
      referringSector: 'education',
      area: 'Leicester',
      concern: 'islamist',
      ageBand: 'under_15',
      stage: 'exited',
      outcome: 'signposted',
      exitedOn: yearsAgo(7),
      notes: 'Signposted to early help',
      createdBy: recorder.accountId,
    })
    .returning();
  const due = new Date();
  due.setHours(retentionJob.atHour + 1, 0, 0, 0);
  const [run] = await runDueJobs(hub.database.db, [retentionJob], due);
  assert.equal(run?.summary?.referralCasesReduced, 1);
  const [after] = await hub.database.db.select().from(referrals).where(eq(referrals.id, row!.id));
  assert.ok(after!.reducedAt);
  assert.equal(after!.notes, null);
  assert.equal(after!.outcome, 'signposted');
});
