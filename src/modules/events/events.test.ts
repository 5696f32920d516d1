import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { Browser, buildTestHub, createUser, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { delegates, eventAudiences, eventItems, eventModerators, events, eventSpeakers } from './events.tables.ts';
import { textOf } from '../../../test/html.ts';

const EVENT = {
  title: 'Working better together',
  kind: 'conference',
  heldOn: '2026-06-30',
  venue: 'Civic centre',
  premoderation: 'yes',
  audiences: ['councillors', 'faith_communities'],
  attendance: 85,
  filterWords: 'bomb, hate\nkill',
};

async function createEvent(browser: Browser, form: Record<string, unknown> = {}) {
  await browser.get('/events/new');
  const response = await browser.post('/events/new', { ...EVENT, ...form });
  assert.equal(response.statusCode, 303, response.body.slice(0, 500));
  const eventId = Number(/^\/events\/(\d+)/.exec(String(response.headers.location))![1]);
  return eventId;
}

const eventRow = async (hub: TestHub, id: number) =>
  (await hub.database.db.select().from(events).where(eq(events.id, id)))[0]!;

test('a coordinator creates, opens and closes an event; the summary shows code, link and QR code', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator');

  const empty = await browser.get('/events');
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /No events yet/);

  const eventId = await createEvent(browser);
  const row = await eventRow(hub, eventId);
  assert.equal(row.status, 'draft');
  assert.equal(row.createdBy, user.accountId);
  assert.equal(row.premoderation, true);
  assert.equal(row.attendance, 85);
  assert.deepEqual(row.filterWords, ['bomb', 'hate', 'kill']);
  assert.match(row.joinCode, /^[A-Z2-9]{6}$/);
  const audiences = await hub.database.db.select().from(eventAudiences).where(eq(eventAudiences.eventId, eventId));
  assert.deepEqual(audiences.map((a) => a.audience).sort(), ['councillors', 'faith_communities']);

  const summary = await browser.get(`/events/${eventId}`);
  assert.equal(summary.statusCode, 200);
  assert.ok(summary.body.includes(row.joinCode));
  assert.ok(summary.body.includes(`/e/${row.joinCode}`));
  assert.match(summary.body, /<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(summary.body.includes(`/events/${eventId}/moderate`));
  assert.ok(summary.body.includes(`/events/${eventId}/present`));
  assert.match(summary.body, /Faith communities/);
  assert.match(summary.body, /Open the event/);

  const list = await browser.get('/events');
  assert.ok(list.body.includes(EVENT.title));

  assert.equal((await browser.post(`/events/${eventId}/open`)).statusCode, 303);
  assert.equal((await eventRow(hub, eventId)).status, 'open');
  assert.ok((await eventRow(hub, eventId)).openedAt);

  assert.equal((await browser.post(`/events/${eventId}/submissions`, { open: 'no' })).statusCode, 303);
  assert.equal((await eventRow(hub, eventId)).submissionsOpen, false);
  assert.equal((await browser.post(`/events/${eventId}/submissions`, { open: 'yes' })).statusCode, 303);
  assert.equal((await eventRow(hub, eventId)).submissionsOpen, true);

  await browser.get(`/events/${eventId}`);
  assert.equal((await browser.post(`/events/${eventId}/close`)).statusCode, 303);
  const closed = await eventRow(hub, eventId);
  assert.equal(closed.status, 'closed');
  assert.ok(closed.closedAt);

  // Closed is final, but stays readable to partnership users.
  const reopen = await browser.post(`/events/${eventId}/open`);
  assert.equal(reopen.statusCode, 400);
  assert.match(reopen.body, /cannot be opened again/);
  assert.equal((await eventRow(hub, eventId)).status, 'closed');
  const page = await browser.get(`/events/${eventId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /This event closed on/);
  const viewer = await signedIn(hub, 'viewer');
  assert.equal((await viewer.browser.get(`/e/${row.joinCode}`)).statusCode, 200);
});

test('the event form says what is wrong, and edits save', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  await browser.get('/events/new');
  const bad = await browser.post('/events/new', {
    title: '',
    kind: 'party',
    heldOn: '31/02/2026',
    premoderation: 'yes',
    attendance: 'lots',
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the name of the event/);
  assert.match(bad.body, /Select the kind of event/);
  assert.match(bad.body, /Enter the date of the event/);
  assert.match(bad.body, /Enter the number of people who attended/);
  assert.equal((await hub.database.db.select().from(events)).length, 0);

  const eventId = await createEvent(browser);
  const edit = await browser.get(`/events/${eventId}/edit`);
  assert.equal(edit.statusCode, 200);
  assert.ok(edit.body.includes(EVENT.title));
  const saved = await browser.post(`/events/${eventId}/edit`, {
    ...EVENT,
    title: 'Community forum',
    kind: 'community_forum',
    premoderation: 'no',
    audiences: ['young_people'],
    filterWords: '',
  });
  assert.equal(saved.statusCode, 303);
  const row = await eventRow(hub, eventId);
  assert.equal(row.title, 'Community forum');
  assert.equal(row.premoderation, false);
  assert.deepEqual(row.filterWords, []);
  const audiences = await hub.database.db.select().from(eventAudiences).where(eq(eventAudiences.eventId, eventId));
  assert.deepEqual(
    audiences.map((a) => a.audience),
    ['young_people'],
  );
  assert.equal((await browser.get('/events/999/edit')).statusCode, 404);
  assert.equal((await browser.get('/events/999')).statusCode, 404);
});

test('speakers and helper moderators are added and removed', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const helper = await createUser(hub, 'viewer', 'Helpful Helen');
  const eventId = await createEvent(browser);

  await browser.get(`/events/${eventId}`);
  assert.equal(
    (await browser.post(`/events/${eventId}/speakers`, { name: 'Asim Hafeez', role: 'OSCT' })).statusCode,
    303,
  );
  const missing = await browser.post(`/events/${eventId}/speakers`, { name: '' });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Enter the speaker’s name/);
  const [speaker] = await hub.database.db.select().from(eventSpeakers).where(eq(eventSpeakers.eventId, eventId));
  assert.equal(speaker!.name, 'Asim Hafeez');
  assert.match((await browser.get(`/events/${eventId}`)).body, /Asim Hafeez/);

  const page = await browser.get(`/events/${eventId}`);
  assert.match(page.body, /Helpful Helen/);
  assert.equal((await browser.post(`/events/${eventId}/moderators`, { accountId: helper.accountId })).statusCode, 303);
  assert.equal(
    (await browser.post(`/events/${eventId}/moderators`, { accountId: helper.accountId })).statusCode,
    303,
    'adding twice is harmless',
  );
  assert.equal((await browser.post(`/events/${eventId}/moderators`, { accountId: 9999 })).statusCode, 400);
  let named = await hub.database.db.select().from(eventModerators).where(eq(eventModerators.eventId, eventId));
  assert.deepEqual(
    named.map((m) => m.accountId),
    [helper.accountId],
  );

  assert.equal((await browser.post(`/events/${eventId}/moderators/${helper.accountId}/remove`)).statusCode, 303);
  named = await hub.database.db.select().from(eventModerators).where(eq(eventModerators.eventId, eventId));
  assert.equal(named.length, 0);
  assert.equal((await browser.post(`/events/${eventId}/speakers/${speaker!.id}/remove`)).statusCode, 303);
  assert.equal(
    (await hub.database.db.select().from(eventSpeakers).where(eq(eventSpeakers.eventId, eventId))).length,
    0,
  );
});

test('viewers cannot create or run events; signed-out people are sent to sign in', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const eventId = await createEvent(coordinator);

  const { browser } = await signedIn(hub, 'viewer');
  for (const url of ['/events', '/events/new', `/events/${eventId}`, `/events/${eventId}/edit`]) {
    assert.equal((await browser.get(url)).statusCode, 403, url);
  }
  assert.equal((await browser.post('/events/new', EVENT as never)).statusCode, 403);
  assert.equal((await browser.post(`/events/${eventId}/open`)).statusCode, 403);
  assert.equal((await eventRow(hub, eventId)).status, 'draft');
  assert.equal((await hub.database.db.select().from(events)).length, 1);

  const stranger = new Browser(hub.app);
  const signedOut = await stranger.get('/events');
  assert.equal(signedOut.statusCode, 303);
  assert.match(String(signedOut.headers.location), /^\/sign-in/);
  assert.equal((await stranger.get(`/events/${eventId}`)).statusCode, 303);
  await stranger.get('/sign-in');
  assert.equal((await stranger.post(`/events/${eventId}/open`)).statusCode, 401);
});

test('the events list counts each event’s items; the record uses the pages’ words and gives each row its date and time', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const db = hub.database.db;
  const ids = [
    await createEvent(browser, { title: 'Three items', heldOn: '2026-06-03' }),
    await createEvent(browser, {
      title: 'Sixteen items',
      heldOn: '2026-06-02',
      kind: 'qa_panel',
      audiences: ['non_school_youth_settings', 'public'],
    }),
    await createEvent(browser, { title: 'No items', heldOn: '2026-06-01' }),
  ];
  const [d3, d16] = await db
    .insert(delegates)
    .values([
      { eventId: ids[0]!, tokenHash: 'three' },
      { eventId: ids[1]!, tokenHash: 'sixteen' },
    ])
    .returning();
  const items = (eventId: number, delegateId: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      eventId,
      delegateId,
      body: `Question ${i + 1}`,
      originalBody: `Question ${i + 1}`,
      createdAt: new Date('2026-06-02T13:05:42Z'),
    }));
  await db.insert(eventItems).values([...items(ids[0]!, d3!.id, 3), ...items(ids[1]!, d16!.id, 16)]);

  const list = await browser.get('/events');
  const counts = [
    ...list.body.matchAll(
      /<tr class="govuk-table__row">[\s\S]*?href="\/events\/(\d+)"[\s\S]*?govuk-table__cell--numeric">(\d+)<\/td>/g,
    ),
  ].map((m) => [Number(m[1]), Number(m[2])]);
  assert.deepEqual(counts, [
    [ids[0], 3],
    [ids[1], 16],
    [ids[2], 0],
  ]);

  const text = textOf((await browser.get(`/events/${ids[1]}/record`)).body);
  assert.match(text, /Kind Question and answer panel/);
  assert.match(text, /Youth settings outside school/);
  assert.doesNotMatch(text, /Qa panel|Non school youth settings/);
  // 13:05 UTC in June is 2:05pm in London: a date and a time on every row.
  assert.match(text, /2 June 2026, 2:05pm Question: Question 1 Waiting for moderation/);
  const page = textOf((await browser.get(`/events/${ids[1]}`)).body);
  assert.match(page, /Question and answer panel/);
  assert.match(page, /Youth settings outside school/);
});
