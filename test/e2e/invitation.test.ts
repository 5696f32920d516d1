import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { listeningHubWithMail } from '../smtp.ts';
import { assertAccessible, launchBrowser, signIn, skipWithoutChromium, watchConsole } from './browser.ts';

const PASSWORD = 'lantern meadow copper finch';

test(
  'an administrator invites someone by email; they open the link, choose a password and sign in',
  { skip: skipWithoutChromium },
  async (t) => {
    const { hub, smtp } = await listeningHubWithMail(t, 'Teesside Prevent partnership');
    const { url } = hub;
    const admin = await createUser(hub, 'administrator', 'Ann Example');

    const browser = await launchBrowser(t);
    const adminPage = await signIn(browser, url, admin.email);
    const adminProblems = watchConsole(adminPage);
    await adminPage.goto(`${url}/accounts/new`);
    await adminPage.getByLabel('Someone new').check();
    await adminPage.getByLabel('Full name').fill('Grace Okafor');
    await adminPage.getByLabel('Email address').fill('grace.okafor@example.org');
    await adminPage.getByLabel('Member', { exact: true }).check();
    await adminPage.getByRole('button', { name: 'Create account' }).click();
    await adminPage.getByText('Invitation sent').waitFor();
    await assertAccessible(adminPage, { moderate: true });

    const mail = await smtp.waitFor(1);
    assert.deepEqual(mail.to, ['grace.okafor@example.org']);
    const link = smtp.linkIn(mail);
    assert.ok(link.startsWith(`${url}/set-password/`), link);

    await adminPage.goto(`${url}/admin/outbox`);
    await adminPage.getByText('Sent', { exact: true }).waitFor();
    await assertAccessible(adminPage, { moderate: true });

    const page = await (await browser.newContext()).newPage();
    const problems = watchConsole(page);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await assertAccessible(page, { moderate: true });
    await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm new password').fill('not the same password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('The passwords do not match').first().waitFor();
    await assertAccessible(page, { moderate: true });
    await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm new password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Password set' }).waitFor();
    await assertAccessible(page, { moderate: true });

    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Email address').fill('grace.okafor@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${url}/`);

    const again = await (await browser.newContext()).newPage();
    await again.goto(link);
    await again.getByRole('heading', { name: 'This link has already been used' }).waitFor();
    await assertAccessible(again, { moderate: true });
    await again.goto(`${url}/forgot-password`);
    await again.getByRole('heading', { name: 'Forgotten your password' }).waitFor();
    await assertAccessible(again, { moderate: true });

    assert.deepEqual([...adminProblems, ...problems], []);
  },
);
