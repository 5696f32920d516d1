import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { events, pollOptions, pollResponses, polls, workshopQuestions } from './events.tables.ts';
import { isoTime } from '../../views/filters.ts';
import { delegate, event } from '../../../test/factories.ts';
import { textOf } from '../../../test/html.ts';
import { listPolls } from './polls.service.ts';

test('polls: create, open, answer, results and refusals', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator, user } = await signedIn(hub, 'coordinator');
  const ev = await event(hub, user.accountId);
  const db = hub.database.db;

  const page = await coordinator.get(`/events/${ev.id}/polls`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /No polls yet/);

  // Invalid: a choice poll needs two options.
  const bad = await coordinator.post(`/events/${ev.id}/polls`, {
    question: 'Which?',
    kind: 'single_choice',
    options: 'Only one',
    results: 'live',
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter at least two options/);
  const missing = await coordinator.post(`/events/${ev.id}/polls`, { kind: 'single_choice', results: 'live' });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Enter the question/);

  const created = await coordinator.post(`/events/${ev.id}/polls`, {
    question: 'Where should we focus?',
    kind: 'single_choice',
    options: 'Schools\nYouth clubs\nOnline',
    results: 'live',
  });
  assert.equal(created.statusCode, 303);
  const [poll] = await db.select().from(polls).where(eq(polls.eventId, ev.id));
  assert.equal(poll!.state, 'draft');
  const options = await db
    .select()
    .from(pollOptions)
    .where(eq(pollOptions.pollId, poll!.id))
    .orderBy(pollOptions.position);
  assert.deepEqual(
    options.map((o) => o.label),
    ['Schools', 'Youth clubs', 'Online'],
  );

  // A delegate: the draft poll is not shown, and cannot be answered.
  const d1 = await delegate(hub, `/e/${ev.joinCode}/polls`);
  assert.doesNotMatch((await d1.get(`/e/${ev.joinCode}/polls`)).body, /Where should we focus/);
  const early = await d1.post(`/e/${ev.joinCode}/polls/${poll!.id}/responses`, { optionId: options[0]!.id });
  assert.equal(early.statusCode, 400);
  assert.match(early.body, /This poll is not open yet/);

  // A delegate cannot open a poll: moderator routes need a signed-in moderator.
  const refused = await d1.post(`/events/${ev.id}/polls/${poll!.id}/open`);
  assert.equal(refused.statusCode, 401);
  assert.equal((await db.select().from(polls).where(eq(polls.id, poll!.id)))[0]!.state, 'draft');

  // A viewer is not a moderator: the pages do not exist for them.
  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal((await viewer.get(`/events/${ev.id}/polls`)).statusCode, 404);
  assert.equal((await viewer.post(`/events/${ev.id}/polls/${poll!.id}/open`)).statusCode, 404);

  assert.equal((await coordinator.post(`/events/${ev.id}/polls/${poll!.id}/open`)).statusCode, 303);

  const open = await d1.get(`/e/${ev.joinCode}/polls`);
  assert.match(open.body, /Where should we focus/);
  // An option of another poll (or none at all) is refused.
  const wrong = await d1.post(`/e/${ev.joinCode}/polls/${poll!.id}/responses`, { optionId: 99999 });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /Select an option from this poll/);
  const two = await d1.post(`/e/${ev.joinCode}/polls/${poll!.id}/responses`, {
    optionId: [options[0]!.id, options[1]!.id],
  });
  assert.equal(two.statusCode, 400);
  assert.match(two.body, /Select one option only/);

  const sent = await d1.post(`/e/${ev.joinCode}/polls/${poll!.id}/responses`, { optionId: options[0]!.id });
  assert.equal(sent.statusCode, 303, sent.body);
  // Answering again replaces the first answer.
  await d1.get(`/e/${ev.joinCode}/polls`);
  assert.match((await d1.get(`/e/${ev.joinCode}/polls`)).body, /Answering again replaces your earlier answer/);
  assert.equal(
    (await d1.post(`/e/${ev.joinCode}/polls/${poll!.id}/responses`, { optionId: options[1]!.id })).statusCode,
    303,
  );

  const d2 = await delegate(hub, `/e/${ev.joinCode}/polls`);
  assert.equal(
    (await d2.post(`/e/${ev.joinCode}/polls/${poll!.id}/responses`, { optionId: options[1]!.id })).statusCode,
    303,
  );
  const d3 = await delegate(hub, `/e/${ev.joinCode}/polls`);
  assert.equal(
    (await d3.post(`/e/${ev.joinCode}/polls/${poll!.id}/responses`, { optionId: options[2]!.id })).statusCode,
    303,
  );

  const responses = await db.select().from(pollResponses).where(eq(pollResponses.pollId, poll!.id));
  assert.equal(responses.length, 3);
  const [view] = await listPolls(db, ev.id);
  assert.equal(view!.results.respondents, 3);
  assert.deepEqual(
    view!.results.rows.map((r) => [r.label, r.count, r.percent]),
    [
      ['Schools', 0, 0],
      ['Youth clubs', 2, 67],
      ['Online', 1, 33],
    ],
  );

  // Results live: the delegate sees the table and the chart.
  const results = await d3.get(`/e/${ev.joinCode}/polls`);
  assert.match(textOf(results.body), /Youth clubs 2 67%/);
  assert.match(results.body, /<svg class="hub-bar-chart"/);

  assert.equal((await coordinator.post(`/events/${ev.id}/polls/${poll!.id}/close`)).statusCode, 303);
  const late = await d3.post(`/e/${ev.joinCode}/polls/${poll!.id}/responses`, { optionId: options[0]!.id });
  assert.equal(late.statusCode, 400);
  assert.match(late.body, /This poll has closed/);
  assert.equal((await db.select().from(pollResponses).where(eq(pollResponses.pollId, poll!.id))).length, 3);
  // Closing a closed poll is refused with a message.
  const again = await coordinator.post(`/events/${ev.id}/polls/${poll!.id}/close`);
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /Only an open poll can be closed/);
});

