import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { group, meeting } from '../factories.ts';
import { agendaItems } from '../../src/modules/meetings/meetings.tables.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * Writing a paper without JavaScript's help: from the agenda item to the template's compose page,
 * a paragraph added, then two authors saving on the same revision (the second shown what changed
 * and saving theirs again), and the templates pages; axe-core on every page.
 */
test(
  'papers: write one from an agenda item, and two authors saving at once',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const karina = await createUser(hub, 'coordinator', 'Karina Kaur');
    const will = await createUser(hub, 'coordinator', 'Will Jones');
    const board = await group(hub, 'monthly', 'Prevent Strategy Group');
    const m = await meeting(hub, board.id, '2031-05-14');
    const [item] = await hub.database.db
      .insert(agendaItems)
      .values({ meetingId: m.id, position: 1, title: 'Prevent update' })
      .returning();
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, karina.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/meetings/${m.id}/agenda-items/${item!.id}`);
    await page.getByRole('link', { name: 'Write a paper for this item' }).click();
    await page.waitForURL(/\/papers\/new\?item=/);
    await assertAccessible(page);
    assert.equal(await page.getByLabel('Subject').inputValue(), 'Prevent update');
    await page.getByRole('button', { name: 'Start writing' }).click();
    await page.waitForURL(/\/papers\/\d+$/);
    assert.match((await page.textContent('main')) ?? '', /No paragraphs yet/);
    await assertAccessible(page);
    const paperUrl = page.url();

    const other = await signIn(browser, hub.url, will.email);
    await other.goto(paperUrl);
    await page.getByLabel('Add a paragraph to Background').fill('The Prevent duty came into force in 2015.');
    await page.locator('#paragraph-background').getByRole('button', { name: 'Add paragraph' }).click();
    await page.waitForURL(/done=saved/);
    assert.match((await page.textContent('main')) ?? '', /Revision 2/);

    await other.getByLabel('Add a paragraph to Background').fill('Referrals rose in 2017/18.');
    await other.locator('#paragraph-background').getByRole('button', { name: 'Add paragraph' }).click();
    await other.waitForSelector('#conflict');
    const conflict = (await other.textContent('main')) ?? '';
    assert.match(conflict, /Someone else saved this paper after you opened it/);
    assert.match(conflict, /The Prevent duty came into force in 2015\./);
    await assertAccessible(other);
    assert.equal(await other.locator('#conflict ~ form textarea').first().inputValue(), 'Referrals rose in 2017/18.');
    await other.getByRole('button', { name: 'Save yours on the latest version' }).click();
    await other.waitForURL(/done=saved/);
    assert.match((await other.textContent('main')) ?? '', /Revision 3/);

    await page.goto(`${hub.url}/papers/templates`);
    await assertAccessible(page);
    await page.getByRole('link', { name: /Board paper/ }).click();
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Copy this template' }).click();
    await page.waitForURL(/done=copied/);
    await assertAccessible(page);
    assert.deepEqual(problems, []);
  },
);
