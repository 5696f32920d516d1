import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership, Browser } from '../../../test/helpers.ts';
import { group, meeting, member } from '../../../test/factories.ts';
import { textOf } from '../../../test/html.ts';
import { answerQuestion } from '../../reactions.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { agendaItems } from '../meetings/meetings.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { canSeeIncident, incidentSummaries, incidentsVisibleTo, latestTensionLevels, tensionAlerts } from './index.ts';
import { addDays, mondayOf, todayInLondon } from './tension.periods.ts';
import { incidents, tensionIndicators, tensionReports } from './tension.tables.ts';

const SENSITIVE = 'hub-marking--sensitive';

/** One partnership for the file: two areas, the steering group (reads reports), a named group, and people in each role. */
async function partnership(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const [city, county] = await db
    .insert(areas)
    .values([{ name: 'Leicester City' }, { name: 'Leicestershire' }])
    .returning();
  const [steering] = await db.insert(groups).values({ name: 'Prevent Steering Group', kind: 'steering' }).returning();
  const named = await group(hub, 'monthly', 'Community Reference Group');
  const coordinator = await signedIn(hub, 'coordinator');
  const reader = await signedIn(hub, 'member');
  await member(hub, steering!.id, reader.user.personId);
  const namedMember = await signedIn(hub, 'member');
  await member(hub, named.id, namedMember.user.personId);
  const outsider = await signedIn(hub, 'member');
  const viewer = await signedIn(hub, 'viewer');
  const [indicator] = await db.select().from(tensionIndicators).where(eq(tensionIndicators.name, 'Graffiti'));
  return {
    hub,
    db,
    city: city!,
    county: county!,
    steering: steering!,
    named,
    coordinator,
    reader,
    namedMember,
    outsider,
    viewer,
    indicator: indicator!,
  };
}

const incidentForm = (extra: Record<string, string | number | (string | number)[]> = {}) => ({
  title: 'Manchester Arena attack',
  summary: 'A suicide bombing at the end of a concert.',
  scope: 'national',
  occurredOn: '2017-05-22',
  sourceUrl: 'https://www.bbc.co.uk/news/uk-england-manchester-40008389',
  ...extra,
});

