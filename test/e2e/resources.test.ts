import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { organisation } from '../factories.ts';
import { createUser } from '../helpers.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * A coordinator adds the "Trust your Instincts" DVD, records a team briefing, reads its uptake
 * (who has not used it yet) after uploading its leaflet, then adds an e-learning course and imports its completions, in a
 * real browser: axe-core finds no serious or critical problem on any page, errors included. The
 * uptake page is read on a phone-sized screen too.
 */
test(
  'resources: add a DVD, record its use, read its uptake, import e-learning completions',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    await organisation(hub, 'Stockton Council');
    await organisation(hub, 'Cleveland Police', 'police');
    await organisation(hub, 'NHS Tees', 'health');
    const coordinator = await createUser(hub, 'coordinator');
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/resources`);
    assert.match((await page.textContent('#no-resources')) ?? '', /No resources yet/);
    await assertAccessible(page);

    await page.getByRole('button', { name: 'Add a resource' }).click();
    await page.waitForURL(/\/resources\/new$/);
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Add the resource' }).click();
    await page.waitForSelector('.govuk-error-summary');
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Enter the title of the resource/);
    await assertAccessible(page);
    await page.getByLabel('Title').fill('Trust your Instincts');
    await page.getByLabel('DVD').check();
    await page.getByLabel('Frontline staff').check();
    await page.getByLabel('Review date (optional)').fill('2030-03-31');
    await page.getByRole('button', { name: 'Add the resource' }).click();
    await page.waitForURL(/done=added/);
    await assertAccessible(page);

    await page.getByRole('button', { name: 'Record use' }).click();
    await page.waitForURL(/\/uses\/new$/);
    await assertAccessible(page);
    await page.getByLabel('Organisation').selectOption({ label: 'Stockton Council' });
    await page.getByLabel('Date used').fill('2009-05-12');
    await page.getByLabel('How it was used').fill('Shown at team briefing');
    await page.getByLabel('Number of people reached').fill('40');
    await page.getByRole('button', { name: 'Record the use' }).click();
    await page.waitForURL(/done=use-recorded/);
    assert.match((await page.textContent('#uses')) ?? '', /Shown at team briefing/);
    await assertAccessible(page);

    // The DVD's leaflet, kept in the library and downloaded from the resource page.
    await page.getByRole('link', { name: 'Upload a file' }).click();
    await page.waitForURL(/\/file$/);
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Upload the file' }).click();
    await page.waitForSelector('.govuk-error-summary');
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Select the file of the resource/);
    await assertAccessible(page);
    const leaflet = Buffer.from('%PDF-1.4\nTrust your Instincts: a leaflet for staff\n%%EOF\n');
    await page.getByLabel('File').setInputFiles({ name: 'leaflet.pdf', mimeType: 'application/pdf', buffer: leaflet });
    await page.getByRole('button', { name: 'Upload the file' }).click();
    await page.waitForURL(/done=file-uploaded/);
    await assertAccessible(page);
    const download = page.getByRole('link', { name: 'Download leaflet.pdf' });
    const fetched = await page.request.get(`${hub.url}${await download.getAttribute('href')}`);
    assert.deepEqual(await fetched.body(), leaflet);

    await page.getByRole('link', { name: 'See uptake by organisation and sector' }).click();
    await page.waitForURL(/\/uptake$/);
    assert.match(
      (await page.textContent('#uptake-summary')) ?? '',
      /Used 1 time by 1 organisation, reaching 40 people\./,
    );
    assert.match((await page.textContent('#not-yet-list')) ?? '', /Health\s+Sector not reached\s+NHS Tees/);
    assert.equal(await page.locator('svg[role="img"]').count(), 1, 'the chart is drawn');
    await assertAccessible(page);
    const uptakeUrl = page.url();

    const phone = await (await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true })).newPage();
    await phone.goto(`${hub.url}/sign-in`);
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(uptakeUrl);
    assert.match((await phone.textContent('#uptake-summary')) ?? '', /reaching 40 people/);
    await assertAccessible(phone);

    await page.goto(`${hub.url}/resources/new`);
    await page.getByLabel('Title').fill('Prevent duty awareness e-learning');
    await page.getByLabel('E-learning').check();
    await page.getByRole('button', { name: 'Add the resource' }).click();
    await page.waitForURL(/done=added/);
    await page.getByRole('link', { name: 'Import completions from a spreadsheet' }).click();
    await page.waitForURL(/\/completions\/import$/);
    await assertAccessible(page);
    await page.getByLabel('Spreadsheet').setInputFiles({
      name: 'completions.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(new URL('../fixtures/resources/completions-bad.csv', import.meta.url)),
    });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.waitForURL(/\/completions\/imports\/\d+$/);
    assert.match((await page.textContent('#row-errors')) ?? '', /'Gotham City Council' is not an organisation/);
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Upload a corrected file' }).click();
    await page.getByLabel('Spreadsheet').setInputFiles({
      name: 'completions.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(new URL('../fixtures/resources/completions-good.csv', import.meta.url)),
    });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.waitForURL(/\/completions\/imports\/\d+$/);
    assert.match((await page.textContent('#import-summary')) ?? '', /3 rows are ready to import, 47 completions/);
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Import the completions' }).click();
    await page.waitForURL(/done=imported/);
    await assertAccessible(page);

    await page.goto(`${hub.url}/resources`);
    assert.match(
      (await page.textContent('#offered')) ?? '',
      /Prevent duty awareness e-learning[\s\S]*Trust your Instincts/,
    );
    await assertAccessible(page);
    assert.deepEqual(problems, []);
  },
);
