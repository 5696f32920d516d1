import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { asc, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { buildTestHub, databaseOnlyHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { databaseBefore } from '../../../test/migrations.ts';
import { openPglite, type Database, type Queryable } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { seedDemoPartnership } from '../../demo/demo-data.ts';
import { auditChainVersions, auditLog } from './audit.tables.ts';
import { recordAudit } from './audit.service.ts';
import { checkChain, exportChainHead } from './audit.chain.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

/** Some entries the usual way, with the detail, actor and address a real entry has. */
async function writeEntries(db: Queryable, count: number, label = 'entry') {
  for (let i = 1; i <= count; i++) {
    await recordAudit(db, {
      action: 'document.viewed',
      actor: `reader${i}@example.org`,
      subjectType: 'document',
      subjectId: i,
      detail: { label, n: i, words: 'Café | naïve "quoted"', nested: { b: [1, 2], a: null } },
      ip: '192.0.2.1',
    });
  }
}

async function entryIds(db: Queryable): Promise<number[]> {
  const rows = await db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.chainSeq));
  return rows.map((r) => r.id);
}

/**
 * What someone with the database's owner rights could do behind the Hub's back: set the
 * append-only trigger aside, change the log, and put the trigger back.
 */
async function behindTheHubsBack(db: Database, ...changes: ReturnType<typeof sql>[]) {
  await db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
  for (const change of changes) await db.execute(change);
  await db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
}

test('entries written by recordAudit and by a direct insert join one chain the verifier recomputes', async (t) => {
  const { database } = await databaseOnlyHub(t);
  const db = database.db;
  await writeEntries(db, 3);
  // A direct insert, as the demo and tests write, claiming a place and hashes of its own.
  await db.insert(auditLog).values({ action: 'setup.completed', actor: 'npm run demo', chainSeq: 99, hash: 'forged' });
  await db.insert(auditLog).values({ action: 'sign_out', at: new Date('2010-06-12T09:30:00.123Z') });
  await db.execute(sql`insert into audit_log (action, at) values ('sign_out', '2010-06-12 09:30:00.123456+00')`);

  const check = await checkChain(db, 2);
  assert.equal(check.broken, null);
  assert.equal(check.entries, 6);
  assert.ok(check.ok);
  const rows = await db.select().from(auditLog).orderBy(asc(auditLog.chainSeq));
  assert.deepEqual(
    rows.map((r) => r.chainSeq),
    [1, 2, 3, 4, 5, 6],
    'the database replaced the place the insert claimed',
  );
  assert.equal(rows[0]!.prevHash, null);
  for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prevHash, rows[i - 1]!.hash);
  assert.notEqual(rows[3]!.hash, 'forged');
  assert.deepEqual(check.head, { seq: 6, hash: rows[5]!.hash });
});

test('hashes are recomputed outside the database for text that JSON has to escape', async (t) => {
  const { database } = await databaseOnlyHub(t);
  const db = database.db;
  const awkward = 'Ann "Q" O\'Brien \\ back\nslash\ttab \u0001\u001f\u007f é ü 漢字 🙂 \u2028';
  await recordAudit(db, {
    action: 'document.viewed',
    actor: awkward,
    subjectType: 'document',
    subjectId: 'line one\r\nline two',
    detail: { [awkward]: awkward, list: [awkward, 1.5, -2, true, null], '': { ü: '\\' } },
  });
  await db.execute(sql`insert into audit_log (action, actor, ip) values ('sign_out', ${awkward}, '2001:db8::1')`);
  const check = await checkChain(db);
  assert.equal(check.broken, null, JSON.stringify(check.broken));
  assert.equal(check.entries, 2);
  assert.ok(check.ok);
});

test('ten transactions writing at once make one unbroken chain', async (t) => {
  const { database } = await databaseOnlyHub(t);
  const db = database.db;
  await Promise.all(
    Array.from({ length: 10 }, (_, writer) =>
      db.transaction(async (tx) => {
        for (let i = 0; i < 5; i++) await recordAudit(tx, { action: 'sign_out', actor: `writer${writer}` });
      }),
    ),
  );
  const check = await checkChain(db, 7);
  assert.equal(check.broken, null);
  assert.equal(check.entries, 50);
  assert.equal(check.head?.seq, 50);
});

test('an entry changed in the database is named as the first broken entry, on the page too', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  await writeEntries(db, 6);
  const ids = await entryIds(db);
  await behindTheHubsBack(db, sql`update audit_log set detail = '{"label": "nothing to see"}' where id = ${ids[2]!}`);

  const check = await checkChain(db, 4);
  assert.equal(check.ok, false);
  assert.equal(check.broken?.id, ids[2]);
  assert.equal(check.broken?.chainSeq, 3);
  assert.equal(check.broken?.what, 'content');

  const { browser: admin } = await signedIn(hub, 'administrator');
  const page = await admin.get('/audit-log/chain');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`The chain is broken at entry ${ids[2]} \\(place 3 in the chain\\)`));
  assert.match(page.body, /Its content no longer matches its hash: it was changed\./);
});

