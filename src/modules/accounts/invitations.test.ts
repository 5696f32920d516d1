import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { Browser, buildTestHub, createUser, signedIn, withPartnership } from '../../../test/helpers.ts';
import { hubWithMail, postWithHost, PUBLIC_URL } from '../../../test/smtp.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { mailOutbox } from '../mail/mail.tables.ts';
import { accounts } from './accounts.tables.ts';
import { passwordLinks } from './password-links.tables.ts';

const NEW_PASSWORD = 'river kettle orchard lamp';

/** The path of an emailed or shown link, to open it in the Hub under test. */
const pathOf = (link: string) => new URL(link).pathname;

async function setPassword(browser: Browser, path: string, password = NEW_PASSWORD) {
  await browser.get(path);
  return browser.post(path, { newPassword: password, confirmPassword: password });
}

test('creating an account emails an invitation built from PUBLIC_URL, even when the request names another host', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const { browser: admin } = await signedIn(hub, 'administrator');

  const created = await postWithHost(
    hub,
    admin,
    '/accounts/new',
    '/accounts',
    { who: 'new', name: 'Ruth Okafor', email: 'ruth@example.org', role: 'member' },
    'evil.example',
  );
  assert.equal(created.statusCode, 200);
  assert.match(created.body, /Invitation sent/);
  assert.doesNotMatch(created.body, /one-off-password/, 'no one-off password when the invitation is emailed');

  const mail = await smtp.waitFor(1);
  assert.deepEqual(mail.to, ['ruth@example.org']);
  assert.match(mail.subject, /Test Prevent partnership Hub/);
  const link = smtp.linkIn(mail);
  assert.ok(link.startsWith(`${PUBLIC_URL}/set-password/`), link);
  assert.doesNotMatch(mail.body, /evil\.example/);

  const [entry] = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'account.invitation_sent'));
  assert.deepEqual(entry?.detail, { email: 'ruth@example.org', by: 'email' });
});

test('an invitation link sets the password once; the person then signs in; reuse is refused', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const user = await createUser(hub, 'member');
  assert.equal((await admin.post(`/accounts/${user.accountId}/invitation`)).statusCode, 200);
  const path = pathOf(smtp.linkIn(await smtp.waitFor(1)));

  const person = new Browser(hub.app);
  const form = await person.get(path);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Choose your password/);
  assert.match(form.body, new RegExp(user.email));
  assert.equal(form.headers['cache-control'], 'no-store');

  const mismatch = await person.post(path, { newPassword: NEW_PASSWORD, confirmPassword: 'something else entirely' });
  assert.equal(mismatch.statusCode, 400);
  assert.match(mismatch.body, /The passwords do not match/);
  const short = await person.post(path, { newPassword: 'short', confirmPassword: 'short' });
  assert.equal(short.statusCode, 400);
  assert.match(short.body, /at least 12 characters/);

  const done = await person.post(path, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
  assert.equal(done.statusCode, 200);
  assert.match(done.body, /Password set/);
  await person.signIn(user.email, NEW_PASSWORD);
  assert.equal((await person.get('/account')).statusCode, 200);

  const again = await new Browser(hub.app).get(path);
  assert.equal(again.statusCode, 410);
  assert.match(again.body, /This link has already been used/);
  const replay = await setPassword(new Browser(hub.app), path, 'another long password here');
  assert.equal(replay.statusCode, 410);
  await new Browser(hub.app).signIn(user.email, NEW_PASSWORD);

  const actions = (await hub.database.db.select().from(auditLog)).map((e) => e.action);
  assert.ok(actions.includes('account.password_set_by_link'));
  assert.ok(actions.includes('account.password_link_refused'));
});

