import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import { Browser, buildTestHub, createUser, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { delegates, eventItems, events, itemVotes } from './events.tables.ts';
import { newJoinCode } from './events.service.ts';
import { AttemptCounter } from '../../auth/attempts.ts';
import { DELEGATE_LIMIT_MESSAGE, UNKNOWN_CODE } from './delegate.routes.ts';
import { ITEMS_PER_DELEGATE_PER_MINUTE } from './delegate-doors.ts';

/** An event straight in the database: delegate tests need no coordinator signing in. */
async function openEvent(hub: TestHub, options: Partial<typeof events.$inferInsert> = {}) {
  const owner = await createUser(hub, 'coordinator');
  const [event] = await hub.database.db
    .insert(events)
    .values({
      title: 'Partnership conference',
      kind: 'conference',
      heldOn: '2026-06-30',
      joinCode: newJoinCode(),
      status: 'open',
      premoderation: false,
      createdBy: owner.accountId,
      ...options,
    })
    .returning();
  return event!;
}

/** A phone with no account: it never signs in. */
async function delegate(hub: TestHub, code: string, app: App = hub.app) {
  const browser = new Browser(app);
  const page = await browser.get(`/e/${code}`);
  assert.equal(page.statusCode, 200);
  return browser;
}

const itemsOf = (hub: TestHub, eventId: number) =>
  hub.database.db.select().from(eventItems).where(eq(eventItems.eventId, eventId)).orderBy(eventItems.id);
const votesFor = async (hub: TestHub, itemId: number) =>
  (await hub.database.db.select().from(itemVotes).where(eq(itemVotes.itemId, itemId))).length;

test('a delegate joins by code, typed in any case and with spaces; an unknown or closed code is explained', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const event = await openEvent(hub);
  const phone = new Browser(hub.app);
  const join = await phone.get('/join');
  assert.equal(join.statusCode, 200);
  assert.match(join.body, /Event code/);

  const typed = ` ${event.joinCode.slice(0, 3).toLowerCase()} ${event.joinCode.slice(3).toLowerCase()} `;
  const joined = await phone.post('/join', { code: typed });
  assert.equal(joined.statusCode, 303);
  assert.equal(joined.headers.location, `/e/${event.joinCode}`);
  const page = await phone.get(`/e/${event.joinCode}`);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes(event.title));
  assert.match(page.body, /Send a question or a comment/);
  assert.match(page.body, /do not store your IP address/);

  // A lower-case link goes to the one address of the event.
  const lower = await phone.get(`/e/${event.joinCode.toLowerCase()}`);
  assert.equal(lower.statusCode, 303);
  assert.equal(lower.headers.location, `/e/${event.joinCode}`);

  await phone.get('/join');
  const unknown = await phone.post('/join', { code: 'NOSUCH' });
  assert.equal(unknown.statusCode, 400);
  assert.ok(unknown.body.includes(UNKNOWN_CODE));
  assert.match(unknown.body, /govuk-error-summary/);
  const empty = await phone.post('/join', { code: '' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Enter the event code/);

  const draft = await openEvent(hub, { status: 'draft' });
  assert.equal((await phone.post('/join', { code: draft.joinCode })).statusCode, 400);
  assert.equal((await phone.get(`/e/${draft.joinCode}`)).statusCode, 404);
  const closed = await openEvent(hub, { status: 'closed' });
  assert.ok((await phone.post('/join', { code: closed.joinCode })).body.includes(UNKNOWN_CODE));
  assert.equal((await phone.get('/e/NOSUCH')).statusCode, 404);

  const privacy = await phone.get(`/e/${event.joinCode}/privacy`);
  assert.equal(privacy.statusCode, 200);
  assert.match(privacy.body, /IP address/);
  assert.match(privacy.body, /cookie/);
});

