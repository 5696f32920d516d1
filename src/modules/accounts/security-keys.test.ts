import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  Browser,
  buildTestHub,
  createUser,
  signedIn,
  TEST_PASSWORD,
  withPartnership,
  type TestHub,
} from '../../../test/helpers.ts';
import { signInAttempts, type SignInOutcome } from '../../auth/sign-in-attempts.tables.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { relyingParty } from './security-keys.service.ts';
import { securityKeys } from './security-keys.tables.ts';
import { secondFactors } from './two-factor.tables.ts';
import { accounts } from './accounts.tables.ts';

/*
 * A software security key, speaking WebAuthn as a real one does: ES256 keys from node:crypto,
 * attestation "none" for registration, signed assertions for sign-in. The Hub checks them with
 * @simplewebauthn/server exactly as it checks a browser's.
 */

/** The Hub as app.inject reaches it: Host "localhost:80". */
const ORIGIN = 'http://localhost:80';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

/** A CBOR byte or text string header (major type 2 or 3) for the lengths a key's answer uses. */
function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 256) return Buffer.from([(major << 5) | 24, length]);
  return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
}
const cborBytes = (bytes: Uint8Array) => Buffer.concat([cborHead(2, bytes.length), bytes]);
const cborText = (text: string) => Buffer.concat([cborHead(3, Buffer.byteLength(text)), Buffer.from(text)]);

class SoftwareKey {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  counter = 0;

  constructor() {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' }));
  }

  get id() {
    return b64(this.credentialId);
  }

  /** The COSE_Key of an ES256 public key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}. */
  private coseKey(): Buffer {
    const jwk = this.publicKey.export({ format: 'jwk' });
    const x = Buffer.from(jwk.x!, 'base64url');
    const y = Buffer.from(jwk.y!, 'base64url');
    return Buffer.concat([
      Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21]),
      cborBytes(x),
      Buffer.from([0x22]),
      cborBytes(y),
    ]);
  }

  private authData(rpId: string, flags: number, attested?: Buffer): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  /** The answer to navigator.credentials.create: attestation "none". */
  register(options: { challenge: string; rp: { id: string } }, origin = ORIGIN) {
    const clientData = JSON.stringify({
      type: 'webauthn.create',
      challenge: options.challenge,
      origin,
      crossOrigin: false,
    });
    const length = Buffer.from([this.credentialId.length >> 8, this.credentialId.length & 0xff]);
    const attested = Buffer.concat([Buffer.alloc(16), length, this.credentialId, this.coseKey()]);
    // User present (0x01), verified (0x04), attested credential data (0x40).
    const authData = this.authData(options.rp.id, 0x45, attested);
    const attestation = Buffer.concat([
      Buffer.from([0xa3]),
      cborText('fmt'),
      cborText('none'),
      cborText('attStmt'),
      Buffer.from([0xa0]),
      cborText('authData'),
      cborBytes(authData),
    ]);
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64(Buffer.from(clientData)),
        attestationObject: b64(attestation),
        transports: ['usb'],
      },
      clientExtensionResults: {},
    });
  }

  /** The answer to navigator.credentials.get: a signature over the authenticator data and the client data's hash. */
  assert(options: { challenge: string; rpId: string }, origin = ORIGIN, counter = this.counter + 1) {
    this.counter = counter;
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin }));
    const authData = this.authData(options.rpId, 0x05);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), this.privateKey);
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: b64(clientData), authenticatorData: b64(authData), signature: b64(signature) },
      clientExtensionResults: {},
    });
  }
}

const NEW_KEY = '/account/two-factor/security-keys/new';

/** The options a page hands its script, read back from its data-options attribute. */
function optionsOn<T>(body: string): T {
  const raw = /data-options="([^"]*)"/.exec(body)?.[1];
  assert.ok(raw, 'the page offers a security key');
  const json = raw
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return JSON.parse(json) as T;
}

type CreateOptions = { challenge: string; rp: { id: string }; excludeCredentials: { id: string }[] };
type GetOptions = { challenge: string; rpId: string; allowCredentials: { id: string }[] };

async function registerKey(browser: Browser, key: SoftwareKey, name = 'Blue key') {
  const page = await browser.get(NEW_KEY);
  assert.equal(page.statusCode, 200);
  return browser.post('/account/two-factor/security-keys', {
    name,
    credential: key.register(optionsOn<CreateOptions>(page.body)),
  });
}

