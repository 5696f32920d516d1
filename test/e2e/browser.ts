import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import axe from 'axe-core';
import { buildApp } from '../../src/app.ts';
import { createTestDatabase, nextCode, testConfig, TEST_PASSWORD, withPartnership } from '../helpers.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Browser tests need Debian's Chromium; CI installs it, elsewhere they are skipped with a reason. */
export const skipWithoutChromium = existsSync(CHROMIUM) || process.env.CI ? false : `no Chromium at ${CHROMIUM}`;

/** The Hub listening on a free loopback port, on a fresh database (a TestHub, with its `url`). */
export async function startHub(t: TestContext) {
  const database = await createTestDatabase();
  const config = testConfig();
  const app = await buildApp({ config, db: database.db });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  t.after(async () => {
    await app.close();
    await database.close();
  });
  return { app, database, config, url: address };
}

/** startHub, with a partnership already set up. */
export async function startPartnershipHub(t: TestContext, name = 'Stockton-on-Tees Prevent partnership') {
  const hub = await startHub(t);
  await withPartnership(hub, name);
  return hub;
}

/** Chromium as every browser test runs it; `extraArgs` adds switches (a host name mapped to loopback). */
export async function launchBrowser(t: TestContext, extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...extraArgs,
    ],
  });
  t.after(() => browser.close());
  return browser;
}

/**
 * Collects console errors (a Content-Security-Policy violation, a script error) and failed
 * asset loads. A page answering 400 to a form with errors is expected, so documents are not counted.
 */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document') {
      problems.push(`${response.status()} for ${response.url()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/**
 * axe-core on the current page: no serious or critical violation (with `moderate`, none of
 * those either: landmark rules such as `region` are moderate).
 */
export async function assertAccessible(page: Page, options: { moderate?: boolean } = {}): Promise<void> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
  );
  const counted = new Set(['serious', 'critical', ...(options.moderate ? ['moderate'] : [])]);
  const bad = results.violations.filter((v) => counted.has(v.impact ?? ''));
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}) on ${page.url()}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
  );
}

/** A new browser context signed in as `email` (a user made with createUser), on the home page. */
export async function signIn(browser: Browser, base: string, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Someone whose role needs a second factor types their authenticator app's code next.
  await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/sign-in/code');
  if (new URL(page.url()).pathname === '/sign-in/code') {
    await page.getByLabel('Code', { exact: true }).fill(await nextCode(email));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/`);
  }
  return page;
}
