import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { asc, isNull, sql } from 'drizzle-orm';
import { buildTestHub, databaseOnlyHub, withPartnership } from '../../../test/helpers.ts';
import type { Database } from '../../db/client.ts';
import { auditLog } from './audit.tables.ts';
import { recordAudit } from './audit.service.ts';
import { checkChain, linkWaitingEntries } from './audit.chain.ts';

/**
 * An entry as it is left when another writer holds the chain: committed, not linked yet. One
 * connection (PGlite) never finds the chain busy, so the insert trigger is set aside to leave it so.
 */
async function writeWaitingEntry(db: Database, actor: string) {
  await db.execute(sql`alter table audit_log disable trigger audit_log_chain`);
  try {
    await db.insert(auditLog).values({ action: 'document.viewed', actor });
  } finally {
    await db.execute(sql`alter table audit_log enable trigger audit_log_chain`);
  }
}

const places = async (db: Database) =>
  (await db.select().from(auditLog).orderBy(asc(auditLog.id))).map((r) => [r.actor, r.chainSeq]);

const refusedAsAppendOnly = (error: Error) => /append-only/.test(String((error.cause as Error | undefined)?.message));

test('an entry left waiting cannot be edited; a later writer links its own entry, and linking gives the waiting one the next place', async (t) => {
  const { database } = await databaseOnlyHub(t);
  const db = database.db;
  await recordAudit(db, { action: 'sign_out', actor: 'first' });
  await writeWaitingEntry(db, 'waiting');
  assert.deepEqual(await places(db), [
    ['first', 1],
    ['waiting', null],
  ]);

  await assert.rejects(
    db.execute(sql`update audit_log set actor = 'someone else' where chain_seq is null`),
    refusedAsAppendOnly,
  );
  await assert.rejects(
    db.execute(sql`update audit_log set actor = 'someone else', chain_seq = 2, hash = 'x' where chain_seq is null`),
    refusedAsAppendOnly,
    'a place in the chain does not carry a change of content through',
  );

  // The writer that finds the chain free does not look for waiting entries (that cost every insert).
  await recordAudit(db, { action: 'sign_out', actor: 'next' });
  assert.deepEqual(await places(db), [
    ['first', 1],
    ['waiting', null],
    ['next', 2],
  ]);
  assert.equal(await linkWaitingEntries(db), 1);
  assert.deepEqual(await places(db), [
    ['first', 1],
    ['waiting', 3],
    ['next', 2],
  ]);
  const check = await checkChain(db);
  assert.equal(check.broken, null);
  assert.equal(check.entries, 3);
  assert.equal(check.waiting, 0);
});

test('a check links the entries waiting before it reads the chain; an edit after that is found at its entry', async (t) => {
  const { database } = await databaseOnlyHub(t);
  const db = database.db;
  await recordAudit(db, { action: 'sign_out', actor: 'first' });
  await writeWaitingEntry(db, 'waiting one');
  await writeWaitingEntry(db, 'waiting two');

  const check = await checkChain(db);
  assert.ok(check.ok);
  assert.equal(check.entries, 3);
  assert.equal(check.waiting, 0);
  assert.equal(check.head?.seq, 3);

  const [second] = await db
    .select()
    .from(auditLog)
    .where(sql`${auditLog.chainSeq} = 2`);
  await db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
  await db.execute(sql`update audit_log set actor = 'rewritten' where id = ${second!.id}`);
  await db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  const edited = await checkChain(db);
  assert.equal(edited.broken?.id, second!.id);
  assert.equal(edited.broken?.what, 'content');
});

test('the Hub links entries left waiting after a burst that no later write picked up', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  await writeWaitingEntry(db, 'left waiting');
  const deadline = Date.now() + 15_000;
  while ((await db.select().from(auditLog).where(isNull(auditLog.chainSeq))).length > 0) {
    assert.ok(Date.now() < deadline, 'the waiting entry was linked within 15 seconds');
    await sleep(250);
  }
  assert.ok((await checkChain(db)).ok);
});

test(
  'on PostgreSQL writers do not queue behind a transaction holding the chain, and the chain stays one line',
  { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL' },
  async (t) => {
    const { database } = await databaseOnlyHub(t);
    const db = database.db;
    const holder = await database.pool!.connect();
    try {
      await holder.query('begin');
      await holder.query(`insert into audit_log (action, actor) values ('sign_out', 'holder')`);
      // Ten writers, each its own transaction, while the holder's transaction is still open.
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => recordAudit(db, { action: 'sign_out', actor: `writer${i}` })),
      );
      const waiting = await db.select().from(auditLog).where(isNull(auditLog.chainSeq));
      assert.equal(waiting.length, 10, 'written and committed without waiting for the holder');
      await holder.query('commit');
    } finally {
      holder.release();
    }
    const check = await checkChain(db);
    assert.ok(check.ok, JSON.stringify(check.broken));
    assert.equal(check.entries, 11);
    assert.equal(check.waiting, 0);
  },
);
