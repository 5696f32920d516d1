import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { Browser, buildTestHub, createUser, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { startTestProvider, type TestProvider } from '../../../test/oidc-provider.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { signInAttempts } from '../../auth/sign-in-attempts.tables.ts';
import { accounts } from './accounts.tables.ts';
import { singleSignOnSettings } from './single-sign-on.tables.ts';
import { saveSettings, type SettingsInput } from './single-sign-on.service.ts';
import { serviceUser } from '../../../test/factories.ts';

const PUBLIC_URL = 'http://hub.partnership.test';
const CALLBACK = `${PUBLIC_URL}/sign-in/single-sign-on/callback`;
let provider: TestProvider;

before(async () => {
  provider = await startTestProvider(CALLBACK);
});
after(() => provider.close());

/** A Hub whose administrator registered it with the test provider. */
async function hubWithProvider(t: Parameters<typeof buildTestHub>[0], settings: Partial<SettingsInput> = {}) {
  const hub = await buildTestHub(t, { publicUrl: PUBLIC_URL });
  await withPartnership(hub);
  const admin = await serviceUser(hub, 'administrator');
  await saveSettings(hub.database.db, hub.config, admin, {
    name: 'Test Constabulary',
    issuer: provider.issuer,
    clientId: provider.hub.clientId,
    clientSecret: provider.hub.clientSecret,
    trustProviderMfa: false,
    accountDomains: [],
    ...settings,
  });
  return hub;
}

/** The person at the provider, known by their email there. */
function atProvider(email: string, options: { verified?: boolean; amr?: string[]; name?: string } = {}) {
  provider.accounts.set(email.toLowerCase(), {
    email,
    emailVerified: options.verified ?? true,
    amr: options.amr ?? ['pwd'],
    name: options.name,
  });
  return email;
}

/** Sets out from the Hub's button and comes back with the provider's answer (not yet given to the Hub). */
async function journey(browser: Browser, login: string, tamper?: (url: URL) => void) {
  await browser.get('/sign-in');
  const start = await browser.get('/sign-in/single-sign-on');
  assert.equal(start.statusCode, 303, start.body);
  const authorisation = new URL(String(start.headers.location));
  tamper?.(authorisation);
  return provider.signInAt(authorisation.href, login);
}

const back = (browser: Browser, answer: URL) => browser.get(`${answer.pathname}${answer.search}`);

async function refusals(hub: TestHub) {
  const rows = await hub.database.db
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(eq(auditLog.action, 'single_sign_on.refused'));
  return rows.map((row) => (row.detail as { reason: string }).reason);
}

test('a person with a verified email signs in through the provider and lands where they were going', async (t) => {
  const hub = await hubWithProvider(t);
  const user = await createUser(hub, 'member');
  const browser = new Browser(hub.app);
  const page = await browser.get('/sign-in');
  assert.match(page.body, /Sign in with Test Constabulary/);
  await browser.get('/sign-in?next=/groups');
  const start = await browser.get('/sign-in/single-sign-on?next=/groups');
  const authorisation = new URL(String(start.headers.location));
  assert.equal(authorisation.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authorisation.searchParams.get('nonce'));
  const answer = await provider.signInAt(authorisation.href, atProvider(user.email.toUpperCase()));
  const landed = await back(browser, answer);
  assert.equal(landed.statusCode, 303, landed.body);
  assert.equal(landed.headers.location, '/groups');
  assert.equal((await browser.get('/account')).statusCode, 200);
  const [attempt] = await hub.database.db
    .select()
    .from(signInAttempts)
    .where(and(eq(signInAttempts.accountId, user.accountId), eq(signInAttempts.outcome, 'succeeded')));
  assert.equal(attempt?.detail?.via, 'single sign-on');
  const logged = JSON.stringify(await hub.database.db.select().from(auditLog));
  assert.ok(!logged.includes(answer.searchParams.get('code')!), 'the code is never logged');
});

test('an answer with a state the Hub never gave, or from another browser, is refused', async (t) => {
  const hub = await hubWithProvider(t);
  const user = await createUser(hub, 'member');
  const browser = new Browser(hub.app);
  const answer = await journey(browser, atProvider(user.email));
  const forged = new URL(answer);
  forged.searchParams.set('state', 'a-state-the-hub-never-gave');
  const wrongState = await back(browser, forged);
  assert.equal(wrongState.statusCode, 400);
  assert.match(wrongState.body, /does not belong to a sign-in started in this browser/);
  const elsewhere = await back(new Browser(hub.app), answer);
  assert.equal(elsewhere.statusCode, 400);
  assert.match(elsewhere.body, /started in another browser/);
  assert.equal((await browser.get('/account')).statusCode, 303, 'not signed in');
  assert.deepEqual(await refusals(hub), ['unknown state', 'other browser']);
});

test('a code used once is refused when it comes back again, with its own state or a new one', async (t) => {
  const hub = await hubWithProvider(t);
  const user = await createUser(hub, 'member');
  const browser = new Browser(hub.app);
  const answer = await journey(browser, atProvider(user.email));
  assert.equal((await back(browser, answer)).statusCode, 303);

  const thief = new Browser(hub.app);
  const again = await back(browser, answer);
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /has been used already/);
  // A new journey of the thief's own, given the old code: the provider refuses it.
  await thief.get('/sign-in');
  const fresh = new URL(String((await thief.get('/sign-in/single-sign-on')).headers.location));
  const replay = new URL(answer);
  replay.searchParams.set('state', fresh.searchParams.get('state')!);
  const refused = await back(thief, replay);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /would not confirm the sign-in/);
  assert.equal((await thief.get('/account')).statusCode, 303, 'the thief is not signed in');
  assert.deepEqual(await refusals(hub), ['state used', 'code refused']);
});

