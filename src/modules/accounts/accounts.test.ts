import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { Browser, buildTestHub, createUser, signedIn, withPartnership, TEST_PASSWORD } from '../../../test/helpers.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { signInAttempts } from '../../auth/sign-in-attempts.tables.ts';
import { groupMembers, groups } from '../groups/groups.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';
import { accounts } from './accounts.tables.ts';
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
  const failures = await hub.database.db.select().from(signInAttempts).where(eq(signInAttempts.outcome, 'failed'));
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
  for (let i = 0; i < LOCK_AFTER; i++)
    await browser.post('/sign-in', { email: user.email, password: `guess number ${i}` });
  const locked = await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
  assert.equal(locked.statusCode, 400);
  assert.match(locked.body, /Too many failed attempts/);
  const throttled = await hub.database.db.select().from(signInAttempts).where(eq(signInAttempts.outcome, 'throttled'));
  assert.equal(throttled.length, 1);
});

test('a form without the right CSRF token is refused and changes nothing', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'administrator');
  const before = (await browser.get('/accounts')).body;
  const missing = await browser.post(
    '/accounts',
    { name: 'Eve', email: 'eve@example.org', role: 'viewer' },
    { csrf: null },
  );
  assert.equal(missing.statusCode, 403);
  const forged = await browser.post(
    '/accounts',
    { name: 'Eve', email: 'eve@example.org', role: 'viewer' },
    { csrf: 'forged-token-value' },
  );
  assert.equal(forged.statusCode, 403);
  assert.equal((await browser.get('/accounts')).body.includes('eve@example.org'), false);
  assert.ok(before.length > 0);
});

test('an administrator adds an account, the password is shown once and must be changed', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const bad = await admin.post('/accounts', { email: 'nope', role: 'emperor' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Select whether the account is for someone already in the Hub or someone new/);
  assert.match(bad.body, /Enter an email address in the correct format/);
  const nameless = await admin.post('/accounts', { who: 'new', email: 'nameless@example.org', role: 'viewer' });
  assert.match(nameless.body, /Enter the person’s full name/);
  assert.match(bad.body, /Select a role/);

  const created = await admin.post('/accounts', {
    who: 'new',
    name: 'Priya Example',
    email: 'priya@example.org',
    role: 'coordinator',
  });
  assert.equal(created.statusCode, 200);
  assert.equal(created.headers['cache-control'], 'no-store');
  const password = /id="one-off-password">([^<]+)</.exec(created.body)?.[1];
  assert.ok(password, 'the one-off password is on the page');

  const priya = new Browser(hub.app);
  await priya.get('/sign-in');
  const signIn = await priya.post('/sign-in', { email: 'priya@example.org', password });
  assert.equal(signIn.headers.location, '/account/password');
  assert.equal(
    (await priya.get('/groups')).headers.location,
    '/account/password',
    'nothing else until the password is changed',
  );
  await priya.get('/account/password');
  const changed = await priya.post('/account/password', {
    currentPassword: password,
    newPassword: 'my own chosen passphrase',
  });
  assert.equal(changed.statusCode, 303);
  assert.equal(
    (await priya.get('/account')).headers.location,
    '/account/two-factor/authenticator',
    'a coordinator then sets up a second factor',
  );
  await priya.setUpAuthenticator('priya@example.org');
  assert.equal((await priya.get('/account')).statusCode, 200);

  const duplicate = await admin.post('/accounts', {
    who: 'new',
    name: 'Priya Again',
    email: 'PRIYA@example.org',
    role: 'viewer',
  });
  assert.equal(duplicate.statusCode, 400);
  assert.match(duplicate.body, /already has an account/);
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
  const log = await hub.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.subjectId, String(user.accountId)));
  assert.deepEqual(
    new Set(log.map((e) => e.action)),
    new Set(['account.disabled', 'account.enabled', 'account.password_reset']),
  );
});

