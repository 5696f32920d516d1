import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { startMailServer } from '../../../test/smtp.ts';
import { loadConfig } from '../../config.ts';
import { claimDueMail } from './mail.service.ts';
import { queueMail } from './index.ts';
import { mailOutbox } from './mail.tables.ts';
import { sendDueMail, smtpTransport, type SendingOptions } from './sender.ts';

const FROM = 'Prevent Hub <hub@example.org>';
const message = (to = 'ruth@example.org') => ({
  to,
  subject: 'Your account on the Hub',
  text: 'Set your password:\nhttps://hub.example.org/set-password/x',
  html: '<p>Set your password</p>',
  kind: 'invitation',
});
/** Retries at once, so a test can send, fail and retry without waiting. */
const AT_ONCE: SendingOptions = { pollMs: 20, firstRetryMs: 0, maxAttempts: 3 };

test('mail is queued inside the caller’s transaction: a rolled-back change leaves nothing to send', async (t) => {
  const hub = await buildTestHub(t);
  const db = hub.database.db;
  await assert.rejects(
    db.transaction(async (tx) => {
      await queueMail(tx, message());
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
  assert.equal((await db.select().from(mailOutbox)).length, 0, 'nothing queued by a rolled-back transaction');

  await db.transaction((tx) => queueMail(tx, message()));
  const [row] = await db.select().from(mailOutbox);
  assert.equal(row?.status, 'queued');
  assert.equal(row?.attempts, 0);
});

test('the sender delivers a queued message through SMTP and marks it sent', async (t) => {
  const hub = await buildTestHub(t);
  const db = hub.database.db;
  const smtp = await startMailServer(t);
  await queueMail(db, message('amira@example.org'));

  assert.equal(await sendDueMail(db, smtpTransport(smtp.url), FROM, AT_ONCE), 1);
  const mail = await smtp.waitFor(1);
  assert.deepEqual(mail.to, ['amira@example.org']);
  assert.equal(mail.subject, 'Your account on the Hub');
  assert.match(mail.body, /https:\/\/hub\.example\.org\/set-password\/x/);
  const [row] = await db.select().from(mailOutbox);
  assert.equal(row?.status, 'sent');
  assert.equal(row?.attempts, 1);
  assert.ok(row?.sentAt);
  assert.equal(await sendDueMail(db, smtpTransport(smtp.url), FROM, AT_ONCE), 0, 'a sent message is not sent again');
});

test('a message the server refuses is retried, and sent when the server accepts', async (t) => {
  const hub = await buildTestHub(t);
  const db = hub.database.db;
  const smtp = await startMailServer(t);
  await queueMail(db, message());
  smtp.refuseNext(1);

  assert.equal(await sendDueMail(db, smtpTransport(smtp.url), FROM, AT_ONCE), 0);
  let [row] = await db.select().from(mailOutbox);
  assert.equal(row?.status, 'queued', 'still queued after one refusal');
  assert.equal(row?.attempts, 1);
  assert.match(row?.lastError ?? '', /451|busy/i);

  assert.equal(await sendDueMail(db, smtpTransport(smtp.url), FROM, AT_ONCE), 1);
  [row] = await db.select().from(mailOutbox);
  assert.equal(row?.status, 'sent');
  assert.equal(row?.attempts, 2);
  assert.equal(smtp.received.length, 1);
});

test('a message refused every time is marked failed after the last attempt', async (t) => {
  const hub = await buildTestHub(t);
  const db = hub.database.db;
  const smtp = await startMailServer(t);
  await queueMail(db, message());
  smtp.refuseNext(100);

  for (let pass = 0; pass < AT_ONCE.maxAttempts; pass += 1)
    await sendDueMail(db, smtpTransport(smtp.url), FROM, AT_ONCE);
  const [row] = await db.select().from(mailOutbox);
  assert.equal(row?.status, 'failed');
  assert.equal(row?.attempts, AT_ONCE.maxAttempts);
  assert.equal((await claimDueMail(db, 10, 60_000)).length, 0, 'a failed message is not tried again');
});

test('retries wait longer each time; a claimed message is left to its sender until the lease ends', async (t) => {
  const hub = await buildTestHub(t);
  const db = hub.database.db;
  const smtp = await startMailServer(t);
  const id = await queueMail(db, message());
  smtp.refuseNext(100);
  const slow: SendingOptions = { pollMs: 20, firstRetryMs: 60_000, maxAttempts: 5 };

  const waits: number[] = [];
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await sendDueMail(db, smtpTransport(smtp.url), FROM, slow);
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    waits.push(row!.nextAttemptAt.getTime() - Date.now());
    // Due again now, as if the wait had passed.
    await db
      .update(mailOutbox)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(mailOutbox.id, id));
  }
  assert.ok(waits[0]! > 50_000 && waits[0]! <= 60_000, `first retry after about a minute: ${waits[0]}`);
  assert.ok(waits[1]! > 110_000 && waits[1]! <= 120_000, `second after about two: ${waits[1]}`);
  assert.ok(waits[2]! > 230_000 && waits[2]! <= 240_000, `third after about four: ${waits[2]}`);

  const claimed = await claimDueMail(db, 10, 60_000);
  assert.equal(claimed.length, 1);
  assert.equal((await claimDueMail(db, 10, 60_000)).length, 0, 'another sender skips a message already claimed');
});

test('with SMTP_URL set the Hub sends its outbox by itself, and stops when it closes', async (t) => {
  const smtp = await startMailServer(t);
  const hub = await buildTestHub(t, { smtpUrl: smtp.url, mailFrom: FROM, mailSending: AT_ONCE });
  await queueMail(hub.database.db, message('kofi@example.org'));
  const mail = await smtp.waitFor(1);
  assert.deepEqual(mail.to, ['kofi@example.org']);
  assert.match(mail.from, /hub@example\.org/);
});

test('the outbox page lists messages with status, attempts and last error, without bodies, to administrators only', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const id = await queueMail(db, { ...message('sam@example.org'), text: 'BODY-WORDS https://hub.example.org/x' });
  await db.update(mailOutbox).set({ attempts: 2, lastError: '451 Mailbox busy' }).where(eq(mailOutbox.id, id));

  const { browser: admin } = await signedIn(hub, 'administrator');
  const page = await admin.get('/admin/outbox');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /sam@example\.org/);
  assert.match(page.body, /Your account on the Hub/);
  assert.match(page.body, /Queued/);
  assert.match(page.body, /451 Mailbox busy/);
  assert.doesNotMatch(page.body, /BODY-WORDS/, 'bodies are never shown');
  assert.match(page.body, /No mail server \(SMTP_URL\) is set/);

  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  assert.equal((await coordinator.get('/admin/outbox')).statusCode, 403);
  const signedOut = await new Browser(hub.app).get('/admin/outbox');
  assert.equal(signedOut.statusCode, 303);
});

