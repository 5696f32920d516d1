import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import {
  Browser,
  buildTestHub,
  createUser,
  TEST_PASSWORD,
  withPartnership,
  type TestHub,
} from '../../../test/helpers.ts';
import { signInAttempts, type SignInOutcome } from '../../auth/sign-in-attempts.tables.ts';
import { EMAIL_CHECKS_PER_HOUR, LOCK_AFTER, SOURCE_LIMIT } from './sign-in-limits.ts';

/** A sign-in page opened from one address; its form can then be sent many times at once. */
async function signInPage(hub: TestHub, remoteAddress: string) {
  const page = await hub.app.inject({ method: 'GET', url: '/sign-in', remoteAddress });
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return (email: string, password: string) =>
    hub.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
    });
}

/** Real password checks are the failed and successful sign-in attempts; refusals are "throttled". */
async function passwordChecks(hub: TestHub, email: string) {
  const rows = await hub.database.db
    .select({ outcome: signInAttempts.outcome, n: sql<number>`count(*)::int` })
    .from(signInAttempts)
    .where(eq(signInAttempts.email, email))
    .groupBy(signInAttempts.outcome);
  const count = (outcome: SignInOutcome) => rows.find((r) => r.outcome === outcome)?.n ?? 0;
  return {
    failed: count('failed'),
    // A right password for an account with a second factor asks for a code rather than signing in.
    succeeded: count('succeeded') + count('second_factor_asked'),
    throttled: count('throttled'),
  };
}

test('150 parallel guesses from one source, the right password among them, get at most the limit of checks and no sign-in', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'administrator');
  const send = await signInPage(hub, '10.0.0.66');
  const guesses = Array.from({ length: 150 }, (_, i) => (i === 75 ? TEST_PASSWORD : `wrong guess ${i}`));
  const responses = await Promise.all(guesses.map((password) => send(user.email, password)));

  assert.ok(
    responses.every((r) => r.statusCode === 400),
    'no guess signed in',
  );
  assert.ok(responses.every((r) => !r.cookies.some((c) => c.name === 'hub_session')));
  const checks = await passwordChecks(hub, user.email);
  assert.equal(checks.succeeded, 0);
  assert.ok(checks.failed <= LOCK_AFTER, `${checks.failed} password checks`);
  assert.equal(checks.failed + checks.throttled, 150);
  assert.match(responses.at(-1)!.body, /Too many failed attempts/);
});

test('a stranger’s failures lock out the stranger’s source, not the person signing in from their own', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'administrator');
  const stranger = await signInPage(hub, '10.0.0.66');
  for (let i = 0; i < LOCK_AFTER; i++) assert.equal((await stranger(user.email, `guess ${i}`)).statusCode, 400);
  const lockedOut = await stranger(user.email, TEST_PASSWORD);
  assert.equal(lockedOut.statusCode, 400, 'the stranger’s source is locked out, even with the right password');
  assert.match(lockedOut.body, /Too many failed attempts/);

  const owner = await signInPage(hub, '192.168.1.20');
  const signedIn = await owner(user.email, TEST_PASSWORD);
  assert.equal(signedIn.statusCode, 303, 'the owner signs in from another source');
});

test('guesses spread over many sources get no more checks than the email’s hourly cap; the owner’s known source still gets in', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'coordinator');
  const owner = await signInPage(hub, '192.168.1.20');
  assert.equal((await owner(user.email, TEST_PASSWORD)).statusCode, 303, 'signed in once from this source before');

  const sources = await Promise.all(Array.from({ length: 60 }, (_, i) => signInPage(hub, `10.1.${i}.7`)));
  const responses = await Promise.all(
    sources.map((send, i) => send(user.email, i === 45 ? TEST_PASSWORD : `guess ${i}`)),
  );
  assert.ok(responses.every((r) => r.statusCode === 400));
  const checks = await passwordChecks(hub, user.email);
  assert.ok(checks.failed <= EMAIL_CHECKS_PER_HOUR, `${checks.failed} password checks from new sources`);
  assert.equal(checks.succeeded, 1, 'only the owner’s own sign-in');

  assert.equal((await owner(user.email, TEST_PASSWORD)).statusCode, 303, 'the owner’s own source is not capped');
  const newSource = await signInPage(hub, '10.2.0.1');
  assert.match((await newSource(user.email, TEST_PASSWORD)).body, /Wait 60 minutes/, 'a new source waits for the hour');
});

test('one source trying many emails is limited; other sources are not', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'member');
  const sprayer = await signInPage(hub, '10.0.0.99');
  const emails = Array.from({ length: 40 }, (_, i) => `person${i}@example.org`);
  const responses = await Promise.all(emails.map((email) => sprayer(email, 'Summer2026!')));
  assert.ok(responses.every((r) => r.statusCode === 400));
  const failed = await hub.database.db.select().from(signInAttempts).where(eq(signInAttempts.outcome, 'failed'));
  assert.ok(failed.length <= SOURCE_LIMIT, `${failed.length} password checks from one source`);
  assert.match((await sprayer(user.email, TEST_PASSWORD)).body, /Too many failed attempts/);

  const elsewhere = await signInPage(hub, '10.0.0.100');
  assert.equal((await elsewhere(user.email, TEST_PASSWORD)).statusCode, 303);
});

test('after sign-in, only a path on this Hub is followed; every known bypass goes home, none gives an error', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'viewer');
  const browser = new Browser(hub.app);
  await browser.signIn(user.email);

  const bypasses = [
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\r\n/evil.example',
    '/\nLocation: http://evil.example',
    '/\u000b/evil.example',
    'https:evil.example',
    'https://evil.example',
    'http:/evil.example',
    'javascript:alert(1)',
    '%2F%2Fevil.example',
    '/%2F%2Fevil.example/../..',
    '/./\\evil.example',
    '/é/evil',
    '/\u2028evil',
    '/ /evil.example',
    '\\\\evil.example',
    '/groups/' + 'a'.repeat(3000),
    '',
  ];
  for (const next of bypasses) {
    const response = await browser.get(`/sign-in?next=${encodeURIComponent(next)}`);
    assert.equal(response.statusCode, 303, JSON.stringify(next));
    assert.equal(response.headers.location, '/', JSON.stringify(next));
  }
  // The raw forms too, as a link might carry them.
  for (const raw of ['%2F%09%2Fevil.example', '/%5Cevil.example', '%2F%0D%0A%2Fevil', '%2F%0B%2Fevil', '%2F%C3%A9']) {
    const response = await browser.get(`/sign-in?next=${raw}`);
    assert.equal(response.headers.location, '/', raw);
  }
  for (const next of ['/groups', '/documents/12?tab=papers#history', '/plans/3/edit']) {
    assert.equal((await browser.get(`/sign-in?next=${encodeURIComponent(next)}`)).headers.location, next);
  }

  // Signing in with a hostile `next` in the form lands at home too.
  const other = new Browser(hub.app);
  await other.get('/sign-in');
  const signedIn = await other.post('/sign-in', {
    email: user.email,
    password: TEST_PASSWORD,
    next: '/\t/evil.example',
  });
  assert.equal(signedIn.headers.location, '/');
});
