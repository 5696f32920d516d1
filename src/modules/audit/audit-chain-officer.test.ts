import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { hubWithMail } from '../../../test/smtp.ts';
import { auditChainHead, auditLog } from './audit.tables.ts';
import { checkChain } from './audit.chain.ts';

const OFFICER = 'information.security@example.org';

test("an administrator names the officer and emails them the latest hash: place, hash and time, not the log's content", async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const { browser: admin } = await signedIn(hub, 'administrator');

  const before = await admin.get('/audit-log/chain');
  assert.doesNotMatch(
    before.body,
    /Email the latest hash<\/button>|>\s*Email the latest hash\s*</,
    'no button before an officer is named',
  );
  const bad = await admin.post('/audit-log/chain/officer', { officerEmail: 'not an address' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem[\s\S]*Enter the email address of the officer who keeps the heads/);

  const saved = await admin.post('/audit-log/chain/officer', { officerEmail: OFFICER });
  assert.equal(saved.statusCode, 303);
  const page = await admin.get('/audit-log/chain');
  assert.match(page.body, new RegExp(`value="${OFFICER}"`));
  assert.match(page.body, /Email the latest hash/);

  const emailed = await admin.post('/audit-log/chain/email', {});
  assert.equal(emailed.statusCode, 303);
  const location = String(emailed.headers.location);
  assert.match(location, /^\/audit-log\/chain\?emailed=\d+#officer$/);
  const confirmation = await admin.get(location.replace(/#.*/, ''));
  assert.match(confirmation.body, new RegExp(`was queued to ${OFFICER.replace('.', '\\.')}`));

  const mail = await smtp.waitFor(1);
  assert.deepEqual(mail.to, [OFFICER]);
  const [head] = await hub.database.db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  const seq = Number(/Place in the chain: +(\d+)/.exec(mail.body)?.[1]);
  const hash = /Hash \(SHA-256\): +([0-9a-f]{64})/.exec(mail.body)?.[1];
  assert.ok(seq >= 1 && seq <= head!.seq, mail.body);
  const [entry] = await hub.database.db.select().from(auditLog).where(eq(auditLog.chainSeq, seq));
  assert.equal(hash, entry!.hash, 'the hash emailed is the one at that place');
  assert.equal(entry!.action, 'audit_chain.emailed', 'the head covers the record of its own sending');
  assert.match(mail.body, /Time: +\d{4}-\d{2}-\d{2}T/);
  assert.doesNotMatch(mail.body, /document\.|sign_in|@example\.org.*signed/, 'no entry of the log in the message');

  const check = await checkChain(hub.database.db);
  assert.ok(check.ok);
  assert.equal(check.exported?.seq, seq, 'the emailed head is the one later checks look for');
  const log = await hub.database.db.select().from(auditLog);
  assert.ok(log.some((e) => e.action === 'audit_chain.officer_changed' && e.detail?.officer === OFFICER));

  for (const role of ['coordinator', 'member'] as const) {
    const { browser } = await signedIn(hub, role);
    await browser.get('/');
    assert.equal((await browser.post('/audit-log/chain/officer', { officerEmail: 'me@example.org' })).statusCode, 403);
    assert.equal((await browser.post('/audit-log/chain/email', {})).statusCode, 403);
  }
  assert.equal(smtp.received.length, 1);
});

test('without a mail server the page says to print the head, and emailing is refused', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  assert.equal((await admin.post('/audit-log/chain/officer', { officerEmail: OFFICER })).statusCode, 303);
  const page = await admin.get('/audit-log/chain');
  assert.match(page.body, /no mail server set up \(SMTP_URL\)[\s\S]*print it for the officer/);
  assert.doesNotMatch(page.body, /action="\/audit-log\/chain\/email"/);
  assert.match(page.body, /Export the latest head to sign off/, 'printing the head works as before');

  const refused = await admin.post('/audit-log/chain/email', {});
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /cannot email: export the head and print it/);
  const log = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'audit_chain.emailed'));
  assert.equal(log.length, 0);
});
