import { test } from 'node:test';
import assert from 'node:assert/strict';
import { samplePlan } from '../factories.ts';
import { addProgressUpdate } from '../../src/modules/plans/plans.service.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * Every page of a plan a coordinator works through, in a real browser: axe-core finds no serious
 * or critical problem (the dashboard's SVG charts included), and nothing is refused by the
 * content security policy or logged as an error.
 */
test(
  'plan pages are accessible: plan, action, forms, dashboard, snapshots, import, versions, my actions',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const { planId, coordinator, actionIds } = await samplePlan(hub, undefined, [
      { title: 'Overdue review of referral pathways', strand: 'pursue', dueOn: '2020-03-31' },
    ]);
    await addProgressUpdate(hub.database.db, coordinator, actionIds[0]!, {
      state: 'on_track',
      note: 'Two WRAP sessions held in the civic centre',
    });
    await addProgressUpdate(hub.database.db, coordinator, actionIds[1]!, {
      state: 'completed',
      note: 'All councillors briefed',
    });
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);

    const visit = async (path: string, expect: RegExp) => {
      const response = await page.goto(`${hub.url}${path}`);
      assert.equal(response?.status(), 200, path);
      const main = (await page.textContent('main')) ?? '';
      assert.match(main, expect, `${path}: ${main.replace(/\s+/g, ' ').slice(0, 300)}`);
      await assertAccessible(page);
    };
    await visit('/plans', /Prevent Strategic Action Plan/);
    await visit(`/plans/${planId}`, /WRAP training for frontline staff/);
    await visit(`/plans/${planId}/edit`, /Change Prevent Strategic Action Plan/);
    await visit(`/plans/${planId}/objectives/new`, /objective/i);
    await visit(`/plans/${planId}/actions/new`, /CONTEST strand/);
    await visit(`/plans/actions/${actionIds[0]}`, /Two WRAP sessions held/);
    await visit(`/plans/actions/${actionIds[0]}/edit`, /Due date/);
    await visit(`/plans/${planId}/dashboard`, /Overdue review of referral pathways/);
    assert.ok((await page.locator('svg[role="img"]').count()) >= 3, 'the dashboard draws its charts');

    // A snapshot, taken through the form, then shown.
    await visit(`/plans/${planId}/snapshots`, /snapshot/i);
    await page.getByRole('button', { name: /Take a snapshot/ }).click();
    await page.waitForURL(/\/snapshots\/\d+/);
    await assertAccessible(page);

    await visit(`/plans/${planId}/import`, /spreadsheet/i);
    await visit(`/plans/${planId}/versions`, /version/i);
    await visit(`/plans/${planId}/consultation`, /comment/i);
    await visit(`/plans/${planId}/you-said-we-did`, /suggestion/i);
    await visit('/plans/my-actions', /actions/i);
    assert.deepEqual(problems, []);
  },
);
