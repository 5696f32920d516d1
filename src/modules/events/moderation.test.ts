import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { buildTestHub, createUser, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { delegates, eventItems, eventModerators, events, eventSpeakers, itemVotes } from './events.tables.ts';
import { eventUpdates } from '../../live/live.tables.ts';
import { newJoinCode } from './events.service.ts';
import { publishEventChange } from '../../live/live.ts';
import { readSse, updatesOf } from '../../../test/sse.ts';
import { VOTE_TICK_MS } from '../../live/fanout.ts';
import { minuteStamp } from '../../views/filters.ts';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';

async function makeEvent(hub: TestHub, createdBy: number, status: 'open' | 'closed' = 'open') {
  const [event] = await hub.database.db
    .insert(events)
    .values({
      title: `Forum ${randomBytes(2).toString('hex')}`,
      kind: 'qa_panel',
      heldOn: '2026-11-23',
      joinCode: newJoinCode(),
      createdBy,
      status,
    })
    .returning();
  return event!;
}

async function makeDelegate(hub: TestHub, eventId: number) {
  const [d] = await hub.database.db
    .insert(delegates)
    .values({ eventId, tokenHash: randomBytes(16).toString('hex') })
    .returning();
  return d!.id;
}

async function makeItem(
  hub: TestHub,
  eventId: number,
  body: string,
  state: 'pending' | 'shown' = 'pending',
  delegateId?: number,
) {
  const author = delegateId ?? (await makeDelegate(hub, eventId));
  const [item] = await hub.database.db
    .insert(eventItems)
    .values({ eventId, delegateId: author, body, originalBody: body, state })
    .returning();
  return item!;
}

const itemRow = async (hub: TestHub, id: number) =>
  (await hub.database.db.select().from(eventItems).where(eq(eventItems.id, id)))[0]!;

async function setup(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const coordinator = await signedIn(hub, 'coordinator', 'Cora Coordinator');
  const event = await makeEvent(hub, coordinator.user.accountId);
  return { hub, coordinator, event };
}

test('the queue lists pending items first with a suggested duplicate; every action works for a moderator', async (t) => {
  const { hub, coordinator, event } = await setup(t);
  const { browser } = coordinator;
  const shown = await makeItem(hub, event.id, 'How are schools supported to spot radicalisation online?', 'shown');
  const dup = await makeItem(hub, event.id, 'how do schools get support to spot online radicalisation');
  const other = await makeItem(hub, event.id, 'When is the next community forum in Hackney?');
  const [speaker] = await hub.database.db
    .insert(eventSpeakers)
    .values({ eventId: event.id, name: 'Dr Speaker', role: 'Panel' })
    .returning();

  const page = await browser.get(`/events/${event.id}/moderate`);
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.ok(page.body.indexOf('Waiting for moderation') < page.body.indexOf('Shown to the room'));
  assert.match(page.body, /Possible duplicate of <a class="govuk-link" href="#item-\d+">“How are schools supported/);
  assert.match(page.body, new RegExp(`name="intoItemId" value="${shown.id}"`));
  // Each card links to a merge page rather than carrying a list of every other question.
  assert.doesNotMatch(page.body, /<select[^>]+name="intoItemId"/);
  assert.match(page.body, new RegExp(`href="/events/${event.id}/items/${dup.id}/merge"`));
  const mergePage = await browser.get(`/events/${event.id}/items/${dup.id}/merge`);
  assert.equal(mergePage.statusCode, 200);
  assert.equal(mergePage.headers['cache-control'], 'no-store');
  assert.match(mergePage.body, new RegExp(`type="radio" value="${shown.id}"`));
  assert.match(mergePage.body, /Suggested: \d+% alike/);
  assert.doesNotMatch(mergePage.body, new RegExp(`type="radio" value="${dup.id}"`), 'not into itself');
  const unchosen = await browser.post(`/events/${event.id}/items/${dup.id}/merge`, {});
  assert.equal(unchosen.statusCode, 400);
  assert.match(unchosen.body, /Select the question this one duplicates/);
  assert.match(unchosen.body, /Which question does it duplicate\?/, 'the merge page again, with its error');
  assert.match(page.body, /data-live-stream="\/events\/\d+\/live"/);
  assert.match(page.body, /src="\/assets\/live.js"/);

  const fragment = await browser.get(`/events/${event.id}/moderate?fragment=queue`);
  assert.equal(fragment.statusCode, 200);
  assert.doesNotMatch(fragment.body, /<html/);
  assert.match(fragment.body, /Waiting for moderation/);

  const act = async (id: number, action: string, form: Record<string, string | number> = {}) => {
    await browser.get(`/events/${event.id}/moderate`);
    const response = await browser.post(`/events/${event.id}/items/${id}/${action}`, form);
    assert.equal(response.statusCode, 303, `${action}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    assert.match(
      String(response.headers.location),
      new RegExp(`^/events/${event.id}/moderate\\?done=${action}#item-\\d+$`),
    );
  };

  await act(other.id, 'approve');
  assert.equal((await itemRow(hub, other.id)).state, 'shown');
  await act(other.id, 'pin');
  assert.equal((await itemRow(hub, other.id)).pinned, true);
  await act(other.id, 'unpin');
  assert.equal((await itemRow(hub, other.id)).pinned, false);
  await act(other.id, 'edit', { body: 'When is the next community forum in Hackney? (corrected)' });
  const edited = await itemRow(hub, other.id);
  assert.equal(edited.body, 'When is the next community forum in Hackney? (corrected)');
  assert.equal(edited.originalBody, 'When is the next community forum in Hackney?');
  await act(other.id, 'direct', { speakerId: speaker!.id });
  assert.equal((await itemRow(hub, other.id)).speakerId, speaker!.id);
  await act(other.id, 'direct');
  assert.equal((await itemRow(hub, other.id)).speakerId, null);
  await act(other.id, 'answer');
  const answered = await itemRow(hub, other.id);
  assert.equal(answered.state, 'answered');
  assert.ok(answered.answeredAt);
  await act(shown.id, 'hide');
  assert.equal((await itemRow(hub, shown.id)).state, 'hidden');
  await act(shown.id, 'approve');
  assert.equal((await itemRow(hub, shown.id)).state, 'shown');

  const after = await browser.get(`/events/${event.id}/moderate?done=answer`);
  assert.match(after.body, /Marked as answered/);
  assert.match(after.body, /Delegate’s own words: “When is the next community forum in Hackney\?”/);
});

test('invalid moderator input is a form error; a pinned item must be shown; another event’s speaker is refused', async (t) => {
  const { hub, coordinator, event } = await setup(t);
  const { browser } = coordinator;
  const pending = await makeItem(hub, event.id, 'A question waiting');
  const otherEvent = await makeEvent(hub, coordinator.user.accountId);
  const [foreignSpeaker] = await hub.database.db
    .insert(eventSpeakers)
    .values({ eventId: otherEvent.id, name: 'Elsewhere' })
    .returning();
  await browser.get(`/events/${event.id}/moderate`);

  let response = await browser.post(`/events/${event.id}/items/${pending.id}/edit`, { body: '' });
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /Enter the corrected wording/);
  response = await browser.post(`/events/${event.id}/items/${pending.id}/pin`);
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /Only a question shown to the room can be pinned/);
  response = await browser.post(`/events/${event.id}/items/${pending.id}/direct`, { speakerId: foreignSpeaker!.id });
  assert.equal(response.statusCode, 400);
  response = await browser.post(`/events/${event.id}/items/${pending.id}/merge`, { intoItemId: pending.id });
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /cannot duplicate itself/);
  // An item of another event, through this event's URL: no such question.
  const foreign = await makeItem(hub, otherEvent.id, 'Elsewhere');
  response = await browser.post(`/events/${event.id}/items/${foreign.id}/approve`);
  assert.equal(response.statusCode, 404);
  assert.equal((await itemRow(hub, foreign.id)).state, 'pending');
  response = await browser.post(`/events/${event.id}/items/abc/approve`);
  assert.equal(response.statusCode, 404);
});