test('delegates send anonymous and named items; pre-moderation and filter words hold them back', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const open = await openEvent(hub, { premoderation: false, filterWords: ['bomb'] });
  const phone = await delegate(hub, open.joinCode);

  const sent = await phone.post(`/e/${open.joinCode}/items`, { kind: 'question', body: 'How do schools take part?' });
  assert.equal(sent.statusCode, 303);
  assert.match(String(sent.headers.location), /done=shown/);
  await phone.post(`/e/${open.joinCode}/items`, { kind: 'comment', body: 'Great panel', displayName: 'Amira' });
  await phone.post(`/e/${open.joinCode}/items`, { kind: 'question', body: 'What about the BOMB threat?' });

  const items = await itemsOf(hub, open.id);
  assert.equal(items.length, 3);
  assert.equal(items[0]!.displayName, null, 'anonymous by default');
  assert.equal(items[0]!.state, 'shown');
  assert.equal(items[0]!.originalBody, 'How do schools take part?');
  assert.equal(items[1]!.displayName, 'Amira');
  assert.equal(items[1]!.kind, 'comment');
  assert.equal(items[2]!.state, 'pending');
  assert.equal(items[2]!.filterMatched, true);
  assert.equal(new Set(items.map((i) => i.delegateId)).size, 1, 'one delegate for one phone');
  assert.equal((await hub.database.db.select().from(delegates).where(eq(delegates.eventId, open.id))).length, 1);

  // The sender sees their held item as waiting; another delegate never sees it.
  const own = await phone.get(`/e/${open.joinCode}`);
  assert.match(own.body, /Waiting for moderation/);
  assert.match(own.body, /What about the BOMB threat\?/);
  const other = await delegate(hub, open.joinCode);
  const theirs = (await other.get(`/e/${open.joinCode}`)).body;
  assert.match(theirs, /How do schools take part\?/);
  assert.match(theirs, /Amira/);
  assert.doesNotMatch(theirs, /BOMB/);
  assert.doesNotMatch(theirs, /moderat(e|ion) (questions|queue)|\/moderate/i);

  // Pre-moderation on: everything waits.
  const moderated = await openEvent(hub, { premoderation: true });
  const phone2 = await delegate(hub, moderated.joinCode);
  const held = await phone2.post(`/e/${moderated.joinCode}/items`, {
    kind: 'question',
    body: 'Is this checked first?',
  });
  assert.match(String(held.headers.location), /done=pending/);
  const [item] = await itemsOf(hub, moderated.id);
  assert.equal(item!.state, 'pending');
  assert.equal(item!.filterMatched, false);
  assert.doesNotMatch(
    (await (await delegate(hub, moderated.joinCode)).get(`/e/${moderated.joinCode}`)).body,
    /Is this checked first/,
  );

  // A hidden item stays "waiting" to its sender and invisible to everyone else.
  await hub.database.db.update(eventItems).set({ state: 'hidden' }).where(eq(eventItems.id, item!.id));
  const mine = (await phone2.get(`/e/${moderated.joinCode}`)).body;
  assert.match(mine, /Waiting for moderation/);
  assert.doesNotMatch(mine, /govuk-tag[^>]*>\s*Hidden/i);

  // Too long, or empty: GOV.UK errors, nothing stored.
  const long = await phone.post(`/e/${open.joinCode}/items`, { kind: 'question', body: 'x'.repeat(501) });
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /must be 500 characters or fewer/);
  const blank = await phone.post(`/e/${open.joinCode}/items`, { kind: 'question', body: '   ' });
  assert.equal(blank.statusCode, 400);
  assert.match(blank.body, /Enter your question or comment/);
  assert.equal((await itemsOf(hub, open.id)).length, 3);
});

