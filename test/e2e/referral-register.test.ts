import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createUser } from '../helpers.ts';
import { group, meeting, member } from '../factories.ts';
import { areas } from '../../src/modules/partnership/partnership.tables.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/*
 * A Channel panel member adds a referral (and meets the warning about identifying notes), takes it
 * through screening, assessment, the panel, adoption, exit and both reviews, and corrects it; an
 * administrator names who may read the register. axe-core finds no serious or critical problem
 * on any page, and nothing is refused by the content security policy.
 */
test('a referral taken through the Channel journey to exit, in a browser', { skip: skipWithoutChromium }, async (t) => {
  const hub = await startPartnershipHub(t, 'Leicester, Leicestershire and Rutland Prevent partnership');
  await hub.database.db.insert(areas).values([
    { name: 'Leicester', kind: 'city' },
    { name: 'Leicestershire', kind: 'county' },
  ]);
  const panel = await group(hub, 'monthly', 'LLR Channel panel');
  const panelMeeting = await meeting(hub, panel.id, daysAgo(20));
  const coordinator = await createUser(hub, 'coordinator', 'Prevent Coordinator');
  await member(hub, panel.id, coordinator.personId);
  const admin = await createUser(hub, 'administrator');

  const browser = await launchBrowser(t);
  const page = await signIn(browser, hub.url, coordinator.email);
  const problems = watchConsole(page);

  await page.goto(`${hub.url}/referrals/register`);
  assert.match((await page.textContent('main')) ?? '', /No referrals/);
  await assertAccessible(page);

  // Adding: the note looks identifying, so the form warns before saving.
  await page.getByRole('button', { name: 'Add a referral' }).click();
  await assertAccessible(page);
  await page.getByLabel('Date received').fill(daysAgo(60));
  await page.getByLabel('Referring sector').selectOption({ label: 'Education' });
  await page.getByLabel('Area', { exact: true }).selectOption({ label: 'Leicestershire' });
  await page.getByLabel('Type of concern').selectOption({ label: 'Extreme right-wing' });
  await page.getByLabel('Age band').selectOption({ label: '15 to 20' });
  await page.getByLabel('Notes (optional)').fill('Referred by John Smith, Year 10 tutor');
  await page.getByRole('button', { name: 'Add referral' }).click();
  assert.match((await page.textContent('main')) ?? '', /looks as if it holds a person’s name/);
  await assertAccessible(page);
  await page.getByLabel('Notes (optional)').fill('Referred by a Year 10 tutor');
  await page.getByRole('button', { name: 'Add referral' }).click();
  await page.waitForURL(/\/referrals\/register\/\d+\?done=added/);
  const reference = (await page.textContent('h1'))!.trim();
  assert.match(reference, /^REF-\d{4}-0001$/);
  await assertAccessible(page);

  const takeStep = async (link: RegExp, fill: (page: Page) => Promise<void>) => {
    await page.getByRole('link', { name: link }).click();
    await assertAccessible(page);
    await fill(page);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/referrals\/register\/\d+(#journey)?$/);
  };
  const on = (date: string) => async (p: Page) => p.getByLabel('Date', { exact: true }).fill(date);

  await takeStep(/Start screening/, on(daysAgo(55)));
  await takeStep(/vulnerability assessment/, on(daysAgo(40)));
  await takeStep(/panel discussion/, async (p) => {
    await on(daysAgo(20))(p);
    await p.getByLabel(/Channel panel meeting/).selectOption({ index: 1 });
  });
  await takeStep(/Adopt as a Channel case/, async (p) => {
    await on(daysAgo(20))(p);
    await p.getByLabel('Support plan').fill('Mentoring and a college placement');
    await p.getByLabel('Date consent was given').fill(daysAgo(20));
    await p.getByLabel('Intervention provider').fill('Intervention provider A');
  });
  await takeStep(/Record exit/, on(daysAgo(2)));
  assert.match((await page.textContent('main')) ?? '', /6-month review after exit is due/);
  await assertAccessible(page);
  await takeStep(/6-month review/, on(daysAgo(1)));
  await takeStep(/12-month review/, on(daysAgo(0)));
  const main = (await page.textContent('main')) ?? '';
  assert.match(main, /the case is complete/);
  assert.match(main, /12-month review held/);

  // A correction, shown on the case.
  await page.getByRole('link', { name: 'Correct the details' }).click();
  await assertAccessible(page);
  await page.getByLabel('Age band').selectOption({ label: '21 to 30' });
  await page.getByRole('button', { name: 'Save corrections' }).click();
  await page.waitForURL(/#corrections$/);
  assert.match((await page.textContent('#corrections + table')) ?? '', /Age band\s*15 to 20\s*21 to 30/);
  await assertAccessible(page);

  // The panel meeting lists the case by reference.
  await page.goto(`${hub.url}/meetings/${panelMeeting.id}`);
  assert.match((await page.textContent('main')) ?? '', new RegExp(`Cases discussed[\\s\\S]*${reference}`));
  await assertAccessible(page);

  await page.goto(`${hub.url}/referrals/register`);
  assert.match((await page.textContent('main')) ?? '', new RegExp(reference));
  await assertAccessible(page);
  assert.deepEqual(problems, []);

  // The administrator's access page.
  const adminPage = await signIn(browser, hub.url, admin.email);
  await adminPage.goto(`${hub.url}/referrals/register/access`);
  assert.match((await adminPage.textContent('main')) ?? '', /LLR Channel panel/);
  await assertAccessible(adminPage);
});