test('only administrators manage accounts', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  for (const role of ['coordinator', 'member', 'viewer'] as const) {
    const { browser } = await signedIn(hub, role);
    assert.equal((await browser.get('/accounts')).statusCode, 403, role);
    assert.equal(
      (await browser.post('/accounts', { name: 'X', email: 'x@example.org', role: 'administrator' })).statusCode,
      403,
      role,
    );
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

// ---------------------------------------------------------------------------------------------
// Who an account is for: someone already in the Hub keeps their groups and papers.

/** Aisha, already in the Hub with an organisation, a Silver group and an OFFICIAL-SENSITIVE paper for it, but no account. */
async function aishaWithPapers(hub: Awaited<ReturnType<typeof buildTestHub>>) {
  const db = hub.database.db;
  const [organisation] = await db
    .insert(organisations)
    .values({ name: 'Stockton Borough Council', sector: 'local_authority' })
    .returning();
  const [aisha] = await db
    .insert(people)
    .values({ name: 'Aisha Rahman', email: 'aisha.rahman@example.org', organisationId: organisation!.id })
    .returning();
  const [group] = await db.insert(groups).values({ name: 'Prevent Silver group', kind: 'silver' }).returning();
  await db.insert(groupMembers).values({ groupId: group!.id, personId: aisha!.id });
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  await coordinator.get('/documents/new');
  const added = await coordinator.postMultipart(
    '/documents',
    {
      title: 'Counter Terrorism Local Profile 2026',
      marking: 'OFFICIAL-SENSITIVE',
      audience: 'groups',
      audienceGroupIds: [group!.id],
    },
    { field: 'file', filename: 'ctlp.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4\nprofile') },
  );
  assert.equal(added.statusCode, 303, added.body);
  return { aisha: aisha!, organisationId: organisation!.id, groupId: group!.id, paper: String(added.headers.location) };
}

/** Signs in with the one-off password shown to the administrator and chooses a new one. */
async function firstSignIn(hub: Awaited<ReturnType<typeof buildTestHub>>, email: string, shown: string) {
  const password = /id="one-off-password">([^<]+)</.exec(shown)?.[1];
  assert.ok(password, 'the one-off password is on the page');
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  assert.equal((await browser.post('/sign-in', { email, password })).statusCode, 303);
  await browser.get('/account/password');
  assert.equal(
    (await browser.post('/account/password', { currentPassword: password, newPassword: 'my own chosen passphrase' }))
      .statusCode,
    303,
  );
  return browser;
}

const accountCreated = async (hub: Awaited<ReturnType<typeof buildTestHub>>) =>
  (await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'account.created'))).at(-1)!
    .detail as Record<string, unknown>;

test('an account for someone already in the Hub, chosen from the list, links that person: organisation, groups and papers kept', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { aisha, organisationId, paper } = await aishaWithPapers(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  const form = await admin.get('/accounts/new');
  assert.match(form.body, /Someone already in the Hub/);
  assert.match(
    form.body,
    new RegExp(
      `<option value="${aisha.id}"[^>]*>Aisha Rahman, Stockton Borough Council \\(aisha.rahman@example.org\\)`,
    ),
  );
  assert.match(form.body, /src="\/assets\/hub.person-picker.js"/);

  const created = await admin.post('/accounts', { who: 'existing', personId: aisha.id, role: 'member' });
  assert.equal(created.statusCode, 200, created.body);
  assert.match(created.body, /already in the Hub: they keep their organisation, groups and papers/);

  const named = await hub.database.db.select().from(people).where(eq(people.name, 'Aisha Rahman'));
  assert.equal(named.length, 1, 'no duplicate person');
  assert.equal(named[0]!.organisationId, organisationId);
  const [account] = await hub.database.db.select().from(accounts).where(eq(accounts.personId, aisha.id));
  assert.equal(account!.email, 'aisha.rahman@example.org', 'the address on record, when none is given');
  assert.deepEqual(await accountCreated(hub), {
    email: 'aisha.rahman@example.org',
    role: 'member',
    personId: aisha.id,
    person: 'Aisha Rahman',
    linked: 'chosen',
  });

  const browser = await firstSignIn(hub, 'aisha.rahman@example.org', created.body);
  const page = await browser.get(paper);
  assert.equal(page.statusCode, 200, 'her OFFICIAL-SENSITIVE paper is still hers to read');
  assert.match(page.body, /Counter Terrorism Local Profile 2026/);
  assert.doesNotMatch((await admin.get('/accounts/new')).body, /Aisha Rahman/, 'no longer offered');
});