test('one vote per delegate per item, only on shown items of the same event', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const event = await openEvent(hub);
  const other = await openEvent(hub);
  const author = await delegate(hub, event.joinCode);
  await author.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'First question' });
  await author.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'Second question' });
  await author.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'Held question' });
  const [first, second, held] = await itemsOf(hub, event.id);
  await hub.database.db.update(eventItems).set({ state: 'pending' }).where(eq(eventItems.id, held!.id));

  const voter = await delegate(hub, event.joinCode);
  const voted = await voter.post(`/e/${event.joinCode}/items/${second!.id}/vote`);
  assert.equal(voted.statusCode, 303);
  assert.equal(
    (await voter.post(`/e/${event.joinCode}/items/${second!.id}/vote`)).statusCode,
    303,
    'a second vote is harmless',
  );
  assert.equal(await votesFor(hub, second!.id), 1, 'and does not count twice');
  const page = (await voter.get(`/e/${event.joinCode}`)).body;
  assert.match(page, /You voted for this/);
  assert.ok(page.indexOf('Second question') < page.indexOf('First question'), 'most votes first');
  const byTime = (await voter.get(`/e/${event.joinCode}?sort=time`)).body;
  assert.ok(byTime.indexOf('Second question') < byTime.indexOf('First question'));
  await hub.database.db.update(eventItems).set({ state: 'answered' }).where(eq(eventItems.id, second!.id));
  await (await delegate(hub, event.joinCode)).post(`/e/${event.joinCode}/items/${first!.id}/vote`);
  await (await delegate(hub, event.joinCode)).post(`/e/${event.joinCode}/items/${first!.id}/vote`);
  const sorted = (await voter.get(`/e/${event.joinCode}`)).body;
  assert.ok(sorted.indexOf('First question') < sorted.indexOf('Second question'), 'two votes beat one');
  assert.match(sorted, /Answered/);

  // Not on held or hidden items, nor across events, nor one's own.
  assert.equal((await voter.post(`/e/${event.joinCode}/items/${held!.id}/vote`)).statusCode, 404);
  await hub.database.db.update(eventItems).set({ state: 'hidden' }).where(eq(eventItems.id, held!.id));
  assert.equal((await voter.post(`/e/${event.joinCode}/items/${held!.id}/vote`)).statusCode, 404);
  assert.equal(await votesFor(hub, held!.id), 0);
  const outsider = await delegate(hub, other.joinCode);
  assert.equal((await outsider.post(`/e/${other.joinCode}/items/${first!.id}/vote`)).statusCode, 404);
  await author.get(`/e/${event.joinCode}`);
  await author.post(`/e/${event.joinCode}/items/${first!.id}/vote`);
  assert.equal(await votesFor(hub, first!.id), 2, 'no vote for your own question');
});

test('a delegate sending too fast is told to wait', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const event = await openEvent(hub);
  const phone = await delegate(hub, event.joinCode);
  for (let i = 0; i < ITEMS_PER_DELEGATE_PER_MINUTE; i += 1) {
    assert.equal(
      (await phone.post(`/e/${event.joinCode}/items`, { kind: 'comment', body: `Comment ${i}` })).statusCode,
      303,
    );
  }
  const refused = await phone.post(`/e/${event.joinCode}/items`, { kind: 'comment', body: 'One too many' });
  assert.equal(refused.statusCode, 400);
  assert.ok(refused.body.includes(DELEGATE_LIMIT_MESSAGE.replaceAll("'", '&#39;')));
  assert.match(refused.body, /One too many/, 'what they typed is kept');
  assert.equal((await itemsOf(hub, event.id)).length, ITEMS_PER_DELEGATE_PER_MINUTE);
  // Another phone is not held up.
  const other = await delegate(hub, event.joinCode);
  assert.equal((await other.post(`/e/${event.joinCode}/items`, { kind: 'comment', body: 'Mine' })).statusCode, 303);

  const limiter = new AttemptCounter(2, 60_000);
  const start = Date.now();
  limiter.record('e1', start);
  limiter.record('e1', start + 1_000);
  assert.equal(limiter.isBlocked('e1', start + 2_000), true);
  assert.equal(limiter.isBlocked('e1', start + 61_000), false, 'the window slides');
});

