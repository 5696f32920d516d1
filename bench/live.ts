/**
 * Live engagement under load: N delegates hold a live stream of one event; a question sent
 * by a delegate must reach all of them. Compared with a bare Node SSE server broadcasting the
 * same payload to the same N clients in the same run. Server and load generator are pinned
 * to different cores; every client must receive every update exactly once.
 *   npm run bench:live -- --clients 1000 [--messages 20]
 * (embedded database; the PostgreSQL run, vote throughput and event-loop delay are still to add)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../src/db/client.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { partnership } from '../src/modules/partnership/partnership.tables.ts';
import { people } from '../src/modules/organisations/organisations.tables.ts';
import { accounts } from '../src/modules/accounts/accounts.tables.ts';
import { events } from '../src/modules/events/events.tables.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '20' },
    gap: { type: 'string', default: '250' },
    window: { type: 'string', default: '10000' },
  },
});
const clients = Number(values.clients);
const CODE = 'BENCH2';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const rssBytes = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

async function seed(env: Record<string, string>) {
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR });
  const db = handle.db;
  await db.insert(partnership).values({ id: 1, name: 'Benchmark partnership' });
  const [person] = await db.insert(people).values({ name: 'Bench Coordinator' }).returning();
  const [account] = await db
    .insert(accounts)
    .values({ personId: person!.id, email: 'bench@example.org', role: 'coordinator', passwordHash: await hashPassword('bench password 1') })
    .returning();
  await db.insert(events).values({
    title: 'Benchmark conference',
    kind: 'conference',
    heldOn: new Date().toISOString().slice(0, 10),
    status: 'open',
    joinCode: CODE,
    premoderation: false,
    createdBy: account!.id,
    openedAt: new Date(),
  });
  await handle.close();
}

/** Starts a server pinned to core 0 and waits until `ready` answers 200. */
async function startPinned(args: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  const child = spawn('taskset', ['-c', '0', process.execPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(ready)).status === 200) return child;
    } catch {
      /* not yet */
    }
    await sleep(50);
  }
  throw new Error(`no answer from ${ready}`);
}

/** Runs the load generator on core 1; samples the server's memory while it runs. */
async function load(serverPid: number, plan: object) {
  const baseline = rssBytes(serverPid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(serverPid))), 100);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', 'bench/live-load.ts', JSON.stringify(plan)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`load generator exited ${code}`))));
  });
  clearInterval(sampler);
  return { ...JSON.parse(output.trim().split('\n').pop()!), baseline, peak };
}

async function stop(child: ChildProcess) {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
}

const messages = Number(values.messages);
const common = { clients, joinWindowMs: Number(values.window), messages, messageGapMs: Number(values.gap) };

// The Hub, on a fresh embedded database.
const port = await freePort();
const env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-bench-live-')), DATABASE_URL: '', PORT: String(port), LOG_LEVEL: 'warn' };
await seed(env);
const hub = await startPinned(['--import', 'tsx', 'src/server.ts'], env, `http://127.0.0.1:${port}/health`);
const hubResult = await load(hub.pid!, { ...common, base: `http://127.0.0.1:${port}`, streamPath: `/e/${CODE}/live`, send: 'hub-question', code: CODE }).finally(() => stop(hub));

// The bare SSE server: same clients, same payloads.
const barePort = await freePort();
const bare = await startPinned(['--import', 'tsx', 'bench/bare-sse.ts'], { PORT: String(barePort) }, `http://127.0.0.1:${barePort}/health`);
const bareResult = await load(bare.pid!, { ...common, base: `http://127.0.0.1:${barePort}`, streamPath: '/stream', send: 'bare-broadcast' }).finally(() => stop(bare));

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const row = (name: string, r: Record<string, number>) =>
  `${name.padEnd(10)} clients ${r.clients} (join errors ${r.joinErrors}), join p50 ${r.joinP50!.toFixed(0)} ms p99 ${r.joinP99!.toFixed(0)} ms over ${r.stormMs} ms; ` +
  `delivered ${r.deliveries}/${r.clients! * messages} (missing ${r.missing}, duplicates ${r.duplicates}); latency p50 ${r.p50!.toFixed(1)} ms p99 ${r.p99!.toFixed(1)} ms; ` +
  `server memory +${kib((r.peak! - r.baseline!) / Math.max(1, r.clients!))} KiB per client`;
console.log(row('Hub', hubResult));
console.log(row('bare SSE', bareResult));
console.log(`p99 ratio Hub / bare: ${(hubResult.p99 / bareResult.p99).toFixed(2)} (goal: within 2)`);