test('an entry removed from the middle breaks the link at the entry after it', async (t) => {
  const { database } = await databaseOnlyHub(t);
  const db = database.db;
  await writeEntries(db, 6);
  const ids = await entryIds(db);
  await behindTheHubsBack(db, sql`delete from audit_log where id = ${ids[2]!}`);

  const check = await checkChain(db);
  assert.equal(check.broken?.id, ids[3]);
  assert.equal(check.broken?.what, 'link');
  assert.match(check.broken.explanation, /entries 3 of the chain are missing/);
});

test('the last entry removed is found against the head the database keeps', async (t) => {
  const { database } = await databaseOnlyHub(t);
  const db = database.db;
  await writeEntries(db, 4);
  const ids = await entryIds(db);
  await behindTheHubsBack(db, sql`delete from audit_log where id = ${ids[3]!}`);

  const check = await checkChain(db);
  assert.equal(check.broken?.what, 'end');
  assert.equal(check.broken?.chainSeq, 4);
});

test('an end rewritten with its hashes and head recomputed is found by the exported head', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  await writeEntries(db, 4);
  const { user } = await signedIn(hub, 'administrator');
  await exportChainHead(db, { ...user, name: 'Admin', mustChangePassword: false, groupIds: [] });
  const exported = await checkChain(db);
  assert.ok(exported.ok);
  const lastId = (await entryIds(db)).at(-1)!;

  // The last entry (the export's own record) edited, its hash recomputed and the head moved to it:
  // every link still holds, so only the head kept outside the log can tell.
  await behindTheHubsBack(
    db,
    sql`update audit_log set detail = '{"quiet": true}' where id = ${lastId}`,
    sql`update audit_log set hash = audit_log_hash_v2(prev_hash, chain_seq, id, at, account_id, actor, action,
      subject_type, subject_id, detail, ip) where id = ${lastId}`,
    sql`update audit_chain_head set hash = (select hash from audit_log where id = ${lastId})`,
  );
  const edited = await checkChain(db);
  assert.equal(edited.broken, null, 'the chain itself is consistent');
  assert.equal(edited.exported?.held, false);
  assert.equal(edited.ok, false);

  // Removed instead, with the head moved back one: the same.
  await behindTheHubsBack(
    db,
    sql`delete from audit_log where id = ${lastId}`,
    sql`update audit_chain_head set seq = seq - 1, hash = (select hash from audit_log order by chain_seq desc limit 1)`,
  );
  const removed = await checkChain(db);
  assert.equal(removed.broken, null);
  assert.equal(removed.exported?.held, false);
  assert.equal(removed.ok, false);
});

test('the migration chains the entries written before it in id order, and leaves the log append-only', async (t) => {
  const { client, migrateToLatest } = await databaseBefore(t, '_audit_chain');
  await client.exec(`
    insert into audit_log (id, at, action, actor, detail) values
      (5, '2024-01-02 10:00:00.654321+00', 'sign_in.succeeded', 'a@example.org', '{"z": 1, "a": "x"}'),
      (2, '2024-01-03 10:00:00+00', 'sign_out', 'a@example.org', null),
      (9, '2024-01-01 10:00:00+00', 'setup.completed', null, '{"demo": true}');
  `);
  await migrateToLatest();
  const db = drizzle(client, { schema }) as unknown as Database;
  const rows = await db.select().from(auditLog).orderBy(asc(auditLog.chainSeq));
  assert.deepEqual(
    rows.map((r) => [r.id, r.chainSeq]),
    [
      [2, 1],
      [5, 2],
      [9, 3],
    ],
  );
  const check = await checkChain(db);
  assert.equal(check.broken, null);
  assert.equal(check.entries, 3);

  await recordAudit(db, { action: 'sign_out' });
  const carriedOn = await checkChain(db);
  assert.equal(carriedOn.head?.seq, 4, 'new entries carry on from the chained ones');
  assert.ok(carriedOn.ok, 'entries before the canonical text changed are checked as version 1, after as version 2');
  const versions = await db.select().from(auditChainVersions).orderBy(asc(auditChainVersions.version));
  assert.deepEqual(
    versions.map((v) => [v.version, v.firstSeq]),
    [
      [1, 1],
      [2, 4],
    ],
  );
  await assert.rejects(db.execute(sql`update audit_log set actor = 'someone else'`), (error: Error) =>
    /append-only/.test(String((error.cause as Error | undefined)?.message)),
  );
});

