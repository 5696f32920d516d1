/**
 * Live engagement under load: N delegates hold a live stream of one event; a question sent
 * by a delegate must reach all of them, then delegates pour votes in for a sustained period.
 * Compared with a bare Node SSE server broadcasting the same payload to the same N clients in
 * the same run. Server and load generator are pinned to different cores; every client must
 * receive every update exactly once, and every acknowledged vote must be in the database once.
 *   npm run bench:live -- --clients 1000 [--window 10000] [--vote-seconds 30] [--vote-rate 2000] [--database postgres] [--invalid 0.05]
 * With --invalid, that share of the vote requests is invalid (an id out of the integer range,
 * another event's item, a hidden item), interleaved with the valid ones: each must be refused
 * alone, and the valid votes' rate and p99 compared with a clean run.
 * With --database postgres the Hub runs on a scratch database of DATABASE_URL's server
 * (default postgres://postgres@127.0.0.1:5432/test), dropped afterwards. --profile <folder> writes a CPU
 * profile of the Hub there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { partnership } from '../src/modules/partnership/partnership.tables.ts';
import { people } from '../src/modules/organisations/organisations.tables.ts';
import { accounts } from '../src/modules/accounts/accounts.tables.ts';
import { delegates, eventItems, events } from '../src/modules/events/events.tables.ts';
import { createScratchDatabase } from '../test/helpers.ts';
import { freePort, startPinned, stop, type Health } from './processes.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '20' },
    gap: { type: 'string', default: '250' },
    window: { type: 'string', default: '10000' },
    'vote-seconds': { type: 'string', default: '30' },
    voters: { type: 'string', default: '1000' },
    items: { type: 'string', default: '200' },
    'in-flight': { type: 'string', default: '256' },
    // Votes offered per second; 0: as fast as the Hub answers (with in-flight requests at a time).
    'vote-rate': { type: 'string', default: '2000' },
    database: { type: 'string', default: 'pglite' },
    invalid: { type: 'string', default: '0' },
    // A folder for a CPU profile of the Hub (open it in Chrome's DevTools).
    profile: { type: 'string' },
  },
});
const clients = Number(values.clients);
const CODE = 'BENCH2';
const onPostgres = values.database === 'postgres';

type DatabaseTarget = { DATA_DIR: string; DATABASE_URL: string };

/** An open event without pre-moderation, and `items` shown questions to vote for. */
async function seed(target: DatabaseTarget, items: number): Promise<{ itemIds: number[]; invalidIds: number[] }> {
  const handle = await openDatabase({ databaseUrl: target.DATABASE_URL || undefined, dataDir: target.DATA_DIR });
  const db = handle.db;
  await db.insert(partnership).values({ id: 1, name: 'Benchmark partnership' });
  const [person] = await db.insert(people).values({ name: 'Bench Coordinator' }).returning();
  const [account] = await db
    .insert(accounts)
    .values({
      personId: person!.id,
      email: 'bench@example.org',
      role: 'coordinator',
      passwordHash: await hashPassword('bench password 1'),
    })
    .returning();
  const [event] = await db
    .insert(events)
    .values({
      title: 'Benchmark conference',
      kind: 'conference',
      heldOn: new Date().toISOString().slice(0, 10),
      status: 'open',
      joinCode: CODE,
      premoderation: false,
      createdBy: account!.id,
      openedAt: new Date(),
    })
    .returning();
  const [author] = await db.insert(delegates).values({ eventId: event!.id, tokenHash: 'bench-author' }).returning();
  const rows = await db
    .insert(eventItems)
    .values(
      Array.from({ length: items }, (_, i) => ({
        eventId: event!.id,
        delegateId: author!.id,
        body: `Question ${i + 1} to vote for`,
        originalBody: `Question ${i + 1} to vote for`,
        state: 'shown' as const,
      })),
    )
    .returning({ id: eventItems.id });
  // Targets of invalid votes: a hidden item of this event, a shown item of another event.
  const [hidden] = await db
    .insert(eventItems)
    .values({
      eventId: event!.id,
      delegateId: author!.id,
      body: 'Hidden question',
      originalBody: 'Hidden question',
      state: 'hidden',
    })
    .returning({ id: eventItems.id });
  const [other] = await db
    .insert(events)
    .values({
      title: 'Another event',
      kind: 'conference',
      heldOn: new Date().toISOString().slice(0, 10),
      status: 'open',
      joinCode: 'OTHER2',
      premoderation: false,
      createdBy: account!.id,
      openedAt: new Date(),
    })
    .returning();
  const [otherAuthor] = await db.insert(delegates).values({ eventId: other!.id, tokenHash: 'bench-other' }).returning();
  const [elsewhere] = await db
    .insert(eventItems)
    .values({
      eventId: other!.id,
      delegateId: otherAuthor!.id,
      body: 'Elsewhere',
      originalBody: 'Elsewhere',
      state: 'shown',
    })
    .returning({ id: eventItems.id });
  await handle.close();
  return {
    itemIds: rows.map((r) => r.id),
    // 2 ** 53: past the integers a double holds exactly (what 9007199254740993 reads as).
    invalidIds: [2_147_483_648, hidden!.id, elsewhere!.id, 2 ** 53],
  };
}

