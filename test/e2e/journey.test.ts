import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, launchBrowser, skipWithoutChromium, startHub, watchConsole } from './browser.ts';

test('a coordinator sets up the partnership, signs in, creates a group and a meeting, and records attendance', { skip: skipWithoutChromium }, async (t) => {
  const hub = await startHub(t);
  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  const problems = watchConsole(page);

  await page.goto(hub.url);
  assert.match(page.url(), /\/setup$/);
  await assertAccessible(page);
  await page.getByRole('button', { name: 'Create the partnership' }).click();
  await page.getByText('There is a problem').waitFor();
  await assertAccessible(page);
  await page.getByLabel('Partnership name').fill('Stockton-on-Tees Prevent partnership');
  await page.getByLabel('Your name').fill('Ann Example');
  await page.getByLabel('Email address').fill('ann@example.org');
  await page.getByLabel('Password', { exact: true }).fill('a long enough password');
  await page.getByRole('button', { name: 'Create the partnership' }).click();

  await page.waitForURL(/\/sign-in/);
  await assertAccessible(page);
  await page.getByLabel('Email address').fill('ann@example.org');
  await page.getByLabel('Password', { exact: true }).fill('a long enough password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${hub.url}/`);
  assert.match(await page.textContent('body') ?? '', /Stockton-on-Tees Prevent partnership/);
  await assertAccessible(page);

  await page.goto(`${hub.url}/areas`);
  await page.getByLabel('Area name').fill('Stockton-on-Tees');
  await page.getByLabel('Kind of area').selectOption('borough');
  await page.getByRole('button', { name: 'Add area' }).click();
  await page.getByRole('cell', { name: 'Stockton-on-Tees' }).waitFor();
  await assertAccessible(page);

  assert.deepEqual(problems, []);
});