test('incidents: coordinators record, change and localise; the named groups read; others are refused', async (t) => {
  const p = await partnership(t);
  const { coordinator, namedMember, outsider, viewer } = p;

  await coordinator.browser.get('/tension/incidents/new');
  const bad = await coordinator.browser.post(
    '/tension/incidents',
    incidentForm({ occurredOn: 'yesterday', sourceUrl: 'bbc' }),
  );
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the date of the incident/);
  assert.match(bad.body, /Enter a link starting with https/);

  const badArea = await coordinator.browser.post('/tension/incidents', incidentForm({ areaIds: [999999] }));
  assert.equal(badArea.statusCode, 400);
  assert.match(badArea.body, /Select areas from the list/);

  await coordinator.browser.get('/tension/lists');
  assert.equal(
    (await coordinator.browser.post('/tension/communities', { name: 'Muslim communities', kind: 'faith' })).statusCode,
    303,
  );
  const same = await coordinator.browser.post('/tension/communities', { name: 'Muslim communities', kind: 'faith' });
  assert.equal(same.statusCode, 400);
  assert.match(same.body, /already on the list/);
  const [community] = await incidentCommunitiesOf(p);

  const saved = await coordinator.browser.post(
    '/tension/incidents',
    incidentForm({ areaIds: [p.city.id], communityIds: [community!.id], groupIds: [p.named.id] }),
  );
  assert.equal(saved.statusCode, 303);
  const id = Number(/incidents\/(\d+)/.exec(saved.headers.location as string)![1]);
  const page = await coordinator.browser.get(`/tension/incidents/${id}`);
  assert.match(textOf(page.body), /Leicester City.*Muslim communities \(Faith\)/);

  // Members of the named group read it; a partner outside it, or a viewer, is refused.
  assert.equal((await namedMember.browser.get(`/tension/incidents/${id}`)).statusCode, 200);
  assert.equal((await outsider.browser.get(`/tension/incidents/${id}`)).statusCode, 403);
  assert.equal((await viewer.browser.get(`/tension/incidents/${id}`)).statusCode, 403);
  assert.doesNotMatch((await outsider.browser.get('/tension/incidents')).body, /Manchester Arena/);
  assert.match((await namedMember.browser.get('/tension/incidents')).body, /Manchester Arena/);
  assert.equal((await namedMember.browser.get('/tension/incidents/new')).statusCode, 403);
  assert.equal((await namedMember.browser.post('/tension/incidents', incidentForm())).statusCode, 403);
  assert.equal(
    (await namedMember.browser.post('/tension/communities', { name: 'Students', kind: 'age' })).statusCode,
    403,
  );
  const signedOut = await new Browser(p.hub.app).get(`/tension/incidents/${id}`);
  assert.equal(signedOut.statusCode, 303);
  assert.match(signedOut.headers.location as string, /sign-in/);
  assert.equal((await coordinator.browser.get('/tension/incidents/999999')).statusCode, 404);

  // The door answers the same.
  const namedUser = { ...userOf(namedMember), groupIds: [p.named.id] };
  assert.equal(await canSeeIncident(p.db, namedUser, id), true);
  assert.equal(await canSeeIncident(p.db, userOf(outsider), id), false);
  assert.deepEqual(
    (await incidentsVisibleTo(p.db, namedUser)).map((i) => i.id),
    [id],
  );
  assert.deepEqual(await incidentsVisibleTo(p.db, userOf(outsider)), []);

  // Changed, then localised: the local record points at the national one, with its communities and groups.
  await coordinator.browser.get(`/tension/incidents/${id}/edit`);
  const changed = await coordinator.browser.post(
    `/tension/incidents/${id}`,
    incidentForm({ title: 'Manchester Arena bombing', communityIds: [community!.id], groupIds: [p.named.id] }),
  );
  assert.equal(changed.statusCode, 303);
  await coordinator.browser.get(`/tension/incidents/${id}`);
  const localised = await coordinator.browser.post(`/tension/incidents/${id}/localise`);
  assert.equal(localised.statusCode, 303);
  const localId = Number(/incidents\/(\d+)\/edit/.exec(localised.headers.location as string)![1]);
  const [local] = await incidentSummaries(p.db, [localId]);
  assert.deepEqual([local!.scope, local!.localisedFromId, local!.title], ['local', id, 'Manchester Arena bombing']);
  assert.deepEqual(
    local!.communities.map((c) => c.name),
    ['Muslim communities'],
  );
  assert.deepEqual(local!.groupIds, [p.named.id]);
  assert.match((await coordinator.browser.get(`/tension/incidents/${id}`)).body, /Local records/);
  await coordinator.browser.get(`/tension/incidents/${localId}`);
  assert.equal((await coordinator.browser.post(`/tension/incidents/${localId}/localise`)).statusCode, 400);

  // Archiving a community keeps it on the incident.
  await coordinator.browser.get('/tension/lists');
  assert.equal((await coordinator.browser.post(`/tension/communities/${community!.id}/archive`)).statusCode, 303);
  assert.match((await coordinator.browser.get('/tension/lists')).body, /Archived/);
  assert.equal((await incidentSummaries(p.db, [localId]))[0]!.communities.length, 1);
  assert.equal((await coordinator.browser.post('/tension/indicators', { indicator: 'Stickers' })).statusCode, 303);
  assert.equal((await coordinator.browser.post('/tension/indicators', {})).statusCode, 400);
});

async function incidentCommunitiesOf(p: Awaited<ReturnType<typeof partnership>>) {
  const { communities } = await import('./tension.tables.ts');
  return p.db.select().from(communities);
}

function userOf(who: { user: { accountId: number; personId: number; email: string; role: string } }) {
  return {
    accountId: who.user.accountId,
    personId: who.user.personId,
    email: who.user.email,
    name: 'Test',
    role: who.user.role as 'member',
    mustChangePassword: false,
    groupIds: [],
  };
}

const report = (areaId: number, extra: Record<string, string | number | (string | number)[]> = {}) => ({
  areaId,
  level: 3,
  summary: 'Online rumour spreading after the attack; attendance at Friday prayers down.',
  ...extra,
});

