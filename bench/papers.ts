/**
 * Board papers beside a live event, measured out of process: the Hub (as `npm start` runs it) pinned
 * to core 0, the live event's delegates (bench/live-load.ts) pinned to core 1. The paper has six live
 * blocks (threat level, referrals, plan progress, funding, training, tension) with their charts,
 * over the data the page benchmarks use. Printed for each database:
 *  - the paper's preview time as a ratio to the group page's, both asked for one at a time;
 *  - while delegates hold the event's live stream and vote: the Word download's time (median, p95)
 *    and the Hub's event-loop delay meanwhile, then a 10-paper agenda pack's time (or, where the Hub
 *    has no pack route, ten downloads in turn) and the delay while it is written; once with papers
 *    written in worker threads and once on the main thread (HUB_PAPER_WORKERS=0), beside the delay
 *    with the live event alone.
 *   npm run bench:papers [-- --database pglite|postgres|both] [--seconds 20] [--delegates 200] [--vote-rate 200]
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/client.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import type { CurrentUser } from '../src/auth/sessions.ts';
import { people } from '../src/modules/organisations/organisations.tables.ts';
import { accounts } from '../src/modules/accounts/accounts.tables.ts';
import { secondFactorRequirement } from '../src/modules/accounts/two-factor.tables.ts';
import { groupMembers } from '../src/modules/groups/groups.tables.ts';
import { delegates, eventItems, events } from '../src/modules/events/events.tables.ts';
import { agendaItems, meetings } from '../src/modules/meetings/meetings.tables.ts';
import { referralFigures } from '../src/modules/referrals/figures.tables.ts';
import { papers, paperTemplates, paperVersions, type PaperDraft } from '../src/modules/papers/papers.tables.ts';
import { buildPaper, loadPaper } from '../src/modules/papers/build.ts';
import { FIXTURE_SECTIONS } from '../src/modules/papers/build.fixtures.ts';
import { createDocument, listVersions } from '../src/modules/documents/index.ts';
import { paperDocx } from '../src/reports/docx.ts';
import { signIn, target, type Target } from './hub-session.ts';
import { seedGroupWithMeetings, seedPlan } from './fixtures.ts';
import { seedStatistics } from './statistics.ts';
import { seedFunding } from './funding.ts';
import { seedTraining } from './training.ts';
import { seedTension } from './tension.ts';
import { freePort, startPinned, stop, type Health } from './processes.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'both' },
    // How long the live event runs while papers are written, in each of the three runs.
    seconds: { type: 'string', default: '20' },
    delegates: { type: 'string', default: '200' },
    'vote-rate': { type: 'string', default: '200' },
    // Requests of each page for the preview's ratio to the group page.
    requests: { type: 'string', default: '20' },
  },
});
const EMAIL = 'bench@example.org';
const PASSWORD = 'bench password 1';
const CODE = 'PAPERS';
const PACK_PAPERS = 10;
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000);

/** The latest year of published referral figures, as the block's period list offers it. */
async function latestReferralYear(db: Database): Promise<string> {
  const [latest] = await db
    .select({ label: referralFigures.periodLabel })
    .from(referralFigures)
    .where(
      and(
        eq(referralFigures.measure, 'referred'),
        eq(referralFigures.periodKind, 'year'),
        isNull(referralFigures.breakdown),
      ),
    )
    .orderBy(desc(referralFigures.periodStart))
    .limit(1);
  return latest!.label;
}

/** The six live blocks, each set to data the seeds wrote (tension's year of reports is 2025). */
function sixBlocks(planId: number, referralYear: string): PaperDraft['sections'][string]['items'] {
  const block = (key: string, settings: Record<string, string> = {}) => ({ kind: 'block' as const, key, settings });
  const yearAgo = isoDay(daysFromNow(-365));
  return [
    { kind: 'paragraph', text: 'This report sets out the partnership’s Prevent work in the year.' },
    block('threat-level', { plots: 'yes', timeline: 'yes' }),
    block('referrals', { geography: 'national|England and Wales', period: referralYear }),
    block('plans', { plan: String(planId) }),
    block('funding'),
    block('training', { from: yearAgo, to: isoDay(new Date()) }),
    block('tension', { from: '2025-01-01', to: '2025-12-31' }),
  ];
}

/**
 * A meeting a fortnight away with ten agenda items, each with a paper of the six blocks; the first
 * is the one previewed and downloaded, and all ten are issued (their frozen content written as
 * issuing writes it) for the agenda pack.
 */
