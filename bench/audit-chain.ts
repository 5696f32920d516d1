/**
 * What the audit chain costs: audit entries written per second with the chain (the insert trigger
 * hashing each entry and linking it, or leaving it waiting when another writer holds the chain)
 * and without it (the same insert into a copy of audit_log that has no triggers), by 10 writers at
 * once (then by one), each entry in its own transaction as a Hub request writes it. A round with
 * the chain ends only once every entry is linked, so entries left waiting are paid for. Rounds
 * run in pairs, one with and one without, back to back in alternating order; the figure is the
 * median of the pairs' ratios (the goal is 0.8 or more), with the chain's cost in microseconds an
 * entry beside it, which depends less on how fast the machine is that minute. The database is
 * PGlite in this process, or a PostgreSQL server in its own.
 *
 * Measured on 2 shared cores, 15 pairs of rounds of 1000 entries, 10 writers, two runs:
 * PGlite 0.81 and 0.80 (quartiles 0.79 to 0.84; 1,397/s against 1,758/s; 128 and 138 µs an
 * entry), PostgreSQL 15 0.85 and 0.88 (quartiles 0.81 to 0.93; 2,428/s against 2,922/s; 55 and
 * 57 µs), the server sharing the cores with this process. The same method measured the chain
 * of migration 0027 at PGlite 0.75 to 0.78 and PostgreSQL 0.77 to 0.82 (about 220 µs an entry on
 * PGlite); it was 0.21 on PostgreSQL when writers queued on the chain head (migration 0023).
 * Where the time went on PGlite, timed one transaction at a time, alternating: each transaction
 * sets the trigger's expressions up afresh, so the cost follows their size, not the work. Version
 * 1's canonical text (eleven length-prefixed fields) cost about 75 µs an entry, version 2's JSON
 * array about 40; looking for waiting entries on every insert 31 µs; reading and then updating
 * the head about 35 µs more than one UPDATE … RETURNING. On PostgreSQL about half the entries
 * find the chain held and are linked later by a second update of their row.
 *
 *   npm run bench:audit-chain                          PGlite in a scratch data folder
 *   DATABASE_URL=postgres://… npm run bench:audit-chain  also a scratch database on that server
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/client.ts';
import { createScratchDatabase } from '../test/helpers.ts';

/** 10 as the goal is set; 1 to show what is left once no commits can be shared. */
const WRITER_COUNTS = [10, 1];
const PAIRS = Number(process.env.BENCH_PAIRS || 15);
const ENTRIES_PER_ROUND = Number(process.env.BENCH_ENTRIES || 1000);

type Table = 'audit_log' | 'audit_log_unchained';

/** One entry as recordAudit writes a document being read: the commonest entry there is. */
function writeEntry(db: Database, table: Table, n: number) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into ${sql.identifier(table)} (account_id, actor, action, subject_type, subject_id, detail, ip)
      values (${n % 50}, ${`reader${n % 50}@example.org`}, 'document.viewed', 'document', ${String(n)},
              ${JSON.stringify({ marking: 'OFFICIAL-SENSITIVE', title: `Bench document ${n}` })}::jsonb, '192.0.2.1')`);
  });
}

/** Entries per second for one round: `writers` loops sharing ENTRIES_PER_ROUND entries. */
async function round(db: Database, table: Table, writers: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < ENTRIES_PER_ROUND) await writeEntry(db, table, next++);
    }),
  );
  if (table === 'audit_log') await db.execute(sql`select audit_log_chain_waiting()`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return ENTRIES_PER_ROUND / seconds;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;
const quartiles = (values: number[]) =>
  [0.25, 0.75].map((q) => sorted(values)[Math.floor((values.length - 1) * q)]!.toFixed(2)).join('–');

async function compare(label: string, db: Database, writers: number): Promise<void> {
  await round(db, 'audit_log', writers); // warm-up: plans cached, tables in memory
  await round(db, 'audit_log_unchained', writers);
  const chained: number[] = [];
  const unchained: number[] = [];
  const ratios: number[] = [];
  const costs: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // Each pair's two rounds run back to back, their order alternating, so a neighbour's load
    // on a shared machine falls on both sides of a pair's ratio rather than on one side.
    const order: Table[] = i % 2 ? ['audit_log', 'audit_log_unchained'] : ['audit_log_unchained', 'audit_log'];
    const rates: Partial<Record<Table, number>> = {};
    for (const table of order) rates[table] = await round(db, table, writers);
    chained.push(rates.audit_log!);
    unchained.push(rates.audit_log_unchained!);
    ratios.push(rates.audit_log! / rates.audit_log_unchained!);
    costs.push((1 / rates.audit_log! - 1 / rates.audit_log_unchained!) * 1e6);
  }
  const list = (values: number[], digits = 0) => values.map((v) => v.toFixed(digits)).join(', ');
  console.log(
    `${label}: ${writers} writer(s), ${PAIRS} pairs of rounds of ${ENTRIES_PER_ROUND} entries: ` +
      `ratio ${median(ratios).toFixed(2)} (median of the pairs' ratios; quartiles ${quartiles(ratios)}), ` +
      `with the chain ${median(chained).toFixed(0)}/s, without ${median(unchained).toFixed(0)}/s, ` +
      `the chain's cost ${median(costs).toFixed(0)} µs an entry ` +
      `(pairs' ratios: ${list(ratios, 2)})`,
  );
}

async function measure(label: string, db: Database): Promise<void> {
  // LIKE copies the columns, defaults and indexes, never the triggers.
  await db.execute(sql`create table audit_log_unchained (like audit_log including defaults including indexes)`);
  for (const writers of WRITER_COUNTS) await compare(label, db, writers);
}

async function onPglite(): Promise<void> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'bench-audit-chain-'));
  const handle = await openDatabase({ dataDir: folder });
  try {
    await measure('PGlite', handle.db);
  } finally {
    await handle.close();
    await rm(folder, { recursive: true, force: true });
  }
}

async function onPostgres(url: string): Promise<void> {
  const scratch = await createScratchDatabase(url);
  try {
    const handle = await openDatabase({ databaseUrl: scratch.url });
    try {
      await measure('PostgreSQL', handle.db);
    } finally {
      await handle.close();
    }
  } finally {
    await scratch.drop();
  }
}

await onPglite();
if (process.env.DATABASE_URL) await onPostgres(process.env.DATABASE_URL);
