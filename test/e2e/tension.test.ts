import { test } from 'node:test';
import assert from 'node:assert/strict';
import { devices } from 'playwright-core';
import { createUser, TEST_PASSWORD } from '../helpers.ts';
import { member } from '../factories.ts';
import { groups } from '../../src/modules/groups/groups.tables.ts';
import { areas } from '../../src/modules/partnership/partnership.tables.ts';
import { tensionReports } from '../../src/modules/tension/tension.tables.ts';
import { assertAccessible, launchBrowser, skipWithoutChromium, startPartnershipHub, watchConsole } from './browser.ts';

/*
 * A partner in the Community Reference Group reports community tension from a phone-sized screen:
 * the form, the warning when the summary looks as if it names someone, the grid of areas and the
 * area's timeline. axe-core finds no serious or critical problem on any page.
 */
test('tension: a partner reports from a phone', { skip: skipWithoutChromium }, async (t) => {
  const hub = await startPartnershipHub(t);
  const db = hub.database.db;
  await db.insert(areas).values([{ name: 'Leicester' }, { name: 'Rutland' }]);
  const [reference] = await db
    .insert(groups)
    .values({ name: 'Community Reference Group', kind: 'community_reference' })
    .returning();
  const partner = await createUser(hub, 'member');
  await member(hub, reference!.id, partner.personId);

  const browser = await launchBrowser(t);
  const context = await browser.newContext({ ...devices['Pixel 5'] });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${hub.url}/sign-in`);
  await page.getByLabel('Email address').fill(partner.email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${hub.url}/`);

  await page.goto(`${hub.url}/tension`);
  assert.match((await page.textContent('main')) ?? '', /No reports yet/);
  await assertAccessible(page);
  await page.getByRole('link', { name: 'Report community tension' }).click();
  await page.waitForURL(/\/tension\/reports\/new/);
  await assertAccessible(page);

  await page.getByLabel('Area').selectOption({ label: 'Leicester' });
  await page.getByLabel('4 High').check();
  await page.getByLabel('Protest planned').selectOption({ label: 'Evidenced' });
  await page
    .getByLabel('Summary', { exact: true })
    .fill('Leaflets handed out by Mr Smith outside the mosque; a protest is planned');
  await page.getByRole('button', { name: 'Send the report' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.match((await page.textContent('main')) ?? '', /It looks as if it holds a name/);
  await assertAccessible(page);

  await page
    .getByLabel('Summary', { exact: true })
    .fill('Leaflets handed out outside the mosque; a protest is planned');
  await page.getByRole('button', { name: 'Send the report' }).click();
  await page.waitForURL(/done=submitted/);
  assert.match((await page.textContent('.govuk-notification-banner')) ?? '', /your tension report is sent/);
  await assertAccessible(page);
  assert.equal((await db.select().from(tensionReports)).length, 1);

  await page.goto(`${hub.url}/tension`);
  assert.match((await page.textContent('main')) ?? '', /Leicester\s*4 High/);
  await assertAccessible(page);
  await page.getByRole('link', { name: 'Leicester' }).click();
  await page.waitForURL(/\/tension\/areas\/\d+/);
  assert.equal(await page.locator('svg[role="img"]').count(), 1, 'the timeline is drawn');
  await assertAccessible(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 400, `no sideways scrolling on a phone (${width}px)`);
  assert.deepEqual(problems, []);
});
