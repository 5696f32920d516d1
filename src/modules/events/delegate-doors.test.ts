import { test } from 'node:test';
import { ATTEMPT_KEY_MS } from '../../auth/attempts.ts';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { Browser, buildTestHub, createUser, withPartnership, type TestHub } from '../../../test/helpers.ts';
import {
  delegates,
  eventItems,
  events,
  itemVotes,
  pollOptions,
  pollResponses,
  workshopAnswers,
} from './events.tables.ts';
import { newJoinCode } from './events.service.ts';
import { EVENT_LIMIT_MESSAGE } from './delegate.routes.ts';
import {
  DelegateDoors,
  ITEMS_PER_DELEGATE_PER_MINUTE,
  ITEMS_PER_SOURCE_PER_MINUTE,
  JOINED_NOW_MESSAGE,
  JOINS_PER_SOURCE_PER_TEN_MINUTES,
  TOO_MANY_WRONG_CODES,
  WRONG_CODES_PER_SOURCE_PER_MINUTE,
} from './delegate-doors.ts';
import { createPoll, openPoll } from './polls.service.ts';
import { addQuestion, startQuestion } from './workshops.service.ts';

/*
 * The doors delegates come in by, tried as a busy room and as a script would: every request
 * carries the network address it comes from (inject's remoteAddress), as behind a venue's router.
 */

async function openEvent(hub: TestHub, premoderation = true) {
  const owner = await createUser(hub, 'coordinator');
  const [event] = await hub.database.db
    .insert(events)
    .values({
      title: 'Safeguarding conference',
      kind: 'conference',
      heldOn: '2026-06-30',
      joinCode: newJoinCode(),
      status: 'open',
      premoderation,
      createdBy: owner.accountId,
    })
    .returning();
  return event!;
}

/** A phone without JavaScript on a network: every request it makes comes from `address`. */
function phoneAt(hub: TestHub, address: string) {
  return new Browser({
    inject: (options: object) => hub.app.inject({ ...options, remoteAddress: address } as never),
  } as unknown as App);
}

/** A shown question to vote for, from a delegate who is not in the test. */
async function shownItem(hub: TestHub, eventId: number) {
  const [author] = await hub.database.db
    .insert(delegates)
    .values({ eventId, tokenHash: `author-${eventId}` })
    .returning();
  const [item] = await hub.database.db
    .insert(eventItems)
    .values({
      eventId,
      delegateId: author!.id,
      body: 'How do schools take part?',
      originalBody: 'How do schools take part?',
      state: 'shown',
    })
    .returning();
  return item!;
}

const itemCount = async (hub: TestHub, eventId: number) =>
  (await hub.database.db.select({ id: eventItems.id }).from(eventItems).where(eq(eventItems.eventId, eventId))).length;

/**
 * A script at `address` that keeps its pre-session cookie (so its form tokens are accepted) but
 * sends only the delegate cookie it chooses: none, or one it has just been given.
 */
async function scriptAt(hub: TestHub, address: string, code: string) {
  const page = await hub.app.inject({ url: `/e/${code}`, remoteAddress: address });
  const pre = page.cookies.find((c) => c.name === 'hub_pre')!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return async (body: string, delegateCookie?: { name: string; value: string }) => {
    const cookie = [
      `hub_pre=${pre.value}`,
      ...(delegateCookie ? [`${delegateCookie.name}=${delegateCookie.value}`] : []),
    ].join('; ');
    const response = await hub.app.inject({
      method: 'POST',
      url: `/e/${code}/items`,
      remoteAddress: address,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, kind: 'question', body }).toString(),
    });
    return {
      status: response.statusCode,
      body: response.body,
      token: response.cookies.find((c) => c.name.startsWith('hub_delegate_')),
    };
  };
}

