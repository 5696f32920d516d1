import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import ical, { type VEvent } from 'node-ical';
import { Browser, buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { accounts } from '../accounts/accounts.tables.ts';
import { group, meeting, member } from '../../../test/factories.ts';
import { agendaItems } from './meetings.tables.ts';

const hub = await buildTestHub({ after });

/** A property's text: node-ical gives a string, or an object holding it with its parameters. */
const text = (value: string | { val: string } | undefined) => (typeof value === 'string' ? value : value?.val);
await withPartnership(hub);
const db = hub.database.db;

function events(body: string): VEvent[] {
  return Object.values(ical.sync.parseICS(body)).filter((c): c is VEvent => c?.type === 'VEVENT');
}

/** A member of a Channel panel and a Steering group, with meetings in each and one elsewhere. */
async function calendarWorld(suffix: string) {
  const panel = await group(hub, 'monthly', `Channel panel ${suffix}`);
  const steering = await group(hub, 'quarterly', `Prevent Steering Group ${suffix}`);
  const elsewhere = await group(hub, 'quarterly', `Community Reference Group ${suffix}`);
  const { browser, user } = await signedIn(hub, 'member');
  await member(hub, panel.id, user.personId);
  await member(hub, steering.id, user.personId);
  const summer = await meeting(hub, panel.id, '2031-07-09', {
    start: '14:00',
    end: '15:30',
    location: 'County Hall, Glenfield',
  });
  const cancelled = await meeting(hub, panel.id, '2031-08-13', { status: 'cancelled' });
  const steeringMeeting = await meeting(hub, steering.id, '2031-12-02', { start: '09:30', end: '11:00' });
  await meeting(hub, elsewhere.id, '2031-07-10');
  await db.insert(agendaItems).values({
    meetingId: summer.id,
    position: 1,
    title: 'Case review: OFFICIAL-SENSITIVE',
    minute: 'Confidential minute',
  });
  return { panel, steering, browser, user, summer, cancelled, steeringMeeting };
}

test('a group’s meetings as iCalendar: stable ids, London times as instants, cancellations, no agenda', async () => {
  const { panel, browser, summer, cancelled } = await calendarWorld('A');
  const response = await browser.get(`/groups/${panel.id}/meetings.ics`);
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/calendar/);
  const list = events(response.body);
  assert.equal(list.length, 2);
  const event = list.find((e) => e.uid === `meeting-${summer.id}@prevent-partnership-hub`)!;
  assert.ok(event, 'the uid names the meeting');
  assert.equal(text(event.summary), 'Channel panel A meeting');
  assert.equal(text(event.location), 'County Hall, Glenfield');
  assert.equal(new Date(event.start).toISOString(), '2031-07-09T13:00:00.000Z');
  assert.equal(new Date(event.end!).toISOString(), '2031-07-09T14:30:00.000Z');
  assert.equal(list.find((e) => e.uid === `meeting-${cancelled.id}@prevent-partnership-hub`)!.status, 'CANCELLED');
  assert.doesNotMatch(response.body, /Case review|Confidential minute/, 'agendas and minutes stay in the Hub');

  const again = events((await browser.get(`/groups/${panel.id}/meetings.ics`)).body);
  assert.deepEqual(again.map((e) => e.uid).sort(), list.map((e) => e.uid).sort(), 'the same ids every time');
  assert.equal((await browser.get('/groups/999999/meetings.ics')).statusCode, 404);
  assert.equal((await new Browser(hub.app).get(`/groups/${panel.id}/meetings.ics`)).statusCode, 303, 'signed in only');
});

test('a person’s meetings as iCalendar: the groups they are in', async () => {
  const { browser, user, summer, cancelled, steeringMeeting } = await calendarWorld('B');
  const response = await browser.get(`/people/${user.personId}/meetings.ics`);
  assert.equal(response.statusCode, 200);
  const uids = events(response.body)
    .map((e) => e.uid)
    .sort();
  assert.deepEqual(
    uids,
    [summer.id, cancelled.id, steeringMeeting.id].map((id) => `meeting-${id}@prevent-partnership-hub`).sort(),
  );
  assert.equal((await browser.get('/people/999999/meetings.ics')).statusCode, 404);
});

test('the subscription feed works signed out with its token; a wrong, renewed or disabled token is 404', async () => {
  const { browser, user, summer } = await calendarWorld('C');
  const before = await browser.get('/account/calendar');
  assert.equal(before.statusCode, 200);
  assert.match(before.body, /You have no calendar link yet/);
  assert.equal((await browser.post(`/people/${user.personId}/calendar-token`)).statusCode, 303);

  const page = await browser.get('/account/calendar');
  assert.equal(page.headers['cache-control'], 'no-store');
  const url = /id="calendar-link">([^<]+)</.exec(page.body)?.[1];
  assert.ok(url, 'the subscription URL is shown');
  const path = new URL(url).pathname;
  assert.match(path, /^\/calendar-feeds\/[A-Za-z0-9_-]{40,}$/);

  const app = new Browser(hub.app);
  const feed = await app.get(path);
  assert.equal(feed.statusCode, 200);
  assert.ok(events(feed.body).some((e) => e.uid === `meeting-${summer.id}@prevent-partnership-hub`));
  assert.equal((await app.get('/calendar-feeds/not-a-real-token-but-long-enough')).statusCode, 404);
  assert.equal((await app.get('/calendar-feeds/x')).statusCode, 404);

  await browser.post(`/people/${user.personId}/calendar-token`);
  assert.equal((await app.get(path)).statusCode, 404, 'renewing retires the old link');
  const renewed = new URL(/id="calendar-link">([^<]+)</.exec((await browser.get('/account/calendar')).body)![1]!)
    .pathname;
  assert.equal((await app.get(renewed)).statusCode, 200);
  await db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, user.accountId));
  assert.equal((await app.get(renewed)).statusCode, 404, 'a disabled account’s feed stops');
});

test('a calendar link is made only for oneself', async () => {
  const { browser: admin } = await signedIn(hub, 'administrator');
  const { user: other } = await signedIn(hub, 'member');
  await admin.get('/account/calendar');
  assert.equal((await admin.post(`/people/${other.personId}/calendar-token`)).statusCode, 403);
  const signedOut = new Browser(hub.app);
  assert.equal((await signedOut.get('/account/calendar')).statusCode, 303);
  assert.equal((await signedOut.post(`/people/${other.personId}/calendar-token`)).statusCode, 401);
});