/** A browser that has given the right password and is on the code page, with the key options it shows. */
async function atCodePage(hub: TestHub, email: string) {
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  const password = await browser.post('/sign-in', { email, password: TEST_PASSWORD });
  assert.equal(password.headers.location, '/sign-in/code');
  const page = await browser.get('/sign-in/code');
  return { browser, page, options: optionsOn<GetOptions>(page.body) };
}

const audits = (hub: TestHub, action: string) =>
  hub.database.db.select().from(auditLog).where(eq(auditLog.action, action));
const signInAttemptsOf = (hub: TestHub, outcome: SignInOutcome) =>
  hub.database.db.select().from(signInAttempts).where(eq(signInAttempts.outcome, outcome));
const keyRefusals = async (hub: TestHub) =>
  (await signInAttemptsOf(hub, 'second_factor_failed')).map(
    (entry) => (entry.detail as { keyRefusal?: string }).keyRefusal,
  );

/** A member with one registered key, signed out. */
async function memberWithKey(hub: TestHub) {
  const { browser, user } = await signedIn(hub, 'member');
  const key = new SoftwareKey();
  const registered = await registerKey(browser, key);
  assert.equal(registered.statusCode, 200, 'recovery codes are shown for a first factor');
  return { user, key };
}

test('a person registers a security key by name, gets recovery codes with it, sees it listed, and signs in with it instead of a code', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'member');
  const key = new SoftwareKey();
  const page = await browser.get(NEW_KEY);
  assert.match(page.body, /HTTPS, or at localhost/);
  const options = optionsOn<CreateOptions>(page.body);
  assert.equal(options.rp.id, 'localhost');

  const registered = await browser.post('/account/two-factor/security-keys', {
    name: 'Blue key on my keyring',
    credential: key.register(options),
  });
  assert.equal(registered.statusCode, 200);
  assert.match(registered.body, /Security key added/);
  assert.equal([...registered.body.matchAll(/<li>([a-z2-9-]{19})<\/li>/g)].length, 10, 'ten recovery codes, once');
  const overview = await browser.get('/account/two-factor');
  assert.match(overview.body, /Blue key on my keyring/);
  assert.doesNotMatch(overview.body, /Authenticator app 1/, 'a key is not listed as an app');
  const [added] = await audits(hub, 'account.second_factor_added');
  assert.equal((added!.detail as { kind: string }).kind, 'security key');
  // The same key cannot be registered twice: the browser is told to leave it out.
  assert.deepEqual(
    optionsOn<CreateOptions>((await browser.get(NEW_KEY)).body).excludeCredentials.map((c) => c.id),
    [key.id],
  );

  const signIn = await atCodePage(hub, user.email);
  assert.match(signIn.page.body, /<h1 class="govuk-heading-l">Use your security key<\/h1>/, 'no app to open');
  assert.deepEqual(
    signIn.options.allowCredentials.map((c) => c.id),
    [key.id],
    'only their own key is asked for',
  );
  const done = await signIn.browser.post('/sign-in/security-key', { credential: key.assert(signIn.options) });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, '/');
  assert.equal((await signIn.browser.get('/groups')).statusCode, 200, 'signed in');
  const succeeded = (await signInAttemptsOf(hub, 'succeeded')).at(-1)!;
  assert.equal((succeeded.detail as { secondFactor?: string }).secondFactor, 'security key');
  const [stored] = await hub.database.db.select().from(securityKeys);
  assert.equal(stored!.signCount, 1);
  assert.ok(stored!.lastUsedAt);
});