async function countVotes(target: DatabaseTarget) {
  const handle = await openDatabase({ databaseUrl: target.DATABASE_URL || undefined, dataDir: target.DATA_DIR });
  // Either driver's result has `rows`; the union of the two clients types it as unknown.
  const answer: unknown = await handle.db.execute(
    sql`select count(*)::int as n, count(distinct (item_id, delegate_id))::int as distinct_n from item_votes`,
  );
  const result = answer as { rows: { n: number; distinct_n: number }[] };
  await handle.close();
  return result.rows[0]!;
}

interface LoadResult {
  clients: number;
  joinErrors: number;
  stormMs: number;
  joinP50: number;
  joinP99: number;
  deliveries: number;
  missing: number;
  duplicates: number;
  p50: number;
  p99: number;
  votesWarmup: number;
  votesOffered: number;
  votesAccepted: number;
  votesNotSent: number;
  votesFailed: number;
  voteSeconds: number;
  votesPerSecond: number;
  invalidVotes: { sent: number; refused: number; wrong: number };
  voteP50: number;
  voteP99: number;
  seen: Record<string, Health>;
}

/** Runs the load generator on core 1, measuring the server between its phases. */
async function load(health: () => Promise<Health>, plan: object) {
  const child = spawn(
    'taskset',
    ['-c', '1', process.execPath, '--import', 'tsx', 'bench/live-load.ts', JSON.stringify(plan)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const seen: Record<string, Health> = {};
  let result = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for await (const line of readline.createInterface({ input: child.stdout })) {
    const phase = /^phase (\w+)$/.exec(line)?.[1];
    if (!phase) {
      result = line;
      continue;
    }
    seen[phase] = await health();
    child.stdin.write('go\n');
  }
  if ((await exited) !== 0) throw new Error('load generator failed');
  return { ...JSON.parse(result), seen } as LoadResult;
}

const messages = Number(values.messages);
const common = { clients, joinWindowMs: Number(values.window), messages, messageGapMs: Number(values.gap) };
const voteSeconds = Number(values['vote-seconds']);

// The Hub, on a fresh database.
const scratch = onPostgres
  ? await createScratchDatabase(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test')
  : undefined;
const target: DatabaseTarget = scratch
  ? { DATA_DIR: '', DATABASE_URL: scratch.url }
  : { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-bench-live-')), DATABASE_URL: '' };
const { itemIds, invalidIds } = await seed(target, Number(values.items));
const invalidShare = Number(values.invalid);
const port = await freePort();
const profiling = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
const hub = await startPinned(
  [...profiling, '--import', 'tsx', 'src/server.ts'],
  { ...target, PORT: String(port), LOG_LEVEL: 'warn' },
  `http://127.0.0.1:${port}/health`,
);
const votes =
  voteSeconds > 0
    ? {
        seconds: voteSeconds,
        voters: Number(values.voters),
        itemIds,
        inFlight: Number(values['in-flight']),
        rate: Number(values['vote-rate']),
        invalid: { share: invalidShare, itemIds: invalidIds },
      }
    : undefined;
const hubResult = await load(hub.health, {
  ...common,
  base: `http://127.0.0.1:${port}`,
  streamPath: `/e/${CODE}/live`,
  send: 'hub-question',
  code: CODE,
  votes,
}).finally(() => stop(hub.child));
const stored = votes ? await countVotes(target) : undefined;
await scratch?.drop();

// The bare SSE server: same clients, same payloads.
const barePort = await freePort();
const bare = await startPinned(
  ['--import', 'tsx', 'bench/bare-sse.ts'],
  { PORT: String(barePort) },
  `http://127.0.0.1:${barePort}/health`,
);
const bareResult = await load(bare.health, {
  ...common,
  base: `http://127.0.0.1:${barePort}`,
  streamPath: '/stream',
  send: 'bare-broadcast',
}).finally(() => stop(bare.child));

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const perClient = (r: LoadResult, key: keyof NodeJS.MemoryUsage) =>
  (r.seen.joined!.memory[key] - r.seen.ready!.memory[key]) / Math.max(1, r.clients);
const row = (name: string, r: LoadResult) =>
  `${name.padEnd(10)} clients ${r.clients} (join errors ${r.joinErrors}), join p50 ${r.joinP50.toFixed(0)} ms p99 ${r.joinP99.toFixed(0)} ms over ${r.stormMs} ms; ` +
  `delivered ${r.deliveries}/${r.clients * messages} (missing ${r.missing}, duplicates ${r.duplicates}); latency p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms; ` +
  `memory held per client ${kib(perClient(r, 'rss'))} KiB RSS (JavaScript heap ${kib(perClient(r, 'heapUsed'))} KiB, heap reserved ${kib(perClient(r, 'heapTotal'))} KiB, outside the heap ${kib(perClient(r, 'external'))} KiB)`;
console.log(`database: ${onPostgres ? 'PostgreSQL' : 'PGlite (embedded)'}`);
console.log(row('Hub', hubResult));
console.log(row('bare SSE', bareResult));
console.log(`p99 ratio Hub / bare: ${(hubResult.p99 / bareResult.p99).toFixed(2)} (goal: within 2)`);
if (votes && stored) {
  const delay = hubResult.seen.done!.eventLoopDelayMs;
  console.log(
    `votes: ${hubResult.votesOffered} offered${votes.rate ? ` at ${votes.rate}/s` : ''}, ${hubResult.votesAccepted} acknowledged (${hubResult.votesFailed} failed, ${hubResult.votesNotSent} not sent: ${votes.inFlight} already waiting) in ${hubResult.voteSeconds.toFixed(1)} s = ${hubResult.votesPerSecond.toFixed(0)}/s ` +
      `(request p50 ${hubResult.voteP50.toFixed(1)} ms, p99 ${hubResult.voteP99.toFixed(1)} ms); ` +
      `in the database: ${stored.n} (${stored.distinct_n} distinct) for ${hubResult.votesAccepted} + ${hubResult.votesWarmup} first votes acknowledged — ` +
      `${stored.n === hubResult.votesAccepted + hubResult.votesWarmup && stored.distinct_n === stored.n ? 'none lost, none counted twice' : 'MISMATCH'}`,
  );
  if (invalidShare > 0) {
    const bad = hubResult.invalidVotes;
    console.log(
      `invalid votes (${(invalidShare * 100).toFixed(0)}% of requests): ${bad.sent} sent, ${bad.refused} refused alone (400/404), ${bad.wrong} answered otherwise — ${bad.wrong === 0 && hubResult.votesFailed === 0 ? 'no valid vote failed' : 'PROBLEM'}`,
    );
  }
  console.log(
    `event-loop delay while votes poured in: p50 ${delay.p50} ms, p99 ${delay.p99} ms, max ${delay.max} ms (goal: p99 under 20 ms)`,
  );
}