test('a script without a delegate cookie is refused; one minting tokens gets at most its share; a known delegate elsewhere still sends', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const event = await openEvent(hub);
  const known = phoneAt(hub, '192.0.2.10');
  await known.get(`/e/${event.joinCode}`);
  assert.equal(
    (await known.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'Before the flood' })).statusCode,
    303,
  );

  // Without a cookie: each post is answered by the event page asking to send again, nothing is stored.
  const script = await scriptAt(hub, '198.51.100.66', event.joinCode);
  for (let i = 0; i < 150; i += 1) {
    const refused = await script(`Flood ${i}`);
    assert.equal(refused.status, 400, `cookie-less post ${i}`);
    assert.ok(refused.body.includes(JOINED_NOW_MESSAGE));
  }
  assert.equal(await itemCount(hub, event.id), 1, 'no cookie-less item stored');
  assert.equal(
    (await known.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'During the flood' })).statusCode,
    303,
  );

  // Taking each token it is given, five items a token: it gets its source's share and no more.
  let accepted = 0;
  let refusedForEvent = false;
  while (!refusedForEvent && accepted <= ITEMS_PER_SOURCE_PER_MINUTE) {
    const { token } = await script('Give me a token');
    assert.ok(token, 'a token while the source may still join');
    for (let n = 0; n < ITEMS_PER_DELEGATE_PER_MINUTE && !refusedForEvent; n += 1) {
      const sent = await script(`Minted ${accepted}`, token);
      if (sent.status === 303) accepted += 1;
      else refusedForEvent = sent.body.includes(EVENT_LIMIT_MESSAGE);
    }
  }
  assert.equal(accepted, ITEMS_PER_SOURCE_PER_MINUTE, 'one source gets its share of the event');
  assert.ok(refusedForEvent, 'and is then refused');

  // The room carries on: a known delegate and a new one on another network both send.
  assert.equal(
    (await known.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'After the flood' })).statusCode,
    303,
  );
  const newcomer = phoneAt(hub, '192.0.2.11');
  await newcomer.get(`/e/${event.joinCode}`);
  assert.equal(
    (await newcomer.post(`/e/${event.joinCode}/items`, { kind: 'comment', body: 'Joined during the flood' }))
      .statusCode,
    303,
  );
  assert.equal(await itemCount(hub, event.id), 3 + ITEMS_PER_SOURCE_PER_MINUTE + 1);
});

test('300 delegates behind one address all join, send, vote, answer a poll and a workshop question', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const event = await openEvent(hub);
  const item = await shownItem(hub, event.id);
  const pollId = await createPoll(hub.database.db, event.id, {
    question: 'Was this useful?',
    kind: 'single_choice',
    options: 'Yes\nNo',
    results: 'live',
  });
  await openPoll(hub.database.db, event.id, pollId);
  const [yes] = await hub.database.db.select().from(pollOptions).where(eq(pollOptions.pollId, pollId));
  const questionId = await addQuestion(hub.database.db, event.id, { text: 'What would help most?', minutes: 10 });
  await startQuestion(hub.database.db, event.id, questionId);

  const hall = '203.0.113.9';
  const takePart = async (n: number) => {
    const phone = phoneAt(hub, hall);
    assert.equal((await phone.get(`/e/${event.joinCode}`)).statusCode, 200);
    assert.equal(
      (await phone.post(`/e/${event.joinCode}/items`, { kind: 'question', body: `Question from seat ${n}` }))
        .statusCode,
      303,
      `seat ${n} sends`,
    );
    assert.equal((await phone.post(`/e/${event.joinCode}/items/${item.id}/vote`)).statusCode, 303, `seat ${n} votes`);
    assert.equal(
      (await phone.post(`/e/${event.joinCode}/polls/${pollId}/responses`, { optionId: yes!.id })).statusCode,
      303,
      `seat ${n} answers the poll`,
    );
    assert.equal(
      (await phone.post(`/e/${event.joinCode}/workshop/${questionId}/answers`, { body: `Idea from seat ${n}` }))
        .statusCode,
      303,
      `seat ${n} answers the question`,
    );
  };
  for (let seat = 0; seat < 300; seat += 25)
    await Promise.all(Array.from({ length: 25 }, (_, i) => takePart(seat + i)));

  const db = hub.database.db;
  assert.equal(await itemCount(hub, event.id), 301);
  assert.equal((await db.select().from(itemVotes).where(eq(itemVotes.itemId, item.id))).length, 300);
  assert.equal((await db.select().from(pollResponses).where(eq(pollResponses.pollId, pollId))).length, 300);
  assert.equal((await db.select().from(workshopAnswers).where(eq(workshopAnswers.questionId, questionId))).length, 300);
  assert.equal(
    (await db.select().from(delegates).where(eq(delegates.eventId, event.id))).length,
    301,
    'one delegate per phone',
  );
});