test('the outbox page is paged', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  await db.insert(mailOutbox).values(
    Array.from({ length: 51 }, (_, i) => ({
      to: `person${i}@example.org`,
      subject: 's',
      textBody: 't',
      kind: 'invitation',
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
    })),
  );
  const { browser } = await signedIn(hub, 'administrator');
  const first = await browser.get('/admin/outbox');
  assert.match(first.body, /51 messages/);
  assert.match(first.body, /person50@example\.org/);
  assert.doesNotMatch(first.body, /person0@example\.org/);
  assert.match(first.body, /href="\/admin\/outbox\?page=2"/);
  const second = await browser.get('/admin/outbox?page=2');
  assert.match(second.body, /person0@example\.org/);
});

test('SMTP_URL must be an smtp:// or smtps:// address and comes with MAIL_FROM', () => {
  const env = (mail: Record<string, string>) => ({ SESSION_SECRET: 'x'.repeat(32), ...mail });
  assert.deepEqual(
    [loadConfig(env({})).smtpUrl, loadConfig(env({})).mailFrom],
    [undefined, undefined],
    'no mail by default',
  );
  const config = loadConfig(env({ SMTP_URL: 'smtps://hub:secret@mail.example.org:465', MAIL_FROM: FROM }));
  assert.equal(config.smtpUrl, 'smtps://hub:secret@mail.example.org:465');
  assert.equal(config.mailFrom, FROM);
  assert.throws(() => loadConfig(env({ SMTP_URL: 'smtp://mail.example.org' })), /MAIL_FROM must be set/);
  assert.throws(() => loadConfig(env({ SMTP_URL: 'https://mail.example.org', MAIL_FROM: FROM })), /smtp:\/\//);
  assert.throws(() => loadConfig(env({ SMTP_URL: 'not an address', MAIL_FROM: FROM })), /SMTP_URL must be/);
});

test('senders claiming at the same moment (several Hubs on one database) each get different messages', async (t) => {
  const hub = await buildTestHub(t);
  const db = hub.database.db;
  for (let i = 0; i < 30; i += 1) await queueMail(db, message(`person${i}@example.org`));
  const claims = await Promise.all([1, 2, 3].map(() => claimDueMail(db, 10, 60_000)));
  const ids = claims.flatMap((claim) => claim.map((mail) => mail.id));
  assert.equal(ids.length, 30, 'all thirty claimed');
  assert.equal(new Set(ids).size, 30, 'none claimed twice');
});
