import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { Browser, buildTestHub, createUser, signedIn, withPartnership, TEST_PASSWORD } from '../../../test/helpers.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { LOCK_AFTER } from './sign-in-limits.ts';

test('sign-in: wrong password refused and logged; session id changes at sign-in; sign-out ends the session', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'member');
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  const wrong = await browser.post('/sign-in', { email: user.email, password: 'wrong password here' });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /Enter a correct email address and password/);
  const failures = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'sign_in.failed'));
  assert.equal(failures.length, 1);

  await browser.signIn(user.email);
  const firstCookie = browser.cookieHeader;
  assert.equal((await browser.get('/account')).statusCode, 200);
  // A second sign-in issues a new session token.
  await browser.signIn(user.email);
  assert.notEqual(browser.cookieHeader, firstCookie);

  const stolen = browser.cookieHeader;
  const out = await browser.post('/sign-out');
  assert.equal(out.statusCode, 303);
  // The old cookie no longer works on the server, even if someone kept it.
  const replay = await hub.app.inject({ method: 'GET', url: '/account', headers: { cookie: stolen } });
  assert.equal(replay.statusCode, 303);
  assert.match(String(replay.headers.location), /^\/sign-in/);
});

test('repeated failed sign-ins lock the email out, even with the right password, and are logged', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'viewer');
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  for (let i = 0; i < LOCK_AFTER; i++) await browser.post('/sign-in', { email: user.email, password: `guess number ${i}` });
  const locked = await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
  assert.equal(locked.statusCode, 400);
  assert.match(locked.body, /Too many failed attempts/);
  const throttled = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'sign_in.throttled'));
  assert.equal(throttled.length, 1);
});

test('a form without the right CSRF token is refused and changes nothing', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'administrator');
  const before = (await browser.get('/accounts')).body;
  const missing = await browser.post('/accounts', { name: 'Eve', email: 'eve@example.org', role: 'viewer' }, { csrf: null });
  assert.equal(missing.statusCode, 403);
  const forged = await browser.post('/accounts', { name: 'Eve', email: 'eve@example.org', role: 'viewer' }, { csrf: 'forged-token-value' });
  assert.equal(forged.statusCode, 403);
  assert.equal((await browser.get('/accounts')).body.includes('eve@example.org'), false);
  assert.ok(before.length > 0);
});

test('an administrator adds an account, the password is shown once and must be changed', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const bad = await admin.post('/accounts', { name: '', email: 'nope', role: 'emperor' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the person’s full name/);
  assert.match(bad.body, /Select a role/);

  const created = await admin.post('/accounts', { name: 'Priya Example', email: 'priya@example.org', role: 'coordinator' });
  assert.equal(created.statusCode, 200);
  assert.equal(created.headers['cache-control'], 'no-store');
  const password = /id="one-off-password">([^<]+)</.exec(created.body)?.[1];
  assert.ok(password, 'the one-off password is on the page');

  const priya = new Browser(hub.app);
  await priya.get('/sign-in');
  const signIn = await priya.post('/sign-in', { email: 'priya@example.org', password });
  assert.equal(signIn.headers.location, '/account/password');
  assert.equal((await priya.get('/groups')).headers.location, '/account/password', 'nothing else until the password is changed');
  await priya.get('/account/password');
  const changed = await priya.post('/account/password', { currentPassword: password, newPassword: 'my own chosen passphrase' });
  assert.equal(changed.statusCode, 303);
  assert.equal((await priya.get('/account')).statusCode, 200);

  const duplicate = await admin.post('/accounts', { name: 'Priya Again', email: 'PRIYA@example.org', role: 'viewer' });
  assert.equal(duplicate.statusCode, 400);
  assert.match(duplicate.body, /already an account with that email/);
});

test('disabling an account or resetting its password ends its sessions at once', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const { browser: member, user } = await signedIn(hub, 'member');
  assert.equal((await member.get('/account')).statusCode, 200);

  await admin.get(`/accounts/${user.accountId}`);
  assert.equal((await admin.post(`/accounts/${user.accountId}/disable`)).statusCode, 303);
  assert.equal((await member.get('/account')).statusCode, 303, 'signed out at once');
  const again = new Browser(hub.app);
  await again.get('/sign-in');
  assert.equal((await again.post('/sign-in', { email: user.email, password: TEST_PASSWORD })).statusCode, 400);

  await admin.post(`/accounts/${user.accountId}/enable`);
  await member.signIn(user.email);
  const reset = await admin.post(`/accounts/${user.accountId}/reset-password`);
  assert.equal(reset.statusCode, 200);
  assert.equal((await member.get('/account')).statusCode, 303);
  const log = await hub.database.db.select().from(auditLog).where(eq(auditLog.subjectId, String(user.accountId)));
  assert.deepEqual(new Set(log.map((e) => e.action)), new Set(['account.disabled', 'account.enabled', 'account.password_reset']));
});

test('only administrators manage accounts', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  for (const role of ['coordinator', 'member', 'viewer'] as const) {
    const { browser } = await signedIn(hub, role);
    assert.equal((await browser.get('/accounts')).statusCode, 403, role);
    assert.equal((await browser.post('/accounts', { name: 'X', email: 'x@example.org', role: 'administrator' })).statusCode, 403, role);
  }
});

test('idle sessions end', async (t) => {
  const hub = await buildTestHub(t, { sessionIdleMinutes: 0 });
  await withPartnership(hub);
  const user = await createUser(hub, 'viewer');
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal((await browser.get('/account')).statusCode, 303);
});