test('an account for "someone new" whose email is on record links that person, never a duplicate', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { aisha, paper } = await aishaWithPapers(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  await admin.get('/accounts/new');
  const created = await admin.post('/accounts', {
    who: 'new',
    name: 'Aisha Rahman',
    email: 'Aisha.Rahman@example.org',
    role: 'viewer',
  });
  assert.equal(created.statusCode, 200, created.body);
  assert.equal((await hub.database.db.select().from(people).where(eq(people.name, 'Aisha Rahman'))).length, 1);
  const [account] = await hub.database.db.select().from(accounts).where(eq(accounts.email, 'aisha.rahman@example.org'));
  assert.equal(account!.personId, aisha.id);
  assert.deepEqual(await accountCreated(hub), {
    email: 'aisha.rahman@example.org',
    role: 'viewer',
    personId: aisha.id,
    person: 'Aisha Rahman',
    linked: 'email on record',
  });
  const browser = await firstSignIn(hub, 'aisha.rahman@example.org', created.body);
  assert.equal((await browser.get(paper)).statusCode, 200);
});

test('an account for someone new creates the person; a hidden personId does not hand them another person’s groups', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { aisha, paper } = await aishaWithPapers(hub);
  const { browser: admin } = await signedIn(hub, 'administrator');
  await admin.get('/accounts/new');
  const created = await admin.post('/accounts', {
    who: 'new',
    name: 'Eve Example',
    email: 'eve@example.org',
    role: 'viewer',
    personId: aisha.id,
  });
  assert.equal(created.statusCode, 200, created.body);
  const [eve] = await hub.database.db.select().from(people).where(eq(people.email, 'eve@example.org'));
  assert.ok(eve && eve.id !== aisha.id);
  const [account] = await hub.database.db.select().from(accounts).where(eq(accounts.email, 'eve@example.org'));
  assert.equal(account!.personId, eve.id);
  assert.deepEqual(await accountCreated(hub), {
    email: 'eve@example.org',
    role: 'viewer',
    personId: eve.id,
    person: 'Eve Example',
    linked: 'new person',
  });
  const browser = await firstSignIn(hub, 'eve@example.org', created.body);
  assert.equal((await browser.get(paper)).statusCode, 404, 'Aisha’s paper stays hers');
});

test('an account for a person who already has one, or one the form did not offer, is refused with a GOV.UK error', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { aisha } = await aishaWithPapers(hub);
  const { browser: admin, user } = await signedIn(hub, 'administrator');
  await admin.get('/accounts/new');
  const taken = await admin.post('/accounts', {
    who: 'existing',
    personId: user.personId,
    email: 'second@example.org',
    role: 'administrator',
  });
  assert.equal(taken.statusCode, 400);
  assert.match(taken.body, /There is a problem/);
  assert.match(taken.body, /href="#personId">Test administrator \d+ already has an account/);

  const missing = await admin.post('/accounts', { who: 'existing', personId: 2_000_000, role: 'viewer' });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Choose the person from the list/);
  const none = await admin.post('/accounts', { who: 'existing', role: 'viewer' });
  assert.match(none.body, /Choose the person from the list/);

  // Someone else's address on record cannot be given to the person chosen.
  const [other] = await hub.database.db.insert(people).values({ name: 'Ben Other' }).returning();
  const mismatch = await admin.post('/accounts', {
    who: 'existing',
    personId: other!.id,
    email: aisha.email!,
    role: 'viewer',
  });
  assert.equal(mismatch.statusCode, 400);
  assert.match(mismatch.body, /on record for Aisha Rahman/);
  const noEmail = await admin.post('/accounts', { who: 'existing', personId: other!.id, role: 'viewer' });
  assert.match(noEmail.body, /Ben Other has no email address on record/);
  assert.equal((await hub.database.db.select().from(accounts)).length, 2, 'only the two signed-in test accounts');
});
