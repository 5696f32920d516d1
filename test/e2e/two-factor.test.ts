import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, TEST_PASSWORD } from '../helpers.ts';
import { codeAtStep, timeStepAt } from '../../src/modules/accounts/totp.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * A member sets up an authenticator app in a real browser: reads the key from the page (as a
 * phone would from the QR code), types the code, keeps the recovery codes; signs out; signs in
 * again with the password and a code. axe-core finds no serious problem on any of the pages.
 */
test(
  'two-factor sign-in: set up an authenticator app, sign out, sign in with a code',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const member = await createUser(hub, 'member');
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, member.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/account/two-factor`);
    assert.match((await page.textContent('main')) ?? '', /No authenticator app yet/);
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Set up an authenticator app' }).click();
    assert.equal(await page.locator('#qr-code svg').count(), 1, 'a QR code');
    await assertAccessible(page);
    const secret = ((await page.textContent('#authenticator-key')) ?? '').replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/);

    // A wrong code: the GOV.UK error summary, accessible too.
    await page.getByLabel('Code from the app').fill('12');
    await page.getByRole('button', { name: 'Confirm' }).click();
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /The code is not right/);
    await assertAccessible(page);

    const setUpStep = timeStepAt(Date.now());
    await page.getByLabel('Code from the app').fill(codeAtStep(secret, setUpStep));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForSelector('#recovery-codes');
    assert.equal(await page.locator('#recovery-codes li').count(), 10);
    await assertAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${hub.url}/sign-in`);
    await page.getByLabel('Email address').fill(member.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${hub.url}/sign-in/code`);
    await assertAccessible(page);

    // The set-up code's step is used: the same code is refused, the next step's is taken.
    await page.getByLabel('Code', { exact: true }).fill(codeAtStep(secret, setUpStep));
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /used already/);
    await assertAccessible(page);
    await page.getByLabel('Code', { exact: true }).fill(codeAtStep(secret, setUpStep + 1));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${hub.url}/`);
    assert.deepEqual(problems, []);
  },
);
