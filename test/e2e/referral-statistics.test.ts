import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { financialYear } from '../../src/modules/referrals/categories.ts';
import { referralFigures } from '../../src/modules/referrals/figures.tables.ts';
import { referrals } from '../../src/modules/referrals/register.tables.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * The statistics page in a real browser: its line charts (with a gap), tables, sentences and the
 * suppressed register pass axe-core with no serious or critical problem and nothing is refused by
 * the content security policy; choosing a geography and quarters goes through the form.
 */
test(
  'the referral statistics page is accessible, with a gap, shares and suppressed register figures',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t, 'Leicester, Leicestershire and Rutland');
    const db = hub.database.db;
    const coordinator = await createUser(hub, 'coordinator');
    const figure = (year: number, value: number, geography = 'England and Wales', breakdown?: [string, string]) => {
      const period = financialYear(year);
      return {
        periodKind: period.kind,
        periodLabel: period.label,
        periodStart: period.start,
        periodEnd: period.end,
        geographyKind: geography === 'England and Wales' ? 'national' : 'city_county',
        geography,
        measure: 'referred',
        breakdown: breakdown?.[0] ?? null,
        category: breakdown?.[1] ?? null,
        value,
        sourceTitle: 'Individuals referred to and supported through the Prevent Programme',
        release: 'Home Office, 19 December 2019',
        releaseDate: '2019-12-19',
      };
    };
    await db
      .insert(referralFigures)
      .values([
        figure(2015, 7631),
        figure(2016, 6093),
        figure(2017, 7318),
        figure(2019, 6287),
        figure(2017, 2462, 'England and Wales', ['sector', 'education']),
        figure(2017, 4856, 'England and Wales', ['sector', 'other']),
        figure(2017, 160, 'Leicester City'),
        figure(2017, 40, 'Leicestershire'),
        figure(2018, 118, 'Leicester City'),
        figure(2018, 82, 'Leicestershire'),
      ]);
    await db.insert(referrals).values(
      Array.from({ length: 23 }, (_, i) => ({
        reference: `PR-E2E-${i + 1}`,
        receivedOn: `2022-0${4 + (i % 6)}-10`,
        referringSector: i < 20 ? 'education' : 'health',
        area: i % 2 ? 'Leicester City' : 'Leicestershire',
        concern: 'extreme_right_wing',
        ageBand: '15_to_20',
        createdBy: coordinator.accountId,
      })),
    );

    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);
    const response = await page.goto(`${hub.url}/referrals/statistics`);
    assert.equal(response?.status(), 200);
    const main = (await page.textContent('main')) ?? '';
    assert.match(main, /Prevent referrals have risen by 20% to 7,318 in 2017\/18/);
    assert.match(main, /Leicestershire referrals account for 41%/);
    assert.match(main, /no figure/);
    assert.match(main, /\[c\]/, 'the register’s 3 health referrals are hidden from a coordinator outside need-to-know');
    assert.ok((await page.locator('svg[role="img"]').count()) >= 3, 'the charts are drawn');
    await assertAccessible(page);

    await page.getByLabel('Periods').selectOption('quarter');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/period=quarter/);
    assert.match((await page.textContent('main')) ?? '', /2022\/23 Q1/);
    await assertAccessible(page);
    assert.deepEqual(problems, []);
  },
);
