/**
 * The pages people use most, measured out of process: the Hub (as `npm start` runs it) pinned to
 * core 0, autocannon pinned to core 1, 10 connections. Each page is reported as requests per
 * second, p50 and p99 latency, and as a ratio to a bare Fastify route measured in the same run
 * on the same core. Runs on PGlite and on PostgreSQL (DATABASE_URL's server, or the local one).
 *   npm run bench:pages [-- --database pglite|postgres|both] [--seconds 10] [--connections 10]
 *     [--pages group,plan,moderation,delegate,statistics] [--profile <folder>]
 * Pages: a group (20 members, 12 meetings), a plan (60 actions, 3 updates each), an event's
 * moderation queue and the delegates' event page (60 questions, 40 shown, with votes); the referral
 * statistics page (50,000 referrals, 10,000 figures: bench/statistics.ts) and a resource's uptake
 * page (260 organisations, 390 uses: bench/resources.ts), the self-assessment comparison page (ten
 * frameworks' worth of iterations: bench/self-assessment.ts), the training overview (bench/training.ts) and the
 * funding pots overview and projects page (ten times the demo's funding: bench/funding.ts) only when asked for.
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { people } from '../src/modules/organisations/organisations.tables.ts';
import { accounts } from '../src/modules/accounts/accounts.tables.ts';
import { delegates, eventItems, events, itemVotes } from '../src/modules/events/events.tables.ts';
import { seedGroupWithMeetings, seedPlan } from './fixtures.ts';
import { seedStatistics } from './statistics.ts';
import { seedResponsePlans } from './response-plans.ts';
import { seedUptake } from './resources.ts';
import { seedTraining } from './training.ts';
import { seedSelfAssessment } from './self-assessment.ts';
import { seedFunding } from './funding.ts';
import { seedTension } from './tension.ts';
import { freePort, startPinned, stop } from './processes.ts';
import { keepCookies, signIn, target, type Target } from './hub-session.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'both' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    // Only these pages (comma-separated: group, plan, moderation, delegate, statistics, uptake).
    pages: { type: 'string', default: 'group,plan,moderation,delegate' },
    // A folder for a CPU profile of the Hub (open it in Chrome's DevTools).
    profile: { type: 'string' },
  },
});
const EMAIL = 'bench@example.org';
const PASSWORD = 'bench password 1';
const CODE = 'PAGES2';

/** The partnership the pages show; returns their paths. */
async function seed(env: Target['env']) {
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR });
  const db = handle.db;
  const { groupId, memberIds } = await seedGroupWithMeetings(db, { members: 20, meetings: 12 });
  const [person] = await db.insert(people).values({ name: 'Bench Coordinator' }).returning();
  const [account] = await db
    .insert(accounts)
    .values({ personId: person!.id, email: EMAIL, role: 'coordinator', passwordHash: await hashPassword(PASSWORD) })
    .returning();
  const planId = await seedPlan(db, {
    ownerGroupId: groupId,
    leadPersonIds: memberIds,
    accountId: account!.id,
    actions: 60,
    updatesPerAction: 3,
  });
  const [event] = await db
    .insert(events)
    .values({
      title: 'Prevent partnership conference',
      kind: 'conference',
      heldOn: new Date().toISOString().slice(0, 10),
      status: 'open',
      joinCode: CODE,
      premoderation: true,
      createdBy: account!.id,
      openedAt: new Date(),
    })
    .returning();
  const voters = await db
    .insert(delegates)
    .values(Array.from({ length: 30 }, (_, i) => ({ eventId: event!.id, tokenHash: `bench-delegate-${i}` })))
    .returning();
  const items = await db
    .insert(eventItems)
    .values(
      Array.from({ length: 60 }, (_, i) => ({
        eventId: event!.id,
        delegateId: voters[i % voters.length]!.id,
        body: `Question ${i + 1}: how will the partnership reach young people outside school settings?`,
        originalBody: `Question ${i + 1}: how will the partnership reach young people outside school settings?`,
        state: i < 40 ? ('shown' as const) : i < 50 ? ('answered' as const) : ('pending' as const),
      })),
    )
    .returning();
  await db
    .insert(itemVotes)
    .values(
      items
        .slice(0, 40)
        .flatMap((item, i) =>
          voters.slice(0, i % 12).map((voter) => ({ itemId: item.id, delegateId: voter.id, eventId: event!.id })),
        ),
    );
  // 50,000 referrals take a while to write: seeded only when the statistics page is measured.
  const statistics = values.pages.split(',').includes('statistics')
    ? (await seedStatistics(db, account!.id)).path
    : '/referrals/statistics';
  // Ten times the demo's organisations and uses of a resource: seeded only when the uptake page is measured.
  const uptake = values.pages.split(',').includes('uptake') ? (await seedUptake(db, account!.id)).path : '/resources';
  // 30 incidents with overlapping 14-day plans: seeded only when a plan's page is measured.
  const responsePlan = values.pages.split(',').includes('response-plan')
    ? (await seedResponsePlans(db, account!.id)).path
    : '/response-plans';
  // 40 areas with a year of weekly tension reports: seeded only when the tension overview is measured.
  const tension = values.pages.split(',').includes('tension') ? (await seedTension(db, account!.id)).path : '/tension';
  // Ten times the demo's training: seeded only when the training overview is measured.
  const training = values.pages.split(',').includes('training')
    ? (await seedTraining(db, account!.id)).path
    : '/training';
  // Ten frameworks' worth of iterations: seeded only when the comparison page is measured.
  const selfAssessment = values.pages.split(',').includes('self-assessment')
    ? (await seedSelfAssessment(db, account!.id)).path
    : '/self-assessment/compare';
  // Ten times the demo's funding: seeded only when the pots overview or the projects page is measured.
  const funding = ['funding', 'projects'].some((key) => values.pages.split(',').includes(key))
    ? await seedFunding(db, account!.id)
    : { funding: '/funding', projects: '/projects' };
  await handle.close();
  return {
    ...funding,
    training,
    selfAssessment,
    tension,
    statistics,
    uptake,
    responsePlan,
    group: `/groups/${groupId}`,
    plan: `/plans/${planId}`,
    moderation: `/events/${event!.id}/moderate`,
    delegate: `/e/${CODE}`,
  };
}

