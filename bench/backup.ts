/**
 * `npm run backup:drill`: the backup drill. On the demo partnership with ten times the demo's
 * funding, training and resource uptake (the seeds the page benchmarks use), for PGlite and, when
 * DATABASE_URL is set, PostgreSQL: take a backup, check it by restoring it into a scratch database,
 * then restore it into an empty data folder or database as `npm run restore` does. Prints the time
 * of each step, the backup's size and the rows it holds.
 *
 *   npm run backup:drill                 PGlite only
 *   DATABASE_URL=postgres://… npm run backup:drill   both (scratch databases on that server)
 *   npm run backup:drill -- --demo-only  the demo as `npm run demo` writes it, without the ×10 seeds
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { restoreBackup, takeBackup, verifyBackup, type RestoreTarget } from '../src/backup/backups.ts';
import { listBackups } from '../src/backup/manifest.ts';
import { openPglite, openPostgres, type DatabaseHandle } from '../src/db/client.ts';
import { seedDemoPartnership } from '../src/demo/demo-data.ts';
import { accounts } from '../src/modules/accounts/accounts.tables.ts';
import { createScratchDatabase } from '../test/helpers.ts';
import { seedFunding } from './funding.ts';
import { seedUptake } from './resources.ts';
import { seedTraining } from './training.ts';

const { values: options } = parseArgs({ options: { 'demo-only': { type: 'boolean', default: false } } });

async function seed(db: DatabaseHandle['db']) {
  await seedDemoPartnership(db);
  if (options['demo-only']) return;
  const [account] = await db.select({ id: accounts.id }).from(accounts).limit(1);
  await seedFunding(db, account!.id);
  await seedTraining(db, account!.id);
  await seedUptake(db, account!.id);
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await step();
  console.log(`  ${label.padEnd(36)} ${seconds(start)}`);
  return result;
}

interface Engine {
  name: string;
  open(): Promise<DatabaseHandle & { cleanUp(): Promise<void> }>;
  emptyTarget(): Promise<RestoreTarget & { cleanUp(): Promise<void> }>;
}

const folder = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));
const removing = (dir: string) => async () => rmSync(dir, { recursive: true, force: true });

const pgliteEngine: Engine = {
  name: 'PGlite',
  async open() {
    const dataDir = folder('hub-drill-');
    return { ...(await openPglite(dataDir)), cleanUp: removing(dataDir) };
  },
  async emptyTarget() {
    const dataDir = folder('hub-drill-restored-');
    return { dataDir, cleanUp: removing(dataDir) };
  },
};

const postgresEngine = (url: string): Engine => ({
  name: 'PostgreSQL',
  async open() {
    const scratch = await createScratchDatabase(url);
    return { ...(await openPostgres(scratch.url)), cleanUp: scratch.drop };
  },
  async emptyTarget() {
    const scratch = await createScratchDatabase(url);
    return { databaseUrl: scratch.url, cleanUp: scratch.drop };
  },
});

async function drill(engine: Engine) {
  console.log(
    `\n${engine.name}: demo${options['demo-only'] ? '' : ' with ten times its funding, training and uptake'}`,
  );
  const database = await engine.open();
  const backupDir = folder('hub-drill-backups-');
  const target = await engine.emptyTarget();
  try {
    await timed('seed', () => seed(database.db));
    const dir = await timed('backup (dump, counts, checksum)', () => takeBackup(database.db, { backupDir }));
    const serverUrl = 'databaseUrl' in target ? target.databaseUrl : undefined;
    const check = await timed('check (restore into scratch, count)', () => verifyBackup(dir, { serverUrl }));
    const restored = await timed('npm run restore equivalent', () => restoreBackup(dir, target, undefined));
    const [listing] = listBackups(backupDir);
    const rows = Object.values(listing!.manifest.rowCounts).reduce((sum, n) => sum + n, 0);
    console.log(
      `  size ${(listing!.bytes / 1024 / 1024).toFixed(1)} MB, ${rows} rows in ${Object.keys(listing!.manifest.rowCounts).length} tables`,
    );
    console.log(
      `  check: ${check.ok ? 'rows match' : check.problems.join('; ')}; restore: ${restored.problems.length === 0 ? 'rows match' : restored.problems.join('; ')}`,
    );
    if (!check.ok || restored.problems.length > 0) process.exitCode = 1;
  } finally {
    await database.close();
    await database.cleanUp();
    await target.cleanUp();
    rmSync(backupDir, { recursive: true, force: true });
  }
}

await drill(pgliteEngine);
if (process.env.DATABASE_URL) await drill(postgresEngine(process.env.DATABASE_URL));
else console.log('\nPostgreSQL: skipped (set DATABASE_URL to a server where scratch databases may be made).');
