import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { group, meeting, member, organisation, person } from '../factories.ts';
import { agendaItems, attendance, meetingRecommendations } from '../../src/modules/meetings/meetings.tables.ts';
import { issuedPaperFixture } from '../../src/modules/papers/late.fixtures.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * A member who runs the board's meetings sees its papers due and late on the meeting page, changes
 * when papers are due (a bad number first), reads the minutes and approves them at the next
 * meeting (with no meeting chosen first), then prints them. axe-core finds no serious or critical problem on any page.
 */
test(
  'late papers and minutes: the due setting, the minutes page and their approval',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const db = hub.database.db;
    const runner = await createUser(hub, 'member');
    const board = await group(hub, 'monthly', 'Stockton Renaissance Partnership Board');
    await member(hub, board.id, runner.personId);
    const police = await organisation(hub, 'Cleveland Police', 'police');
    const officer = await person(hub, 'Bob Hill', police.id);
    await member(hub, board.id, officer.id, police.id);
    const held = await meeting(hub, board.id, '2026-03-10', { status: 'held', location: 'Council chamber' });
    await meeting(hub, board.id, '2026-04-14');
    await db
      .insert(attendance)
      .values({ meetingId: held.id, personId: officer.id, organisationId: police.id, status: 'present' });
    const [item] = await db
      .insert(agendaItems)
      .values({
        meetingId: held.id,
        position: 1,
        title: 'Preventing violent extremism',
        minute: 'The board received the report.',
      })
      .returning();
    await db.insert(meetingRecommendations).values({
      meetingId: held.id,
      agendaItemId: item!.id,
      number: 1,
      text: 'A youth worker be funded.',
      decision: 'declined',
      reason: 'No budget this year',
    });

    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, runner.email);
    const problems = watchConsole(page);

    // The item's paper was started in the Hub and never issued.
    await issuedPaperFixture(db, { meetingId: held.id, agendaItemId: item!.id, accountId: runner.accountId });
    await page.goto(`${hub.url}/meetings/${held.id}`);
    assert.match((await page.textContent(`#paper-due-${item!.id}`)) ?? '', /Late\s+Due 27 February 2026/);
    await assertAccessible(page);

    await page.getByRole('link', { name: 'Change when papers are due' }).click();
    await page.getByLabel('Working days before the meeting').fill('forty');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('.govuk-error-summary');
    assert.match(
      (await page.textContent('.govuk-error-summary')) ?? '',
      /Enter a whole number of working days from 0 to 30/,
    );
    await assertAccessible(page);
    await page.getByLabel('Working days before the meeting').fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('.govuk-notification-banner--success');
    await assertAccessible(page);

    await page.goto(`${hub.url}/meetings/${held.id}`);
    await page.getByRole('link', { name: 'Minutes of this meeting' }).click();
    const main = async () => (await page.textContent('main')) ?? '';
    assert.match(await main(), /Cleveland Police\s+Bob Hill/);
    assert.match(await main(), /Declined: No budget this year/);
    assert.equal(await page.textContent('#minutes-status'), 'Draft');
    await assertAccessible(page);

    await page.getByRole('button', { name: 'Approve the minutes' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await assertAccessible(page);
    await page.getByLabel('Approved at the meeting on').selectOption({ label: '14 April 2026' });
    await page.getByRole('button', { name: 'Approve the minutes' }).click();
    await page.waitForSelector('.govuk-notification-banner--success');
    assert.equal(await page.textContent('#minutes-status'), 'Approved at the meeting on 14 April 2026');
    await assertAccessible(page);

    // The printable minutes: a page of their own whose inline print style the policy allows (a
    // refused style sheet would show as a console error).
    await page.getByRole('link', { name: 'Printable minutes' }).click();
    await page.waitForSelector('footer.marking');
    assert.match(await main(), /Approval of these minutes\s+Approved at the meeting on 14 April 2026/);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.marking')!).fontWeight), '700');
    await assertAccessible(page);
    assert.deepEqual(problems, []);
  },
);