test('votes, poll answers and workshop answers without a delegate token are refused with the page, not an error', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const event = await openEvent(hub);
  const item = await shownItem(hub, event.id);
  const pollId = await createPoll(hub.database.db, event.id, {
    question: 'Rate the day',
    kind: 'rating',
    ratingMax: 5,
    results: 'live',
  });
  await openPoll(hub.database.db, event.id, pollId);
  const questionId = await addQuestion(hub.database.db, event.id, { text: 'What next?', minutes: 10 });
  await startQuestion(hub.database.db, event.id, questionId);

  // A browser that has its form token but never opened a delegate page (or cleared the cookie).
  const phone = phoneAt(hub, '192.0.2.20');
  await phone.get('/join');
  const vote = await phone.post(`/e/${event.joinCode}/items/${item.id}/vote`);
  assert.equal(vote.statusCode, 400);
  assert.ok(vote.body.includes(JOINED_NOW_MESSAGE));
  assert.match(String(vote.headers['set-cookie']), /hub_delegate_/, 'and it joins now');
  const stranger = phoneAt(hub, '192.0.2.21');
  await stranger.get('/join');
  const answer = await stranger.post(`/e/${event.joinCode}/polls/${pollId}/responses`, { rating: 4 });
  assert.equal(answer.statusCode, 400);
  assert.ok(answer.body.includes(JOINED_NOW_MESSAGE));
  const third = phoneAt(hub, '192.0.2.22');
  await third.get('/join');
  const idea = await third.post(`/e/${event.joinCode}/workshop/${questionId}/answers`, { body: 'An idea' });
  assert.equal(idea.statusCode, 400);
  assert.ok(idea.body.includes(JOINED_NOW_MESSAGE));
  assert.equal((await hub.database.db.select().from(itemVotes)).length, 0);
  assert.equal((await hub.database.db.select().from(pollResponses)).length, 0);
  assert.equal((await hub.database.db.select().from(workshopAnswers)).length, 0);

  // Sending again, now joined, works.
  assert.equal((await phone.post(`/e/${event.joinCode}/items/${item.id}/vote`)).statusCode, 303);
  assert.equal((await stranger.post(`/e/${event.joinCode}/polls/${pollId}/responses`, { rating: 4 })).statusCode, 303);
  assert.equal(
    (await third.post(`/e/${event.joinCode}/workshop/${questionId}/answers`, { body: 'An idea' })).statusCode,
    303,
  );
  // A token is for its own event: another event's cookie name does not carry it over.
  const other = await openEvent(hub);
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await phone.get('/join')).body)![1]!;
  const moved = await hub.app.inject({
    method: 'POST',
    url: `/e/${other.joinCode}/items`,
    remoteAddress: '192.0.2.20',
    headers: {
      cookie: phone.cookieHeader.replace(`hub_delegate_${event.id}=`, `hub_delegate_${other.id}=`),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({ _csrf: csrf, kind: 'question', body: 'Moved' }).toString(),
  });
  assert.equal(moved.statusCode, 400);
  assert.equal(await itemCount(hub, other.id), 0);
});

const wrongCode = (i: number) => `WR${String(i).padStart(4, '0')}`.replace(/[01]/g, 'Q');

