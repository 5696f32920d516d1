import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser as ChromiumBrowser } from 'playwright-core';
import { createUser } from '../helpers.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';
import { createAndOpenEvent, joinOnPhone } from './events.ts';
const QUESTION = 'Will the Silver group involve young people in the action plan?';
const DUPLICATE = 'Will young people be involved in the Silver group action plan?';

async function delegateAsks(browser: ChromiumBrowser, base: string, code: string, question: string) {
  const { page } = await joinOnPhone(browser, base, code, code.toLowerCase());
  await page.getByLabel('Your question or comment').fill(question);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Waiting for moderation').first().waitFor();
  return page;
}

test(
  'delegates ask and vote on phones, a moderator approves and merges, the presenter screen follows live',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const coordinator = await createUser(hub, 'coordinator', 'Mo Derator');
    const browser = await launchBrowser(t);

    // The coordinator creates and opens the event.
    const moderator = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(moderator);
    const { eventUrl, code } = await createAndOpenEvent(moderator, hub.url, {
      title: 'Awareness raising event',
      kind: 'awareness_event',
      checkAccessible: true,
    });
    assert.match(code, /^[A-Z0-9]{6}$/);
    await assertAccessible(moderator);

    // The presenter screen, open before anything is asked.
    const presenter = await (await moderator.context().browser()!.newContext()).newPage();
    await presenter.context().addCookies(await moderator.context().cookies());
    await presenter.goto(`${eventUrl}/present`);
    await assertAccessible(presenter);

    // Two delegates on phones ask much the same thing.
    const first = await delegateAsks(browser, hub.url, code, QUESTION);
    await assertAccessible(first);
    const second = await delegateAsks(browser, hub.url, code, DUPLICATE);

    // The moderator approves the first and merges the second into it, as suggested.
    await moderator.goto(`${eventUrl}/moderate`);
    await assertAccessible(moderator);
    // Items are numbered as they arrive: the first delegate's is question 1.
    await moderator.getByRole('button', { name: /^Show to the room\s+question 1$/ }).click();
    await moderator.getByRole('button', { name: /^Merge into it\s+\(question 2\)$/ }).click();
    await moderator.waitForURL(/moderate/);
    assert.match(
      (await moderator.textContent('main')) ?? '',
      new RegExp(DUPLICATE.replace('?', '\\?')),
      'the merged wording stays on the record',
    );

    // The first delegate's page shows the question in the room's list without a reload
    // (it was already listed once, under "your questions"); the second delegate votes.
    await first.getByText(QUESTION).nth(1).waitFor({ timeout: 10_000 });
    // From here a vote changes the first delegate's page in place, without fetching the list
    // (once any refresh still due from the approval and the merge, up to 1.5 s apart, is done).
    await first.waitForTimeout(2_000);
    let listFetches = 0;
    first.on('request', (request) => {
      if (request.url().includes('fragment=items')) listFetches += 1;
    });
    await second.reload();
    await second.locator('li', { hasText: QUESTION }).getByRole('button', { name: /Vote/ }).click();
    await second.getByText('You voted for this').waitFor();
    await assertAccessible(second);
    await first.locator(`li[id^="item-"]`, { hasText: QUESTION }).getByText('1 vote').waitFor({ timeout: 10_000 });
    assert.equal(listFetches, 0, 'a vote is patched in place');

    // The presenter screen has followed live: the question with its vote.
    await presenter.getByText(QUESTION).waitFor({ timeout: 10_000 });
    await presenter.getByText(/1 vote\b/).waitFor({ timeout: 10_000 });
    await assertAccessible(presenter);
    assert.deepEqual(problems, []);
  },
);