test('sign-in refuses a key of another account, a replayed or expired challenge, a counter going back and a wrong origin', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const alice = await memberWithKey(hub);
  const bob = await memberWithKey(hub);

  const other = await atCodePage(hub, bob.user.email);
  const stolen = await other.browser.post('/sign-in/security-key', { credential: alice.key.assert(other.options) });
  assert.equal(stolen.statusCode, 400);
  assert.match(stolen.body, /not one registered to your account/);
  assert.match(stolen.body, /govuk-error-summary/);
  assert.equal((await other.browser.get('/groups')).statusCode, 303, 'still signed out');

  const first = await atCodePage(hub, alice.user.email);
  const answer = alice.key.assert(first.options);
  assert.equal((await first.browser.post('/sign-in/security-key', { credential: answer })).statusCode, 303);
  const replay = await atCodePage(hub, alice.user.email);
  const replayed = await replay.browser.post('/sign-in/security-key', { credential: answer });
  assert.equal(replayed.statusCode, 400);
  assert.match(replayed.body, /the answer was sent already/);

  const late = await atCodePage(hub, alice.user.email);
  await hub.database.db.execute(sql`update security_key_challenges set expires_at = now() - interval '1 second'`);
  const expired = await late.browser.post('/sign-in/security-key', { credential: alice.key.assert(late.options) });
  assert.equal(expired.statusCode, 400);
  assert.match(expired.body, /That took too long/);

  const clone = await atCodePage(hub, alice.user.email);
  const backwards = await clone.browser.post('/sign-in/security-key', {
    credential: alice.key.assert(clone.options, ORIGIN, 1),
  });
  assert.equal(backwards.statusCode, 400, 'a counter at or below the last one seen may be a cloned key');

  const phished = await atCodePage(hub, alice.user.email);
  const elsewhere = await phished.browser.post('/sign-in/security-key', {
    credential: alice.key.assert(phished.options, 'https://hub.example.net'),
  });
  assert.equal(elsewhere.statusCode, 400);
  assert.deepEqual(await keyRefusals(hub), [
    'not this account',
    'challenge not given or used',
    'challenge not given or used',
    'counter',
    'not verified',
  ]);
  // The right answer still works afterwards: the refusals took nothing from the key.
  const right = await atCodePage(hub, alice.user.email);
  assert.equal(
    (await right.browser.post('/sign-in/security-key', { credential: alice.key.assert(right.options) })).statusCode,
    303,
  );
});

test('registration refuses a wrong origin and a challenge used already, and a key without a password first is never asked for', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'member');
  const key = new SoftwareKey();
  const options = optionsOn<CreateOptions>((await browser.get(NEW_KEY)).body);
  const phished = await browser.post('/account/two-factor/security-keys', {
    name: 'Key',
    credential: key.register(options, 'https://hub.example.net'),
  });
  assert.equal(phished.statusCode, 400);
  assert.match(phished.body, /could not be checked/);
  const again = await browser.post('/account/two-factor/security-keys', {
    name: 'Key',
    credential: key.register(options),
  });
  assert.equal(again.statusCode, 400, 'the challenge was taken by the first answer');
  assert.match(again.body, /took too long or was sent already/);
  const noScript = await browser.post('/account/two-factor/security-keys', { name: 'Key' });
  assert.equal(noScript.statusCode, 400);
  assert.match(noScript.body, /need JavaScript/);
  assert.equal((await hub.database.db.select().from(securityKeys)).length, 0);

  const stranger = new Browser(hub.app);
  const forged = await stranger.post('/sign-in/security-key', {
    credential: key.assert({ challenge: 'x', rpId: 'localhost' }),
  });
  assert.equal(forged.statusCode, 400);
  assert.match(forged.body, /Signing in took too long/);
});

test('keys are offered only over HTTPS or at localhost: a plain-http address says why and leaves the authenticator app', async (t) => {
  assert.deepEqual(relyingParty({ publicUrl: 'https://hub.example.org' }, 'hub.example.org'), {
    ok: true,
    id: 'hub.example.org',
    origin: 'https://hub.example.org',
  });
  assert.equal(relyingParty({ publicUrl: 'https://hub.example.org' }, 'evil.example').ok, false, 'not at another Host');
  assert.deepEqual(
    relyingParty({ publicUrl: 'https://hub.example.org' }, '127.0.0.1:3000'),
    { ok: true, id: 'hub.example.org', origin: 'https://hub.example.org' },
    'behind a reverse proxy that sends its own Host, still the public address',
  );
  assert.equal(relyingParty({ publicUrl: 'http://192.168.1.5:3000' }, '192.168.1.5:3000').ok, false);
  assert.equal(relyingParty({}, '192.168.1.5:3000').ok, false);
  assert.deepEqual(relyingParty({}, 'localhost:3000'), { ok: true, id: 'localhost', origin: 'http://localhost:3000' });

  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'member');
  const venue = (url: string) =>
    hub.app.inject({ url, headers: { host: '192.168.1.5:3000', cookie: browser.cookieHeader } });
  const overview = await venue('/account/two-factor');
  assert.match(overview.body, /id="security-keys-unavailable"[^>]*>Security keys and passkeys work only over HTTPS/);
  assert.doesNotMatch(overview.body, /href="\/account\/two-factor\/security-keys\/new"/);
  assert.match(overview.body, /Set up an authenticator app/);
  const newKey = await venue(NEW_KEY);
  assert.doesNotMatch(newKey.body, /data-options/);
  assert.match(newKey.body, /At this address, use an authenticator app/);
});

