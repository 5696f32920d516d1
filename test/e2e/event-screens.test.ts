import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
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

/** Every icon the page names loads (a missing one is a 404 in the console), and there is one. */
async function assertIconsLoad(page: Page) {
  const icons = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]')].map((l) => l.href),
  );
  assert.ok(icons.length > 0, `${page.url()} names no icon, so the browser asks for /favicon.ico`);
  for (const href of icons) assert.equal((await page.request.get(href)).status(), 200, href);
}

test(
  'an opened poll and a started workshop question appear on a delegate’s open page, and the presenter’s chart follows the answers live',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const coordinator = await createUser(hub, 'coordinator', 'Pat Presenter');
    const browser = await launchBrowser(t);

    // The coordinator creates and opens the event.
    const moderator = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(moderator);
    const { eventUrl, code } = await createAndOpenEvent(moderator, hub.url, {
      title: 'Community forum on online harms',
      kind: 'qa_panel',
    });
    await assertIconsLoad(moderator);

    // The presenter screen, open before the poll.
    const presenter = await moderator.context().newPage();
    const presenterProblems = watchConsole(presenter);
    await presenter.goto(`${eventUrl}/present`);
    await assertIconsLoad(presenter);

    // A delegate joins on a phone and keeps the event page open.
    const { page: phone, problems: phoneProblems } = await joinOnPhone(browser, hub.url, code);
    assert.equal(await phone.getByText('Happening now').count(), 0);
    await assertIconsLoad(phone);

    // The moderator adds and opens a poll: it appears on the phone without a reload.
    await moderator.goto(`${eventUrl}/polls`);
    await moderator.getByLabel('Question', { exact: true }).fill('Where should the partnership focus first?');
    await moderator.getByRole('group', { name: 'Kind of poll' }).getByLabel('Single choice').check();
    await moderator.getByLabel('Options, one on each line').fill('Schools\nOnline spaces\nYouth clubs');
    await moderator.getByRole('button', { name: 'Add the poll' }).click();
    await moderator.getByRole('button', { name: 'Open the poll' }).click();
    await moderator.waitForURL(/polls/);
    const banner = phone.getByRole('region', { name: 'Happening now' });
    await banner
      .getByText('Poll: Where should the partnership focus first?', { exact: true })
      .waitFor({ timeout: 10_000 });
    await assertAccessible(phone);

    // A workshop question started: it appears too, with the time left ticking.
    await moderator.goto(`${eventUrl}/workshop`);
    await moderator.getByLabel('Question', { exact: true }).fill('What gets in the way of reporting a concern?');
    await moderator.getByLabel('Minutes').fill('5');
    await moderator.getByRole('button', { name: 'Add the question' }).click();
    await moderator.getByRole('button', { name: 'Start the question' }).click();
    await banner
      .getByText('Workshop question: What gets in the way of reporting a concern?', { exact: true })
      .waitFor({ timeout: 10_000 });
    const left = banner.locator('[data-ends-at]');
    await left.filter({ hasText: /\(4:5\d left\)|\(5:00 left\)/ }).waitFor({ timeout: 5_000 });
    const before = await left.textContent();
    await phone.waitForTimeout(1_500);
    assert.notEqual(await left.textContent(), before, 'the countdown ticks');

    // The delegate follows the link and answers; the presenter's chart shows it without a reload.
    assert.match(
      await presenter.locator('#present-poll').innerText(),
      /Where should the partnership focus first\?[\s\S]*0 people answered/,
    );
    await banner.getByRole('link', { name: /Answer the poll/ }).click();
    await phone.getByLabel('Online spaces').check();
    await phone.getByRole('button', { name: 'Send your answer' }).click();
    await phone.getByText('Thank you: your answer was recorded').waitFor();
    await presenter.locator('#present-poll').getByText('1 person answered').waitFor({ timeout: 10_000 });
    const description = await presenter.locator('#present-poll svg desc').textContent();
    assert.equal(description, 'Schools: 0%: 0; Online spaces: 100%: 1; Youth clubs: 0%: 0.');
    await assertAccessible(presenter);

    // Closing the poll takes it off the phone's page.
    await moderator.goto(`${eventUrl}/polls`);
    await moderator.getByRole('button', { name: 'Close the poll' }).click();
    await phone.goto(`${hub.url}/e/${code}`);
    await banner.getByText('Workshop question').waitFor();
    assert.equal(await banner.getByText('Poll:').count(), 0);

    assert.deepEqual([...problems, ...presenterProblems, ...phoneProblems], []);
  },
);