test('an ID token issued for another client (wrong audience) is refused', async (t) => {
  const hub = await hubWithProvider(t);
  const user = await createUser(hub, 'member');
  const browser = new Browser(hub.app);
  const answer = await journey(browser, atProvider(user.email), (url) =>
    url.searchParams.set('client_id', provider.other.clientId),
  );
  provider.answerTokenRequestsAs = 'other';
  t.after(() => (provider.answerTokenRequestsAs = null));
  const refused = await back(browser, answer);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /not issued for this Hub/);
  assert.equal((await browser.get('/account')).statusCode, 303);
  const [entry] = await hub.database.db
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(eq(auditLog.action, 'single_sign_on.refused'));
  assert.equal((entry?.detail as { reason: string }).reason, 'token checks failed');
  assert.equal((entry?.detail as { claim?: string }).claim, 'aud');
});

test('an email the provider has not verified is refused, even for an existing account', async (t) => {
  const hub = await hubWithProvider(t);
  const user = await createUser(hub, 'member');
  const browser = new Browser(hub.app);
  const refused = await back(browser, await journey(browser, atProvider(user.email, { verified: false })));
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /has not verified your email address/);
  assert.equal((await browser.get('/account')).statusCode, 303);
  assert.deepEqual(await refusals(hub), ['email not verified']);
});

test('an email that matches no account is refused, and no account is made', async (t) => {
  const hub = await hubWithProvider(t);
  const browser = new Browser(hub.app);
  const refused = await back(browser, await journey(browser, atProvider('stranger@elsewhere.example')));
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /There is no account in the Hub for the email address/);
  const [made] = await hub.database.db.select().from(accounts).where(eq(accounts.email, 'stranger@elsewhere.example'));
  assert.equal(made, undefined);
  assert.deepEqual(await refusals(hub), ['no account']);
});

test('a domain the administrator allowed opens a viewer’s account, audited', async (t) => {
  const hub = await hubWithProvider(t, { accountDomains: ['council.example'] });
  const browser = new Browser(hub.app);
  const email = atProvider('new.officer@council.example', { name: 'New Officer' });
  const landed = await back(browser, await journey(browser, email));
  assert.equal(landed.statusCode, 303, landed.body);
  const [made] = await hub.database.db.select().from(accounts).where(eq(accounts.email, email));
  assert.equal(made?.role, 'viewer');
  const [audit] = await hub.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'account.created'), eq(auditLog.subjectId, String(made?.id))));
  assert.equal((audit?.detail as { by: string }).by, 'single sign-on');
  assert.equal((await browser.get('/account')).statusCode, 200);
  // Another domain still opens nothing.
  const other = new Browser(hub.app);
  const refused = await back(other, await journey(other, atProvider('someone@council.example.evil')));
  assert.equal(refused.statusCode, 400);
});

test('the provider’s multi-factor sign-in stands for the second factor only when trusted and used', async (t) => {
  const hub = await hubWithProvider(t, { trustProviderMfa: true });
  const admin = await createUser(hub, 'administrator');
  const withOtp = new Browser(hub.app);
  const trusted = await back(withOtp, await journey(withOtp, atProvider(admin.email, { amr: ['pwd', 'otp'] })));
  assert.equal(trusted.headers.location, '/');
  assert.equal((await withOtp.get('/account')).statusCode, 200);

  const passwordOnly = new Browser(hub.app);
  const asked = await back(passwordOnly, await journey(passwordOnly, atProvider(admin.email, { amr: ['pwd'] })));
  assert.equal(asked.headers.location, '/sign-in/code');
  assert.equal((await passwordOnly.get('/account')).statusCode, 303);
});