async function seedPapers(db: Database, user: CurrentUser, groupId: number, planId: number) {
  const startsAt = daysFromNow(14);
  const [meeting] = await db
    .insert(meetings)
    .values({ groupId, startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000) })
    .returning();
  const items = await db
    .insert(agendaItems)
    .values(
      Array.from({ length: PACK_PAPERS }, (_, i) => ({
        meetingId: meeting!.id,
        position: i + 1,
        title: `Prevent update ${i + 1}`,
      })),
    )
    .returning();
  const [template] = await db
    .insert(paperTemplates)
    .values({ name: 'Board report', sections: FIXTURE_SECTIONS })
    .returning();
  const draft: PaperDraft = {
    reportOf: 'Head of Community Safety',
    author: 'Bench Coordinator',
    sections: {
      summary: { items: [{ kind: 'paragraph', text: 'The partnership’s Prevent work this year, from live data.' }] },
      detail: { items: sixBlocks(planId, await latestReferralYear(db)) },
      implications: { implications: { Financial: 'Within the Prevent grant', Legal: 'None' } },
      background: { papers: ['CONTEST, 2023'] },
      contact: { contacts: [{ name: 'Bench Coordinator', role: 'Prevent Coordinator', email: EMAIL, phone: '01234' }] },
    },
    appendices: [],
  };
  const paperRows = await db
    .insert(papers)
    .values(
      items.map((item, i) => ({
        meetingId: meeting!.id,
        agendaItemId: item.id,
        templateId: template!.id,
        subject: `Prevent update ${i + 1}`,
        marking: 'OFFICIAL-SENSITIVE' as const,
        draft,
        createdBy: user.accountId,
      })),
    )
    .returning({ id: papers.id });
  const asAt = new Date();
  for (const { id } of paperRows) {
    const built = await buildPaper({ db, user, asAt }, await loadPaper(db, id));
    const documentId = await createDocument(db, user, {
      title: built.header.subject,
      marking: built.header.marking,
      audience: 'groups',
      audienceGroupIds: [groupId],
      meetingId: meeting!.id,
      file: { filename: `${built.header.subject}.docx`, contentType: DOCX_TYPE, content: await paperDocx(built) },
    });
    const [file] = await listVersions(db, documentId);
    await db.insert(paperVersions).values({
      paperId: id,
      version: 1,
      paper: built,
      marking: built.header.marking,
      asAt,
      signedOffBy: user.accountId,
      signedOffAt: asAt,
      issuedBy: user.accountId,
      documentFileId: file!.id,
    });
    await db.update(papers).set({ status: 'issued', documentId }).where(eq(papers.id, id));
  }
  const [first] = paperRows;
  const built = await buildPaper({ db, user, asAt }, await loadPaper(db, first!.id));
  const blocks = built.sections
    .flatMap((s) => (s.kind === 'paragraphs' ? s.items : []))
    .flatMap((item) => (item.kind === 'block' ? [item.block] : []));
  const charts = (block: (typeof blocks)[number]) => block.parts.filter((p) => p.kind === 'chart').length;
  return {
    meetingId: meeting!.id,
    paperId: first!.id,
    shape: `${blocks.length} live blocks (${blocks.map((b) => `${b.key}: ${charts(b)} charts`).join(', ')})`,
  };
}

/** An open event without pre-moderation, with shown questions for the delegates to vote for. */
async function seedLiveEvent(db: Database, accountId: number): Promise<number[]> {
  const [event] = await db
    .insert(events)
    .values({
      title: 'Partnership conference',
      kind: 'conference',
      heldOn: isoDay(new Date()),
      status: 'open',
      joinCode: CODE,
      premoderation: false,
      createdBy: accountId,
      openedAt: new Date(),
    })
    .returning();
  const [author] = await db.insert(delegates).values({ eventId: event!.id, tokenHash: 'bench-author' }).returning();
  const rows = await db
    .insert(eventItems)
    .values(
      Array.from({ length: 100 }, (_, i) => ({
        eventId: event!.id,
        delegateId: author!.id,
        body: `Question ${i + 1} to vote for`,
        originalBody: `Question ${i + 1} to vote for`,
        state: 'shown' as const,
      })),
    )
    .returning({ id: eventItems.id });
  return rows.map((row) => row.id);
}