test('polls: rating, multiple choice, hidden results and open text word cloud', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator, user } = await signedIn(hub, 'coordinator');
  const ev = await event(hub, user.accountId);
  const db = hub.database.db;
  await coordinator.get(`/events/${ev.id}/polls`);
  await coordinator.post(`/events/${ev.id}/polls`, {
    question: 'How useful was today?',
    kind: 'rating',
    ratingMax: 4,
    results: 'after_close',
  });
  await coordinator.post(`/events/${ev.id}/polls`, {
    question: 'Which topics?',
    kind: 'multiple_choice',
    options: 'Online harms\nFar right\nSchools',
    results: 'live',
  });
  await coordinator.post(`/events/${ev.id}/polls`, {
    question: 'One word for Prevent?',
    kind: 'open_text',
    results: 'live',
  });
  const [rating, multi, openText] = await db
    .select()
    .from(polls)
    .where(eq(polls.eventId, ev.id))
    .orderBy(polls.position);
  assert.equal(rating!.ratingMax, 4);
  for (const p of [rating, multi, openText]) await coordinator.post(`/events/${ev.id}/polls/${p!.id}/open`);
  const options = await db
    .select()
    .from(pollOptions)
    .where(eq(pollOptions.pollId, multi!.id))
    .orderBy(pollOptions.position);

  const d1 = await delegate(hub, `/e/${ev.joinCode}/polls`);
  assert.equal((await d1.post(`/e/${ev.joinCode}/polls/${rating!.id}/responses`, { rating: 5 })).statusCode, 400);
  assert.equal((await d1.post(`/e/${ev.joinCode}/polls/${rating!.id}/responses`, { rating: 4 })).statusCode, 303);
  assert.equal(
    (await d1.post(`/e/${ev.joinCode}/polls/${multi!.id}/responses`, { optionId: [options[0]!.id, options[2]!.id] }))
      .statusCode,
    303,
  );
  assert.equal(
    (
      await d1.post(`/e/${ev.joinCode}/polls/${openText!.id}/responses`, {
        text: 'Safeguarding, and the safeguarding of young people',
      })
    ).statusCode,
    303,
  );
  const d2 = await delegate(hub, `/e/${ev.joinCode}/polls`);
  assert.equal((await d2.post(`/e/${ev.joinCode}/polls/${rating!.id}/responses`, { rating: 2 })).statusCode, 303);
  assert.equal(
    (await d2.post(`/e/${ev.joinCode}/polls/${multi!.id}/responses`, { optionId: options[0]!.id })).statusCode,
    303,
  );
  assert.equal(
    (await d2.post(`/e/${ev.joinCode}/polls/${openText!.id}/responses`, { text: 'Trust and safeguarding' })).statusCode,
    303,
  );
  const tooLong = await d2.post(`/e/${ev.joinCode}/polls/${openText!.id}/responses`, { text: 'x'.repeat(501) });
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.body, /500 characters or fewer/);

  const views = await listPolls(db, ev.id);
  assert.equal(views[0]!.results.average, 3);
  assert.deepEqual(
    views[0]!.results.rows.map((r) => r.count),
    [0, 1, 0, 1],
  );
  assert.deepEqual(
    views[1]!.results.rows.map((r) => [r.count, r.percent]),
    [
      [2, 100],
      [0, 0],
      [1, 50],
    ],
  );
  const words = views[2]!.results.words!;
  assert.deepEqual(words[0], { word: 'safeguarding', count: 3, size: 5 });
  assert.ok(!words.some((w) => ['and', 'the', 'of'].includes(w.word)), 'stop words removed');

  // Rating results are hidden from delegates until the poll closes; moderators see them.
  const page = await d2.get(`/e/${ev.joinCode}/polls`);
  assert.match(page.body, /Results are shown when the poll closes/);
  assert.match(textOf(page.body), /safeguarding 3/);
  assert.match(textOf((await coordinator.get(`/events/${ev.id}/polls`)).body), /average rating 3 out of 4/);
  await coordinator.post(`/events/${ev.id}/polls/${rating!.id}/close`);
  assert.match(
    textOf((await d2.get(`/e/${ev.joinCode}/polls`)).body),
    /Closed polls How useful was today\? 2 people answered; average rating 3 out of 4/,
  );

  // Once the event has closed, open polls take no more answers.
  await db.update(events).set({ status: 'closed' }).where(eq(events.id, ev.id));
  const afterClose = await d2.post(`/e/${ev.joinCode}/polls/${multi!.id}/responses`, { optionId: options[1]!.id });
  assert.equal(afterClose.statusCode, 400);
  assert.match(afterClose.body, /This event has closed/);
  assert.doesNotMatch((await d2.get(`/e/${ev.joinCode}/polls`)).body, /Send your answer/);

  // Unknown event code or poll: 404.
  assert.equal((await d2.get('/e/NOSUCH/polls')).statusCode, 404);
  assert.equal((await d2.post(`/e/${ev.joinCode}/polls/99999/responses`, { rating: 1 })).statusCode, 404);
});

