import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../db/client.ts';
import { lockDataFolder } from '../db/lock.ts';
import { projectRoot } from '../paths.ts';
import type { PGlite } from '@electric-sql/pglite';
import {
  countRowsOf,
  dumpPglite,
  dumpPostgres,
  loadPglite,
  pgliteDatabase,
  pgliteRowCounts,
  postgresRowCounts,
  refuseNonEmptyFolder,
  refuseNonEmptyPostgres,
  restorePostgres,
  scratchPostgres,
  sourceOf,
  sqlDumpOf,
  withPostgresDatabase,
  type Source,
} from './engines.ts';
import {
  BackupRefusal,
  decrypt,
  encrypt,
  listBackups,
  readCheckedFile,
  readManifest,
  sha256,
  writeManifest,
  type BackupListing,
  type Manifest,
  type Verification,
} from './manifest.ts';

export interface BackupSettings {
  /** Where backups are written: never inside the PGlite folder itself. */
  backupDir: string;
  /** BACKUP_KEY: when set, every file of a backup is encrypted with it. */
  key?: Buffer;
}

const DATA_FILE = { pglite: 'database.tar.gz', postgres: 'database.dump' } as const;
/** Beside the PGlite tarball: the same data as SQL, for reading or loading elsewhere. */
const SQL_FILE = 'database.sql';
const dataFileName = (manifest: Pick<Manifest, 'database' | 'encrypted'>) =>
  DATA_FILE[manifest.database] + (manifest.encrypted ? '.enc' : '');