test('an expired invitation, an unknown link and an older invitation are refused with a clear page', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const user = await createUser(hub, 'member');
  await admin.post(`/accounts/${user.accountId}/invitation`);
  const first = pathOf(smtp.linkIn(await smtp.waitFor(1)));
  await admin.post(`/accounts/${user.accountId}/invitation`);
  const second = pathOf(smtp.linkIn(await smtp.waitFor(2)));

  const older = await new Browser(hub.app).get(first);
  assert.equal(older.statusCode, 410, 'a newer invitation ends the older one');
  assert.match(older.body, /This link has expired/);

  await hub.database.db
    .update(passwordLinks)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(passwordLinks.accountId, user.accountId));
  const expired = await new Browser(hub.app).get(second);
  assert.equal(expired.statusCode, 410);
  assert.match(expired.body, /This link has expired/);
  assert.match(expired.body, /ask the administrator who invited you/);
  assert.equal((await setPassword(new Browser(hub.app), second)).statusCode, 410);

  const unknown = await new Browser(hub.app).get(`/set-password/${'A'.repeat(43)}`);
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.body, /This link does not work/);
  assert.equal((await new Browser(hub.app).get('/set-password/not-a-token')).statusCode, 404);
});

test('a disabled account’s invitation is refused', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const user = await createUser(hub, 'member');
  await admin.post(`/accounts/${user.accountId}/invitation`);
  const path = pathOf(smtp.linkIn(await smtp.waitFor(1)));
  await hub.database.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, user.accountId));
  const refused = await setPassword(new Browser(hub.app), path);
  assert.equal(refused.statusCode, 410);
  assert.match(refused.body, /This account is disabled/);
});

test('without PUBLIC_URL no invitation is emailed, and the page says why', async (t) => {
  const { hub } = await hubWithMail(t, { publicUrl: undefined });
  const { browser: admin } = await signedIn(hub, 'administrator');
  const user = await createUser(hub, 'member');

  const refused = await admin.post(`/accounts/${user.accountId}/invitation`);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /No invitation sent/);
  assert.match(refused.body, /public address \(PUBLIC_URL\) is not set/);

  await admin.get('/accounts/new');
  const created = await admin.post('/accounts', {
    who: 'new',
    name: 'Dev Patel',
    email: 'dev@example.org',
    role: 'viewer',
  });
  assert.equal(created.statusCode, 200);
  assert.match(created.body, /No invitation was emailed/);
  assert.match(created.body, /PUBLIC_URL/);
  assert.match(created.body, /id="one-off-password"/, 'the one-off password is shown instead');
  assert.equal((await hub.database.db.select().from(mailOutbox)).length, 0);
  assert.equal((await hub.database.db.select().from(passwordLinks)).length, 0);
});

test('without SMTP_URL the invitation link is shown to the administrator, built from PUBLIC_URL, and works', async (t) => {
  const hub = await buildTestHub(t, { publicUrl: PUBLIC_URL });
  await withPartnership(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const user = await createUser(hub, 'coordinator');

  const shown = await postWithHost(
    hub,
    admin,
    `/accounts/${user.accountId}`,
    `/accounts/${user.accountId}/invitation`,
    {},
    'evil.example',
  );
  assert.equal(shown.statusCode, 200);
  assert.equal(shown.headers['cache-control'], 'no-store');
  const link = /id="invitation-link">([^<]+)</.exec(shown.body)?.[1] ?? '';
  assert.ok(link.startsWith(`${PUBLIC_URL}/set-password/`), link);
  assert.equal((await hub.database.db.select().from(mailOutbox)).length, 0, 'nothing queued');

  const person = new Browser(hub.app);
  assert.equal((await setPassword(person, pathOf(link))).statusCode, 200);
  await person.signIn(user.email, NEW_PASSWORD);

  // Creating an account is as before: a one-off password to read out.
  await admin.get('/accounts/new');
  const created = await admin.post('/accounts', {
    who: 'new',
    name: 'Li Wei',
    email: 'li@example.org',
    role: 'viewer',
  });
  assert.match(created.body, /id="one-off-password"/);
  assert.doesNotMatch(created.body, /No invitation was emailed/);
});

test('only administrators send invitations', async (t) => {
  const { hub } = await hubWithMail(t);
  const user = await createUser(hub, 'member');
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  await coordinator.get('/');
  assert.equal((await coordinator.post(`/accounts/${user.accountId}/invitation`)).statusCode, 403);
  assert.equal((await hub.database.db.select().from(passwordLinks)).length, 0);
});
