/*
 * THE ANONYMITY TEST, the log half (the database half is in src/modules/events/delegate.test.ts).
 * Delegates are told "we do not store your IP address". A real listening Hub, its log captured at
 * `info` and at `debug`, serves a whole delegate session over real sockets from its own loopback
 * address (127.0.0.2, so the client's address cannot be confused with the server's own), and a
 * coordinator's session beside it; then the log is read for anything that identifies someone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { buildApp, type App } from '../src/app.ts';
import { newJoinCode } from '../src/modules/events/events.service.ts';
import { eventItems, events, itemVotes, pollResponses, workshopAnswers } from '../src/modules/events/events.tables.ts';
import { createPoll, openPoll } from '../src/modules/events/polls.service.ts';
import { addQuestion, startQuestion } from '../src/modules/events/workshops.service.ts';
import { loggedError, refusal, withoutValues } from '../src/plugins/logging.ts';
import { FormError, NotFoundError } from '../src/errors.ts';
import {
  createTestDatabase,
  createUser,
  nextCode,
  TEST_PASSWORD,
  testConfig,
  withPartnership,
  type TestHub,
} from './helpers.ts';

const CLIENT_ADDRESS = '127.0.0.2';
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; DelegatePhone-7731) Mobile';
// Words nobody else would write, so finding them in the log can only mean a leak.
const QUESTION = 'Will the quokka referral pathway 4471 be funded?';
const POLL_ANSWER = 'Narwhal outreach in the library 5582';
const WORKSHOP_ANSWER = 'Capybara youth forum every month 6693';
const FAILING_TEXT = 'Ocelot parameter 7704';
const MISTYPED_CODE = 'QZXW88';

/** Everything the Hub logged, line by line. */
class CapturedLog {
  readonly text: string[] = [];
  write(line: string) {
    this.text.push(line);
  }
  get all() {
    return this.text.join('');
  }
  get lines(): Record<string, unknown>[] {
    return this.text
      .flatMap((chunk) => chunk.split('\n').filter(Boolean))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** The Hub as `npm start` runs it, but logging into `log` and listening on a loopback port. */
async function listeningHub(t: { after(fn: () => unknown): void }, level: 'info' | 'debug', log: CapturedLog) {
  const database = await createTestDatabase();
  const config = testConfig({ logLevel: level });
  const app = await buildApp({ config, db: database.db, pool: database.pool, logger: { level, stream: log } });
  const hub: TestHub = { app, database, config };
  addFailingRoute(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(async () => {
    await app.close();
    await database.close();
  });
  return { hub, origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/**
 * A signed-in page whose query fails in the database with the words it was sent, as a delegate's
 * question once did (DrizzleQueryError: "Failed query: … params: <the question>"): one cast that
 * Postgres refuses quoting the value, one insert whose "Failing row contains (…)" detail holds it.
 */
function addFailingRoute(app: App) {
  const body = Type.Object(
    { _csrf: Type.String(), text: Type.String(), how: Type.Union([Type.Literal('cast'), Type.Literal('insert')]) },
    { additionalProperties: false },
  );
  app.post('/failing-probe', { schema: { body } }, async (request) => {
    const { text, how } = request.body as { text: string; how: 'cast' | 'insert' };
    if (how === 'cast') await app.db.execute(sql`select ${text}::integer`);
    else
      await app.db
        .insert(eventItems)
        .values({ eventId: 2_000_000_000, kind: 'question', body: text } as typeof eventItems.$inferInsert);
    return 'not reached';
  });
}

interface Page {
  status: number;
  url: string;
  body: string;
}

/**
 * A phone's browser without JavaScript over a real socket from CLIENT_ADDRESS: keeps its cookies,
 * sends Origin and Referer as browsers do, posts the forms it is shown and follows redirects.
 */
class Phone {
  readonly cookies = new Map<string, string>();
  readonly ports = new Set<number>();
  private readonly agent = new http.Agent({ keepAlive: true, localAddress: CLIENT_ADDRESS });
  constructor(private readonly origin: string) {}

  close() {
    this.agent.destroy();
  }

  private send(
    method: 'GET' | 'POST',
    path: string,
    form?: URLSearchParams,
    referer?: string,
  ): Promise<Page & { location?: string }> {
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'text/html' };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (referer) headers.referer = referer;
    if (form) Object.assign(headers, { origin: this.origin, 'content-type': 'application/x-www-form-urlencoded' });
    return new Promise((resolve, reject) => {
      const request = http.request(new URL(path, this.origin), { method, headers, agent: this.agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          this.keep(response.headers['set-cookie'] ?? []);
          resolve({ status: response.statusCode!, url: path, body, location: response.headers.location });
        });
      });
      request.on('socket', (socket) => {
        if (socket.localPort) this.ports.add(socket.localPort);
        else socket.once('connect', () => this.ports.add(socket.localPort!));
      });
      request.on('error', reject);
      request.end(form?.toString());
    });
  }

  private keep(setCookies: string[]) {
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(';');
      const name = pair!.slice(0, pair!.indexOf('=')).trim();
      const value = pair!.slice(pair!.indexOf('=') + 1).trim();
      const expired = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private async follow(response: Page & { location?: string }): Promise<Page> {
    let current = response;
    for (let hops = 0; current.location && [301, 302, 303, 307].includes(current.status); hops += 1) {
      assert.ok(hops < 5, 'too many redirects');
      current = await this.send('GET', current.location, undefined, new URL(current.url, this.origin).href);
    }
    return current;
  }

  async get(path: string): Promise<Page> {
    return this.follow(await this.send('GET', path));
  }

  /** Fills and posts the form of `page` whose action matches, keeping its hidden fields. */
  async submit(page: Page, action: RegExp, fields: Record<string, string> = {}): Promise<Page> {
    const form = formsOf(page.body).find((f) => action.test(f.action));
    assert.ok(form, `no form posting to ${action} on ${page.url} (${page.status})`);
    const values = new URLSearchParams(form.hidden);
    for (const [name, value] of Object.entries(fields)) values.set(name, value);
    return this.follow(await this.send('POST', form.action, values, new URL(page.url, this.origin).href));
  }
}

const decode = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

function formsOf(html: string) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)]
    .filter(([, attributes]) => /method="post"/i.test(attributes!))
    .map(([, attributes, inner]) => ({
      action: decode(/action="([^"]*)"/.exec(attributes!)?.[1] ?? ''),
      hidden: [...inner!.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)].map(([input]): [string, string] => [
        decode(/name="([^"]*)"/.exec(input)?.[1] ?? ''),
        decode(/value="([^"]*)"/.exec(input)?.[1] ?? ''),
      ]),
    }));
}

