import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { Browser, buildTestHub, createUser, signedIn, withPartnership } from '../../../test/helpers.ts';
import { hubWithMail, postWithHost, PUBLIC_URL, type TestMailServer } from '../../../test/smtp.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { mailOutbox } from '../mail/mail.tables.ts';
import { knownDevices } from './known-devices.tables.ts';
import { browserLabel } from './known-devices.service.ts';

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** The emailed link to the browsers page in a message. */
function browsersLink(mail: { body: string }): string {
  const link = /https?:\/\/[^\s"<>]+\/account\/browsers/.exec(mail.body)?.[0];
  if (!link) throw new Error(`no link in: ${mail.body}`);
  return link;
}

const newBrowserMails = (hub: Awaited<ReturnType<typeof hubWithMail>>['hub']) =>
  hub.database.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'new_browser'));

async function waitForKind(smtp: TestMailServer, subject: RegExp, count = 1) {
  for (let tries = 0; tries < 200; tries += 1) {
    const found = smtp.received.filter((mail) => subject.test(mail.subject));
    if (found.length >= count) return found[count - 1]!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no message matching ${subject}`);
}

test('a browser is labelled coarsely, without versions', () => {
  assert.equal(browserLabel(FIREFOX_WINDOWS), 'Firefox on Windows');
  assert.equal(
    browserLabel(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    ),
    'Safari on iOS',
  );
  assert.equal(
    browserLabel(
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    ),
    'Edge on Windows',
  );
  assert.equal(browserLabel(undefined), 'An unrecognised browser');
});

test('the first browser is remembered quietly; a second one is emailed about, with a link built from PUBLIC_URL', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const user = await createUser(hub, 'member', 'Amina Patel');

  const first = new Browser(hub.app);
  const signedInFirst = await first.signIn(user.email);
  const cookie = signedInFirst.cookies.find((c) => c.name === 'hub_browser');
  assert.ok(cookie, 'the browser is given its long-lived cookie at sign-in');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.secure, true, 'Secure when the Hub is served over HTTPS');
  assert.ok(cookie.maxAge! >= 360 * 24 * 3600, 'kept for about a year');
  const [row] = await hub.database.db.select().from(knownDevices).where(eq(knownDevices.accountId, user.accountId));
  assert.ok(row && row.tokenHash !== cookie.value.split('.')[0], 'only a hash of the token is stored');
  assert.equal((await newBrowserMails(hub)).length, 0, 'the first browser an account uses is not news');

  // Signed out and in again in the same browser: known, nothing sent.
  await first.post('/sign-out');
  await first.signIn(user.email);
  assert.equal((await newBrowserMails(hub)).length, 0);

  // Another browser, whose request names another host.
  const other = new Browser(hub.app);
  const response = await postWithHost(
    hub,
    other,
    '/sign-in',
    '/sign-in',
    { email: user.email, password: 'correct horse battery staple' },
    'evil.example',
  );
  assert.equal(response.statusCode, 303);
  const mail = await waitForKind(smtp, /new sign-in/);
  assert.deepEqual(mail.to, [user.email]);
  assert.match(mail.subject, /A new sign-in to your Test Prevent partnership Hub account/);
  assert.match(mail.body, /Hello Amina Patel/);
  assert.match(mail.body, /Browser: An unrecognised browser/);
  assert.match(mail.body, /When: \d{1,2} \w+ 20\d\d, \d{1,2}:\d\d[ap]m/);
  assert.equal(browsersLink(mail), `${PUBLIC_URL}/account/browsers`);
  assert.doesNotMatch(mail.body, /evil\.example/);
  const [entry] = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'account.new_browser'));
  assert.deepEqual(entry?.detail, { browser: 'An unrecognised browser', emailed: true });
  assert.equal((await newBrowserMails(hub)).length, 1);
});

test('a sign-in with a second factor is checked the same way, once the code is accepted', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const user = await createUser(hub, 'coordinator');
  await new Browser(hub.app).signIn(user.email);
  const laptop = new Browser(hub.app);
  await laptop.get('/sign-in');
  const password = await laptop.post('/sign-in', { email: user.email, password: 'correct horse battery staple' });
  assert.match(String(password.headers.location), /^\/sign-in\/code/);
  assert.equal(
    (await hub.database.db.select().from(knownDevices).where(eq(knownDevices.accountId, user.accountId))).length,
    1,
    'a right password alone makes no browser known',
  );
  await laptop.signIn(user.email);
  const mail = await waitForKind(smtp, /new sign-in/);
  assert.deepEqual(mail.to, [user.email]);
});

test('the browsers page lists the person’s own browsers; forgetting one of another account is refused', async (t) => {
  const { hub } = await hubWithMail(t);
  const user = await createUser(hub, 'member');
  const office = new Browser(hub.app);
  await office.signIn(user.email);
  const phone = new Browser(hub.app);
  await phone.signIn(user.email);
  const { browser: someoneElse, user: other } = await signedIn(hub, 'member');

  const page = await office.get('/account/browsers');
  assert.equal(page.statusCode, 200);
  assert.equal((page.body.match(/id="browser-\d+"/g) ?? []).length, 2);
  assert.match(page.body, /This browser/);

  const mine = await hub.database.db
    .select()
    .from(knownDevices)
    .where(eq(knownDevices.accountId, user.accountId))
    .orderBy(knownDevices.id);
  const [theirs] = await hub.database.db.select().from(knownDevices).where(eq(knownDevices.accountId, other.accountId));
  const refused = await office.post(`/account/browsers/${theirs!.id}/forget`);
  assert.equal(refused.statusCode, 404);
  const refusedNotMe = await office.post(`/account/browsers/${theirs!.id}/not-me`);
  assert.equal(refusedNotMe.statusCode, 404);
  assert.equal((await someoneElse.get('/account')).statusCode, 200, 'their session is untouched');
  assert.equal(
    (await hub.database.db.select().from(knownDevices).where(eq(knownDevices.id, theirs!.id))).length,
    1,
    'their browser is still known',
  );

  const forgotten = await office.post(`/account/browsers/${mine[1]!.id}/forget`);
  assert.equal(forgotten.statusCode, 303);
  assert.equal(
    (await hub.database.db.select().from(knownDevices).where(eq(knownDevices.accountId, user.accountId))).length,
    1,
  );
  const [entry] = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'account.browser_forgotten'));
  assert.equal(entry?.accountId, user.accountId);
});

test('“This wasn’t me” forgets the browser and ends every session of the account but this one’s fresh session', async (t) => {
  const { hub } = await hubWithMail(t);
  const user = await createUser(hub, 'member');
  const own = new Browser(hub.app);
  await own.signIn(user.email);
  const intruder = new Browser(hub.app);
  await intruder.signIn(user.email);
  assert.equal((await intruder.get('/account')).statusCode, 200);

  const [intruders] = await hub.database.db
    .select()
    .from(knownDevices)
    .where(eq(knownDevices.accountId, user.accountId))
    .orderBy(knownDevices.id)
    .offset(1);
  await own.get('/account/browsers');
  const done = await own.post(`/account/browsers/${intruders!.id}/not-me`);
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, '/account/browsers?done=not-me');

  const gone = await intruder.get('/account');
  assert.equal(gone.statusCode, 303, 'the other browser is signed out');
  assert.match(String(gone.headers.location), /^\/sign-in/);
  const after = await own.get('/account/browsers?done=not-me');
  assert.equal(after.statusCode, 200, 'the person who asked stays signed in');
  assert.match(after.body, /Change your password now/);
  assert.equal(
    (
      await hub.database.db
        .select()
        .from(knownDevices)
        .where(and(eq(knownDevices.accountId, user.accountId), eq(knownDevices.id, intruders!.id)))
    ).length,
    0,
  );
  const [entry] = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'account.browser_not_me'));
  assert.equal(entry?.accountId, user.accountId);
  assert.deepEqual(entry?.detail, { browser: 'An unrecognised browser', sessionsEnded: true });
});

test('without a mail server nothing is emailed, browsers are still remembered, and signing in works as before', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const user = await createUser(hub, 'member');
  const first = new Browser(hub.app);
  const response = await first.signIn(user.email);
  const cookie = response.cookies.find((c) => c.name === 'hub_browser');
  assert.ok(cookie && !cookie.secure, 'not Secure over plain HTTP');
  await new Browser(hub.app).signIn(user.email);
  assert.equal((await hub.database.db.select().from(mailOutbox)).length, 0);
  assert.equal(
    (await hub.database.db.select().from(knownDevices).where(eq(knownDevices.accountId, user.accountId))).length,
    2,
  );
  const [entry] = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'account.new_browser'));
  assert.deepEqual(entry?.detail, { browser: 'An unrecognised browser', emailed: false });
});

test('a shared computer keeps one cookie: known to each person who signs in on it, and new to someone who never has', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const first = await createUser(hub, 'member');
  const second = await createUser(hub, 'member');
  await new Browser(hub.app).signIn(second.email);
  const shared = new Browser(hub.app);
  const one = await shared.signIn(first.email);
  const token = one.cookies.find((c) => c.name === 'hub_browser')!.value;
  await shared.post('/sign-out');

  const two = await shared.signIn(second.email);
  assert.equal(two.cookies.find((c) => c.name === 'hub_browser')?.value.split('.')[0], token.split('.')[0]);
  const mail = await waitForKind(smtp, /new sign-in/);
  assert.deepEqual(mail.to, [second.email], 'the computer is new to the second person');
  const hashes = await hub.database.db
    .select({ hash: knownDevices.tokenHash, accountId: knownDevices.accountId })
    .from(knownDevices);
  const sharedHash = hashes.find((row) => row.accountId === first.accountId)!.hash;
  assert.ok(hashes.some((row) => row.accountId === second.accountId && row.hash === sharedHash));
});
