import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { incidentInArea, organisation } from '../factories.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/*
 * A coordinator runs a Community Impact Assessment in a real browser: starts it for an incident,
 * adds a mitigating action, records a review (which freezes a second version) and compares the two
 * versions. axe-core finds no serious or critical problem on any page, on a phone-sized screen too.
 */
test(
  'impact assessments: a coordinator starts one, adds an action, reviews it and compares versions',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    await incidentInArea(hub, {
      title: 'Attack at an arena',
      occurredOn: daysFromToday(-5),
      area: 'Leicester',
      group: 'Community Reference Group',
      kind: 'community_reference',
    });
    await organisation(hub, 'Leicester City Council');
    const coordinator = await createUser(hub, 'coordinator');
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/impact-assessments`);
    await assertAccessible(page);
    await page.goto(`${hub.url}/impact-assessments/new`);
    await assertAccessible(page);
    await page.getByLabel('Incident').selectOption({ label: `Attack at an arena (${daysFromToday(-5)})` });
    await page.getByLabel('Perceptions in communities').fill('Less value is placed on attacks against BME communities');
    await page.getByLabel('Risks to community confidence').fill('Reprisals against the Muslim community');
    await page.getByLabel('Review date').fill(daysFromToday(14));
    await page.getByRole('button', { name: 'Start the assessment' }).click();
    await page.waitForURL(/done=started/);
    assert.match((await page.textContent('main')) ?? '', /Less value is placed on attacks against BME communities/);
    await assertAccessible(page);

    await page.getByText('Add a mitigating action').click();
    await page.getByLabel('Action', { exact: true }).fill('Multi-faith vigil in the city centre');
    await page.getByLabel('Owner (organisation)').selectOption({ label: 'Leicester City Council' });
    await page.getByRole('button', { name: 'Add the action' }).click();
    await page.waitForURL(/done=action-added/);
    assert.match((await page.textContent('main')) ?? '', /Multi-faith vigil in the city centre/);

    await page.getByLabel('What changed since the last review').fill('The vigil was held; tension eased');
    await page.getByLabel('Next review').fill(daysFromToday(28));
    await page.getByRole('button', { name: 'Record the review' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('.govuk-error-summary').count(), 0, 'the review is recorded');
    await page.setViewportSize({ width: 375, height: 800 });
    await assertAccessible(page);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/compare/);
    assert.match((await page.textContent('main')) ?? '', /Multi-faith vigil in the city centre/);
    await assertAccessible(page);
    assert.deepEqual(problems, []);
  },
);
