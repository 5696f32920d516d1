import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { threatLevelOn } from '../../src/modules/threat-level/index.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * A coordinator looks up the level on a date, then records a change and corrects it, in a real
 * browser: axe-core finds no serious or critical problem on any page (the timeline chart included),
 * and nothing is refused by the content security policy.
 */
test('threat level: look up a date, record a change and correct it', { skip: skipWithoutChromium }, async (t) => {
  const hub = await startPartnershipHub(t);
  const coordinator = await createUser(hub, 'coordinator');
  const browser = await launchBrowser(t);
  const page = await signIn(browser, hub.url, coordinator.email);
  const problems = watchConsole(page);

  await page.goto(`${hub.url}/threat-level`);
  assert.match((await page.textContent('#level-today')) ?? '', /The national threat level is \w+, meaning an attack/);
  assert.equal(await page.locator('svg[role="img"]').count(), 1, 'the timeline is drawn');
  await assertAccessible(page);

  await page.getByLabel('Date', { exact: true }).fill('2017-05-24');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.waitForURL(/on=2017-05-24/);
  assert.match(
    (await page.textContent('#looked-up')) ?? '',
    /On 24 May 2017 the national threat level for international terrorism was CRITICAL, meaning an attack was expected imminently\./,
  );
  await assertAccessible(page);

  // A date before the first published level: the GOV.UK error summary, accessible too.
  await page.getByLabel('Date', { exact: true }).fill('2005-07-07');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.match((await page.textContent('.govuk-error-summary')) ?? '', /on or after 1 August 2006/);
  await assertAccessible(page);

  await page.getByRole('link', { name: 'Record a change of level' }).click();
  await page.waitForURL(/\/threat-level\/changes\/new/);
  await assertAccessible(page);
  await page.getByLabel('Date the level changed').fill('2026-11-02');
  await page.getByLabel('CRITICAL').check();
  await page.getByLabel('Note or source (optional)').fill('Raised after an attack');
  await page.getByRole('button', { name: 'Record the change' }).click();
  await page.waitForURL(/\/threat-level\?done=recorded/);
  assert.match((await page.textContent('.govuk-notification-banner')) ?? '', /The change of level is recorded/);
  await assertAccessible(page);
  assert.equal((await threatLevelOn(hub.database.db, '2026-11-02'))!.level, 'CRITICAL');

  await page.getByRole('link', { name: 'Correct the change of 2 November 2026' }).click();
  await page.waitForURL(/\/correct$/);
  await assertAccessible(page);
  await page.getByLabel('SUBSTANTIAL').check();
  await page.getByRole('button', { name: 'Save the correction' }).click();
  await page.waitForURL(/done=corrected/);
  assert.match((await page.textContent('main')) ?? '', /Records since corrected \(1\)/);
  await assertAccessible(page);
  assert.equal((await threatLevelOn(hub.database.db, '2026-11-02'))!.level, 'SUBSTANTIAL');

  await page.goto(`${hub.url}/threat-level/disrupted-plots/new`);
  await assertAccessible(page);
  assert.deepEqual(problems, []);
});