test('tension reports: partners report, readers see the grid and timeline, authors change and withdraw', async (t) => {
  const p = await partnership(t);
  const { coordinator, reader, outsider, viewer } = p;
  const today = todayInLondon();

  // A partner outside every group reports from the form.
  const form = await outsider.browser.get('/tension/reports/new');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Community relations as usual/, 'each level has its meaning beside it');
  assert.equal(form.headers['cache-control'], 'no-store');
  const bad = await outsider.browser.post('/tension/reports', report(p.city.id, { level: 7, summary: '' }));
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Select the tension level/);
  assert.match(bad.body, /Write a short summary/);
  const badIndicator = await outsider.browser.post(
    '/tension/reports',
    report(p.city.id, { indicators: ['999:evidenced'] }),
  );
  assert.equal(badIndicator.statusCode, 400);

  // A summary that looks as if it names someone warns, and is sent once the author confirms.
  const named = report(p.city.id, { summary: 'Mr Jones shouted at worshippers outside the mosque' });
  const warned = await outsider.browser.post('/tension/reports', named);
  assert.equal(warned.statusCode, 400);
  assert.match(warned.body, /It looks as if it holds a name/);
  assert.match(warned.body, /name="confirmNoNames"/);
  const sent = await outsider.browser.post('/tension/reports', {
    ...named,
    summary: 'A man shouted at worshippers outside the mosque',
    indicators: [`${p.indicator.id}:evidenced`, ''],
  });
  assert.equal(sent.statusCode, 303);
  const [row] = await p.db.select().from(tensionReports);
  assert.deepEqual(
    [row!.period, row!.periodStart, row!.periodEnd],
    ['weekly', mondayOf(today), addDays(mondayOf(today), 6)],
  );
  const again = await outsider.browser.post('/tension/reports', report(p.city.id));
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /already reported on this area/);

  // A confirmed warning goes through too.
  await reader.browser.get('/tension/reports/new');
  const confirmed = await reader.browser.post('/tension/reports', { ...named, level: 4, confirmNoNames: 'yes' });
  assert.equal(confirmed.statusCode, 303);

  // Viewers read only; signed out, the sign-in page.
  assert.equal((await viewer.browser.get('/tension/reports/new')).statusCode, 403);
  assert.equal((await viewer.browser.post('/tension/reports', report(p.city.id))).statusCode, 403);
  assert.equal((await new Browser(p.hub.app).get('/tension')).statusCode, 303);

  // Readers (the steering group by default, and coordinators) see the grid, marked, audited once per view.
  const before = await p.db.select().from(auditLog).where(eq(auditLog.action, 'tension_reports.viewed'));
  const grid = await reader.browser.get('/tension');
  assert.equal(grid.statusCode, 200);
  assert.match(grid.body, new RegExp(SENSITIVE));
  assert.equal(grid.headers['cache-control'], 'no-store');
  assert.match(textOf(grid.body), /Leicester City 4 High/);
  assert.match(textOf(grid.body), /Leicestershire No reports yet/);
  const after = await p.db.select().from(auditLog).where(eq(auditLog.action, 'tension_reports.viewed'));
  assert.equal(after.length, before.length + 1);
  const timeline = await coordinator.browser.get(`/tension/areas/${p.city.id}`);
  assert.equal(timeline.statusCode, 200);
  assert.match(timeline.body, /<svg/);
  assert.match(textOf(timeline.body), /Graffiti: evidenced/);

  // Outside the reading groups: a page that says so, and the area page refused.
  const notReader = await outsider.browser.get('/tension');
  assert.equal(notReader.statusCode, 200);
  assert.doesNotMatch(notReader.body, new RegExp(SENSITIVE));
  assert.equal((await outsider.browser.get(`/tension/areas/${p.city.id}`)).statusCode, 403);
  assert.deepEqual(await latestTensionLevels(p.db, userOf(outsider), [p.city.id]), []);
  assert.equal(
    (await latestTensionLevels(p.db, { ...userOf(reader), groupIds: [p.steering.id] }, [p.city.id]))[0]!.level,
    4,
  );

  // Another author cannot change the report; its author can, then withdraws it (kept, marked).
  assert.equal((await reader.browser.get(`/tension/reports/${row!.id}/edit`)).statusCode, 403);
  assert.equal((await reader.browser.post(`/tension/reports/${row!.id}`, report(p.city.id))).statusCode, 403);
  await outsider.browser.get(`/tension/reports/${row!.id}/edit`);
  assert.equal(
    (await outsider.browser.post(`/tension/reports/${row!.id}`, report(p.city.id, { level: 2 }))).statusCode,
    303,
  );
  assert.equal((await outsider.browser.post(`/tension/reports/${row!.id}/withdraw`)).statusCode, 303);
  const [withdrawn] = await p.db.select().from(tensionReports).where(eq(tensionReports.id, row!.id));
  assert.ok(withdrawn!.withdrawnAt);
  assert.equal(withdrawn!.level, 2);
  assert.match((await coordinator.browser.get(`/tension/areas/${p.city.id}`)).body, /Withdrawn/);
  assert.equal((await outsider.browser.post(`/tension/reports/${row!.id}`, report(p.city.id))).statusCode, 400);

  // After its period closes, a report can no longer be changed.
  const [old] = await p.db
    .insert(tensionReports)
    .values({
      areaId: p.county.id,
      period: 'weekly',
      periodStart: '2017-05-22',
      periodEnd: '2017-05-28',
      level: 2,
      summary: 'Quiet',
      authorId: outsider.user.accountId,
    })
    .returning();
  assert.equal((await outsider.browser.get(`/tension/reports/${old!.id}/edit`)).statusCode, 400);
  const closed = await outsider.browser.post(`/tension/reports/${old!.id}`, report(p.county.id));
  assert.equal(closed.statusCode, 400);
  assert.match(closed.body, /period has closed/);

  // A level 4 alerts coordinators (only) at once.
  assert.equal((await tensionAlerts(p.db, { ...userOf(reader), groupIds: [p.steering.id] })).length, 0);
  const coordinatorAlerts = await tensionAlerts(p.db, { ...userOf(coordinator), role: 'coordinator' });
  assert.deepEqual(
    coordinatorAlerts.map((a) => [a.areaName, a.level]),
    [['Leicester City', 4]],
  );
});

