import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { buildTestHub, createScratchDatabase, signedIn, withPartnership } from '../../test/helpers.ts';
import { openPglite, openPostgres, type DatabaseHandle } from '../db/client.ts';
import { auditLog } from '../modules/audit/audit.tables.ts';
import { people } from '../modules/organisations/organisations.tables.ts';
import { restoreBackup, takeVerifiedBackup, verifyBackup, type RestoreTarget } from './backups.ts';
import { BackupRefusal, listBackups, parseBackupKey, readManifest, sha256, type BackupListing } from './manifest.ts';
import { backupSettingsOf } from './settings.ts';
import { askRunningHub, backupSocketPath, serveBackupRequests } from './socket.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
// The page writes into the Hub's own backup folder; the other tests keep theirs apart.
const settings = { backupDir: mkdtempSync(path.join(tmpdir(), 'hub-backups-')) };
const databaseUrl = process.env.DATABASE_URL;

/** An empty place to restore into, of the kind the tests run on, dropped when the file ends. */
async function emptyTarget(): Promise<RestoreTarget> {
  if (!databaseUrl) return { dataDir: mkdtempSync(path.join(tmpdir(), 'hub-restored-')) };
  const scratch = await createScratchDatabase(databaseUrl);
  after(() => scratch.drop());
  return { databaseUrl: scratch.url };
}

async function openRestored(target: RestoreTarget): Promise<DatabaseHandle> {
  return 'dataDir' in target ? openPglite(target.dataDir) : openPostgres(target.databaseUrl);
}

/** A copy of a backup's folder, to damage without spoiling the original for the other tests. */
function copyOf(backup: BackupListing): string {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), 'hub-backup-copy-')), backup.name);
  cpSync(backup.dir, copy, { recursive: true });
  return copy;
}

const dataFile = (dir: string) => path.join(dir, readManifest(dir).files[0]!.name);

let backupUnderWrites: BackupListing;

