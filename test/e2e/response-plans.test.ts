import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { incidentInArea } from '../factories.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/*
 * A coordinator runs a 14-day plan in a real browser: starts it from an incident, records a check-in,
 * extends it, sees it on the calendar and today's list, and closes it early with a summary. axe-core
 * finds no serious or critical problem on any page, the plan page on a phone-sized screen too.
 */
test(
  'response plans: a coordinator runs a plan from its start to its close',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    await incidentInArea(hub, {
      title: 'Attack at a concert',
      occurredOn: daysFromToday(-3),
      area: 'Stockton-on-Tees',
      group: 'Prevent Steering Group',
      kind: 'steering',
    });
    const coordinator = await createUser(hub, 'coordinator');
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/response-plans`);
    assert.match((await page.textContent('main')) ?? '', /No plans in force/);
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Start a 14-day plan' }).click();
    await page.waitForURL(/\/response-plans\/new/);
    await assertAccessible(page);
    await page.getByLabel('Incident').selectOption({ label: 'Attack at a concert' });
    await page.getByLabel('Day 0').fill(daysFromToday(-3));
    await page.getByRole('button', { name: 'Start the plan' }).click();
    await page.waitForURL(/done=started/);
    assert.match((await page.textContent('main')) ?? '', /Day 14: /);
    await assertAccessible(page);

    await page.locator('input[name="level"][value="4"]').check();
    await page.getByLabel('What partners are seeing (one line)').fill('Graffiti reported near a mosque');
    await page.getByRole('button', { name: 'Record the check-in' }).click();
    await page.waitForURL(/done=check-in/);
    assert.match((await page.textContent('#check-ins + table')) ?? '', /4 High\s*Graffiti reported near a mosque/);
    await page.setViewportSize({ width: 375, height: 800 });
    await assertAccessible(page);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('link', { name: 'Extend the plan' }).click();
    await assertAccessible(page);
    await page.getByLabel('New last day').fill(daysFromToday(18));
    await page.getByLabel('Reason').fill('A second incident in the region');
    await page.getByRole('button', { name: 'Extend the plan' }).click();
    await page.waitForURL(/done=extended/);
    assert.match((await page.textContent('main')) ?? '', /Day 21: /);

    await page.goto(`${hub.url}/response-plans/today`);
    assert.match((await page.textContent('main')) ?? '', /1 plan in force/);
    await assertAccessible(page);
    await page.goto(`${hub.url}/response-plans`);
    assert.equal(await page.locator('svg[role="img"]').count(), 1, 'the month’s plans are drawn');
    await assertAccessible(page);

    await page.getByRole('link', { name: '14-day plan: Attack at a concert' }).first().click();
    await page.getByRole('link', { name: 'Close the plan' }).click();
    await page.getByRole('button', { name: 'Close the plan' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await assertAccessible(page);
    await page.getByLabel('Why it is closing early (if it is)').fill('Tension back to low');
    await page.getByLabel('Summary for the board').fill('Partners reassured communities; tension fell from 4 to 1.');
    await page.getByRole('button', { name: 'Close the plan' }).click();
    await page.waitForURL(/done=closed/);
    assert.match((await page.textContent('main')) ?? '', /Closed early[\s\S]*tension fell from 4 to 1/);
    await assertAccessible(page);
    assert.deepEqual(problems, []);
  },
);