/** A delegate's cookie: opening the event page joins it. */
async function joinAsDelegate(base: string, eventPath: string) {
  const page = await fetch(`${base}${eventPath}`);
  if (page.status !== 200) throw new Error(`joining failed: ${page.status}`);
  return keepCookies(page, new Map());
}

interface PageResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
}

/** Runs bench/page-load.ts on core 1 against `pages`. */
async function load(pages: { name: string; url: string; cookie?: string }[]) {
  const plan = { seconds: Number(values.seconds), connections: Number(values.connections), pages };
  const child = spawn(
    'taskset',
    ['-c', '1', process.execPath, '--import', 'tsx', 'bench/page-load.ts', JSON.stringify(plan)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const results: PageResult[] = [];
  for await (const line of readline.createInterface({ input: child.stdout }))
    results.push(JSON.parse(line) as PageResult);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error('the load generator failed');
  return results;
}

async function benchOn(kind: string) {
  const where = await target(kind, 'hub-bench-pages-');
  try {
    const paths = await seed(where.env);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const hub = await startPinned(
      [...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []), 'scripts/start.mjs'],
      { ...where.env, PORT: String(port), LOG_LEVEL: 'warn' },
      `${base}/health`,
    );
    let results: PageResult[];
    try {
      const signedIn = await signIn(base, EMAIL, PASSWORD);
      const delegate = await joinAsDelegate(base, paths.delegate);
      const wanted = new Set(values.pages.split(','));
      results = await load(
        [
          { key: 'group', name: 'group page', url: base + paths.group, cookie: signedIn },
          { key: 'plan', name: 'plan page', url: base + paths.plan, cookie: signedIn },
          { key: 'moderation', name: 'moderation page', url: base + paths.moderation, cookie: signedIn },
          { key: 'delegate', name: 'delegate event page', url: base + paths.delegate, cookie: delegate },
          { key: 'statistics', name: 'statistics page', url: base + paths.statistics, cookie: signedIn },
          { key: 'uptake', name: 'resource uptake page', url: base + paths.uptake, cookie: signedIn },
          { key: 'tension', name: 'tension overview', url: base + paths.tension, cookie: signedIn },
          { key: 'training', name: 'training overview', url: base + paths.training, cookie: signedIn },
          {
            key: 'self-assessment',
            name: 'self-assessment comparison page',
            url: base + paths.selfAssessment,
            cookie: signedIn,
          },
          { key: 'funding', name: 'funding pots overview', url: base + paths.funding, cookie: signedIn },
          { key: 'projects', name: 'projects page', url: base + paths.projects, cookie: signedIn },
          { key: 'response-plan', name: '14-day plan page', url: base + paths.responsePlan, cookie: signedIn },
        ].filter((page) => wanted.has(page.key)),
      );
    } finally {
      await stop(hub.child);
    }
    const barePort = await freePort();
    const bare = await startPinned(
      ['--import', 'tsx', 'bench/bare-route.ts'],
      { PORT: String(barePort) },
      `http://127.0.0.1:${barePort}/health`,
    );
    const [hello] = await load([{ name: 'bare Fastify route', url: `http://127.0.0.1:${barePort}/` }]).finally(() =>
      stop(bare.child),
    );
    console.log(`\n${where.name}, ${values.connections} connections, ${values.seconds} s per page, one core each`);
    for (const page of [hello!, ...results])
      console.log(
        `${page.name.padEnd(22)} ${page.rps.toFixed(0).padStart(7)} req/s  p50 ${String(page.p50).padStart(4)} ms  p99 ${String(page.p99).padStart(4)} ms  ` +
          `${(page.bytes / 1024).toFixed(1).padStart(5)} KB  ${((page.rps / hello!.rps) * 100).toFixed(2)}% of the bare route`,
      );
  } finally {
    await where.drop();
  }
}

const kinds = values.database === 'both' ? ['pglite', 'postgres'] : [values.database];
for (const kind of kinds) await benchOn(kind);
console.log('\nGoal: each page at least 400 req/s on PGlite and 1,000 req/s on PostgreSQL, p99 under 30 ms.');
