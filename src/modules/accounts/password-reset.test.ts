import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { accounts } from './accounts.tables.ts';
import { passwordLinks } from './password-links.tables.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { mailOutbox } from '../mail/mail.tables.ts';
import { Browser, buildTestHub, createUser, signedIn, withPartnership } from '../../../test/helpers.ts';
import { hubWithMail, postWithHost, PUBLIC_URL } from '../../../test/smtp.ts';

const NEW_PASSWORD = 'harbour violet tangent moss';

async function askForLink(browser: Browser, email: string) {
  await browser.get('/forgot-password');
  return browser.post('/forgot-password', { email });
}

test('the sign-in page offers a reset, and the answer is the same whether or not the email has an account', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const user = await createUser(hub, 'member');
  assert.match((await new Browser(hub.app).get('/sign-in')).body, /href="\/forgot-password"/);

  const known = await askForLink(new Browser(hub.app), user.email);
  const unknown = await askForLink(new Browser(hub.app), 'nobody@example.org');
  assert.equal(known.statusCode, 200);
  assert.equal(unknown.statusCode, 200);
  const page = (body: string, email: string) =>
    /<main[\s\S]*<\/main>/
      .exec(body)![0]
      .replaceAll(email, 'EMAIL')
      .replace(/value="[^"]+"/g, '');
  assert.equal(page(known.body, user.email), page(unknown.body, 'nobody@example.org'));
  assert.match(known.body, /Check your email/);

  const mail = await smtp.waitFor(1);
  assert.deepEqual(mail.to, [user.email]);
  const rows = await hub.database.db.select().from(mailOutbox);
  assert.deepEqual(
    rows.map((row) => row.to),
    [user.email],
    'nothing is sent for an address without an account',
  );
  const requests = await hub.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'account.password_reset_requested'));
  assert.equal(requests.length, 2);
});

test('a reset link is built from PUBLIC_URL even when the request names another host', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const user = await createUser(hub, 'coordinator');
  const browser = new Browser(hub.app);
  const asked = await postWithHost(
    hub,
    browser,
    '/forgot-password',
    '/forgot-password',
    { email: user.email },
    'evil.example',
  );
  assert.equal(asked.statusCode, 200);
  const mail = await smtp.waitFor(1);
  assert.ok(smtp.linkIn(mail).startsWith(`${PUBLIC_URL}/set-password/`));
  assert.doesNotMatch(mail.body, /evil\.example/);
});

test('a new password from the link ends the account’s other sessions; the link works once', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const user = await createUser(hub, 'member');
  const elsewhere = new Browser(hub.app);
  await elsewhere.signIn(user.email);
  assert.equal((await elsewhere.get('/account')).statusCode, 200);

  await askForLink(new Browser(hub.app), user.email);
  const path = new URL(smtp.linkIn(await smtp.waitFor(1))).pathname;
  const person = new Browser(hub.app);
  const form = await person.get(path);
  assert.match(form.body, /Choose a new password/);
  const done = await person.post(path, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
  assert.equal(done.statusCode, 200);
  assert.match(done.body, /Password set/);

  assert.equal((await elsewhere.get('/account')).statusCode, 303, 'the other browser is signed out');
  const old = await new Browser(hub.app).post('/sign-in', {
    email: user.email,
    password: 'correct horse battery staple',
  });
  assert.equal(old.statusCode, 400, 'the old password no longer works');
  await new Browser(hub.app).signIn(user.email, NEW_PASSWORD);

  const reused = await new Browser(hub.app).get(path);
  assert.equal(reused.statusCode, 410);
  assert.match(reused.body, /already been used/);
  const [entry] = await hub.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'account.password_set_by_link'));
  assert.deepEqual(entry?.detail, { purpose: 'reset' });
  assert.equal(entry?.accountId, user.accountId);
});

test('an expired reset link is refused, with a way to ask for another', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const user = await createUser(hub, 'member');
  await askForLink(new Browser(hub.app), user.email);
  const path = new URL(smtp.linkIn(await smtp.waitFor(1))).pathname;
  const [link] = await hub.database.db.select().from(passwordLinks);
  const lifetime = link!.expiresAt.getTime() - link!.createdAt.getTime();
  assert.equal(lifetime, 60 * 60_000, 'a reset link lasts an hour');
  await hub.database.db.update(passwordLinks).set({ expiresAt: new Date(Date.now() - 1000) });

  const expired = await new Browser(hub.app).get(path);
  assert.equal(expired.statusCode, 410);
  assert.match(expired.body, /This link has expired/);
  assert.match(expired.body, /href="\/forgot-password"/);
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  const posted = await browser.post(path, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
  assert.equal(posted.statusCode, 410);
});

test('requests are limited: a few per address (quietly), more per source (said)', async (t) => {
  const { hub } = await hubWithMail(t);
  const user = await createUser(hub, 'member');
  for (let i = 0; i < 5; i += 1) assert.equal((await askForLink(new Browser(hub.app), user.email)).statusCode, 200);
  const queued = await hub.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, user.email));
  assert.equal(queued.length, 3, 'three links an hour for one address, the answer unchanged');

  let last = 200;
  for (let i = 0; i < 20 && last === 200; i += 1)
    last = (await askForLink(new Browser(hub.app), `someone${i}@example.org`)).statusCode;
  assert.equal(last, 429, 'one source asking for many addresses is stopped');
});

test('a disabled account gets no link', async (t) => {
  const { hub } = await hubWithMail(t);
  const user = await createUser(hub, 'member');
  await hub.database.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, user.accountId));
  assert.match((await askForLink(new Browser(hub.app), user.email)).body, /Check your email/);
  assert.equal((await hub.database.db.select().from(mailOutbox)).length, 0);
  assert.equal((await hub.database.db.select().from(passwordLinks)).length, 0);
});

test('without PUBLIC_URL no reset link is sent, and the page says why', async (t) => {
  const { hub } = await hubWithMail(t, { publicUrl: undefined });
  const user = await createUser(hub, 'member');
  const page = await new Browser(hub.app).get('/forgot-password');
  assert.match(page.body, /public address \(PUBLIC_URL\) is not set/);
  assert.doesNotMatch(page.body, /name="email"/);
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  const posted = await browser.post('/forgot-password', { email: user.email });
  assert.equal(posted.statusCode, 400);
  assert.match(posted.body, /PUBLIC_URL/);
  assert.equal((await hub.database.db.select().from(mailOutbox)).length, 0);
  assert.equal((await hub.database.db.select().from(passwordLinks)).length, 0);
});

test('without SMTP_URL the page says to ask an administrator, and the administrator’s reset works as before', async (t) => {
  const hub = await buildTestHub(t, { publicUrl: PUBLIC_URL });
  await withPartnership(hub);
  const user = await createUser(hub, 'member');
  const page = await new Browser(hub.app).get('/forgot-password');
  assert.match(page.body, /does not send email/);
  assert.match(page.body, /Ask an administrator/);

  const { browser: admin } = await signedIn(hub, 'administrator');
  await admin.get(`/accounts/${user.accountId}`);
  const reset = await admin.post(`/accounts/${user.accountId}/reset-password`);
  assert.match(reset.body, /id="one-off-password"/);
});
