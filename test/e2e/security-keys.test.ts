import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, TEST_PASSWORD } from '../helpers.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * A member registers a security key in a real browser (Chromium's virtual authenticator, through
 * the DevTools protocol, touched and verified as a person would), signs out, and signs in with the
 * password and the key instead of a code. At localhost: browsers allow keys there over plain http.
 * axe-core finds no serious problem on any of the pages.
 */
test(
  'security keys: register a key, sign out, sign in with the key instead of a code',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const base = hub.url.replace('127.0.0.1', 'localhost');
    const member = await createUser(hub, 'member');
    const browser = await launchBrowser(t);
    const page = await signIn(browser, base, member.email);
    const problems = watchConsole(page);
    const devtools = await page.context().newCDPSession(page);
    await devtools.send('WebAuthn.enable');
    const { authenticatorId } = await devtools.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });

    await page.goto(`${base}/account/two-factor`);
    assert.match((await page.textContent('main')) ?? '', /No security key yet/);
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Add a security key or passkey' }).click();
    await assertAccessible(page);
    await page.getByLabel('Name').fill('Blue key');
    await page.getByRole('button', { name: 'Register security key' }).click();
    await page.waitForSelector('#recovery-codes');
    assert.match((await page.textContent('main')) ?? '', /Security key added/);
    assert.equal(await page.locator('#recovery-codes li').count(), 10);
    await assertAccessible(page);
    await page.goto(`${base}/account/two-factor`);
    assert.match((await page.textContent('#security-keys')) ?? '', /Blue key/);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/sign-in`);
    await page.getByLabel('Email address').fill(member.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/sign-in/code`);
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Use your security key' }).click();
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/account/two-factor`);
    assert.doesNotMatch((await page.textContent('#security-keys')) ?? '', /Not yet/, 'the key is shown as used');
    const { credentials } = (await devtools.send('WebAuthn.getCredentials', { authenticatorId })) as {
      credentials: { signCount: number }[];
    };
    assert.equal(credentials.length, 1);
    assert.ok(credentials[0]!.signCount >= 1, 'the key signed at sign-in');
    assert.deepEqual(problems, []);
  },
);
