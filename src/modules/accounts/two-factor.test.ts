import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import {
  authenticatorOf,
  Browser,
  buildTestHub,
  createUser,
  signedIn,
  TEST_PASSWORD,
  withPartnership,
  type TestHub,
} from '../../../test/helpers.ts';
import { groupWith } from '../../../test/factories.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { signInAttempts, type SignInOutcome } from '../../auth/sign-in-attempts.tables.ts';
import { documents } from '../documents/documents.tables.ts';
import { codeAtStep, timeStepAt } from './totp.ts';
import { accounts } from './accounts.tables.ts';
import { secondFactors } from './two-factor.tables.ts';

const SET_UP = '/account/two-factor/authenticator';

/** A browser that has given the right password and is on the code page. */
async function atCodePage(hub: TestHub, email: string) {
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  const password = await browser.post('/sign-in', { email, password: TEST_PASSWORD });
  assert.equal(password.headers.location, '/sign-in/code', 'a code is asked for after the password');
  assert.ok(!password.cookies.some((c) => c.name === 'hub_session' && c.value), 'no session before the code');
  await browser.get('/sign-in/code');
  return browser;
}

const auditActions = async (hub: TestHub, action: string) =>
  hub.database.db.select().from(auditLog).where(eq(auditLog.action, action));
const signInAttemptsOf = async (hub: TestHub, outcome: SignInOutcome) =>
  hub.database.db.select().from(signInAttempts).where(eq(signInAttempts.outcome, outcome));

test('a person sets up an authenticator app from its QR code and key, confirms it with a code, and gets ten recovery codes once', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'member');
  const page = await browser.get(SET_UP);
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body, /<svg[^>]*>/, 'a QR code');
  const key = /id="authenticator-key">([A-Z2-7 ]+)</.exec(page.body)![1]!.replace(/ /g, '');
  assert.match((await browser.get(SET_UP)).body, new RegExp(key.slice(0, 4)), 'the same key until confirmed');

  const wrong = await browser.post(SET_UP, { code: codeAtStep(key, timeStepAt(Date.now()) - 3) });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /govuk-error-summary/);
  assert.match(wrong.body, /The code is not right/);

  const confirmed = await browser.post(SET_UP, { code: codeAtStep(key, timeStepAt(Date.now())) });
  assert.equal(confirmed.statusCode, 200);
  assert.equal(confirmed.headers['cache-control'], 'no-store');
  const codes = [...confirmed.body.matchAll(/<li>([a-z2-9-]{19})<\/li>/g)].map((m) => m[1]);
  assert.equal(codes.length, 10);
  const [stored] = await hub.database.db
    .select()
    .from(secondFactors)
    .where(eq(secondFactors.accountId, user.accountId));
  assert.ok(stored!.confirmedAt);
  assert.ok(!stored!.secret!.includes(key), 'the secret is stored encrypted');
  const overview = await browser.get('/account/two-factor');
  assert.match(overview.body, /10 unused recovery codes/);
  assert.doesNotMatch(overview.body, new RegExp(codes[0]!), 'recovery codes are not shown again');
  assert.equal((await auditActions(hub, 'account.second_factor_added')).length, 1);
});

test('sign-in asks for a code: the app’s current code signs in, the same code again is refused, a code three steps away is refused', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'coordinator');
  const { secret } = authenticatorOf(user.email)!;
  const step = timeStepAt(Date.now()) + 1;

  const first = await atCodePage(hub, user.email);
  const signedIn = await first.post('/sign-in/code', { code: codeAtStep(secret, step) });
  assert.equal(signedIn.statusCode, 303);
  assert.equal(signedIn.headers.location, '/');
  assert.equal((await first.get('/groups')).statusCode, 200);

  const replay = await atCodePage(hub, user.email);
  const replayed = await replay.post('/sign-in/code', { code: codeAtStep(secret, step) });
  assert.equal(replayed.statusCode, 400);
  assert.match(replayed.body, /That code has been used already/);
  const earlier = await replay.post('/sign-in/code', { code: codeAtStep(secret, step - 1) });
  assert.match(earlier.body, /That code has been used already/, 'an earlier step than the last used is refused too');

  const outside = await replay.post('/sign-in/code', { code: codeAtStep(secret, timeStepAt(Date.now()) + 3) });
  assert.equal(outside.statusCode, 400);
  assert.match(outside.body, /govuk-error-summary/);
  assert.match(outside.body, /The code is not right/);
  assert.equal((await replay.get('/groups')).headers.location, '/sign-in?next=%2Fgroups', 'still signed out');
  const failures = await signInAttemptsOf(hub, 'second_factor_failed');
  assert.deepEqual(
    failures.map((f) => (f.detail as { reason: string }).reason),
    ['replayed', 'replayed', 'wrong'],
  );
});

test('the code page needs a right password in this browser within five minutes, and wrong codes are limited per account', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'administrator');
  const stranger = new Browser(hub.app);
  assert.equal((await stranger.get('/sign-in/code')).headers.location, '/sign-in');
  const forged = await stranger.post('/sign-in/code', { code: '123456' });
  assert.equal(forged.statusCode, 400);
  assert.match(forged.body, /Signing in took too long/);

  const guesser = await atCodePage(hub, user.email);
  let last = await guesser.post('/sign-in/code', { code: 'not-a-code' });
  for (let i = 0; i < 10; i++) last = await guesser.post('/sign-in/code', { code: `guess-${i}` });
  assert.match(last.body, /Too many wrong codes/);
  const right = await guesser.post('/sign-in/code', {
    code: codeAtStep(authenticatorOf(user.email)!.secret, timeStepAt(Date.now()) + 1),
  });
  assert.match(right.body, /Too many wrong codes/, 'even the right code waits');
});