/** An open event with an open poll and a running workshop question, set up by its coordinator. */
async function eventInProgress(hub: TestHub) {
  await withPartnership(hub);
  const coordinator = await createUser(hub, 'coordinator');
  const [event] = await hub.database.db
    .insert(events)
    .values({
      title: 'Community conference',
      kind: 'conference',
      heldOn: '2026-06-30',
      joinCode: newJoinCode(),
      status: 'open',
      premoderation: false,
      createdBy: coordinator.accountId,
    })
    .returning();
  const pollId = await createPoll(hub.database.db, event!.id, {
    question: 'What should the partnership do next?',
    kind: 'open_text',
    results: 'live',
  });
  await openPoll(hub.database.db, event!.id, pollId);
  const questionId = await addQuestion(hub.database.db, event!.id, {
    text: 'Where do young people meet?',
    minutes: 10,
  });
  await startQuestion(hub.database.db, event!.id, questionId);
  return { event: event!, coordinator, pollId, questionId };
}

for (const level of ['info', 'debug'] as const) {
  test(`at log level ${level}, a whole delegate session leaves no address, port, user agent, token, join code, id in a path or words typed in the log`, async (t) => {
    const log = new CapturedLog();
    const { hub, origin } = await listeningHub(t, level, log);
    const { event, coordinator, pollId, questionId } = await eventInProgress(hub);
    const code = event.joinCode;
    const asker = new Phone(origin);
    const voter = new Phone(origin);
    const staff = new Phone(origin);
    t.after(() => [asker, voter, staff].forEach((p) => p.close()));

    // The asker joins by typing the code, asks, answers the poll and the workshop question.
    const joined = await asker.submit(await asker.get('/join'), /^\/join$/, { code: code.toLowerCase() });
    assert.equal(joined.status, 200, 'joined the event');
    assert.match(joined.body, /Send a question or a comment/);
    const asked = await asker.submit(joined, new RegExp(`^/e/${code}/items$`), { kind: 'question', body: QUESTION });
    assert.equal(asked.status, 200);
    assert.ok(asked.body.includes(QUESTION.replace(/'/g, '&#39;')), 'the question is shown');
    await asker.get(`/e/${code}/privacy`);
    const polled = await asker.submit(await asker.get(`/e/${code}/polls`), new RegExp(`/polls/${pollId}/responses$`), {
      text: POLL_ANSWER,
    });
    assert.equal(polled.status, 200);
    const answered = await asker.submit(
      await asker.get(`/e/${code}/workshop`),
      new RegExp(`/workshop/${questionId}/answers$`),
      { body: WORKSHOP_ANSWER },
    );
    assert.equal(answered.status, 200);

    // Another phone opens the event's address and votes for the question.
    const [item] = await hub.database.db.select().from(eventItems).where(eq(eventItems.eventId, event.id));
    assert.equal(item?.body, QUESTION);
    const voted = await voter.submit(await voter.get(`/e/${code}`), new RegExp(`/items/${item.id}/vote$`));
    assert.equal(voted.status, 200);
    assert.equal(
      (await voter.get(`/e/${code.toLowerCase()}`)).status,
      200,
      'a lower-case address redirects to the event',
    );
    assert.equal((await voter.get(`/e/${MISTYPED_CODE}`)).status, 404);

    assert.equal(
      (await hub.database.db.select().from(itemVotes).where(eq(itemVotes.itemId, item.id))).length,
      1,
      'the vote counted',
    );
    assert.equal(
      (await hub.database.db.select().from(pollResponses).where(eq(pollResponses.pollId, pollId)))[0]?.text,
      POLL_ANSWER,
    );
    assert.equal(
      (await hub.database.db.select().from(workshopAnswers).where(eq(workshopAnswers.questionId, questionId)))[0]?.body,
      WORKSHOP_ANSWER,
    );

    // A coordinator signs in and opens the event; a page of theirs fails with the words it was sent.
    const signIn = await staff.submit(await staff.get('/sign-in'), /^\/sign-in/, {
      email: coordinator.email,
      password: TEST_PASSWORD,
    });
    assert.equal(signIn.status, 200, 'the password is right');
    const withCode = await staff.submit(signIn, /^\/sign-in\/code/, { code: await nextCode(coordinator.email) });
    assert.equal(withCode.status, 200, 'signed in with the authenticator app’s code');
    const eventPage = await staff.get(`/events/${event.id}`);
    assert.equal(eventPage.status, 200);
    assert.equal((await staff.get(`/events/${event.id}/no-such-page`)).status, 404);
    const probe = (how: string) =>
      staff.submit(
        {
          ...eventPage,
          body: `<form method="post" action="/failing-probe">${eventPage.body.match(/<input type="hidden" name="_csrf"[^>]*>/)![0]}</form>`,
        },
        /failing-probe/,
        { text: FAILING_TEXT, how },
      );
    assert.equal((await probe('cast')).status, 500);
    assert.equal((await probe('insert')).status, 500);
    // What the live updates' warnings log goes through the same serializer.
    const failure = await hub.database.db
      .execute(sql`select ${FAILING_TEXT}::integer`)
      .catch((error: unknown) => error);
    hub.app.log.warn({ err: failure }, 'live updates: could not write a change');

    const lines = log.lines;
    const text = log.all;
    const requests = lines.filter((line) => line.msg === 'request completed');

    // The log holds nothing that identifies a delegate or a signed-in person…
    const phones = [asker, voter, staff];
    const cookieValues = phones
      .flatMap((phone) => [...phone.cookies.values()])
      .flatMap((value) => [value, decodeURIComponent(value), decodeURIComponent(value).split('.')[0]!]);
    assert.ok(asker.cookies.size >= 1 && staff.cookies.size >= 1, 'cookies were set');
    const forbidden: [string, string][] = [
      [CLIENT_ADDRESS, 'the client address'],
      ['::ffff:', 'an IPv6-mapped address'],
      [USER_AGENT, 'the user agent'],
      ['DelegatePhone', 'the user agent'],
      [code, 'the join code'],
      [code.toLowerCase(), 'the join code as typed'],
      [MISTYPED_CODE, 'a mistyped join code'],
      [QUESTION, 'the question'],
      ['quokka', 'words of the question'],
      [POLL_ANSWER, 'the poll answer'],
      [WORKSHOP_ANSWER, 'the workshop answer'],
      [FAILING_TEXT, 'the words a failed query was sent'],
      ['Ocelot', 'words a failed query was sent'],
      [coordinator.email, "the coordinator's email"],
      [`/items/${item.id}`, 'an item id in a path'],
      [`/events/${event.id}`, 'an event id in a path'],
      [`/polls/${pollId}/`, 'a poll id in a path'],
      [`/workshop/${questionId}/`, 'a question id in a path'],
      ...cookieValues
        .filter((value) => value.length >= 8)
        .map((value): [string, string] => [value, 'a cookie value (delegate token, session, CSRF)']),
    ];
    for (const [needle, what] of forbidden) assert.ok(!text.includes(needle), `the log holds ${what}: ${needle}`);

    for (const line of lines.filter((line) => line.reqId !== undefined)) {
      assert.ok(
        !JSON.stringify(line).includes('127.0.0.'),
        `a request's line holds an address: ${JSON.stringify(line)}`,
      );
    }
    const keys = new Set(lines.flatMap((line) => allKeys(line)));
    for (const key of [
      'remoteAddress',
      'remotePort',
      'host',
      'url',
      'headers',
      'user-agent',
      'params',
      'detail',
      'where',
      'body',
    ]) {
      assert.ok(!keys.has(key), `the log has a "${key}" field`);
    }
    const clientPorts = phones.flatMap((phone) => [...phone.ports]);
    assert.ok(clientPorts.length >= 3, 'the phones connected from ports of their own');
    for (const port of clientPorts)
      assert.doesNotMatch(text, new RegExp(`(?<![0-9])${port}(?![0-9])`), `the log holds a client's port ${port}`);

    // …and is there, saying what a Hub's operator needs: method, route pattern, status, time.
    const seen = requests.map(
      (line) =>
        `${(line.req as { method: string }).method} ${(line.req as { route?: string }).route} ${(line.res as { statusCode: number }).statusCode}`,
    );
    for (const expected of [
      'GET /join 200',
      'POST /join 303',
      'GET /e/:code 200',
      'GET /e/:code 404',
      'POST /e/:code/items 303',
      'POST /e/:code/items/:itemId/vote 303',
      'GET /e/:code/polls 200',
      'POST /e/:code/polls/:pollId/responses 303',
      'POST /e/:code/workshop/:questionId/answers 303',
      'GET /e/:code/privacy 200',
      'POST /sign-in 303',
      'GET /events/:eventId 200',
      'POST /failing-probe 500',
    ]) {
      assert.ok(seen.includes(expected), `the log has "${expected}", has ${JSON.stringify(seen)}`);
    }
    assert.ok(requests.every((line) => typeof line.responseTime === 'number'));
    assert.ok(seen.includes('GET undefined 404'), 'an unknown URL is logged without its URL');
    assert.equal(
      lines.some((line) => line.msg === 'incoming request'),
      level === 'debug',
      'the incoming line only at debug',
    );

    const failed = lines.filter((line) => line.msg === 'request failed');
    assert.equal(failed.length, 2);
    for (const line of failed) {
      const err = line.err as ReturnType<typeof loggedError>;
      assert.equal(err.type, 'DrizzleQueryError');
      assert.match(err.query!, /\$1/, 'the SQL text is kept, with its placeholders');
      assert.match(err.cause!.code!, /^(22P02|23502)$/, 'and the SQLSTATE of the cause');
      assert.match(err.stack, /^DrizzleQueryError: Failed query\n\s+at /);
    }
    assert.ok(
      lines.some(
        (line) =>
          line.msg === 'live updates: could not write a change' &&
          (line.err as { cause?: { code?: string } }).cause?.code === '22P02',
      ),
    );
  });
}

const allKeys = (value: unknown): string[] =>
  value && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => [key, ...allKeys(inner)]) : [];

test('an error from the database is logged without its parameters, detail or the values Postgres quotes', async (t) => {
  const database = await createTestDatabase();
  t.after(() => database.close());
  const failing = async (run: () => Promise<unknown>) =>
    run().then(
      () => assert.fail('the query should fail'),
      (error: unknown) => error,
    );

  const outOfRange = loggedError(
    await failing(() => database.db.select().from(eventItems).where(eq(eventItems.id, 2147483648))),
  );
  const badInteger = loggedError(await failing(() => database.db.execute(sql`select ${FAILING_TEXT}::integer`)));
  const notNull = loggedError(
    await failing(() =>
      database.db
        .insert(eventItems)
        .values({ eventId: 1, kind: 'question', body: QUESTION } as typeof eventItems.$inferInsert),
    ),
  );
  const literal = loggedError(
    await failing(() => database.db.execute(sql.raw(`select 'Literal ${FAILING_TEXT}'::integer`))),
  );

  for (const [logged, code] of [
    [outOfRange, '22003'],
    [badInteger, '22P02'],
    [notNull, '23502'],
    [literal, '22P02'],
  ] as const) {
    const written = JSON.stringify(logged);
    for (const value of ['2147483648', FAILING_TEXT, 'Ocelot', QUESTION, 'quokka', 'params', 'Failing row']) {
      assert.ok(!written.includes(value), `${written} holds ${value}`);
    }
    assert.equal(logged.type, 'DrizzleQueryError');
    assert.equal(logged.message, 'Failed query');
    assert.equal(logged.cause?.code, code, 'the SQLSTATE stays');
    assert.ok(logged.stack.split('\n').length > 1, 'the stack stays');
  }
  assert.match(outOfRange.query!, /from "event_items" where "event_items"\."id" = \$1/, 'the SQL text stays');
  assert.equal(outOfRange.cause?.message, 'value "…" is out of range for type integer');
  assert.equal(notNull.cause?.table, 'event_items', 'schema names stay');
  assert.equal(notNull.cause?.column, 'delegate_id');
  assert.equal(literal.query, "select '…'::integer");
});

test('messages lose the values they quote, keep their words; refusals log their kind, not their words', () => {
  assert.equal(
    withoutValues('invalid input syntax for type integer: "a delegate\'s words"'),
    'invalid input syntax for type integer: "…"',
  );
  assert.equal(
    withoutValues("Failed query: select $1::integer\nparams: a delegate's words"),
    'Failed query: select $1::integer',
  );
  assert.equal(
    withoutValues(`Unexpected token 'x', "{ body: 'words" is not valid JSON`),
    `Unexpected token '…', "…" is not valid JSON`,
  );
  assert.equal(
    withoutValues('Stop the question running now (“Where do young people meet?”) first'),
    'Stop the question running now (“…”) first',
  );
  assert.equal(
    withoutValues("You don't have the partnership's permission"),
    "You don't have the partnership's permission",
    'apostrophes are not quotes',
  );

  assert.deepEqual(refusal(400, new FormError('body', `Your question “${QUESTION}” is too long`)), {
    status: 400,
    code: 'invalid-input',
    field: 'body',
  });
  assert.deepEqual(refusal(404, new NotFoundError('event')), { status: 404, code: 'not-found' });

  const withFields = Object.assign(new Error('no'), {
    code: 'E_HUB',
    params: [QUESTION],
    detail: QUESTION,
    body: { text: QUESTION },
    validation: [{ data: QUESTION }],
  });
  assert.deepEqual(Object.keys(loggedError(withFields)).sort(), ['code', 'message', 'stack', 'type']);
  assert.equal(loggedError('thrown text').message, 'a thrown value that is not an Error');
});