test('a closed event or paused submissions refuse new items and votes with a clear message', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const event = await openEvent(hub);
  const phone = await delegate(hub, event.joinCode);
  await phone.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'Before the pause' });
  const [item] = await itemsOf(hub, event.id);

  await hub.database.db.update(events).set({ submissionsOpen: false }).where(eq(events.id, event.id));
  const paused = await phone.get(`/e/${event.joinCode}`);
  assert.match(paused.body, /paused/);
  assert.doesNotMatch(paused.body, /action="[^"]*\/items"/);
  const pausedPost = await phone.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'During the pause' });
  assert.equal(pausedPost.statusCode, 400);
  assert.match(pausedPost.body, /paused/);
  const voter = await delegate(hub, event.joinCode);
  assert.equal(
    (await voter.post(`/e/${event.joinCode}/items/${item!.id}/vote`)).statusCode,
    303,
    'voting carries on while paused',
  );

  await hub.database.db.update(events).set({ status: 'closed', closedAt: new Date() }).where(eq(events.id, event.id));
  const closed = await phone.get(`/e/${event.joinCode}`);
  assert.equal(closed.statusCode, 200);
  assert.match(closed.body, /This event has closed/);
  assert.doesNotMatch(closed.body, /<form method="post" action="\/e\//);
  const refused = await phone.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'After closing' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /This event has closed. It no longer takes questions, comments or votes./);
  const vote = await (await delegate(hub, event.joinCode)).post(`/e/${event.joinCode}/items/${item!.id}/vote`);
  assert.equal(vote.statusCode, 400);
  assert.match(vote.body, /This event has closed/);
  assert.equal((await itemsOf(hub, event.id)).length, 1);
  assert.equal(await votesFor(hub, item!.id), 1);
  assert.doesNotMatch(
    closed.body,
    /Before the pause<\/p>\s*<p class="govuk-body-s/,
    'the shown list is for signed-in users once closed',
  );
});

test('THE ANONYMITY TEST: nothing in the database ties what delegates sent to their IP address, browser or account', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const USER_AGENT = 'DelegatePhone/1.0';
  const IP = '127.0.0.1';
  // Every request from these phones carries a distinctive user agent; inject sends from 127.0.0.1.
  const phoneApp = {
    inject: (options: { headers?: Record<string, string> }) =>
      hub.app.inject({
        ...options,
        headers: { ...options.headers, 'user-agent': USER_AGENT },
        remoteAddress: IP,
      } as never),
  } as unknown as App;

  const event = await openEvent(hub, { filterWords: ['hate'] });
  const moderated = await openEvent(hub, { premoderation: true });
  const phones = await Promise.all([1, 2, 3, 4].map(() => delegate(hub, event.joinCode, phoneApp)));
  for (const [n, phone] of phones.entries()) {
    await phone.post(`/e/${event.joinCode}/items`, { kind: 'question', body: `Question from phone ${n}` });
    await phone.post(`/e/${event.joinCode}/items`, {
      kind: 'comment',
      body: `Comment ${n}`,
      displayName: n === 0 ? 'Sam' : undefined,
    });
  }
  await phones[1]!.post(`/e/${event.joinCode}/items`, { kind: 'question', body: 'Why the hate?' });
  for (const item of await itemsOf(hub, event.id)) {
    for (const phone of phones) await phone.post(`/e/${event.joinCode}/items/${item.id}/vote`);
  }
  const other = await delegate(hub, moderated.joinCode, phoneApp);
  await other.post(`/e/${moderated.joinCode}/items`, { kind: 'question', body: 'Held' });
  await phones[0]!.post('/join', { code: event.joinCode.toLowerCase() });

  assert.ok((await hub.database.db.select().from(delegates)).length >= 5, 'the session happened');
  assert.ok((await hub.database.db.select().from(itemVotes)).length > 10);

  const columnsResult: unknown = await hub.database.db.execute(
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const columns = columnsResult as { rows: { table_name: string; column_name: string }[] };
  const tables = new Map<string, string[]>();
  for (const { table_name, column_name } of columns.rows)
    tables.set(table_name, [...(tables.get(table_name) ?? []), column_name]);
  assert.ok(tables.has('delegates') && tables.has('event_items') && tables.has('item_votes'));

  for (const table of ['delegates', 'event_items', 'item_votes']) {
    for (const column of tables.get(table)!) {
      assert.doesNotMatch(
        column,
        /ip|addr|user_?agent|browser|account|email|person|session/i,
        `${table}.${column} must not exist`,
      );
    }
  }
  assert.deepEqual(tables.get('delegates'), ['id', 'event_id', 'token_hash', 'joined_at']);

  for (const [table, names] of tables) {
    const dumpResult: unknown = await hub.database.db.execute(
      sql.raw(`select * from "${table.replaceAll('"', '""')}"`),
    );
    const dump = dumpResult as { rows: Record<string, unknown>[] };
    for (const row of dump.rows) {
      for (const name of names) {
        const value = row[name] instanceof Date ? row[name].toISOString() : JSON.stringify(row[name] ?? null);
        assert.ok(!value.includes(IP), `${table}.${name} holds the delegates' IP address`);
        assert.ok(!value.includes(USER_AGENT), `${table}.${name} holds the delegates' user agent`);
        assert.ok(!value.includes('DelegatePhone'), `${table}.${name} holds the delegates' user agent`);
      }
    }
  }

  // The cookie token itself is not stored, only its hash.
  const cookie = /hub_delegate_\d+=([^;]+)/.exec(phones[0]!.cookieHeader)![1]!;
  // The signed cookie is "<token>.<signature>"; the token itself is "<join code>.<random>".
  const token = decodeURIComponent(cookie).replace(/\.[^.]+$/, '');
  assert.ok(token.startsWith(`${event.joinCode}.`) && token.length > 30);
  const stored = await hub.database.db
    .select()
    .from(delegates)
    .where(and(eq(delegates.eventId, event.id), eq(delegates.tokenHash, token)));
  assert.equal(stored.length, 0);
  const rows = await hub.database.db.select().from(delegates);
  for (const row of rows) assert.deepEqual(Object.keys(row).sort(), ['eventId', 'id', 'joinedAt', 'tokenHash']);
});