test('merge keeps both wordings and makes the votes a union, one per delegate', async (t) => {
  const { hub, coordinator, event } = await setup(t);
  const survivor = await makeItem(hub, event.id, 'What support is there for parents?', 'shown');
  const duplicate = await makeItem(hub, event.id, 'what support do parents get', 'shown');
  const [d1, d2, d3] = [
    await makeDelegate(hub, event.id),
    await makeDelegate(hub, event.id),
    await makeDelegate(hub, event.id),
  ];
  await hub.database.db.insert(itemVotes).values([
    { itemId: survivor.id, delegateId: d1 },
    { itemId: survivor.id, delegateId: d2 },
    { itemId: duplicate.id, delegateId: d2 },
    { itemId: duplicate.id, delegateId: d3 },
  ]);
  await coordinator.browser.get(`/events/${event.id}/moderate`);
  const response = await coordinator.browser.post(`/events/${event.id}/items/${duplicate.id}/merge`, {
    intoItemId: survivor.id,
  });
  assert.equal(response.statusCode, 303);
  assert.match(String(response.headers.location), new RegExp(`#item-${survivor.id}$`));

  const merged = await itemRow(hub, duplicate.id);
  assert.equal(merged.state, 'merged');
  assert.equal(merged.mergedIntoId, survivor.id);
  assert.equal(merged.body, 'what support do parents get');
  assert.equal((await itemRow(hub, survivor.id)).body, 'What support is there for parents?');
  const votes = await hub.database.db.select().from(itemVotes).where(eq(itemVotes.itemId, survivor.id));
  assert.deepEqual(votes.map((v) => v.delegateId).sort(), [d1, d2, d3].sort());

  const page = await coordinator.browser.get(`/events/${event.id}/moderate`);
  assert.match(
    page.body,
    /“what support do parents get” merged into <a class="govuk-link" href="#item-\d+">“What support is there for parents\?”/,
  );
  assert.match(page.body, /3 votes/);
  // A merged item takes no further action.
  const again = await coordinator.browser.post(`/events/${event.id}/items/${duplicate.id}/approve`);
  assert.equal(again.statusCode, 400);
});