test('daily periods while a 14-day plan is in force; settings choose the reading groups; an area goes on an agenda', async (t) => {
  const p = await partnership(t);
  const { coordinator, reader, namedMember } = p;
  const today = todayInLondon();
  answerQuestion('responsePlans.areasInForce', async (_db, on) => (on === today ? [p.county.id] : []));
  await namedMember.browser.get('/tension/reports/new');
  assert.equal((await namedMember.browser.post('/tension/reports', report(p.county.id))).statusCode, 303);
  const [daily] = await p.db.select().from(tensionReports).where(eq(tensionReports.areaId, p.county.id));
  assert.deepEqual([daily!.period, daily!.periodStart, daily!.periodEnd], ['daily', today, today]);

  // The named group does not read reports until chosen; choosing it replaces the default.
  assert.equal((await namedMember.browser.get(`/tension/areas/${p.county.id}`)).statusCode, 403);
  const settings = await coordinator.browser.get('/tension/settings');
  assert.match(settings.body, /value="\d+" checked/);
  assert.equal((await reader.browser.get('/tension/settings')).statusCode, 403);
  assert.equal((await coordinator.browser.post('/tension/settings', { groupIds: [999999] })).statusCode, 400);
  assert.equal((await coordinator.browser.post('/tension/settings', { groupIds: [p.named.id] })).statusCode, 303);
  assert.equal((await namedMember.browser.get(`/tension/areas/${p.county.id}`)).statusCode, 200);
  assert.equal((await reader.browser.get(`/tension/areas/${p.county.id}`)).statusCode, 403);

  // On a group's next agenda, titled with the area only.
  await coordinator.browser.get(`/tension/areas/${p.county.id}`);
  const none = await coordinator.browser.post(`/tension/areas/${p.county.id}/agenda`, { groupId: p.named.id });
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /no meeting scheduled/);
  assert.equal((await coordinator.browser.post(`/tension/areas/${p.county.id}/agenda`, {})).statusCode, 400);
  const next = await meeting(p.hub, p.named.id, addDays(today, 10));
  const put = await coordinator.browser.post(`/tension/areas/${p.county.id}/agenda`, { groupId: p.named.id });
  assert.equal(put.statusCode, 303);
  const items = await p.db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.meetingId, next.id)));
  assert.deepEqual(
    items.map((i) => i.title),
    ['Community tension: Leicestershire'],
  );
  assert.match(items[0]!.minute!, new RegExp(`/tension/areas/${p.county.id}`));
  assert.equal(
    (await namedMember.browser.post(`/tension/areas/${p.county.id}/agenda`, { groupId: p.named.id })).statusCode,
    403,
  );
  assert.equal((await p.db.select().from(incidents)).length, 0, 'reports need no incident');
});