test('the delegate’s event page shows the open poll and the running workshop question, with when answers close', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const { browser: coordinator, user } = await signedIn(hub, 'coordinator');
  const ev = await event(hub, user.accountId);
  const room = await delegate(hub, `/e/${ev.joinCode}`);
  assert.doesNotMatch((await room.get(`/e/${ev.joinCode}`)).body, /Happening now/, 'nothing running yet');

  await coordinator.get(`/events/${ev.id}/polls`);
  await coordinator.post(`/events/${ev.id}/polls`, {
    question: 'Where should we focus?',
    kind: 'single_choice',
    options: 'Schools\nOnline',
    results: 'live',
  });
  await coordinator.post(`/events/${ev.id}/polls`, {
    question: 'A draft for later',
    kind: 'single_choice',
    options: 'A\nB',
    results: 'live',
  });
  const [poll] = await db.select().from(polls).where(eq(polls.question, 'Where should we focus?'));
  assert.equal((await coordinator.post(`/events/${ev.id}/polls/${poll!.id}/open`)).statusCode, 303);
  await coordinator.get(`/events/${ev.id}/workshop`);
  await coordinator.post(`/events/${ev.id}/workshop`, { text: 'What are your barriers?', minutes: 10 });
  const [question] = await db.select().from(workshopQuestions).where(eq(workshopQuestions.eventId, ev.id));
  assert.equal((await coordinator.post(`/events/${ev.id}/workshop/${question!.id}/start`)).statusCode, 303);
  const [running] = await db.select().from(workshopQuestions).where(eq(workshopQuestions.id, question!.id));

  const page = await room.get(`/e/${ev.joinCode}`);
  const text = textOf(page.body);
  assert.match(text, /Happening now Poll: Where should we focus\? Answer the poll/);
  assert.ok(page.body.includes(`href="/e/${ev.joinCode}/polls#poll-${poll!.id}"`));
  assert.doesNotMatch(text, /A draft for later/);
  // Without JavaScript the end time is in the text; live.js adds the time left.
  assert.match(
    text,
    new RegExp(`Workshop question: What are your barriers\\? Answers close at ${isoTime(running!.endsAt)}`),
  );
  assert.ok(page.body.includes(`data-ends-at="${running!.endsAt!.toISOString()}"`));
  assert.ok(page.body.includes(`href="/e/${ev.joinCode}/workshop"`));
  // Above the form, where a phone sees it first.
  assert.ok(page.body.indexOf('Happening now') < page.body.indexOf('Send a question or a comment'));
  // The live fragment carries it too, for live.js to put in place.
  const fragment = await room.get(`/e/${ev.joinCode}?fragment=items`);
  assert.match(
    fragment.body,
    /<template data-live-elsewhere="happening-now">[\s\S]*Where should we focus\?[\s\S]*What are your barriers\?[\s\S]*<\/template>/,
  );

  await coordinator.post(`/events/${ev.id}/polls/${poll!.id}/close`);
  await coordinator.post(`/events/${ev.id}/workshop/${question!.id}/stop`);
  assert.doesNotMatch((await room.get(`/e/${ev.joinCode}`)).body, /Happening now/, 'gone once closed and stopped');
  assert.doesNotMatch((await room.get(`/e/${ev.joinCode}?fragment=items`)).body, /Where should we focus/);
});