test('flagging hides an item from the room and records who flagged it, never who wrote it', async (t) => {
  const { hub, coordinator, event } = await setup(t);
  const item = await makeItem(hub, event.id, 'Something worrying', 'shown');
  await coordinator.browser.get(`/events/${event.id}/moderate`);
  const response = await coordinator.browser.post(`/events/${event.id}/items/${item.id}/flag`, {
    flagNote: 'Passed to the safeguarding lead',
  });
  assert.equal(response.statusCode, 303);
  const row = await itemRow(hub, item.id);
  assert.equal(row.state, 'hidden');
  assert.ok(row.flaggedAt);
  assert.equal(row.flaggedBy, coordinator.user.accountId);
  assert.equal(row.flagNote, 'Passed to the safeguarding lead');

  const page = await coordinator.browser.get(`/events/${event.id}/moderate`);
  assert.match(page.body, /Flagged\s*<\/strong>\s*by Cora Coordinator on/);
  assert.match(page.body, /Passed to the safeguarding lead/);
  assert.doesNotMatch(page.body, /delegate_?id|delegates\/|data-delegate/i);
  assert.doesNotMatch(
    page.body,
    new RegExp(`/items/${item.id}/approve`),
    'a flagged item cannot be shown again from the queue',
  );
  const refused = await coordinator.browser.post(`/events/${event.id}/items/${item.id}/approve`);
  assert.equal(refused.statusCode, 400);
  assert.equal((await itemRow(hub, item.id)).state, 'hidden');
  // The presenter's screen does not show it.
  const screen = await coordinator.browser.get(`/events/${event.id}/present`);
  assert.doesNotMatch(screen.body, /Something worrying/);
});

