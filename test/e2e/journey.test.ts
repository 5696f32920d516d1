import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, launchBrowser, skipWithoutChromium, startHub, watchConsole } from './browser.ts';

test(
  'a coordinator sets up the partnership, signs in, creates a group and a meeting, and records attendance',
  { skip: skipWithoutChromium },
  async (t) => {
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
    await page.getByLabel('Setup code').fill(hub.app.setupCode);
    await page.getByLabel('Partnership name').fill('Stockton-on-Tees Prevent partnership');
    await page.getByLabel('Your name').fill('Ann Example');
    await page.getByLabel('Email address').fill('ann@example.org');
    await page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await page.getByRole('button', { name: 'Create the partnership' }).click();

    // Setup signs the new administrator in.
    await page.waitForURL(`${hub.url}/`);
    assert.match((await page.textContent('body')) ?? '', /Stockton-on-Tees Prevent partnership/);
    await assertAccessible(page);

    await page.goto(`${hub.url}/areas`);
    await page.getByLabel('Area name').fill('Stockton-on-Tees');
    await page.getByLabel('Kind of area').selectOption('borough');
    await page.getByRole('button', { name: 'Add area' }).click();
    await page.getByRole('cell', { name: 'Stockton-on-Tees' }).waitFor();
    await assertAccessible(page);

    // An organisation and a person to sit on the group.
    await page.goto(`${hub.url}/organisations/new`);
    await assertAccessible(page);
    await page.getByLabel('Name', { exact: true }).fill('Stockton-on-Tees Borough Council');
    await page.getByLabel('Sector').selectOption('local_authority');
    await page.getByRole('button', { name: /Add organisation/ }).click();
    await page.waitForURL(/\/organisations\/\d+/);
    await assertAccessible(page);

    // A group, chaired by the coordinator.
    await page.goto(`${hub.url}/groups/new`);
    await assertAccessible(page);
    await page.getByLabel('Group name').fill('Stockton Silver Group');
    await page.getByLabel('Kind of group').selectOption('silver');
    await page.getByLabel('How often it meets').selectOption('monthly');
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.waitForURL(/\/groups\/\d+$/);
    const groupUrl = page.url();
    await assertAccessible(page);

    await page
      .getByRole('link', { name: /Add (a|the first) member/ })
      .first()
      .click();
    await assertAccessible(page);
    await page.getByLabel('Person').selectOption({ label: 'Ann Example' });
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.waitForURL(new RegExp(`^${groupUrl}([?#].*)?$`));
    await page.getByRole('cell', { name: 'Ann Example' }).first().waitFor();

    // A meeting, proposed from the cadence.
    await page.getByRole('button', { name: 'Schedule a meeting' }).click();
    await assertAccessible(page);
    assert.notEqual(await page.getByLabel('Date').inputValue(), '', 'the cadence proposes a date');
    await page.getByLabel('Location (optional)').fill('Municipal Buildings, Stockton');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    const meetingUrl = page.url();
    await assertAccessible(page);

    // Attendance.
    await page.goto(`${meetingUrl}/attendance`);
    await assertAccessible(page);
    await page
      .getByRole('group', { name: /Ann Example/ })
      .getByLabel('Present')
      .check();
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await page.waitForURL(new RegExp(`${meetingUrl}`));
    assert.match((await page.textContent('main')) ?? '', /Present/);
    await assertAccessible(page);

    for (const path of [
      '/structure',
      '/groups',
      '/meetings',
      '/people',
      '/documents',
      '/search?q=Stockton',
      '/accounts',
      '/audit-log',
      `${new URL(groupUrl).pathname}/attendance`,
    ]) {
      await page.goto(`${hub.url}${path}`);
      await assertAccessible(page);
    }

    assert.deepEqual(problems, []);
  },
);
