import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { group } from '../factories.ts';
import { draftPaperFixture } from '../../src/modules/papers/build.fixtures.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * Signing off and issuing a paper in Chromium: the sign-off and issue page is accessible (axe) as
 * the approver is named, the paper signed off and issued, and the issued version prints, alone and
 * in the meeting's agenda pack.
 */

test(
  'a coordinator names themself approver, signs the paper off and issues it',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const coordinator = await createUser(hub, 'coordinator');
    const board = await group(hub, 'monthly', 'Stockton Renaissance Partnership Board');
    const { paperId, meetingId } = await draftPaperFixture(hub.database.db, {
      groupId: board.id,
      createdBy: coordinator.accountId,
    });
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/papers/${paperId}`);
    await page.getByRole('link', { name: 'Sign off and issue' }).click();
    await assertAccessible(page);
    await page.getByLabel('Approver').selectOption({ value: String(coordinator.accountId) });
    await page.getByRole('button', { name: 'Name the approver' }).click();
    await page.getByText('Approver named.').waitFor();
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Sign off the paper' }).click();
    await page.getByText('Paper signed off.').waitFor();
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Issue the paper' }).click();
    await page.getByText('Paper issued to the document library').waitFor();
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Print version 1' }).click();
    assert.equal(
      await page.getByRole('heading', { level: 1 }).textContent(),
      'Preventing violent extremism & counter terrorism',
    );
    await assertAccessible(page, { moderate: true });

    // The meeting's agenda pack, from the meeting page: the agenda, the contents, then the paper.
    await page.goto(`${hub.url}/meetings/${meetingId}`);
    await page.getByRole('link', { name: 'printable page' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Agenda pack');
    await page.getByRole('link', { name: 'Preventing violent extremism & counter terrorism' }).click();
    assert.ok(page.url().endsWith('#paper-1'), 'the contents link to the paper in the pack');
    await assertAccessible(page, { moderate: true });
    assert.deepEqual(problems, []);
  },
);
