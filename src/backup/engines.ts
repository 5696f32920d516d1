import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { Database } from '../db/client.ts';
import * as schema from '../db/schema.ts';
import { sourceDir } from '../paths.ts';
import { BackupRefusal } from './manifest.ts';

/*
 * What differs between the embedded database and PostgreSQL: taking a dump with the row counts of
 * the same moment, loading one, and counting rows. Everything else (manifest, checksums, keys) is one.
 */

const run = promisify(execFile);

/** Where a backup is taken from: the running Hub's PGlite itself, or a PostgreSQL address. */
export type Source = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; url: string };

export function sourceOf(db: Database): Source {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof PGlite) return { kind: 'pglite', client };
  const url = (client as pg.Pool).options.connectionString;
  if (!url) throw new Error('A PostgreSQL backup needs the database address the Hub was opened with.');
  return { kind: 'postgres', url };
}

export interface Dump {
  data: Buffer;
  rowCounts: Record<string, number>;
  schemaVersion: string;
}

type Rows = (statement: string) => Promise<Record<string, unknown>[]>;

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Rows in every table of the Hub's schema, in one statement so they are counted in one snapshot. */
export async function countRows(rows: Rows): Promise<Record<string, number>> {
  const tables = await rows(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  if (tables.length === 0) return {};
  const names = tables.map((t) => String(t.tablename));
  const union = names.map((n) => `SELECT ${literal(n)} AS name, count(*)::int AS n FROM public.${ident(n)}`);
  const counted = await rows(union.join(' UNION ALL '));
  return Object.fromEntries(counted.map((r) => [String(r.name), Number(r.n)]));
}

/** The latest migration applied, by the name it has in the migrations folder. */
async function schemaVersion(rows: Rows): Promise<string> {
  const [latest] = await rows('SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1');
  const journal = JSON.parse(
    readFileSync(path.join(sourceDir, 'db', 'migrations', 'meta', '_journal.json'), 'utf8'),
  ) as {
    entries: { when: number; tag: string }[];
  };
  const when = Number(latest?.created_at);
  return journal.entries.find((entry) => entry.when === when)?.tag ?? `unknown (${when})`;
}

/**
 * PGlite: the data folder as a tarball, taken inside a transaction so no other statement or
 * transaction of the Hub runs between the checkpoint, the counts and the tarball.
 */
export async function dumpPglite(client: PGlite): Promise<Dump> {
  return client.transaction(async (tx) => {
    await tx.exec('CHECKPOINT');
    const rows: Rows = async (statement) => (await tx.query<Record<string, unknown>>(statement)).rows;
    const rowCounts = await countRows(rows);
    const version = await schemaVersion(rows);
    const tarball = await client.dumpDataDir('gzip');
    return { data: Buffer.from(await tarball.arrayBuffer()), rowCounts, schemaVersion: version };
  });
}

/** A PGlite loaded from a tarball: in memory (dataDir undefined) or into an empty folder. */
export async function loadPglite(tarball: Buffer, dataDir?: string): Promise<PGlite> {
  const client = new PGlite(dataDir, { loadDataDir: new Blob([new Uint8Array(tarball)]) });
  await client.waitReady;
  return client;
}

/**
 * The same moment as plain SQL, readable without the Hub or PGlite: the tarball loaded into a
 * scratch PGlite and dumped there by PGlite's build of pg_dump, so the Hub's own database is not
 * held while it runs. The scratch is a folder: a tarball loaded in memory came up empty.
 */
export async function sqlDumpOf(tarball: Buffer): Promise<Buffer> {
  const folder = mkdtempSync(path.join(tmpdir(), 'hub-sql-dump-'));
  try {
    const scratch = await loadPglite(tarball, folder);
    try {
      const file = await pgDump({ pg: scratch, fileName: 'database.sql' });
      return Buffer.from(await file.arrayBuffer());
    } finally {
      await scratch.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function pgliteRowCounts(client: PGlite): Promise<Record<string, number>> {
  return countRows(async (statement) => (await client.query<Record<string, unknown>>(statement)).rows);
}

/** The client tools take the password from the environment, so it never shows in a process list. */
function clientToolArgs(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const address = new URL(url);
  const password = decodeURIComponent(address.password);
  address.password = '';
  return { dbname: `--dbname=${address.toString()}`, env: { ...process.env, PGPASSWORD: password } };
}

const rowsOf =
  (client: pg.Client): Rows =>
  async (statement) =>
    (await client.query<Record<string, unknown>>(statement)).rows;

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL: pg_dump in custom format from a snapshot exported by a repeatable-read transaction,
 * and the row counts from the same snapshot, so they describe exactly what was dumped.
 */
export async function dumpPostgres(url: string, file: string): Promise<Omit<Dump, 'data'>> {
  return withClient(url, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = String((await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]!.s);
    const rows = rowsOf(client);
    const rowCounts = await countRows(rows);
    const version = await schemaVersion(rows);
    const { dbname, env } = clientToolArgs(url);
    await run('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${file}`, dbname], { env });
    await client.query('COMMIT');
    return { rowCounts, schemaVersion: version };
  });
}

export async function restorePostgres(url: string, file: string): Promise<void> {
  const { dbname, env } = clientToolArgs(url);
  await run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', dbname, file], { env });
}

export async function postgresRowCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, (client) => countRows(rowsOf(client)));
}

/** A restore never mixes a backup with what a database already holds. */
export async function refuseNonEmptyPostgres(url: string): Promise<void> {
  const [tables] = await withClient(url, (client) =>
    rowsOf(client)(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname IN ('public', 'drizzle')`),
  );
  if (Number(tables?.n) > 0) {
    throw new BackupRefusal('That database is not empty: restore into a new, empty database.');
  }
}

export function refuseNonEmptyFolder(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new BackupRefusal(`${dir} is not empty: restore into a new, empty data folder.`);
  }
}

/** A throwaway database on the same server, for restoring a backup to check it. */
export async function scratchPostgres(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hub_backup_check_${randomBytes(6).toString('hex')}`;
  await withClient(url, (client) => client.query(`CREATE DATABASE ${name}`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  const drop = async () => {
    await withClient(url, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  return { url: target.toString(), drop };
}

/** The Hub on PGlite with a data folder: the one process that may read that folder while it runs. */
export function ownsDataFolder(db: Database): boolean {
  const client = (db as unknown as { $client: unknown }).$client;
  return client instanceof PGlite && client.dataDir !== undefined;
}

/** A restored PGlite as the Hub's Drizzle database, for a further check of what it holds. */
export const pgliteDatabase = (client: PGlite) => drizzlePglite(client, { schema }) as unknown as Database;

/** A restored PostgreSQL database as the Hub's Drizzle database, for as long as `use` runs. */
export async function withPostgresDatabase<T>(url: string, use: (db: Database) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    return await use(drizzlePg(pool, { schema }));
  } finally {
    await pool.end();
  }
}

/** Row counts through Drizzle: either driver answers `execute` with its rows. */
export function countRowsOf(db: Database): Promise<Record<string, number>> {
  return countRows(async (statement) => {
    const result = await db.execute(sql.raw(statement));
    return (result as { rows: Record<string, unknown>[] }).rows;
  });
}
