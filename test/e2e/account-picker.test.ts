import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createUser } from '../helpers.ts';
import { organisations, people } from '../../src/modules/organisations/organisations.tables.ts';
import { accounts } from '../../src/modules/accounts/accounts.tables.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

test(
  'an administrator finds a person already in the Hub by typing, and gives them an account',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t, 'Teesside Prevent partnership');
    const db = hub.database.db;
    const [council] = await db
      .insert(organisations)
      .values({ name: 'Stockton Borough Council', sector: 'local_authority' })
      .returning();
    await db.insert(people).values([
      { name: 'Aisha Rahman', email: 'aisha.rahman@example.org', organisationId: council!.id },
      { name: 'Aaron Bell', email: 'aaron.bell@example.org' },
      { name: 'Grace Okafor', email: 'grace.okafor@example.org', organisationId: council!.id },
    ]);
    const admin = await createUser(hub, 'administrator', 'Ann Example');

    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, admin.email);
    const problems = watchConsole(page);
    await page.goto(`${hub.url}/accounts/new`);
    await assertAccessible(page, { moderate: true });

    const person = page.getByLabel('Person', { exact: true });
    assert.equal(await person.locator('option').count(), 4, 'a blank and three people without an account');
    await page.getByLabel('Find a person by name, organisation or email').fill('rahman');
    assert.deepEqual(await person.locator('option').allTextContents(), [
      'Choose a person',
      'Aisha Rahman, Stockton Borough Council (aisha.rahman@example.org)',
    ]);
    assert.equal(
      await page.getByLabel('Someone already in the Hub').isChecked(),
      true,
      'the one match is chosen, and so is the question above',
    );
    await page.getByLabel('Member', { exact: true }).check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Account created').waitFor();
    assert.match((await page.textContent('main')) ?? '', /for Aisha Rahman/);

    const [account] = await db.select().from(accounts).where(eq(accounts.email, 'aisha.rahman@example.org'));
    const [aisha] = await db.select().from(people).where(eq(people.email, 'aisha.rahman@example.org'));
    assert.equal(account!.personId, aisha!.id);
    assert.deepEqual(problems, []);
  },
);
