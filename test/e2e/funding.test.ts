import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { event, group, meeting, organisation } from '../factories.ts';
import { areas } from '../../src/modules/partnership/partnership.tables.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';
import { PHONE } from './events.ts';

/*
 * A coordinator adds the Pathfinder pot, a proposal suggested at a live event, puts it to a held
 * meeting of the Silver group and records the meeting's decision there; then adds a CTLP risk, a
 * project on it and records a delivery. The proposal is read again on a phone-sized screen.
 * axe-core on every page.
 */
test(
  'funding: pot, proposal from a live event, decision at a meeting, project and delivery',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const coordinator = await createUser(hub, 'coordinator', 'Priya Desai');
    const silver = await group(hub, 'monthly', 'Stockton Silver Group');
    await meeting(hub, silver.id, '2010-09-14', { status: 'held' });
    await organisation(hub, 'Youth Futures LLR');
    await hub.database.db.insert(areas).values({ name: 'Leicester', kind: 'city' });
    await event(hub, coordinator.accountId, { title: 'PVE Awareness Raising Event', heldOn: '2010-06-12' });
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/funding`);
    await assertAccessible(page);
    await page.getByLabel('Name of the pot').fill('Stockton Pathfinder fund');
    await page.getByLabel('Source').selectOption({ label: 'Pathfinder' });
    await page.getByLabel('Amount in pounds').fill('131,000');
    await page.getByLabel('Financial year').fill('2010/11');
    await page.getByLabel('Deciding group').selectOption({ label: 'Stockton Silver Group' });
    await page.getByRole('button', { name: 'Add the pot' }).click();
    await page.waitForURL(/\/funding\/pots\/\d+\?done=added/);
    await assertAccessible(page);
    const potUrl = page.url().split('?')[0]!;

    // A proposal whose source is a live event: a refusal first (no event picked), then the pick.
    await page.getByLabel('Title', { exact: true }).fill('Young people on the panel');
    await page.getByLabel('Live event', { exact: true }).check();
    await page.getByLabel('Amount asked in pounds').fill('12,000');
    await page.getByLabel('Outcome sought').fill("Young people's voices heard by decision makers");
    await page.getByRole('button', { name: 'Add the proposal' }).click();
    await page.waitForURL(potUrl + '/proposals');
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Select the live event that suggested it/);
    await assertAccessible(page);
    await page
      .getByLabel('Live event (if suggested at a live event)')
      .selectOption({ label: 'PVE Awareness Raising Event (2010-06-12)' });
    await page.getByRole('button', { name: 'Add the proposal' }).click();
    await page.waitForURL(/\/funding\/proposals\/\d+\?done=added/);
    await assertAccessible(page);
    const proposalUrl = page.url().split('?')[0]!;
    assert.equal(
      await page.locator('#proposed-by a').textContent(),
      'PVE Awareness Raising Event',
      'the source is a link to the event',
    );

    await page.getByLabel('Meeting of the deciding group').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Put to the meeting' }).click();
    await page.waitForURL(/done=put/);
    await assertAccessible(page);
    await page.getByLabel('Approved with changes', { exact: true }).check();
    await page.getByLabel('Amount approved, if approved with changes').fill('10,000');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForURL(/done=decided/);
    assert.match((await page.textContent('#decision')) ?? '', /Approved with changes: £10,000/);
    await assertAccessible(page);
    await page.goto(potUrl);
    assert.match((await page.textContent('main')) ?? '', /Remaining\s*£121,000/);

    await page.goto(`${hub.url}/funding/risks`);
    await assertAccessible(page);
    await page.getByLabel('Reference').fill('LLR-CTLP-1');
    await page.getByLabel('Title').fill('Online radicalisation of young people');
    await page.getByRole('button', { name: 'Add the risk' }).click();
    await page.waitForURL(/done=added/);
    await assertAccessible(page);

    await page.goto(`${hub.url}/projects/new`);
    await assertAccessible(page);
    await page.getByLabel('Title').fill('Online safety workshops in city schools');
    await page.getByLabel('Type of project').selectOption({ label: 'Schools workshop' });
    await page.getByLabel('Funding pot (optional)').selectOption({ label: 'Stockton Pathfinder fund' });
    await page.getByLabel('Delivery partner (optional)').selectOption({ label: 'Youth Futures LLR' });
    await page.getByLabel('Budget in pounds').fill('10,000');
    await page.getByLabel(/LLR-CTLP-1/).check();
    await page.getByLabel('Leicester', { exact: true }).check();
    await page.getByRole('button', { name: 'Add the project' }).click();
    await page.waitForURL(/\/projects\/\d+/);
    await assertAccessible(page);

    await page.getByLabel('Date delivered').fill('2010-11-03');
    await page.getByLabel('Venue (optional)').fill('City secondary school');
    await page.getByLabel('Schools', { exact: true }).fill('120');
    await page.getByRole('button', { name: 'Record the delivery' }).click();
    await page.waitForURL(/done=/);
    assert.match((await page.textContent('main')) ?? '', /City secondary school[\s\S]*Schools: 120/);
    await assertAccessible(page);
    await page.goto(`${hub.url}/projects`);
    await assertAccessible(page);

    const onPhone = await signIn(browser, hub.url, coordinator.email);
    await onPhone.setViewportSize(PHONE.viewport);
    await onPhone.goto(proposalUrl);
    assert.match((await onPhone.textContent('#decision')) ?? '', /£10,000/);
    await assertAccessible(onPhone);
    assert.deepEqual(problems, []);
  },
);