test('a safeguarding flag stays on the record and in the CSV and XLSX: flagged, by whom, when and why; never who wrote it', async (t) => {
  const { hub, coordinator, event } = await setup(t);
  const author = await makeDelegate(hub, event.id);
  const flagged = await makeItem(hub, event.id, 'Something worrying said at the back', 'shown', author);
  await makeItem(hub, event.id, 'An ordinary question', 'shown');
  await coordinator.browser.get(`/events/${event.id}/moderate`);
  const confirmation = await coordinator.browser.post(`/events/${event.id}/items/${flagged.id}/flag`, {
    flagNote: 'Passed to the safeguarding lead',
  });
  assert.equal(confirmation.statusCode, 303);
  const flaggedAt = (await itemRow(hub, flagged.id)).flaggedAt!;

  const record = await coordinator.browser.get(`/events/${event.id}/record`);
  assert.equal(record.statusCode, 200);
  const text = record.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  assert.match(
    text,
    /Something worrying said at the back Flagged for safeguarding by Cora Coordinator on \d{1,2} \w+ \d{4}, \d{1,2}:\d{2}(am|pm): “Passed to the safeguarding lead”\. Hidden from the room\./,
  );
  assert.doesNotMatch(record.body, /delegate_?id|data-delegate|token/i, 'nothing names the writer');

  const csv = parse<Record<string, string>>((await coordinator.browser.get(`/events/${event.id}/export.csv`)).body, {
    columns: true,
  });
  const row = csv.find((r) => r.text === 'Something worrying said at the back')!;
  assert.equal(row.state, 'Hidden');
  assert.equal(row.flagged_by, 'Cora Coordinator');
  assert.equal(row.flag_note, 'Passed to the safeguarding lead');
  assert.equal(row.flagged_at, minuteStamp(flaggedAt));
  assert.match(row.flagged_at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  const ordinary = csv.find((r) => r.text === 'An ordinary question')!;
  assert.deepEqual([ordinary.flagged_at, ordinary.flagged_by, ordinary.flag_note], ['', '', '']);
  assert.ok(!Object.keys(row).some((c) => /delegate|author/i.test(c)), 'no column says who wrote it');

  const xlsx = await hub.app.inject({
    url: `/events/${event.id}/export.xlsx`,
    headers: { cookie: coordinator.browser.cookieHeader },
  });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Questions and comments')!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const values = (sheet.getRow(2).values as unknown[]).slice(1);
  const cell = (name: string) => values[header.indexOf(name)];
  assert.equal(cell('text'), 'Something worrying said at the back');
  assert.equal(cell('flagged_by'), 'Cora Coordinator');
  assert.equal(cell('flag_note'), 'Passed to the safeguarding lead');
  assert.equal(cell('flagged_at'), minuteStamp(flaggedAt));
});

test('only the event’s moderators may moderate: a helper of event A is refused event B; viewers and members are refused', async (t) => {
  const { hub, coordinator, event } = await setup(t);
  const other = await makeEvent(hub, coordinator.user.accountId);
  const itemA = await makeItem(hub, event.id, 'Question at A');
  const itemB = await makeItem(hub, other.id, 'Question at B');
  const helper = await signedIn(hub, 'member', 'Helper');
  await hub.database.db.insert(eventModerators).values({ eventId: event.id, accountId: helper.user.accountId });

  // The helper moderates A…
  assert.equal((await helper.browser.get(`/events/${event.id}/moderate`)).statusCode, 200);
  const ok = await helper.browser.post(`/events/${event.id}/items/${itemA.id}/approve`);
  assert.equal(ok.statusCode, 303);
  // …but B does not exist for them.
  assert.equal((await helper.browser.get(`/events/${other.id}/moderate`)).statusCode, 404);
  assert.equal((await helper.browser.get(`/events/${other.id}/present`)).statusCode, 404);
  assert.equal((await helper.browser.get(`/events/${other.id}/live`)).statusCode, 404);
  const refused = await helper.browser.post(`/events/${other.id}/items/${itemB.id}/approve`);
  assert.equal(refused.statusCode, 404);
  const crossed = await helper.browser.post(`/events/${event.id}/items/${itemB.id}/hide`);
  assert.equal(crossed.statusCode, 404);
  assert.equal((await itemRow(hub, itemB.id)).state, 'pending');

  for (const role of ['viewer', 'member'] as const) {
    const { browser } = await signedIn(hub, role);
    assert.equal((await browser.get(`/events/${event.id}/moderate`)).statusCode, 404, role);
    const post = await browser.post(`/events/${event.id}/items/${itemA.id}/hide`);
    assert.equal(post.statusCode, 404, role);
  }
  assert.equal((await itemRow(hub, itemA.id)).state, 'shown');

  // Signed out: the sign-in page, or 401 for a form.
  const response = await hub.app.inject({ method: 'GET', url: `/events/${event.id}/moderate` });
  assert.equal(response.statusCode, 303);
  const unknown = await createUser(hub, 'viewer');
  assert.ok(unknown.accountId);
});

test('the presenter screen shows pinned and top questions, the join code, a QR code and a poll slot', async (t) => {
  const { hub, coordinator, event } = await setup(t);
  const low = await makeItem(hub, event.id, 'A quieter question', 'shown');
  const pinned = await makeItem(hub, event.id, 'The pinned question', 'shown');
  await makeItem(hub, event.id, 'Pending, not on screen');
  await hub.database.db.update(eventItems).set({ pinned: true }).where(eq(eventItems.id, pinned.id));
  await hub.database.db.insert(itemVotes).values({ itemId: low.id, delegateId: await makeDelegate(hub, event.id) });
  const page = await coordinator.browser.get(`/events/${event.id}/present`);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.indexOf('The pinned question') < page.body.indexOf('A quieter question'));
  assert.doesNotMatch(page.body, /Pending, not on screen/);
  assert.match(page.body, new RegExp(event.joinCode));
  assert.match(page.body, /<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(page.body, /data-slot="polls"/);
  assert.match(page.body, /<span data-delegates>0<\/span> connected/);
  assert.match(page.body, /src="\/assets\/present.js"/);
  assert.doesNotMatch(page.body, /<script>(?!<)/, 'no inline script');
  const fragment = await coordinator.browser.get(`/events/${event.id}/present?fragment=screen`);
  assert.doesNotMatch(fragment.body, /<html/);
  for (const asset of ['live.js', 'present.js', 'present.css']) {
    assert.equal((await hub.app.inject({ url: `/assets/${asset}` })).statusCode, 200, asset);
  }
});

/** The frames of a stream once `count` updates arrived (or it ended, or the time ran out); then stops reading. */
async function readEvents(response: Response, count: number, timeoutMs = 5000) {
  const stream = readSse(response);
  const frames = await stream.collect((seen) => updatesOf(seen).length >= count, timeoutMs);
  await stream.close();
  return frames;
}

test('live stream: an update arrives with an id; reconnecting with Last-Event-ID replays only later ones; delegates never see pending text', async (t) => {
  const { hub, coordinator, event } = await setup(t);
  const base = await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const cookie = coordinator.browser.cookieHeader;

  const first = await fetch(`${base}/events/${event.id}/live`, { headers: { cookie } });
  assert.equal(first.status, 200);
  assert.match(String(first.headers.get('content-type')), /^text\/event-stream/);
  const item = await makeItem(hub, event.id, 'Secret pending words');
  const delegateStream = await fetch(`${base}/e/${event.joinCode}/live`);
  assert.equal(delegateStream.status, 200);
  publishEventChange(hub.database.db, event.id, { type: 'item', itemId: item.id, action: 'new' });
  const [update] = await readEvents(first, 1);
  assert.ok(update?.id && update.id > 0, 'an update with an id');
  const withoutPresence = (data: unknown) =>
    (data as { changes: { type: string }[] }).changes.filter((c) => c.type !== 'presence');
  assert.deepEqual(withoutPresence(update.data), [{ type: 'item', itemId: item.id, action: 'new' }]);
  assert.equal(hub.app.live.count(event.id, 'delegate'), 1, 'the delegate is counted while connected');
  const forDelegates = (await readEvents(delegateStream, 1, 1000)).filter((e) => e.event === 'update');
  for (let i = 0; i < 50 && hub.app.live.count(event.id, 'delegate') > 0; i++)
    await new Promise((r) => setTimeout(r, 20));
  assert.equal(hub.app.live.count(event.id, 'delegate'), 0, 'a delegate who goes is no longer counted');
  // A pending item is nothing the room may see: delegates are sent no frame at all for it.
  assert.deepEqual(forDelegates, []);

  // Two more updates while "disconnected"; several votes in one (vote) tick coalesce to one row.
  for (let i = 0; i < 5; i++)
    publishEventChange(hub.database.db, event.id, { type: 'vote', itemId: item.id, votes: i });
  await new Promise((r) => setTimeout(r, VOTE_TICK_MS + 200));
  publishEventChange(hub.database.db, event.id, { type: 'item', itemId: item.id, action: 'approve' });
  await new Promise((r) => setTimeout(r, 200));

  const resumed = await fetch(`${base}/events/${event.id}/live`, {
    headers: { cookie, 'last-event-id': String(update.id) },
  });
  // (The delegate leaving is announced too, as a presence-only update: not counted here.)
  const replay = (await readEvents(resumed, 3, 1500)).filter(
    (e) => e.event === 'update' && withoutPresence(e.data).length > 0,
  );
  const ids = replay.map((e) => e.id!);
  assert.equal(ids.length, 2, JSON.stringify(replay));
  assert.ok(
    ids.every((id) => id > update.id!),
    'only later updates',
  );
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => a - b),
  );
  assert.deepEqual(withoutPresence(replay[0]!.data), [{ type: 'vote', itemId: item.id, votes: 4 }]);

  // ?after= does the same; once approved, the delegate's view carries the item's text (from its current state).
  await hub.database.db.update(eventItems).set({ state: 'shown' }).where(eq(eventItems.id, item.id));
  const viaQuery = await readEvents(await fetch(`${base}/e/${event.joinCode}/live?after=${update.id}`), 3, 1500);
  const delegateChanges = viaQuery.flatMap((e) => (e.data as { changes: { type: string; body?: string }[] }).changes);
  assert.ok(
    delegateChanges.some((c) => c.body === 'Secret pending words'),
    JSON.stringify(viaQuery),
  );
  assert.ok(
    delegateChanges.every((c) => c.type !== 'presence'),
    'moderators-only changes are not sent to delegates',
  );

  // Signed out, the moderators' stream is refused; an unknown code is 404.
  assert.equal((await fetch(`${base}/events/${event.id}/live`, { redirect: 'manual' })).status, 303);
  assert.equal((await fetch(`${base}/e/NOSUCH/live`)).status, 404);
  const rows = await hub.database.db.select().from(eventUpdates).where(eq(eventUpdates.eventId, event.id));
  assert.ok(rows.length >= 3);
});

test('live stream ends when the event closes, and a closed event’s stream replays then ends', async (t) => {
  const { hub, coordinator, event } = await setup(t);
  const base = await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const stream = await fetch(`${base}/e/${event.joinCode}/live`);
  publishEventChange(hub.database.db, event.id, { type: 'event', status: 'closed' });
  const events1 = await readEvents(stream, 5, 3000);
  assert.ok(
    events1.some((e) => e.event === 'closed'),
    JSON.stringify(events1),
  );
  await hub.database.db.update(events).set({ status: 'closed' }).where(eq(events.id, event.id));
  const late = await fetch(`${base}/events/${event.id}/live?after=0`, {
    headers: { cookie: coordinator.browser.cookieHeader },
  });
  const events2 = await readEvents(late, 5, 3000);
  assert.ok(events2.some((e) => e.event === 'update'));
  assert.equal(events2.at(-1)?.event, 'closed');
});