test('guessing codes: a flood of wrong codes is refused while a delegate with the right code joins within a second', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const event = await openEvent(hub);
  const guesser = '198.51.100.7';
  // Someone on the guesser's network who joined before keeps taking part.
  const neighbour = phoneAt(hub, guesser);
  await neighbour.get(`/e/${event.joinCode}`);

  // 200 guesses in half a second (faster than the 1,000 in 2.9 s that were measured), in bursts.
  const guesses: Promise<number>[] = [];
  const guess = (i: number) =>
    hub.app.inject({ url: `/e/${wrongCode(i)}`, remoteAddress: guesser }).then((r) => r.statusCode);
  const flood = (async () => {
    for (let burst = 0; burst < 10; burst += 1) {
      for (let i = 0; i < 20; i += 1) guesses.push(guess(burst * 20 + i));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  // Halfway through, a delegate on another network types the right code.
  while (guesses.length < 100) await new Promise((resolve) => setTimeout(resolve, 5));
  const delegate = phoneAt(hub, '192.0.2.30');
  await delegate.get('/join');
  const started = performance.now();
  const joined = await delegate.post('/join', { code: event.joinCode.toLowerCase() });
  const page = await delegate.get(`/e/${event.joinCode}`);
  const joinMs = performance.now() - started;
  await flood;
  const statuses = await Promise.all(guesses);

  assert.equal(joined.statusCode, 303);
  assert.equal(page.statusCode, 200);
  assert.ok(joinMs < 1000, `the right code joined in ${Math.round(joinMs)} ms during the flood`);
  const refused = statuses.filter((s) => s === 429).length;
  assert.equal(
    statuses.filter((s) => s === 404).length,
    WRONG_CODES_PER_SOURCE_PER_MINUTE,
    'only the first wrong codes are looked up',
  );
  assert.equal(refused, 200 - WRONG_CODES_PER_SOURCE_PER_MINUTE, 'the rest are refused');

  // From the guesser's network, every door that takes a code is shut for now, even with a right code...
  const again = await hub.app.inject({ url: `/e/${event.joinCode}`, remoteAddress: guesser });
  assert.equal(again.statusCode, 429);
  assert.equal(again.headers['retry-after'], '60');
  assert.ok(again.body.includes(TOO_MANY_WRONG_CODES));
  assert.equal((await hub.app.inject({ url: `/e/${event.joinCode}/live`, remoteAddress: guesser })).statusCode, 429);
  assert.equal((await hub.app.inject({ url: `/e/${event.joinCode}/polls`, remoteAddress: guesser })).statusCode, 429);
  const typed = phoneAt(hub, guesser);
  await typed.get('/join');
  assert.equal((await typed.post('/join', { code: event.joinCode })).statusCode, 429);
  // ...except to a browser that had joined that event.
  assert.equal((await neighbour.get(`/e/${event.joinCode}`)).statusCode, 200);
  assert.equal(
    (await neighbour.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'Still here' })).statusCode,
    303,
  );
  // Other networks are not held up.
  assert.equal((await hub.app.inject({ url: `/e/${wrongCode(999)}`, remoteAddress: '192.0.2.31' })).statusCode, 404);
});

test('one address gets a bounded number of delegate tokens; the keyed hash of an address changes every hour and forgets its counts', () => {
  const doors = new DelegateDoors();
  const script = { ip: '198.51.100.1' } as FastifyRequest;
  const hall = { ip: '203.0.113.1' } as FastifyRequest;
  for (let i = 0; i < JOINS_PER_SOURCE_PER_TEN_MINUTES; i += 1) assert.ok(doors.mayJoin(script), `token ${i}`);
  assert.equal(doors.mayJoin(script), false, 'then no more for a while');
  assert.ok(doors.mayJoin(hall), 'another address is not affected');

  const now = Date.now();
  assert.equal(doors.mayJoin(script, now + 1_000), false);
  assert.ok(
    doors.mayJoin(script, now + ATTEMPT_KEY_MS + 1),
    'a new key every hour: counts under the old key are gone with it',
  );
});