test('everyone who has just joined shares one render of the page, each with a form token of their own; a change shows at once', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const event = await openEvent(hub);
  const first = new Browser(hub.app);
  const second = new Browser(hub.app);
  const [a, b] = [await first.get(`/e/${event.joinCode}`), await second.get(`/e/${event.joinCode}`)];
  const tokenOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
  assert.ok(tokenOf(a.body) && tokenOf(b.body));
  assert.notEqual(tokenOf(a.body), tokenOf(b.body), 'each copy carries its own token');
  assert.doesNotMatch(a.body + b.body, /csrf-slot-/, 'no copy shows the slot the token goes in');
  assert.equal(a.headers['cache-control'], 'no-store');
  // The live stream resumes from the update the shared render saw.
  assert.match(a.body, new RegExp(`data-live-stream="/e/${event.joinCode}/live\\?after=\\d+"`));

  // Each token works for its own browser only.
  const sent = await first.post(`/e/${event.joinCode}/items`, {
    kind: 'question',
    body: 'Who runs the Channel panel?',
  });
  assert.equal(sent.statusCode, 303);
  const forged = await second.post(
    `/e/${event.joinCode}/items`,
    { kind: 'question', body: 'Sent with the other phone’s token' },
    { csrf: tokenOf(a.body)! },
  );
  assert.equal(forged.statusCode, 403);

  // The question is shown (no pre-moderation): the next newcomer sees it without waiting.
  const third = await new Browser(hub.app).get(`/e/${event.joinCode}`);
  assert.match(third.body, /Who runs the Channel panel\?/);
  // The sender has taken part: their page is their own (their question listed as theirs).
  const own = await first.get(`/e/${event.joinCode}`);
  assert.match(own.body, /Your questions and comments/);
  assert.doesNotMatch(third.body, /Your questions and comments/);
});