test('the presenter screen shows live results with a chart, or “Results when the poll closes” for hidden results', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const { browser: coordinator, user } = await signedIn(hub, 'coordinator');
  const ev = await event(hub, user.accountId);
  const screen = async () => textOf((await coordinator.get(`/events/${ev.id}/present?fragment=screen`)).body);
  assert.doesNotMatch(await screen(), /Poll open|Poll closed/, 'no poll yet, nothing in the slot');

  await coordinator.get(`/events/${ev.id}/polls`);
  await coordinator.post(`/events/${ev.id}/polls`, {
    question: 'Where should we focus?',
    kind: 'single_choice',
    options: 'Schools\nOnline\nYouth clubs',
    results: 'live',
  });
  await coordinator.post(`/events/${ev.id}/polls`, {
    question: 'How confident are you?',
    kind: 'rating',
    ratingMax: 5,
    results: 'after_close',
  });
  const [live] = await db.select().from(polls).where(eq(polls.question, 'Where should we focus?'));
  const [hidden] = await db.select().from(polls).where(eq(polls.question, 'How confident are you?'));
  await coordinator.post(`/events/${ev.id}/polls/${live!.id}/open`);
  const options = await db
    .select()
    .from(pollOptions)
    .where(eq(pollOptions.pollId, live!.id))
    .orderBy(pollOptions.position);
  for (const option of [options[0]!, options[0]!, options[1]!, options[0]!]) {
    const d = await delegate(hub, `/e/${ev.joinCode}/polls`);
    assert.equal(
      (await d.post(`/e/${ev.joinCode}/polls/${live!.id}/responses`, { optionId: option.id })).statusCode,
      303,
    );
  }

  // Live results: the chart is an image named by its title and described by every number.
  const page = await coordinator.get(`/events/${ev.id}/present`);
  assert.match(page.body, /<section class="hub-present__poll" id="present-poll" data-slot="polls"/);
  assert.match(page.body, /<svg[^>]*class="hub-chart"[^>]*role="img"/);
  assert.match(page.body, /<title id="present-poll-\d+-chart-title">Results: Where should we focus\?<\/title>/);
  assert.match(page.body, /<desc [^>]*>Schools: 75%: 3; Online: 25%: 1; Youth clubs: 0%: 0\.<\/desc>/);
  assert.match(textOf(page.body), /Where should we focus\? Poll open · 4 people answered/);

  // A poll whose results wait for its close: the question, the count, no results.
  await coordinator.post(`/events/${ev.id}/polls/${hidden!.id}/open`);
  const d = await delegate(hub, `/e/${ev.joinCode}/polls`);
  assert.equal((await d.post(`/e/${ev.joinCode}/polls/${hidden!.id}/responses`, { rating: 4 })).statusCode, 303);
  let text = await screen();
  assert.match(text, /How confident are you\? Poll open · 1 person answered Results when the poll closes/);
  assert.doesNotMatch(text, /Where should we focus|average/);
  assert.doesNotMatch((await coordinator.get(`/events/${ev.id}/present?fragment=screen`)).body, /<svg[^>]*hub-chart/);

  // Closed (and the live poll closed earlier): the hidden results appear.
  await coordinator.post(`/events/${ev.id}/polls/${live!.id}/close`);
  await coordinator.post(`/events/${ev.id}/polls/${hidden!.id}/close`);
  text = await screen();
  assert.match(text, /How confident are you\? Poll closed · 1 person answered · average 4 out of 5/);
  assert.match(
    (await coordinator.get(`/events/${ev.id}/present?fragment=screen`)).body,
    /<desc [^>]*>1: 0%: 0; 2: 0%: 0; 3: 0%: 0; 4: 100%: 1; 5: 0%: 0\.<\/desc>/,
  );
});