test("the demo's own entries are chained", async (t) => {
  const { database } = await databaseOnlyHub(t);
  await seedDemoPartnership(database.db);
  const check = await checkChain(database.db);
  assert.ok(check.entries >= 1);
  assert.ok(check.ok);
});

test('npm run audit:verify checks a data folder in batches, names the first broken entry and exits 1', async (t) => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'audit-verify-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  const withDatabase = async (work: (db: Database) => Promise<void>) => {
    const handle = await openPglite(folder);
    try {
      await work(handle.db);
    } finally {
      await handle.close();
    }
  };
  const env = { ...process.env, DATA_DIR: folder, DATABASE_URL: '' };
  const verify = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/modules/audit/audit-verify.ts', '--batch', '2', ...args], {
      cwd: root,
      env,
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  let head = '';
  await withDatabase(async (db) => {
    await writeEntries(db, 5);
    head = (await checkChain(db)).head!.hash;
  });
  const good = await verify('--head', `5:${head}`);
  assert.equal(good.code, 0, good.stdout);
  assert.match(good.stdout, /Checked 5 audit entries\./);
  assert.match(good.stdout, new RegExp(`Latest head: 5 ${head}`));
  assert.match(good.stdout, /The audit chain is unbroken\./);

  let ids: number[] = [];
  await withDatabase(async (db) => {
    ids = await entryIds(db);
    await behindTheHubsBack(db, sql`update audit_log set actor = 'someone else' where id = ${ids[3]!}`);
  });
  const broken = await verify();
  assert.equal(broken.code, 1, broken.stdout);
  assert.match(broken.stdout, new RegExp(`First broken entry: id ${ids[3]}, place 4: content:`));
  assert.match(broken.stdout, /The audit chain is BROKEN\./);

  const notHeld = await verify('--head', `2:${'0'.repeat(64)}`);
  assert.equal(notHeld.code, 1);
  assert.match(notHeld.stdout, /NOT IN THE CHAIN/);
});

test('administrators check the chain, export its head to sign off and check a head they hold; others cannot', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');

  const page = await admin.get('/audit-log/chain');
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body, /The chain is unbroken/);
  assert.match(page.body, /No head exported yet/);

  const exported = await admin.post('/audit-log/chain/export', {});
  assert.equal(exported.statusCode, 303);
  const location = String(exported.headers.location);
  assert.match(location, /^\/audit-log\/chain\/exports\/\d+$/);
  const text = await admin.get(location);
  assert.equal(text.statusCode, 200);
  assert.match(String(text.headers['content-type']), /text\/plain/);
  assert.match(String(text.headers['content-disposition']), /attachment; filename="audit-chain-head-\d+\.txt"/);
  const seq = Number(/Place in the chain: +(\d+)/.exec(text.body)?.[1]);
  const hash = /Hash \(SHA-256\): +([0-9a-f]{64})/.exec(text.body)?.[1];
  assert.ok(seq && hash, text.body);
  assert.match(text.body, /Signature: _+/);

  const after = await admin.get('/audit-log/chain');
  assert.match(after.body, new RegExp(`<code>${hash}</code>`));
  assert.match(after.body, /Still in the chain[\s\S]*?Yes/);

  const held = await admin.get(`/audit-log/chain?seq=${seq}&hash=${hash.toUpperCase()}`);
  assert.match(held.body, new RegExp(`The chain still holds this head at place ${seq}\\.`));
  const other = await admin.get(`/audit-log/chain?seq=${seq}&hash=${'a'.repeat(64)}`);
  assert.match(other.body, /does not hold this head/);
  const halfTyped = await admin.get(`/audit-log/chain?seq=${seq}`);
  assert.equal(halfTyped.statusCode, 400);
  assert.match(halfTyped.body, /There is a problem[\s\S]*Enter the hash printed beside the place in the chain/);
  const badHash = await admin.get(`/audit-log/chain?seq=${seq}&hash=not-a-hash`);
  assert.equal(badHash.statusCode, 400);
  assert.match(badHash.body, /Enter the hash as printed/);

  const log = await hub.database.db
    .select()
    .from(auditLog)
    .where(sql`${auditLog.action} like 'audit_chain.%'`);
  assert.ok(log.some((e) => e.action === 'audit_chain.exported'));
  assert.ok(log.filter((e) => e.action === 'audit_chain.checked').length >= 4, 'each check is recorded');

  for (const role of ['coordinator', 'member', 'viewer'] as const) {
    const { browser } = await signedIn(hub, role);
    assert.equal((await browser.get('/audit-log/chain')).statusCode, 403);
    assert.equal((await browser.get(location)).statusCode, 403);
    await browser.get('/');
    assert.equal((await browser.post('/audit-log/chain/export', {})).statusCode, 403);
  }
  assert.equal((await admin.get('/audit-log/chain/exports/999999')).statusCode, 404);
});
