/** Events in browser tests: a coordinator creates and opens one; delegates join it on phones. */
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, watchConsole } from './browser.ts';

/** A phone's screen and touch. */
export const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };

/**
 * The signed-in coordinator on `page` creates an event through the form (questions checked before
 * they are shown) and opens it. Returns the event's address and its join code.
 */
export async function createAndOpenEvent(
  page: Page,
  base: string,
  event: { title: string; kind: string; heldOn?: string; checkAccessible?: boolean },
): Promise<{ eventUrl: string; code: string }> {
  await page.goto(`${base}/events/new`);
  if (event.checkAccessible) await assertAccessible(page);
  await page.getByLabel('Event name').fill(event.title);
  await page.getByLabel('Kind of event').selectOption(event.kind);
  await page.getByLabel('Date').fill(event.heldOn ?? '2026-11-23');
  await page.getByRole('group', { name: 'Check questions before they are shown?' }).getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Create event' }).click();
  await page.waitForURL(/\/events\/\d+/);
  const eventUrl = page.url().replace(/[?#].*$/, '');
  await page.getByRole('button', { name: 'Open the event' }).click();
  const code = (await page.locator('#join-code').textContent())!.trim();
  return { eventUrl, code };
}

/** A delegate joins on a new phone, typing the code as `typed` (the code itself unless said). */
export async function joinOnPhone(
  browser: Browser,
  base: string,
  code: string,
  typed = code,
): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext(PHONE)).newPage();
  const problems = watchConsole(page);
  await page.goto(`${base}/join`);
  await page.getByLabel('Event code').fill(typed);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL(`${base}/e/${code}`);
  return { page, problems };
}
