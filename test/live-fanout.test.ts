import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { HttpSession, setupCodeOf, signInThroughPages, startHubProcess, type HubProcess } from './process.ts';
import { createScratchDatabase } from './helpers.ts';
import { readSse, type SseFrame } from './sse.ts';

// Fan-out across Hub instances goes through PostgreSQL's LISTEN/NOTIFY: PostgreSQL only.
const skip = process.env.DATABASE_URL ? false : 'needs PostgreSQL (set DATABASE_URL): fan-out uses LISTEN/NOTIFY';

type Change = { body?: string };

/** Reads a stream until `enough` holds (or 10 seconds pass), then closes it. */
async function readUntil(response: Response, enough: (frames: SseFrame[]) => boolean) {
  const stream = readSse(response);
  const frames = await stream.collect(enough, 10_000);
  await stream.close();
  return frames;
}

const bodies = (frames: SseFrame[]) =>
  frames
    .flatMap((f) => (f.data as { changes?: Change[] } | undefined)?.changes ?? [])
    .map((c) => c.body)
    .filter(Boolean);

test(
  'an update made on one Hub reaches a delegate connected to another, once, and resumes by Last-Event-ID there',
  { skip },
  async (t) => {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL!);
    const target = new URL(scratch.url);

    const hubs: HubProcess[] = [];
    const db = new pg.Client({ connectionString: target.toString() });
    db.on('error', () => {});
    t.after(async () => {
      await db.end().catch(() => {});
      for (const hub of hubs) hub.child.kill('SIGTERM');
      await Promise.all(hubs.map((h) => h.exited));
      await scratch.drop();
    });
    const env = () => ({
      DATABASE_URL: target.toString(),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-fanout-')),
      SESSION_SECRET: 'fan-out-test-secret-fan-out-test-secret',
    });
    hubs.push(await startHubProcess(env()));
    hubs.push(await startHubProcess(env()));
    const [a, b] = hubs as [HubProcess, HubProcess];

    // Set up on A and sign in there.
    const session = new HttpSession(a.url);
    await session.request('GET', '/setup');
    const setUp = await session.request('POST', '/setup', {
      setupCode: setupCodeOf(a),
      partnershipName: 'Fan-out partnership',
      name: 'Ada Example',
      email: 'ada@example.org',
      password: 'a long enough password',
    });
    assert.equal(setUp.status, 303);
    const signIn = new HttpSession(a.url);
    assert.equal((await signInThroughPages(signIn, 'ada@example.org', 'a long enough password')).status, 303);

    // An open event with two pending questions, written straight into the database.
    await db.connect();
    const code = `F${randomBytes(3)
      .toString('hex')
      .toUpperCase()
      .replace(/[^A-Z2-9]/g, 'Z')}`;
    type Row = { id: number };
    const one = async (sql: string, values: unknown[] = []) => (await db.query<Row>(sql, values)).rows[0]!;
    const account = await one('select id from accounts order by id limit 1');
    const event = await one(
      `insert into events (title, kind, held_on, join_code, created_by, status) values ('Fan-out forum', 'qa_panel', '2026-11-23', $1, $2, 'open') returning id`,
      [code, account.id],
    );
    const delegate = await one(`insert into delegates (event_id, token_hash) values ($1, 'x') returning id`, [
      event.id,
    ]);
    const insertItem = async (body: string) =>
      (
        await one(
          `insert into event_items (event_id, delegate_id, body, original_body) values ($1, $2, $3, $3) returning id`,
          [event.id, delegate.id, body],
        )
      ).id;
    const first = await insertItem('Question approved on instance A');
    const second = await insertItem('A second question, approved later');

    // A delegate listens on B; a moderator approves on A.
    const stream = await fetch(`${b.url}/e/${code}/live`);
    assert.equal(stream.status, 200);
    await new Promise((r) => setTimeout(r, 300));
    // The presenter's screen on A counts the delegate connected to B.
    const screen = await signIn.request('GET', `/events/${event.id}/present`);
    assert.match(screen.body, /<span data-delegates>1<\/span> connected/);
    await signIn.request('GET', `/events/${event.id}/moderate`);
    assert.equal((await signIn.request('POST', `/events/${event.id}/items/${first}/approve`, {})).status, 303);
    const received = await readUntil(stream, (events) => bodies(events).includes('Question approved on instance A'));
    const updates = received.filter((e) => e.event === 'update');
    assert.ok(bodies(updates).includes('Question approved on instance A'), `B received: ${JSON.stringify(received)}`);
    const seenId = updates.find((e) => bodies([e]).length)!.id!;
    assert.ok(seenId > 0);
    assert.equal(new Set(updates.map((u) => u.id)).size, updates.length, 'no update twice');

    // While the delegate is away, a second approval on A; reconnecting to B resumes after the last id seen.
    assert.equal((await signIn.request('POST', `/events/${event.id}/items/${second}/approve`, {})).status, 303);
    await new Promise((r) => setTimeout(r, 500));
    const resumed = await fetch(`${b.url}/e/${code}/live`, { headers: { 'last-event-id': String(seenId) } });
    const replay = await readUntil(resumed, (events) => bodies(events).includes('A second question, approved later'));
    const replayed = replay.filter((e) => e.event === 'update');
    assert.ok(
      replayed.every((e) => e.id! > seenId),
      'only later updates',
    );
    assert.ok(bodies(replayed).includes('A second question, approved later'));
    assert.ok(!bodies(replayed).includes('Question approved on instance A') || replayed.every((e) => e.id! > seenId));
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from event_updates where event_id = $1', [
      event.id,
    ]);
    assert.ok(rows[0]!.n >= 2);
  },
);