test('the provider’s multi-factor sign-in is not enough when the administrator has not trusted it', async (t) => {
  const hub = await hubWithProvider(t, { trustProviderMfa: false });
  const admin = await createUser(hub, 'administrator');
  const browser = new Browser(hub.app);
  const asked = await back(browser, await journey(browser, atProvider(admin.email, { amr: ['pwd', 'mfa', 'hwk'] })));
  assert.equal(asked.headers.location, '/sign-in/code');
  // Someone who must have a second factor and has none is sent to set one up.
  const coordinator = await createUser(hub, 'member');
  await hub.database.db.update(accounts).set({ role: 'coordinator' }).where(eq(accounts.id, coordinator.accountId));
  const other = new Browser(hub.app);
  const setUp = await back(other, await journey(other, atProvider(coordinator.email, { amr: ['pwd', 'otp'] })));
  assert.equal(setUp.headers.location, '/account/two-factor/authenticator');
});

test('the redirect address comes from PUBLIC_URL even when the Host header names another site', async (t) => {
  const hub = await hubWithProvider(t);
  const user = await createUser(hub, 'member');
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  const start = await hub.app.inject({
    method: 'GET',
    url: '/sign-in/single-sign-on',
    headers: { host: 'attacker.example', 'x-forwarded-host': 'attacker.example', cookie: browser.cookieHeader },
  });
  const authorisation = new URL(String(start.headers.location));
  assert.equal(authorisation.searchParams.get('redirect_uri'), CALLBACK);
  const answer = await provider.signInAt(authorisation.href, atProvider(user.email));
  assert.ok(answer.href.startsWith(CALLBACK));
  const landed = await hub.app.inject({
    method: 'GET',
    url: `${answer.pathname}${answer.search}`,
    headers: { host: 'attacker.example', cookie: browser.cookieHeader },
  });
  assert.equal(landed.statusCode, 303, landed.body);
});

test('without PUBLIC_URL single sign-on is refused, saying why', async (t) => {
  const hub = await buildTestHub(t, {
    singleSignOn: {
      name: 'County Council',
      issuer: provider.issuer,
      clientId: provider.hub.clientId,
      clientSecret: provider.hub.clientSecret,
      trustProviderMfa: false,
      accountDomains: [],
    },
  });
  await withPartnership(hub);
  const browser = new Browser(hub.app);
  assert.match((await browser.get('/sign-in')).body, /Sign in with County Council/);
  const refused = await browser.get('/sign-in/single-sign-on');
  assert.equal(refused.statusCode, 503);
  assert.match(refused.body, /public address \(PUBLIC_URL\) is not set/);
});

test('an administrator sets the provider; the secret is stored sealed and never shown back; others may not', async (t) => {
  const hub = await buildTestHub(t, { publicUrl: PUBLIC_URL });
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'administrator');
  const empty = await browser.get('/accounts/single-sign-on');
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, new RegExp(CALLBACK));
  const saved = await browser.post('/accounts/single-sign-on', {
    name: 'Entra ID',
    issuer: provider.issuer,
    clientId: provider.hub.clientId,
    clientSecret: provider.hub.clientSecret,
    trustProviderMfa: 'yes',
    accountDomains: 'council.example, @Police.example',
  });
  assert.equal(saved.statusCode, 303, saved.body);
  const shown = await browser.get('/accounts/single-sign-on');
  assert.ok(!shown.body.includes(provider.hub.clientSecret), 'the secret is not shown back');
  assert.match(shown.body, /A secret is stored/);
  assert.match(shown.body, /council\.example, police\.example/);
  const [stored] = await hub.database.db
    .select({ secret: singleSignOnSettings.clientSecret })
    .from(singleSignOnSettings);
  assert.ok(stored?.secret && !stored.secret.includes(provider.hub.clientSecret), 'stored sealed');
  const logged = JSON.stringify(await hub.database.db.select().from(auditLog));
  assert.ok(!logged.includes(provider.hub.clientSecret), 'the secret is not in the audit log');
  // Saving again with the secret left blank keeps it: sign-in still works.
  await browser.post('/accounts/single-sign-on', {
    name: 'Entra ID',
    issuer: provider.issuer,
    clientId: provider.hub.clientId,
  });
  const user = await createUser(hub, 'member');
  const person = new Browser(hub.app);
  assert.equal((await back(person, await journey(person, atProvider(user.email)))).statusCode, 303);

  const bad = await browser.post('/accounts/single-sign-on', { name: '', issuer: 'not an address', clientId: 'x' });
  assert.equal(bad.statusCode, 400);
  const { browser: member } = await signedIn(hub, 'member');
  assert.equal((await member.get('/accounts/single-sign-on')).statusCode, 403);
});