test('a recovery code signs in once and is then refused', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'coordinator');
  const code = authenticatorOf(user.email)!.recoveryCodes[0]!;
  const first = await atCodePage(hub, user.email);
  assert.equal((await first.post('/sign-in/code', { code: code.toUpperCase() })).statusCode, 303);
  const second = await atCodePage(hub, user.email);
  const again = await second.post('/sign-in/code', { code });
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /The code is not right/);
  const [succeeded] = (await signInAttemptsOf(hub, 'succeeded')).filter(
    (entry) => (entry.detail as { secondFactor?: string }).secondFactor === 'recovery code',
  );
  assert.ok(succeeded, 'the sign-in attempts say a recovery code was used');
});

test('someone whose role needs a second factor and has none is sent to set one up and can reach nothing else until they do', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'viewer');
  // Made a coordinator after the account was created: no authenticator yet.
  await hub.database.db.update(accounts).set({ role: 'coordinator' }).where(eq(accounts.id, user.accountId));
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  const signIn = await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
  assert.equal(signIn.headers.location, SET_UP);
  for (const url of ['/', '/groups', '/account', '/account/two-factor', '/accounts'])
    assert.equal((await browser.get(url)).headers.location, SET_UP, url);
  assert.equal((await browser.post('/account/two-factor/recovery-codes')).headers.location, SET_UP);
  await browser.setUpAuthenticator(user.email);
  assert.equal((await browser.get('/groups')).statusCode, 200, 'open once set up');
});

test('members of a group whose library holds an OFFICIAL-SENSITIVE paper must have a second factor', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const coordinator = await createUser(hub, 'coordinator');
  const user = await createUser(hub, 'member');
  const { id: groupId } = await groupWith(hub, [user.personId]);
  const signInTo = async () => {
    const browser = new Browser(hub.app);
    await browser.get('/sign-in');
    return (await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD })).headers.location;
  };
  assert.equal(await signInTo(), '/', 'an OFFICIAL paper needs nothing');
  await hub.database.db.insert(documents).values({
    title: 'CTLP',
    marking: 'OFFICIAL-SENSITIVE',
    audience: 'groups',
    groupId,
    createdBy: coordinator.accountId,
  });
  assert.equal(await signInTo(), SET_UP);
});

test('an administrator resets a person’s factors (audited): they are signed out, their codes stop working, and they set one up again', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const { browser: person, user } = await signedIn(hub, 'coordinator');
  const recovery = authenticatorOf(user.email)!.recoveryCodes[0]!;
  await admin.get(`/accounts/${user.accountId}`);
  const reset = await admin.post(`/accounts/${user.accountId}/reset-second-factors`);
  assert.equal(reset.statusCode, 303);
  assert.match((await admin.get(`/accounts/${user.accountId}`)).body, /No authenticator app/);
  const [entry] = await auditActions(hub, 'account.second_factors_reset');
  assert.equal(entry!.subjectId, String(user.accountId));
  assert.equal((entry!.detail as { factorsRemoved: number }).factorsRemoved, 1);
  assert.match(String((await person.get('/groups')).headers.location), /^\/sign-in/, 'signed out');

  const again = new Browser(hub.app);
  await again.get('/sign-in');
  const signIn = await again.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
  assert.equal(signIn.headers.location, SET_UP, 'no code asked: the old app and recovery codes are gone');
  const active = await hub.database.db
    .select()
    .from(secondFactors)
    .where(and(eq(secondFactors.accountId, user.accountId)));
  assert.ok(
    active.every((factor) => factor.removedAt),
    'every factor ended',
  );
  assert.ok(recovery);
});

test('only administrators set who must have a second factor; the change is audited and applies at the next sign-in', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  for (const role of ['coordinator', 'member', 'viewer'] as const) {
    const { browser } = await signedIn(hub, role);
    assert.equal((await browser.get('/accounts/two-factor')).statusCode, 403, role);
    assert.equal((await browser.post('/accounts/two-factor', { roles: 'viewer' })).statusCode, 403, role);
  }
  const viewer = await createUser(hub, 'viewer');
  const { browser: admin } = await signedIn(hub, 'administrator');
  const page = await admin.get('/accounts/two-factor');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /value="coordinator" checked/);
  const bad = await admin.post('/accounts/two-factor', { roles: 'emperor' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Select roles from the list/);
  const saved = await admin.post('/accounts/two-factor', { roles: ['administrator', 'viewer'] });
  assert.equal(saved.statusCode, 303);
  const [entry] = await auditActions(hub, 'second_factor.requirement_changed');
  assert.deepEqual((entry!.detail as { to: unknown }).to, {
    roles: ['administrator', 'viewer'],
    sensitiveGroups: false,
  });

  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  assert.equal(
    (await browser.post('/sign-in', { email: viewer.email, password: TEST_PASSWORD })).headers.location,
    SET_UP,
  );
});
