import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { people } from '../organisations/organisations.tables.ts';
import { defaultPeriod } from './attendance.service.ts';
import { londonDate } from './meetings.dates.ts';
import { group, meeting, member, organisation, person } from '../../../test/factories.ts';
import { rowText } from '../../../test/html.ts';
import { attendance } from './meetings.tables.ts';

// One hub for the file (building one takes seconds); each test makes its own groups and people.
const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;

/** A Channel panel with a city, a county and a police member. */
async function channelPanel(suffix: string) {
  const city = await organisation(hub, `Leicester City Council ${suffix}`);
  const county = await organisation(hub, `Leicestershire County Council ${suffix}`);
  const police = await organisation(hub, `Leicestershire Police ${suffix}`, 'police');
  const panel = await group(hub, 'monthly');
  const amy = await person(hub, `Amy City ${suffix}`, city.id);
  const colin = await person(hub, `Colin County ${suffix}`, county.id);
  const pat = await person(hub, `Pat Police ${suffix}`, police.id);
  for (const p of [amy, colin, pat]) await member(hub, panel.id, p.id, p.organisationId);
  return { city, county, police, panel, amy, colin, pat };
}

test('attendance: one choice per member, someone else added, re-submitting updates rather than duplicates', async () => {
  const { panel, amy, colin, pat, county, police } = await channelPanel('A');
  const deputy = await person(hub, 'Dee Deputy A', police.id);
  const m = await meeting(hub, panel.id, '2031-03-05');
  const { browser } = await signedIn(hub, 'coordinator');

  const form = await browser.get(`/meetings/${m.id}/attendance`);
  assert.equal(form.statusCode, 200);
  for (const p of [amy, colin, pat]) assert.match(form.body, new RegExp(`name="person-${p.id}"`));
  assert.match(form.body, /Colin County A, Leicestershire County Council A/);
  assert.match(form.body, /Dee Deputy A \(Leicestershire Police A\)/, 'others are offered from everyone');

  const first = await browser.post(`/meetings/${m.id}/attendance`, {
    [`person-${amy.id}`]: 'present',
    [`person-${colin.id}`]: 'present',
    [`person-${pat.id}`]: 'apologies',
    otherPersonId: deputy.id,
    otherStatus: 'present',
  });
  assert.equal(first.statusCode, 303);
  assert.equal(first.headers.location, `/meetings/${m.id}#attendance`);

  const again = await browser.get(`/meetings/${m.id}/attendance`);
  assert.match(again.body, new RegExp(`name="person-${colin.id}" type="radio" value="present" checked`));
  assert.match(again.body, /Dee Deputy A, Leicestershire Police A \(not a member\)/);
  await browser.post(`/meetings/${m.id}/attendance`, {
    [`person-${amy.id}`]: 'present',
    [`person-${colin.id}`]: 'absent',
    [`person-${pat.id}`]: 'apologies',
    [`person-${deputy.id}`]: 'present',
  });
  await browser.post(`/meetings/${m.id}/attendance`, { [`person-${colin.id}`]: 'absent' });
  const rows = await db.select().from(attendance).where(eq(attendance.meetingId, m.id));
  assert.equal(rows.length, 4, 'one row per person however often it is saved');
  assert.equal(rows.find((r) => r.personId === colin.id)!.status, 'absent');
  assert.equal(rows.find((r) => r.personId === colin.id)!.organisationId, county.id);
  assert.equal(rows.find((r) => r.personId === deputy.id)!.organisationId, police.id);

  const page = await browser.get(`/meetings/${m.id}`);
  assert.match(
    rowText(page.body, 'Leicestershire Police A') ?? '',
    /Leicestershire Police A Dee Deputy A Pat Police A None/,
  );
  assert.match(rowText(page.body, 'Leicestershire County Council A') ?? '', /None None Colin County A/);
});

