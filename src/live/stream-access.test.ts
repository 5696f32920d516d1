import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership, type TestHub } from '../../test/helpers.ts';
import { events } from '../modules/events/events.tables.ts';
import { eventUpdates } from './live.tables.ts';
import { sessions } from '../modules/accounts/accounts.tables.ts';
import { event, eventItem } from '../../test/factories.ts';
import { publishEventChange } from './live.ts';
import { SESSION_CHECK_MS } from './fanout.ts';
import { readSse, updatesOf as updates, type SseStream } from '../../test/sse.ts';

/*
 * Who may read a live stream, and for how long: over a real listening socket, as browsers do.
 */

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function eventWithShownItem(hub: TestHub, createdBy: number, body: string) {
  const shownEvent = await event(hub, createdBy, {
    title: 'Community forum',
    kind: 'community_forum',
    heldOn: '2026-09-01',
    premoderation: false,
  });
  return { event: shownEvent, item: await eventItem(hub, shownEvent.id, body, { state: 'shown' }) };
}

test('after an event closes, its stream replays nothing to signed-out visitors (only the closed notice), as its page shows nothing', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const coordinator = await signedIn(hub, 'coordinator');
  const words = 'Words the room saw while the event was open';
  const { event, item } = await eventWithShownItem(hub, coordinator.user.accountId, words);
  publishEventChange(hub.database.db, event.id, { type: 'item', itemId: item.id, action: 'new' });
  const logged = async () =>
    (await hub.database.db.select().from(eventUpdates).where(eq(eventUpdates.eventId, event.id))).length > 0;
  await until(logged, 'the update to be logged');
  await hub.database.db.update(events).set({ status: 'closed', closedAt: new Date() }).where(eq(events.id, event.id));
  const base = await hub.app.listen({ port: 0, host: '127.0.0.1' });

  // While open, a delegate resuming from 0 would have been sent the item; now, nothing but the notice.
  for (const [how, init] of [
    ['?after=0', { url: `${base}/e/${event.joinCode}/live?after=0`, headers: {} }],
    ['Last-Event-ID: 0', { url: `${base}/e/${event.joinCode}/live`, headers: { 'last-event-id': '0' } }],
  ] as const) {
    const response = await fetch(init.url, { headers: init.headers });
    assert.equal(response.status, 200, how);
    const stream = readSse(response);
    assert.ok(await stream.endsWithin(5000), `${how}: the stream ends`);
    assert.deepEqual(updates(stream.frames), [], `${how}: no update replayed`);
    assert.deepEqual(
      stream.frames.map((f) => f.event),
      ['closed'],
      `${how}: only the closed notice`,
    );
    assert.doesNotMatch(JSON.stringify(stream.frames), new RegExp(words));
  }

  // The partnership keeps reading the record: signed in, the replay is there.
  const response = await fetch(`${base}/e/${event.joinCode}/live?after=0`, {
    headers: { cookie: coordinator.browser.cookieHeader },
  });
  const stream = readSse(response);
  assert.ok(await stream.endsWithin(5000));
  assert.ok(updates(stream.frames).length >= 1, 'signed in, the updates are replayed');
  assert.match(JSON.stringify(updates(stream.frames)), new RegExp(words));
  assert.equal(stream.frames.at(-1)!.event, 'closed');
});

test('a moderator stream ends when its session ends: signing out, the account disabled, or the session ended by another Hub', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const admin = await signedIn(hub, 'administrator');
  const { event, item } = await eventWithShownItem(hub, admin.user.accountId, 'A question');
  const base = await hub.app.listen({ port: 0, host: '127.0.0.1' });

  /** A moderator with the queue's stream open, and proof that the stream is live. */
  const moderatorWithStream = async () => {
    const moderator = await signedIn(hub, 'coordinator');
    const response = await fetch(`${base}/events/${event.id}/live`, {
      headers: { cookie: moderator.browser.cookieHeader },
    });
    assert.equal(response.status, 200);
    const stream = readSse(response);
    await until(() => hub.app.live.count(event.id, 'moderator') > 0, 'the stream to subscribe');
    publishEventChange(hub.database.db, event.id, { type: 'item', itemId: item.id, action: 'before' });
    await stream.waitFor((f) => f.event === 'update', 'an update before the session ends');
    return { ...moderator, stream };
  };

  /** The stream ends within `ms`, and an update published afterwards never reaches it. */
  const assertEnded = async (stream: SseStream, ms: number, how: string) => {
    const started = performance.now();
    assert.ok(await stream.endsWithin(ms), `${how}: the stream ends within ${ms} ms`);
    const seen = updates(stream.frames).length;
    publishEventChange(hub.database.db, event.id, { type: 'item', itemId: item.id, action: `after ${how}` });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(updates(stream.frames).length, seen, `${how}: nothing after the end`);
    assert.equal(stream.frames.at(-1)!.event, 'signed-out', `${how}: told why`);
    assert.ok(stream.state.endedAt - started < ms);
  };

  // Signing out in the same browser.
  const leaving = await moderatorWithStream();
  await leaving.browser.get('/');
  assert.equal((await leaving.browser.post('/sign-out')).statusCode, 303);
  await assertEnded(leaving.stream, 1000, 'sign-out');
  const refused = await fetch(`${base}/events/${event.id}/live`, {
    headers: { cookie: leaving.browser.cookieHeader },
    redirect: 'manual',
  });
  assert.notEqual(refused.status, 200, 'and it cannot be reopened');
  await refused.body?.cancel();

  // An administrator disables the account.
  const disabled = await moderatorWithStream();
  await admin.browser.get(`/accounts/${disabled.user.accountId}`);
  assert.equal((await admin.browser.post(`/accounts/${disabled.user.accountId}/disable`)).statusCode, 303);
  await assertEnded(disabled.stream, 1000, 'account disabled');

  // Another Hub on the same database ends the session (a sign-out there): this Hub notices by checking.
  const elsewhere = await moderatorWithStream();
  await hub.database.db
    .update(sessions)
    .set({ endedAt: new Date() })
    .where(eq(sessions.accountId, elsewhere.user.accountId));
  await assertEnded(elsewhere.stream, SESSION_CHECK_MS + 2000, 'ended on another Hub');

  // A moderator still signed in keeps the stream.
  const staying = await moderatorWithStream();
  assert.equal(await staying.stream.endsWithin(SESSION_CHECK_MS + 500), false, 'a live session keeps its stream');
  await staying.stream.close();
  await admin.browser.get('/');
});
