/**
 * Importing published referral figures while a live event runs: a 10,000-row table (one figure a
 * row: ten years by quarter, forty areas, the five measures, a few breakdowns) is uploaded,
 * mapped, previewed and committed through the Hub's pages, and the preview and the commit are
 * timed (goal: under 2 s each). Meanwhile delegates hold the live stream of an open event and a
 * question is sent every quarter second; the Hub's event-loop delay is read for a window of the
 * live event alone and for the window of the import (goal: p99 under 20 ms). The Hub runs in its
 * own process pinned to core 0 and the delegates in another on core 1 (bench/live-load.ts).
 *   npm run bench:figures-import [-- --rows 10000 --clients 200 --profile <folder>]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { openDatabase } from '../src/db/client.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { partnership } from '../src/modules/partnership/partnership.tables.ts';
import { people } from '../src/modules/organisations/organisations.tables.ts';
import { accounts } from '../src/modules/accounts/accounts.tables.ts';
import { codeAtStep, timeStepAt } from '../src/modules/accounts/totp.ts';
import { SECOND_FACTOR_SET_UP } from '../src/auth/guard.ts';
import { events } from '../src/modules/events/events.tables.ts';
import { CONCERNS, financialQuarter, MEASURES, SECTORS } from '../src/modules/referrals/categories.ts';
import { freePort, startPinned, stop, type Health } from './processes.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    clients: { type: 'string', default: '200' },
    // A folder for a CPU profile of the Hub (open it in Chrome's DevTools).
    profile: { type: 'string' },
  },
});
const ROWS = Number(values.rows);
const CODE = 'FIGS26';
const EMAIL = 'figures@example.org';
const PASSWORD = 'bench password 1';

/** A long table of figures: every row a different period, area, measure and category. */
function figuresCsv(rows: number): Buffer {
  const categories = [
    ['', 'Total'],
    ...SECTORS.map((s) => ['Sector of referral', s.label]),
    ...CONCERNS.map((c) => ['Type of concern', c.label]),
  ];
  const table: (string | number)[][] = [['Period', 'Area', 'Measure', 'Breakdown', 'Category', 'Number']];
  for (let i = 0; table.length <= rows; i++) {
    const [breakdown, category] = categories[i % categories.length]!;
    const measure = MEASURES[Math.floor(i / categories.length) % MEASURES.length]!;
    const rest = Math.floor(i / (categories.length * MEASURES.length));
    const quarter = financialQuarter(2015 + Math.floor((rest % 40) / 4), ((rest % 4) + 1) as 1 | 2 | 3 | 4);
    const area = `Area ${Math.floor(rest / 40) + 1}`;
    table.push([
      quarter.label,
      area,
      measure.label,
      breakdown!,
      category!,
      (i * 7) % 1000 === 0 ? '[c]' : (i * 7) % 1000,
    ]);
  }
  return Buffer.from(stringify(table));
}

/** A coordinator who signs in, and an open event delegates join. */
async function seed(dataDir: string) {
  const handle = await openDatabase({ dataDir });
  const db = handle.db;
  await db.insert(partnership).values({ id: 1, name: 'Benchmark partnership' });
  const [person] = await db.insert(people).values({ name: 'Figures Coordinator' }).returning();
  const passwordHash = await hashPassword(PASSWORD);
  const [account] = await db
    .insert(accounts)
    .values({ personId: person!.id, email: EMAIL, role: 'coordinator', passwordHash })
    .returning();
  const today = new Date().toISOString().slice(0, 10);
  await db.insert(events).values({
    title: 'Prevent conference',
    kind: 'conference',
    heldOn: today,
    status: 'open',
    joinCode: CODE,
    premoderation: false,
    createdBy: account!.id,
    openedAt: new Date(),
  });
  await handle.close();
}