test('removing a key is audited, and an administrator’s reset removes keys as well as apps', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'member');
  await registerKey(browser, new SoftwareKey(), 'Blue key');
  await registerKey(browser, new SoftwareKey(), 'Phone passkey');
  const [blue] = await hub.database.db.select().from(securityKeys).where(eq(securityKeys.name, 'Blue key'));
  await browser.get('/account/two-factor');
  const removed = await browser.post(`/account/two-factor/${blue!.factorId}/remove`);
  assert.equal(removed.headers.location, '/account/two-factor?done=removed');
  const overview = await browser.get('/account/two-factor?done=removed');
  assert.doesNotMatch(overview.body, /Blue key/);
  assert.match(overview.body, /Phone passkey/);
  const [audit] = await audits(hub, 'account.second_factor_removed');
  assert.equal((audit!.detail as { kind: string }).kind, 'security key');

  const admin = await signedIn(hub, 'administrator');
  const shown = await admin.browser.get(`/accounts/${user.accountId}`);
  assert.match(shown.body, /id="second-factors">0 authenticator apps, 1 security key, 10 unused recovery codes\./);
  await admin.browser.post(`/accounts/${user.accountId}/reset-second-factors`);
  const left = await hub.database.db
    .select()
    .from(secondFactors)
    .where(and(eq(secondFactors.accountId, user.accountId), sql`${secondFactors.removedAt} is null`));
  assert.deepEqual(left, []);
  const again = new Browser(hub.app);
  await again.get('/sign-in');
  const password = await again.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
  assert.equal(password.headers.location, '/', 'no key is asked for after the reset');
});

test('a person who must have a second factor cannot remove their only key', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const coordinator = await createUser(hub, 'coordinator');
  const browser = new Browser(hub.app);
  await browser.signIn(coordinator.email);
  await registerKey(browser, new SoftwareKey());
  const apps = await hub.database.db
    .select()
    .from(secondFactors)
    .where(and(eq(secondFactors.accountId, coordinator.accountId), eq(secondFactors.kind, 'authenticator')));
  await browser.get('/account/two-factor');
  assert.equal(
    (await browser.post(`/account/two-factor/${apps[0]!.id}/remove`)).statusCode,
    303,
    'the key stands in for the app',
  );
  const [key] = await hub.database.db.select().from(securityKeys);
  const refused = await browser.post(`/account/two-factor/${key!.factorId}/remove`);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /You must keep a second factor/);
});

test('someone who must have a second factor and has none may set up a security key instead of an app, and nothing else', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'viewer');
  // Made a coordinator after the account was created: no second factor yet.
  await hub.database.db.update(accounts).set({ role: 'coordinator' }).where(eq(accounts.id, user.accountId));
  const browser = new Browser(hub.app);
  await browser.get('/sign-in');
  const signIn = await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
  assert.equal(signIn.headers.location, '/account/two-factor/authenticator');
  assert.match((await browser.get('/account/two-factor/authenticator')).body, /use a security key or passkey instead/);
  const page = await browser.get(NEW_KEY);
  assert.equal(page.statusCode, 200, 'the key page is open before any factor');
  assert.equal((await browser.get('/groups')).headers.location, '/account/two-factor/authenticator', 'nothing else');
  const registered = await browser.post('/account/two-factor/security-keys', {
    name: 'Council-issued key',
    credential: new SoftwareKey().register(optionsOn<CreateOptions>(page.body)),
  });
  assert.equal(registered.statusCode, 200);
  assert.match(registered.body, /Security key added/);
  assert.equal((await browser.get('/groups')).statusCode, 200, 'open once a key is set up');
});