/** The partnership the papers draw on; returns what the measures ask for. */
async function seed(env: Target['env']) {
  const started = performance.now();
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR });
  const db = handle.db;
  const { groupId, memberIds } = await seedGroupWithMeetings(db, { members: 20, meetings: 12 });
  const [person] = await db.insert(people).values({ name: 'Bench Coordinator' }).returning();
  const [account] = await db
    .insert(accounts)
    .values({ personId: person!.id, email: EMAIL, role: 'coordinator', passwordHash: await hashPassword(PASSWORD) })
    .returning();
  // The benchmark signs in with a password alone: this partnership asks nobody for a second factor.
  await db.insert(secondFactorRequirement).values({ id: 1, roles: [], sensitiveGroups: false });
  await db.insert(groupMembers).values({ groupId, personId: person!.id, role: 'member' });
  const user: CurrentUser = {
    accountId: account!.id,
    personId: person!.id,
    name: 'Bench Coordinator',
    email: EMAIL,
    role: 'coordinator',
    mustChangePassword: false,
    groupIds: [groupId],
  };
  const planId = await seedPlan(db, {
    ownerGroupId: groupId,
    leadPersonIds: memberIds,
    accountId: account!.id,
    actions: 60,
    updatesPerAction: 3,
  });
  await seedStatistics(db, account!.id);
  await seedFunding(db, account!.id);
  await seedTraining(db, account!.id);
  await seedTension(db, account!.id);
  const itemIds = await seedLiveEvent(db, account!.id);
  const paper = await seedPapers(db, user, groupId, planId);
  await handle.close();
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s: the paper has ${paper.shape}`);
  return { groupId, itemIds, ...paper };
}

const percentile = (list: number[], p: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** One request's time in ms; refuses anything but a 200 of the expected type. */
async function timed(url: string, cookie: string, type: RegExp): Promise<number> {
  return (await timedWithSize(url, cookie, type)).ms;
}

async function timedWithSize(url: string, cookie: string, type: RegExp): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const body = await response.arrayBuffer();
  const ms = performance.now() - started;
  const got = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !type.test(got))
    throw new Error(`${url}: ${response.status} ${got} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
  return { ms, bytes: body.byteLength };
}

const HTML = /^text\/html/;
const DOCX = /wordprocessingml/;

/**
 * Median times of the group page and the preview, asked for one after the other in turn, after
 * as many rounds again unmeasured: both pages' code is compiled and warm before it is timed.
 */
async function previewRatio(base: string, cookie: string, paths: { group: string; preview: string }) {
  for (let i = 0; i < Number(values.requests); i++) {
    await timed(base + paths.group, cookie, HTML);
    await timed(base + paths.preview, cookie, HTML);
  }
  const group: number[] = [];
  const preview: number[] = [];
  for (let i = 0; i < Number(values.requests); i++) {
    group.push(await timed(base + paths.group, cookie, HTML));
    preview.push(await timed(base + paths.preview, cookie, HTML));
  }
  return { group: percentile(group, 50), preview: percentile(preview, 50) };
}

/** Whether the Hub has the agenda pack's Word route (it answers 404 where it has none). */
async function hasPackRoute(url: string, cookie: string) {
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  await response.arrayBuffer();
  return response.status === 200 && DOCX.test(response.headers.get('content-type') ?? '');
}

interface PaperTimes {
  downloads: number[];
  /** The agenda pack's time, or ten downloads in turn where the Hub has no pack route. */
  pack: { ms: number; bytes: number; how: 'pack' | 'ten downloads' } | null;
}

/** How long before the live event ends the downloads stop and the pack is asked for. */
const PACK_MS = 6000;

/**
 * The paper downloaded one after another, then the pack (or ten downloads in turn) before `until`,
 * so all of it is written while the delegates vote. The Hub's delay is read between the two: the
 * pack has a writer of its own, and its delay is reported on its own.
 */
async function writePapers(
  urls: { docx: string; pack: string | null },
  cookie: string,
  until: number,
  health: () => Promise<Health>,
) {
  const times: PaperTimes = { downloads: [], pack: null };
  await health();
  while (performance.now() < until - PACK_MS) times.downloads.push(await timed(urls.docx, cookie, DOCX));
  const downloadsDelay = (await health()).eventLoopDelayMs;
  if (urls.pack) times.pack = { ...(await timedWithSize(urls.pack, cookie, DOCX)), how: 'pack' };
  else {
    times.pack = { ms: 0, bytes: 0, how: 'ten downloads' };
    for (let i = 0; i < PACK_PAPERS; i++) {
      const one = await timedWithSize(urls.docx, cookie, DOCX);
      times.pack.ms += one.ms;
      times.pack.bytes += one.bytes;
    }
  }
  return { times, downloadsDelay };
}

/**
 * A live event for `seconds`: delegates hold its stream and vote (bench/live-load.ts on core 1),
 * while `during` runs. Returns the Hub's event-loop delay over the voting, and what `during` gave.
 */
