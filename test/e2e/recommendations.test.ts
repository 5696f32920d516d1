import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { group, meeting } from '../factories.ts';
import { agendaItems } from '../../src/modules/meetings/meetings.tables.ts';
import { recommendationsOfMeeting } from '../../src/modules/meetings/index.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * A coordinator puts a recommendation under an agenda item, then records the meeting's decision:
 * declined, which is refused until a reason is given. axe-core finds no serious or critical
 * problem on the item page, the recommendation's page (with its error summary) or the meeting page.
 */
test(
  'recommendations: add one under an agenda item and record a decision',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const coordinator = await createUser(hub, 'coordinator');
    const silver = await group(hub, 'monthly', 'Stockton Silver group');
    const m = await meeting(hub, silver.id, '2031-05-14');
    const [item] = await hub.database.db
      .insert(agendaItems)
      .values({ meetingId: m.id, position: 1, title: 'Pathfinder funding proposals' })
      .returning();
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/meetings/${m.id}/agenda-items/${item!.id}`);
    assert.match((await page.textContent('main')) ?? '', /No recommendations under this item yet/);
    await assertAccessible(page);
    await page.getByLabel('Add a recommendation').fill('That the group funds the youth project');
    await page.getByRole('button', { name: 'Add recommendation' }).click();
    await page.waitForURL(/#recommendations$/);
    assert.match((await page.textContent('main')) ?? '', /Recommendation 1\.\s*That the group funds the youth project/);

    await page.goto(`${hub.url}/meetings/${m.id}`);
    assert.match((await page.textContent('main')) ?? '', /Not yet decided/);
    await assertAccessible(page);
    await page.getByRole('link', { name: /Decide, edit or withdraw/ }).click();
    await page.waitForURL(/\/recommendations\/\d+$/);
    await assertAccessible(page);

    await page.getByLabel('Declined').check();
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.waitForSelector('.govuk-error-summary');
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Enter the reason it was declined/);
    await assertAccessible(page);

    await page.getByLabel('Declined').check();
    await page.getByLabel('Reason').fill('No delivery partner has been found');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.waitForURL(/\/meetings\/\d+#recommendation-\d+$/);
    const main = (await page.textContent('main')) ?? '';
    assert.match(main, /Declined/);
    assert.match(main, /Reason: No delivery partner has been found/);
    await assertAccessible(page);

    const [rec] = await recommendationsOfMeeting(hub.database.db, m.id);
    assert.equal(rec!.decision, 'declined');
    assert.deepEqual(problems, []);
  },
);