test('attendance refuses a made-up status or person with GOV.UK messages', async () => {
  const { panel, amy } = await channelPanel('B');
  const m = await meeting(hub, panel.id, '2031-03-05');
  const { browser } = await signedIn(hub, 'coordinator');
  await browser.get(`/meetings/${m.id}/attendance`);
  const bad = await browser.post(`/meetings/${m.id}/attendance`, {
    [`person-${amy.id}`]: 'asleep',
    otherStatus: 'maybe',
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, new RegExp(`Select present, apologies or absent for Amy City B`));
  assert.match(bad.body, new RegExp(`href="#person-${amy.id}"`));
  const nobody = await browser.post(`/meetings/${m.id}/attendance`, { otherPersonId: 999999 });
  assert.equal(nobody.statusCode, 400);
  assert.match(nobody.body, /Select a person from the list/);
  assert.equal((await db.select().from(attendance).where(eq(attendance.meetingId, m.id))).length, 0);
});

test('attendance by organisation: share of held meetings represented, in the period, and per person', async () => {
  const { panel, amy, colin, pat, county } = await channelPanel('C');
  const countyDeputy = await person(hub, 'Cath County C', county.id);
  const held = [];
  for (const date of ['2025-01-15', '2025-04-15', '2025-07-15', '2025-10-15'])
    held.push(await meeting(hub, panel.id, date, { status: 'held' }));
  const notHeld = await meeting(hub, panel.id, '2025-05-15', { status: 'cancelled' });
  const outside = await meeting(hub, panel.id, '2024-12-15', { status: 'held' });
  const mark = (
    meetingId: number,
    personId: number,
    organisationId: number | null,
    status: 'present' | 'apologies' | 'absent',
  ) => db.insert(attendance).values({ meetingId, personId, organisationId, status });
  for (const m of held) await mark(m.id, amy.id, amy.organisationId, 'present');
  // The county is represented at three of four: twice by Colin, once by his deputy.
  await mark(held[0]!.id, colin.id, county.id, 'present');
  await mark(held[1]!.id, colin.id, county.id, 'present');
  await mark(held[2]!.id, colin.id, county.id, 'apologies');
  await mark(held[2]!.id, countyDeputy.id, county.id, 'present');
  await mark(held[3]!.id, colin.id, county.id, 'absent');
  for (const m of held) await mark(m.id, pat.id, pat.organisationId, 'apologies');
  await mark(notHeld.id, pat.id, pat.organisationId, 'present');
  await mark(outside.id, pat.id, pat.organisationId, 'present');
  // Colin later moves to the city: his past attendance still counts for the county.
  await db.update(people).set({ organisationId: amy.organisationId }).where(eq(people.id, colin.id));

  const { browser } = await signedIn(hub, 'viewer');
  const page = await browser.get(`/groups/${panel.id}/attendance?from=2025-01-01&to=2025-12-31`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /4 meetings held from 1 January 2025 to 31 December 2025/);
  assert.match(page.body, /<caption class="govuk-table__caption govuk-table__caption--m">Organisations represented/);
  assert.equal(rowText(page.body, 'Leicestershire County Council C'), 'Leicestershire County Council C 3 of 4 75%');
  assert.equal(rowText(page.body, 'Leicester City Council C'), 'Leicester City Council C 4 of 4 100%');
  assert.equal(rowText(page.body, 'Leicestershire Police C'), 'Leicestershire Police C 0 of 4 0%');
  assert.equal(rowText(page.body, 'Colin County C'), 'Colin County C Leicestershire County Council C 2 of 4 1 50%');
  assert.equal(rowText(page.body, 'Cath County C'), 'Cath County C Leicestershire County Council C 1 of 4 0 25%');

  const narrower = await browser.get(`/groups/${panel.id}/attendance?from=2025-07-01&to=2025-07-31`);
  assert.equal(
    rowText(narrower.body, 'Leicestershire County Council C'),
    'Leicestershire County Council C 1 of 1 100%',
  );

  const none = await browser.get(`/groups/${panel.id}/attendance?from=2020-01-01&to=2020-12-31`);
  assert.match(none.body, /No meetings of .* were held from 1 January 2020 to 31 December 2020/);

  const backwards = await browser.get(`/groups/${panel.id}/attendance?from=2025-12-31&to=2025-01-01`);
  assert.equal(backwards.statusCode, 400);
  assert.match(backwards.body, /The start of the period must be on or before its end/);
  const unreadable = await browser.get(`/groups/${panel.id}/attendance?from=2025-02-30`);
  assert.equal(unreadable.statusCode, 400);
  assert.match(unreadable.body, /Enter the start of the period as a real date/);
  assert.equal((await browser.get(`/groups/999999/attendance`)).statusCode, 404);
});

test('the attendance view defaults to the last 12 months', async () => {
  const { panel, amy } = await channelPanel('D');
  const recent = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  const m = await meeting(hub, panel.id, londonDate(recent), { status: 'held' });
  await db
    .insert(attendance)
    .values({ meetingId: m.id, personId: amy.id, organisationId: amy.organisationId, status: 'present' });
  await meeting(hub, panel.id, londonDate(new Date(Date.now() - 400 * 24 * 3600 * 1000)), { status: 'held' });
  const { browser } = await signedIn(hub, 'member');
  const page = await browser.get(`/groups/${panel.id}/attendance?from=&to=`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /1 meeting held from/);
  assert.equal(rowText(page.body, 'Leicester City Council D'), 'Leicester City Council D 1 of 1 100%');
  const { from, to } = defaultPeriod();
  assert.match(page.body, new RegExp(`name="from" type="date" value="${from}"`));
  assert.match(page.body, new RegExp(`name="to" type="date" value="${to}"`));
  assert.equal(defaultPeriod('2026-03-10').from, '2025-03-11');
});
