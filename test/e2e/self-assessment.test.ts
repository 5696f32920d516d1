import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { group } from '../factories.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * A coordinator starts an NI35 iteration, rates a criterion, and reads the comparison, the peers
 * page and the framework, on a phone-sized screen: axe-core finds no serious or critical problem.
 */
test('self-assessment: start an iteration, rate it, compare it', { skip: skipWithoutChromium }, async (t) => {
  const hub = await startPartnershipHub(t);
  const board = await group(hub, 'quarterly', 'Stockton Silver Group');
  const coordinator = await createUser(hub, 'coordinator');
  const browser = await launchBrowser(t);
  const page = await signIn(browser, hub.url, coordinator.email);
  await page.setViewportSize({ width: 375, height: 800 });
  const problems = watchConsole(page);

  await page.goto(`${hub.url}/self-assessment`);
  await assertAccessible(page);
  await page.getByRole('link', { name: 'Start an iteration' }).click();
  await assertAccessible(page);
  await page.getByLabel('Framework').selectOption({ label: 'National Indicator 35' });
  await page.getByLabel('On behalf of').fill('Stockton Renaissance');
  await page.getByLabel('Name of this iteration').fill('January 2009');
  await page.getByLabel('Date of the assessment').fill('2009-01-30');
  await page.getByLabel('Assessing group').selectOption({ label: board.name });
  await page.getByRole('button', { name: 'Start the iteration' }).click();
  await page.waitForURL(/done=created/);
  await assertAccessible(page);

  await page.getByRole('link', { name: 'Development of a risk-based Prevent action plan' }).click();
  await assertAccessible(page);
  await page.getByLabel('1', { exact: true }).check();
  await page.getByLabel('Evidence', { exact: true }).fill('No action plan yet');
  await page.getByRole('button', { name: 'Save the rating' }).click();
  await page.waitForURL(/done=rated/);
  assert.match((await page.textContent('main')) ?? '', /No action plan yet/);

  await page.getByRole('link', { name: 'Compare with other iterations' }).click();
  assert.equal(await page.locator('svg[role="img"]').count(), 1, 'the chart is drawn');
  await assertAccessible(page);
  await page.goto(`${hub.url}/self-assessment/frameworks/1/peers`);
  await assertAccessible(page);
  await page.goto(`${hub.url}/self-assessment/frameworks/1`);
  await assertAccessible(page);
  await page.goto(`${hub.url}/self-assessment/frameworks/import`);
  await assertAccessible(page);
  assert.deepEqual(problems, []);
});
