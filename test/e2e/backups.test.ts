import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * An administrator finds Backups beside the other administrators' pages, takes a backup from the
 * page and sees it listed as restored and checked, in a real browser: axe-core finds no serious or
 * critical problem before or after, and nothing is refused by the content security policy.
 */
test(
  'backups: an administrator takes a backup from the page and sees it checked',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const administrator = await createUser(hub, 'administrator');
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, administrator.email);
    const problems = watchConsole(page);

    await page.getByRole('link', { name: 'Backups', exact: true }).click();
    await page.waitForURL(/\/admin\/backups$/);
    assert.match((await page.textContent('main')) ?? '', /No backups yet/);
    await assertAccessible(page);

    await page.getByRole('button', { name: 'Take a backup now' }).click();
    await page.waitForURL(/\/admin\/backups\?done=taken/, { timeout: 60_000 });
    assert.match(
      (await page.textContent('.govuk-notification-banner')) ?? '',
      /Backup taken, restored into a scratch database and checked\./,
    );
    const rows = page.locator('table tbody tr');
    assert.equal(await rows.count(), 1);
    assert.match((await rows.first().textContent()) ?? '', /hub-\d{4}-[\s\S]*Checked/);
    await assertAccessible(page);

    // A second press straight away is refused with the GOV.UK error summary, accessible too.
    await page.getByRole('button', { name: 'Take a backup now' }).click();
    await page.waitForSelector('.govuk-error-summary');
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /less than a minute ago/);
    await assertAccessible(page);
    assert.deepEqual(problems, []);

    const coordinator = await createUser(hub, 'coordinator');
    const other = await signIn(await launchBrowser(t), hub.url, coordinator.email);
    assert.equal(await other.getByRole('link', { name: 'Backups', exact: true }).count(), 0);
    const refused = await other.goto(`${hub.url}/admin/backups`);
    assert.equal(refused?.status(), 403);
  },
);