async function liveEvent<T>(
  base: string,
  health: () => Promise<Health>,
  itemIds: number[],
  during: (until: number) => Promise<T>,
) {
  const seconds = Number(values.seconds);
  const delegates = Number(values.delegates);
  const plan = {
    base,
    streamPath: `/e/${CODE}/live`,
    send: 'hub-question',
    code: CODE,
    clients: delegates,
    joinWindowMs: 2000,
    messages: 3,
    messageGapMs: 250,
    votes: { seconds, voters: delegates, itemIds, inFlight: 64, rate: Number(values['vote-rate']) },
  };
  const child = spawn(
    'taskset',
    ['-c', '1', process.execPath, '--import', 'tsx', 'bench/live-load.ts', JSON.stringify(plan)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let result: T | undefined;
  let running: Promise<T> | undefined;
  let delay: Health['eventLoopDelayMs'] | undefined;
  for await (const line of readline.createInterface({ input: child.stdout })) {
    const phase = /^phase (\w+)$/.exec(line)?.[1];
    if (!phase) continue;
    // The papers are all written before the voting's delay is read.
    if (phase === 'done') result = await running;
    const seen = await health();
    if (phase === 'done') delay = seen.eventLoopDelayMs;
    child.stdin.write('go\n');
    if (phase === 'voting') running = during(performance.now() + seconds * 1000);
  }
  if ((await exited) !== 0) throw new Error('the live event’s load generator failed');
  return { delay: delay!, result: result as T };
}

type Seeded = Awaited<ReturnType<typeof seed>>;

/** One Hub: the preview's ratio, then the live event alone, then the live event while papers are written. */
async function runHub(where: Target, seeded: Seeded, workers: 'threads' | 'main thread') {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const hub = await startPinned(
    ['scripts/start.mjs'],
    {
      ...where.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...(workers === 'main thread' ? { HUB_PAPER_WORKERS: '0' } : {}),
    },
    `${base}/health`,
  );
  try {
    const cookie = await signIn(base, EMAIL, PASSWORD);
    const docx = `${base}/papers/${seeded.paperId}/paper.docx`;
    const pack = `${base}/meetings/${seeded.meetingId}/pack.docx`;
    // Warm up: templates compiled, the writer's thread started, the pack route looked for.
    await timed(docx, cookie, DOCX);
    const packRoute = await hasPackRoute(pack, cookie);
    const ratio = await previewRatio(base, cookie, {
      group: `/groups/${seeded.groupId}`,
      preview: `/papers/${seeded.paperId}/preview`,
    });
    const alone = await liveEvent(base, hub.health, seeded.itemIds, () => Promise.resolve(null));
    const withPapers = await liveEvent(base, hub.health, seeded.itemIds, (until) =>
      writePapers({ docx, pack: packRoute ? pack : null }, cookie, until, hub.health),
    );
    return {
      ratio,
      alone: alone.delay,
      withPapers: withPapers.result.downloadsDelay,
      withPack: withPapers.delay,
      times: withPapers.result.times,
    };
  } finally {
    await stop(hub.child);
  }
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const delayLine = (d: Health['eventLoopDelayMs']) => `p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms`;

async function benchOn(kind: string) {
  const where = await target(kind, 'hub-bench-papers-');
  try {
    const seeded = await seed(where.env);
    const runs = { threads: await runHub(where, seeded, 'threads'), main: await runHub(where, seeded, 'main thread') };
    console.log(
      `\n${where.name}: Hub on core 0, ${values.delegates} delegates on core 1 voting at ${values['vote-rate']}/s for ${values.seconds} s a run`,
    );
    for (const [name, run] of [
      ['worker thread', runs.threads],
      ['main thread', runs.main],
    ] as const) {
      const { downloads, pack } = run.times;
      console.log(`Word documents written on the ${name}:`);
      console.log(
        `  preview ${ms(run.ratio.preview)} vs group page ${ms(run.ratio.group)} (median of ${values.requests} after as many to warm up): ${(run.ratio.preview / run.ratio.group).toFixed(1)}× (goal ≤ 5×)`,
      );
      console.log(
        `  DOCX download during the live event: median ${ms(percentile(downloads, 50))}, p95 ${ms(percentile(downloads, 95))} (${downloads.length} downloads)`,
      );
      if (pack)
        console.log(
          `  ${pack.how === 'pack' ? `${PACK_PAPERS}-paper agenda pack (one DOCX)` : `${PACK_PAPERS} DOCX downloads in turn (no pack route)`}: ${ms(pack.ms)} (${(pack.bytes / 1024).toFixed(0)} KB)`,
        );
      console.log(`  event-loop delay, live event alone: ${delayLine(run.alone)}`);
      console.log(
        `  event-loop delay, live event while downloading: ${delayLine(run.withPapers)} (goal: p99 under 20 ms)`,
      );
      console.log(`  event-loop delay, live event while the pack is written: ${delayLine(run.withPack)}`);
    }
    const p99 = (run: typeof runs.threads) => Math.max(run.withPapers.p99, 0.01);
    console.log(
      `p99 delay while writing, main thread / worker thread: ${(p99(runs.main) / p99(runs.threads)).toFixed(1)}×`,
    );
  } finally {
    await where.drop();
  }
}

const kinds = values.database === 'both' ? ['pglite', 'postgres'] : [values.database];
for (const kind of kinds) await benchOn(kind);