/** A coordinator's session over fetch: cookies kept, each page's CSRF token used by the next form. */
function session(base: string) {
  const jar = new Map<string, string>();
  let csrf = '';
  const remember = async (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!.trim(), value.join('='));
    }
    const body = await response.text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? csrf;
    return { status: response.status, location: response.headers.get('location') ?? '', body };
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const send = (url: string, init: RequestInit = {}) =>
    fetch(`${base}${url}`, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: cookie() } }).then(
      remember,
    );
  return {
    get: (url: string) => send(url),
    post: (url: string, form: Record<string, string | string[]>) => {
      const body = new URLSearchParams({ _csrf: csrf });
      for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
      return send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
    },
    upload: (url: string, filename: string, content: Buffer) => {
      const body = new FormData();
      body.append('_csrf', csrf);
      body.append('file', new Blob([Uint8Array.from(content)], { type: 'text/csv' }), filename);
      return send(url, { method: 'POST', body });
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

/** Upload, map, preview (timed) and commit (timed); the summary must count every figure. */
async function importFigures(base: string, file: Buffer) {
  const coordinator = session(base);
  await coordinator.get('/sign-in');
  const signedIn = await coordinator.post('/sign-in', { email: EMAIL, password: PASSWORD });
  if (signedIn.status !== 303) throw new Error(`sign-in: ${signedIn.status}`);
  // A coordinator must have a second factor: set up an authenticator app from the key on the page.
  if (signedIn.location === SECOND_FACTOR_SET_UP) {
    const page = await coordinator.get(SECOND_FACTOR_SET_UP);
    const secret = /id="authenticator-key">([A-Z2-7 ]+)</.exec(page.body)?.[1]?.replace(/ /g, '') ?? '';
    const confirmed = await coordinator.post(SECOND_FACTOR_SET_UP, {
      code: codeAtStep(secret, timeStepAt(Date.now())),
    });
    if (confirmed.status !== 200) throw new Error(`authenticator set-up: ${confirmed.status}`);
  }
  await coordinator.get('/referrals/figures/import');
  const upload = await timed(() => coordinator.upload('/referrals/figures/import', 'figures.csv', file));
  if (upload.result.status !== 303)
    throw new Error(`upload: ${upload.result.status} ${upload.result.body.slice(0, 500)}`);
  const mappingUrl = upload.result.location;
  await coordinator.get(mappingUrl);
  const mapped = await coordinator.post(mappingUrl, {
    shape: 'long',
    period: '1',
    geography: '2',
    measure: '3',
    breakdown: '4',
    category: '5',
    value: '6',
    fixedGeographyKind: 'local_authority',
    sourceTitle: 'Benchmark quarterly returns',
    release: 'Benchmark partnership, 1 April 2026',
    releaseDate: '2026-04-01',
  });
  if (mapped.status !== 303) throw new Error(`mapping: ${mapped.status}`);
  const preview = await timed(() => coordinator.get(mapped.location));
  const summary = /id="import-summary">([^<]*)/.exec(preview.result.body)?.[1] ?? '';
  if (preview.result.status !== 200 || !/ 0 rows with errors$/.test(summary))
    throw new Error(`preview: ${preview.result.status} ${summary}`);
  const commit = await timed(() => coordinator.post(mapped.location.replace(/preview$/, 'commit'), {}));
  if (commit.result.status !== 303) throw new Error(`commit: ${commit.result.status}`);
  return { upload: upload.ms, preview: preview.ms, commit: commit.ms, summary, kb: preview.result.body.length / 1024 };
}

/** Delegates on core 1 hold the event's live stream; questions flow for `seconds`. */
function liveEvent(base: string, clients: number, seconds: number) {
  const plan = {
    base,
    streamPath: `/e/${CODE}/live`,
    clients,
    joinWindowMs: 2000,
    send: 'hub-question',
    code: CODE,
    messages: seconds * 4,
    messageGapMs: 250,
  };
  const child = spawn(
    'taskset',
    ['-c', '1', process.execPath, '--import', 'tsx', 'bench/live-load.ts', JSON.stringify(plan)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    /** Waits for the generator's next phase line, or its result line. */
    next: async () => String((await lines.next()).value ?? ''),
    go: () => child.stdin.write('go\n'),
    exited,
  };
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-bench-figures-'));
await seed(dataDir);
const file = figuresCsv(ROWS);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const hub = await startPinned(
  [...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []), '--import', 'tsx', 'src/server.ts'],
  { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
  `${base}/health`,
);
const clients = Number(values.clients);
try {
  const live = liveEvent(base, clients, 30);
  if ((await live.next()) !== 'phase ready') throw new Error('live event: no ready phase');
  live.go();
  if ((await live.next()) !== 'phase joined') throw new Error('live event: delegates did not join');
  // A small import first, as a Hub in use has made before: the import's code is loaded and warm,
  // so the window below measures the import, not the first loading of its modules.
  await importFigures(base, figuresCsv(50));
  await hub.health();
  live.go();
  // A window of the live event alone, then the import's window.
  await sleep(5000);
  const alone: Health = await hub.health();
  const figures = await importFigures(base, file);
  const during: Health = await hub.health();
  if ((await live.next()) !== 'phase done') throw new Error('live event: no done phase');
  live.go();
  const result = JSON.parse(await live.next()) as { clients: number; missing: number; p99: number };
  await live.exited;

  const loop = (h: Health) =>
    `p50 ${h.eventLoopDelayMs.p50} ms, p99 ${h.eventLoopDelayMs.p99} ms, max ${h.eventLoopDelayMs.max} ms`;
  const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
  console.log(`${ROWS.toLocaleString('en-GB')}-row CSV of figures (${(file.length / 1024).toFixed(0)} KB); PGlite`);
  console.log(`preview summary: ${figures.summary}`);
  console.log(
    `upload ${figures.upload.toFixed(0)} ms; preview ${figures.preview.toFixed(0)} ms (${figures.kb.toFixed(0)} KB page); commit ${figures.commit.toFixed(0)} ms`,
  );
  console.log(
    `live event: ${result.clients} delegates joined, a question every 250 ms, ${result.missing} deliveries missing, delivery p99 ${result.p99.toFixed(1)} ms`,
  );
  console.log(`event-loop delay, live event alone (5 s): ${loop(alone)}`);
  console.log(`event-loop delay during the import: ${loop(during)}`);
  console.log(
    `goals: preview under 2,000 ms ${verdict(figures.preview < 2000)}, commit under 2,000 ms ${verdict(figures.commit < 2000)}, event-loop p99 under 20 ms during the import ${verdict(during.eventLoopDelayMs.p99 < 20)}`,
  );
} finally {
  await stop(hub.child);
}
