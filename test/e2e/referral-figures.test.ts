import { test } from 'node:test';
import assert from 'node:assert/strict';
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
 * A coordinator imports the national series by type of concern in a real browser: upload, the
 * mapping page, the preview (where a name the Hub does not know is matched to a Hub category),
 * the confirmation and the figures page. axe-core finds no serious or critical problem on any of
 * them, and nothing is refused by the content security policy or logged as an error.
 */
const FILE = [
  'Year,Type of concern,Number of referrals',
  '2016/17,Total,"6,093"',
  '2017/18,Total,"7,318"',
  '2016/17,Extreme Right Wing,968',
  '2017/18,Extreme Right Wing,"1,312"',
  '2017/18,"Mixed, unstable or unclear",[c]',
  '2017/18,Far left,40',
].join('\n');

test(
  'importing published figures is accessible: upload, mapping, preview, confirm',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const coordinator = await createUser(hub, 'coordinator');
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/referrals/figures`);
    assert.match((await page.textContent('main')) ?? '', /No published figures yet/);
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Import published figures' }).click();
    await page.waitForURL(/\/referrals\/figures\/import$/);
    await assertAccessible(page);

    await page.getByLabel('Spreadsheet').setInputFiles({
      name: 'prevent-referrals.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(FILE),
    });
    await page.getByRole('button', { name: 'Upload and continue' }).click();
    await page.waitForURL(/\/imports\/\d+\/mapping$/);
    assert.match((await page.textContent('main')) ?? '', /Columns in the file/);
    await assertAccessible(page);

    await page.getByLabel('Kind of area', { exact: true }).selectOption('national');
    await page.getByLabel('Area', { exact: true }).fill('England and Wales');
    await page.getByLabel('Measure', { exact: true }).selectOption('referred');
    await page.getByLabel('Breakdown', { exact: true }).selectOption('concern');
    await page
      .getByLabel('Source', { exact: true })
      .fill('Individuals referred to and supported through the Prevent Programme');
    await page.getByLabel('Release', { exact: true }).fill('Home Office, 13 December 2018');
    await page.getByLabel('Date published').fill('2018-12-13');
    await page.getByRole('button', { name: 'Continue to preview' }).click();
    await page.waitForURL(/\/preview$/);
    const preview = (await page.textContent('main')) ?? '';
    assert.match(preview, /'Far left' is not a type of concern category the Hub knows/);
    assert.match(preview, /Conflicted/, 'the old name is read as its new category');
    await assertAccessible(page);

    await page.getByLabel('Hub category for Far left').selectOption('left_wing_single_issue');
    await page.getByRole('button', { name: 'Save the category for Far left' }).click();
    await page.waitForURL(/\/preview(#category-names)?$/);
    assert.match(
      (await page.textContent('#import-summary')) ?? '',
      /5 new figures, 0 revisions, 1 cell with no figure, 0 rows with errors/,
    );
    await assertAccessible(page);

    await page.getByRole('button', { name: 'Confirm and import' }).click();
    await page.waitForURL(/\/referrals\/figures\?done=imported$/);
    const list = (await page.textContent('main')) ?? '';
    assert.match(list, /The figures were imported/);
    assert.match(list, /7318/);
    assert.match(list, /Left wing \/ anarchist \/ single issue/);
    await assertAccessible(page);
    assert.deepEqual(problems, []);
  },
);