const hubVersion = () =>
  (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The dump and the row counts of one moment, as stored bytes (encrypted when a key is set). */
async function dumpOf(source: Source, key: Buffer | undefined) {
  if (source.kind === 'pglite') {
    const dump = await dumpPglite(source.client);
    const sqlDump = await sqlDumpOf(dump.data);
    const stored = (bytes: Buffer) => (key ? encrypt(bytes, key) : bytes);
    return { ...dump, data: stored(dump.data), sqlDump: stored(sqlDump) };
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'hub-dump-'));
  try {
    const file = path.join(scratch, DATA_FILE.postgres);
    const described = await dumpPostgres(source.url, file);
    const raw = readFileSync(file);
    return { ...described, data: key ? encrypt(raw, key) : raw };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Takes a backup of the running Hub's database into a new folder of backupDir. The folder is
 * written under a hidden name and renamed when complete, so a listing never shows half a backup.
 */
export async function takeBackup(db: Database, settings: BackupSettings): Promise<string> {
  const source = sourceOf(db);
  const takenAt = new Date();
  const name = `hub-${takenAt.toISOString().replace(/[:.]/g, '-')}`;
  const partial = path.join(settings.backupDir, `.partial-${name}`);
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  try {
    const dump = await dumpOf(source, settings.key);
    const manifest: Manifest = {
      format: 1,
      hubVersion: hubVersion(),
      schemaVersion: dump.schemaVersion,
      database: source.kind,
      takenAt: takenAt.toISOString(),
      encrypted: settings.key !== undefined,
      files: [],
      rowCounts: dump.rowCounts,
    };
    const fileName = dataFileName(manifest);
    writeFileSync(path.join(partial, fileName), dump.data, { mode: 0o600 });
    manifest.files.push({ name: fileName, bytes: dump.data.length, sha256: sha256(dump.data) });
    if ('sqlDump' in dump) {
      const sqlName = SQL_FILE + (manifest.encrypted ? '.enc' : '');
      writeFileSync(path.join(partial, sqlName), dump.sqlDump, { mode: 0o600 });
      manifest.files.push({ name: sqlName, bytes: dump.sqlDump.length, sha256: sha256(dump.sqlDump) });
    }
    writeManifest(partial, manifest);
    const finished = path.join(settings.backupDir, name);
    renameSync(partial, finished);
    return finished;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** The database's bytes, once the checksum matches and the key opens them. */
function readDump(dir: string, manifest: Manifest, key: Buffer | undefined): Buffer {
  const stored = readCheckedFile(dir, manifest, dataFileName(manifest));
  return manifest.encrypted ? decrypt(stored, key) : stored;
}

/** pg_restore reads a file: the decrypted dump sits in a private temporary folder for as long as it runs. */
async function withDumpFile<T>(data: Buffer, use: (file: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'hub-restore-'));
  try {
    const file = path.join(scratch, DATA_FILE.postgres);
    writeFileSync(file, data, { mode: 0o600 });
    return await use(file);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * A further check of the restored database, given by the module that knows what to check (the
 * audit chain): infrastructure never imports a module. Answers the problems found, none if sound.
 */
export interface RestoredCheck {
  name: string;
  problems: (db: Database) => Promise<string[]>;
}

/** Restores into a scratch database, counts its rows there against the manifest and runs the further check. */
async function checkInScratch(
  manifest: Manifest,
  data: Buffer,
  serverUrl: string | undefined,
  further: RestoredCheck | undefined,
): Promise<string[]> {
  const check = async (db: Database) => [
    ...countDifferences(manifest.rowCounts, await countRowsOf(db)),
    ...(further ? await further.problems(db) : []),
  ];
  if (manifest.database === 'pglite') {
    // Into a temporary folder, as `npm run restore` would write it.
    const scratch = mkdtempSync(path.join(tmpdir(), 'hub-check-'));
    try {
      return await withRestoredPglite(scratch, data, (client) => check(pgliteDatabase(client)));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  if (!serverUrl) throw new BackupRefusal('Checking a PostgreSQL backup needs DATABASE_URL (for a scratch database).');
  const scratch = await scratchPostgres(serverUrl);
  try {
    await withDumpFile(data, (file) => restorePostgres(scratch.url, file));
    return await withPostgresDatabase(scratch.url, check);
  } finally {
    await scratch.drop();
  }
}

function countDifferences(expected: Record<string, number>, found: Record<string, number>): string[] {
  const tables = [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort();
  return tables
    .filter((table) => expected[table] !== found[table])
    .map(
      (table) => `${table}: ${expected[table] ?? 'no table'} in the manifest, ${found[table] ?? 'no table'} restored`,
    );
}

/**
 * A backup is only trusted once restored: into a scratch database, with its rows counted against
 * the manifest. The result is written into the manifest, so the list shows it.
 */
export async function verifyBackup(
  dir: string,
  settings: { key?: Buffer; serverUrl?: string; further?: RestoredCheck },
): Promise<Verification> {
  const manifest = readManifest(dir);
  let problems: string[];
  try {
    const data = readDump(dir, manifest, settings.key);
    // Every file against its checksum, the SQL beside a PGlite tarball too.
    for (const file of manifest.files) readCheckedFile(dir, manifest, file.name);
    problems = await checkInScratch(manifest, data, settings.serverUrl, settings.further);
  } catch (error) {
    problems = [(error as Error).message];
  }
  const verification = {
    ok: problems.length === 0,
    at: new Date().toISOString(),
    checked: ['checksums', 'row counts per table', ...(settings.further ? [settings.further.name] : [])],
    problems,
  };
  writeManifest(dir, { ...manifest, verification });
  return verification;
}

/** Takes a backup and checks it by restoring it, as the page, the schedule and `npm run backup` all do. */
export async function takeVerifiedBackup(
  db: Database,
  settings: BackupSettings,
  further?: RestoredCheck,
): Promise<BackupListing> {
  const dir = await takeBackup(db, settings);
  const source = sourceOf(db);
  const serverUrl = source.kind === 'postgres' ? source.url : undefined;
  await verifyBackup(dir, { key: settings.key, serverUrl, further });
  const listing = listBackups(settings.backupDir).find((backup) => backup.dir === dir);
  if (!listing) throw new Error(`The backup ${dir} was written but cannot be read back.`);
  return listing;
}

export type RestoreTarget = { dataDir: string } | { databaseUrl: string };

/**
 * `npm run restore`: a checked backup into an empty data folder or empty database, never over
 * anything. Returns the row counts found afterwards, to compare with the manifest's.
 */
export async function restoreBackup(
  dir: string,
  target: RestoreTarget,
  key: Buffer | undefined,
): Promise<{ manifest: Manifest; problems: string[] }> {
  const manifest = readManifest(dir);
  const data = readDump(dir, manifest, key);
  let found: Record<string, number>;
  if (manifest.database === 'pglite') {
    if (!('dataDir' in target))
      throw new BackupRefusal('This is a backup of the embedded database: unset DATABASE_URL.');
    found = await withRestoredPglite(target.dataDir, data, pgliteRowCounts);
  } else {
    if (!('databaseUrl' in target)) throw new BackupRefusal('This is a PostgreSQL backup: set DATABASE_URL.');
    await refuseNonEmptyPostgres(target.databaseUrl);
    await withDumpFile(data, (file) => restorePostgres(target.databaseUrl, file));
    found = await postgresRowCounts(target.databaseUrl);
  }
  return { manifest, problems: countDifferences(manifest.rowCounts, found) };
}

/** The data folder restored from a tarball and opened, for as long as `use` runs. */
async function withRestoredPglite<T>(
  dataDir: string,
  tarball: Buffer,
  use: (client: PGlite) => Promise<T>,
): Promise<T> {
  const folder = path.join(dataDir, 'pglite');
  refuseNonEmptyFolder(folder);
  const unlock = lockDataFolder(dataDir);
  try {
    const client = await loadPglite(tarball, folder);
    try {
      return await use(client);
    } finally {
      await client.close();
    }
  } finally {
    unlock();
  }
}
