import path from 'node:path';
import { PGlite, type Transaction as PGliteTransaction } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';
import { lockDataFolder } from './lock.ts';
import { sourceDir } from '../paths.ts';

export type Schema = typeof schema;
/** The same Drizzle API over either driver; modules never know which. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or a transaction in progress. */
export type Queryable = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** The node-postgres pool, when on PostgreSQL (for LISTEN/NOTIFY later). */
  pool?: pg.Pool;
  close(): Promise<void>;
}

const migrationsFolder = path.join(sourceDir, 'db', 'migrations');

// Arbitrary constant: serialises migrations when several Hubs start on one PostgreSQL.
const MIGRATION_LOCK = 7_318_2019;

export async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (a restart, a dropped database) is an event, not a crash:
  // the pool discards it and the next query opens another.
  pool.on('error', (error) => {
    if ((error as { code?: string }).code !== '57P01') console.error(`PostgreSQL connection lost: ${error.message}`);
  });
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  return { db, kind: 'postgres', pool, close: once(() => pool.end()) };
}

/** dataDir undefined: an in-memory database (tests). */
/**
 * PGlite runs each query synchronously inside this process and settles its promise at once, so a
 * request that makes a chain of queries (a board paper's live blocks make dozens) would run as one
 * unbroken stretch of work, and a live event's votes and streams would wait for all of it. Each
 * query and transaction therefore first lets the event loop take a turn.
 */
class TurnTakingPGlite extends PGlite {
  override async query<T>(...args: Parameters<PGlite['query']>) {
    await nextTurn();
    return super.query<T>(...args);
  }

  override async exec(...args: Parameters<PGlite['exec']>) {
    await nextTurn();
    return super.exec(...args);
  }

  override async transaction<T>(callback: (tx: PGliteTransaction) => Promise<T>) {
    await nextTurn();
    return super.transaction(callback);
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const unlock = dataDir ? lockDataFolder(dataDir) : () => {};
  try {
    const client = new TurnTakingPGlite(dataDir ? path.join(dataDir, 'pglite') : undefined);
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    await migratePglite(db as never, { migrationsFolder });
    return {
      db,
      kind: 'pglite',
      close: once(async () => {
        await client.close();
        unlock();
      }),
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** Closing twice (a test, then its clean-up) is harmless. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

export function openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
