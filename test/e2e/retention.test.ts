import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { signInAttempts } from '../../src/auth/sign-in-attempts.tables.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * An administrator reads what is due, refuses a too-short period, saves one, and runs retention
 * now, in a real browser: axe-core finds no serious or critical problem on any state of the page,
 * and nothing is refused by the content security policy.
 */
test('retention: what is due, a period refused then saved, and run now', { skip: skipWithoutChromium }, async (t) => {
  const hub = await startPartnershipHub(t);
  const admin = await createUser(hub, 'administrator');
  await hub.database.db
    .insert(signInAttempts)
    .values([{ at: new Date(Date.now() - 400 * 86_400_000), email: 'old@example.org', outcome: 'failed' }]);
  const browser = await launchBrowser(t);
  const page = await signIn(browser, hub.url, admin.email);
  const problems = watchConsole(page);

  await page.getByRole('link', { name: 'Retention' }).click();
  await page.waitForURL(/\/admin\/retention$/);
  assert.match((await page.textContent('#due-sign-ins')) ?? '', /1 attempt\b/);
  assert.match((await page.textContent('main')) ?? '', /The audit log is never purged/);
  await assertAccessible(page);

  await page.getByLabel('Days after a live event closes before it is reduced').fill('10');
  await page.getByRole('button', { name: 'Save periods' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.match((await page.textContent('.govuk-error-summary')) ?? '', /whole number of days from 30 to 3650/);
  await assertAccessible(page);

  await page.getByLabel('Days after a live event closes before it is reduced').fill('120');
  await page.getByRole('button', { name: 'Save periods' }).click();
  await page.waitForURL(/done=saved/);
  assert.match((await page.textContent('#due-events')) ?? '', /120 days after the event closes/);
  await assertAccessible(page);

  await page.getByRole('button', { name: 'Run now' }).click();
  await page.waitForURL(/done=ran/);
  assert.match((await page.textContent('#runs')) ?? '', /1 sign-in attempt deleted/);
  assert.match((await page.textContent('#due-sign-ins')) ?? '', /0 attempts/);
  await assertAccessible(page);

  await page.getByRole('link', { name: 'see the attempts kept' }).click();
  await page.waitForURL(/\/admin\/retention\/sign-in-attempts$/);
  assert.match((await page.textContent('#attempts')) ?? '', new RegExp(admin.email));
  await assertAccessible(page);
  assert.deepEqual(problems, []);
});