test('a backup taken while writes continue restores every row acknowledged before it began', async () => {
  const acknowledged: number[] = [];
  let writing = true;
  const writes = (async () => {
    for (let n = 0; writing; n++) {
      const [person] = await hub.database.db
        .insert(people)
        .values({ name: `Writer ${n}` })
        .returning({ id: people.id });
      acknowledged.push(person!.id);
      // As requests arriving one by one would: PGlite answers without leaving the microtask queue.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  while (acknowledged.length < 20) await new Promise((resolve) => setTimeout(resolve, 5));
  const before = [...acknowledged];
  backupUnderWrites = await takeVerifiedBackup(hub.database.db, settings);
  const duringBackup = acknowledged.length - before.length;
  writing = false;
  await writes;

  assert.equal(
    backupUnderWrites.manifest.verification?.ok,
    true,
    backupUnderWrites.manifest.verification?.problems.join('; '),
  );
  assert.ok(duringBackup > 0, 'the writes went on while the backup was taken');
  const target = await emptyTarget();
  const { problems } = await restoreBackup(backupUnderWrites.dir, target, undefined);
  assert.deepEqual(problems, []);
  const restored = await openRestored(target);
  try {
    const ids = new Set((await restored.db.select({ id: people.id }).from(people)).map((row) => row.id));
    assert.deepEqual(
      before.filter((id) => !ids.has(id)),
      [],
      'rows acknowledged before the backup are all restored',
    );
    assert.equal(ids.size, backupUnderWrites.manifest.rowCounts.people);
  } finally {
    await restored.close();
  }
});

test(
  'on PGlite the backup also holds an SQL dump of the same moment, listed with its checksum',
  { skip: databaseUrl ? 'PostgreSQL backups are pg_dump archives already' : false },
  async () => {
    const manifest = readManifest(backupUnderWrites.dir);
    assert.deepEqual(
      manifest.files.map((file) => file.name),
      ['database.tar.gz', 'database.sql'],
    );
    const sqlFile = path.join(backupUnderWrites.dir, 'database.sql');
    const text = readFileSync(sqlFile, 'utf8');
    assert.equal(sha256(Buffer.from(text, 'utf8')), manifest.files[1]!.sha256);
    assert.match(text, /^CREATE TABLE public\.audit_log \(/m);
    assert.match(text, /^CREATE TABLE public\.people \(/m);
    const rowsOf = (table: string) => text.match(new RegExp(`^INSERT INTO public\\.${table} `, 'gm'))?.length ?? 0;
    assert.equal(rowsOf('audit_log'), manifest.rowCounts.audit_log, 'the audit rows the manifest counted');
    assert.equal(rowsOf('people'), manifest.rowCounts.people, 'the same moment as the tarball');

    const copy = copyOf(backupUnderWrites);
    writeFileSync(path.join(copy, 'database.sql'), text.replace('CREATE TABLE', 'CREATE  TABLE'));
    const verification = await verifyBackup(copy, {});
    assert.equal(verification.ok, false);
    assert.match(verification.problems.join(' '), /database\.sql does not match its checksum/);
  },
);

test('a restore into a database that is not empty is refused', async () => {
  const target = await emptyTarget();
  await restoreBackup(backupUnderWrites.dir, target, undefined);
  await assert.rejects(restoreBackup(backupUnderWrites.dir, target, undefined), (error: Error) => {
    assert.ok(error instanceof BackupRefusal);
    assert.match(error.message, /not empty/);
    return true;
  });
});

test('a backup whose file no longer matches its checksum is refused before anything is restored', async () => {
  const copy = copyOf(backupUnderWrites);
  const file = dataFile(copy);
  const bytes = readFileSync(file);
  bytes.writeUInt8(bytes.readUInt8(bytes.length >> 1) ^ 0xff, bytes.length >> 1);
  writeFileSync(file, bytes);
  await assert.rejects(restoreBackup(copy, await emptyTarget(), undefined), /does not match its checksum/);
});

test('an encrypted backup restores with its key only', async () => {
  const key = randomBytes(32);
  const encrypted = await takeVerifiedBackup(hub.database.db, { ...settings, key });
  assert.equal(encrypted.manifest.encrypted, true);
  assert.equal(encrypted.manifest.verification?.ok, true, encrypted.manifest.verification?.problems.join('; '));
  const stored = readFileSync(dataFile(encrypted.dir));
  assert.notDeepEqual(stored.subarray(0, 2), Buffer.from([0x1f, 0x8b]), 'not a plain gzip file');
  assert.ok(!stored.includes(Buffer.from('Writer 1')), 'no row in clear');

  await assert.rejects(restoreBackup(encrypted.dir, await emptyTarget(), undefined), /encrypted: set BACKUP_KEY/);
  const wrongKey = parseBackupKey(randomBytes(32).toString('base64'));
  await assert.rejects(restoreBackup(encrypted.dir, await emptyTarget(), wrongKey), /another key/);
  const { problems } = await restoreBackup(encrypted.dir, await emptyTarget(), key);
  assert.deepEqual(problems, []);
});

test('npm run backup asks the Hub over a socket only its own user may open, and gets a checked backup', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-socket-'));
  assert.equal(await askRunningHub(dataDir), null, 'no Hub: the command opens the folder itself');
  const stop = serveBackupRequests(dataDir, () => takeVerifiedBackup(hub.database.db, settings));
  try {
    assert.equal(statSync(backupSocketPath(dataDir)).mode & 0o777, 0o600);
    const backup = await askRunningHub(dataDir);
    assert.equal(backup?.manifest.verification?.ok, true);
  } finally {
    await stop();
  }
});

test('only administrators reach the backups page; taking one and setting the schedule are audited', async () => {
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  assert.equal((await coordinator.get('/admin/backups')).statusCode, 403);
  assert.equal((await coordinator.post('/admin/backups')).statusCode, 403);
  assert.equal((await coordinator.post('/admin/backups/schedule', { dailyAtHour: '2' })).statusCode, 403);

  const { browser, user } = await signedIn(hub, 'administrator');
  assert.equal((await browser.get('/admin/backups')).statusCode, 200);
  const taken = await browser.post('/admin/backups');
  assert.equal(taken.statusCode, 303);
  const page = await browser.get(taken.headers.location as string);
  assert.match(page.body, /Backup taken, restored into a scratch database and checked/);
  assert.match(page.body, /govuk-tag--green">Checked/);
  const [listed] = listBackups(backupSettingsOf(hub.config).backupDir);
  assert.deepEqual(listed?.manifest.verification?.checked, ['checksums', 'row counts per table', 'audit chain']);
  const again = await browser.post('/admin/backups');
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /govuk-error-summary[\s\S]*A backup was taken less than a minute ago/);

  assert.equal((await browser.post('/admin/backups/schedule', { dailyAtHour: '25' })).statusCode, 400);
  assert.equal((await browser.post('/admin/backups/schedule', { dailyAtHour: '2' })).statusCode, 303);
  assert.match((await browser.get('/admin/backups')).body, /<option value="2" selected>02:00/);

  const entries = await hub.database.db.select().from(auditLog).where(eq(auditLog.accountId, user.accountId));
  assert.deepEqual(
    entries.filter((e) => e.action.startsWith('backup.')).map((e) => [e.action, e.detail]),
    [
      ['backup.taken', { verified: true, encrypted: false }],
      ['backup.schedule_changed', { dailyAtHour: 2 }],
    ],
  );
});
