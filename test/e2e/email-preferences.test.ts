import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { emailPreferences } from '../../src/modules/reminders/reminders.tables.ts';
import { createUser } from '../helpers.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

test('a person turns the weekly digest off from their account page', { skip: skipWithoutChromium }, async (t) => {
  const hub = await startPartnershipHub(t);
  const person = await createUser(hub, 'member', 'Dev Singh');
  const browser = await launchBrowser(t);
  const page = await signIn(browser, hub.url, person.email);
  const problems = watchConsole(page);

  await page.goto(`${hub.url}/account`);
  await page.getByRole('link', { name: /Email preferences/ }).click();
  await page.getByRole('heading', { name: 'Email preferences' }).waitFor();
  assert.ok(await page.getByLabel('Send me the weekly digest').isChecked(), 'on by default');
  assert.ok(await page.getByLabel('Send me reminders').isChecked(), 'on by default');
  await assertAccessible(page, { moderate: true });

  await page.getByLabel('Do not send it').check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await page.getByText('Your email preferences are saved.').waitFor();
  assert.ok(await page.getByLabel('Do not send it').isChecked());
  assert.ok(await page.getByLabel('Send me reminders').isChecked());
  await assertAccessible(page, { moderate: true });

  const [saved] = await hub.database.db
    .select()
    .from(emailPreferences)
    .where(eq(emailPreferences.accountId, person.accountId));
  assert.deepEqual([saved?.weeklyDigest, saved?.reminders], [false, true]);
  assert.deepEqual(problems, []);
});
