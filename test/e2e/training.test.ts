import { test } from 'node:test';
import type { Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { event, organisation } from '../factories.ts';
import { PUBLIC_ROUTES } from '../../src/auth/public-routes.ts';
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
 * A coordinator adds a course, schedules a session, records who came and reads the figures; a
 * request for training is then made from a phone-sized screen. axe-core on every page.
 */
test(
  'training: course, session, attendance, figures, and a request from a phone',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const coordinator = await createUser(hub, 'coordinator', 'Priya Desai');
    await organisation(hub, 'Leicestershire County Council');
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/training`);
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Add a course' }).click();
    await assertAccessible(page);
    await page.getByLabel('Title').fill('Prevent awareness for frontline staff');
    await page.getByLabel('Prevent awareness', { exact: true }).check();
    await page.getByRole('button', { name: 'Add the course' }).click();
    await page.waitForURL(/done=course-added/);
    await assertAccessible(page);

    await page.getByRole('link', { name: 'Schedule a session' }).click();
    await assertAccessible(page);
    await page.getByLabel('Course').selectOption({ label: 'Prevent awareness for frontline staff' });
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('Date', { exact: true }).fill(today);
    await page.getByLabel('Place', { exact: true }).fill('County Hall, Glenfield');
    await page.getByLabel('Trainer', { exact: true }).selectOption({ label: 'Priya Desai' });
    await page.getByLabel('Places').fill('25');
    await page.getByRole('button', { name: 'Schedule the session' }).click();
    await page.waitForURL(/\/training\/sessions\/\d+\?done=scheduled/);
    await assertAccessible(page);

    await page.getByLabel('Organisation').selectOption({ label: 'Leicestershire County Council' });
    await page.getByLabel('Or the number of staff').fill('19');
    await page.getByRole('button', { name: 'Record attendance' }).click();
    await page.waitForURL(/done=attendance/);
    assert.match((await page.textContent('#attendance-table')) ?? '', /Leicestershire County Council\s*19/);
    await assertAccessible(page);

    await page.goto(`${hub.url}/training`);
    assert.match((await page.textContent('#training-by-sector-table')) ?? '', /Local authority\s*19/);
    assert.ok((await page.locator('svg[role="img"]').count()) >= 1, 'the charts are drawn');
    await assertAccessible(page);
    await page.goto(`${hub.url}/training/champions`);
    await assertAccessible(page);

    const phone = await (await browser.newContext(PHONE)).newPage();
    if (PUBLIC_ROUTES.has('GET /e/:code/training-request')) {
      const forum = await event(hub, coordinator.accountId, { title: 'Prevent community forum' });
      await page.goto(`${hub.url}/training/event-offers`);
      await assertAccessible(page);
      await page.getByLabel('Event').selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Offer the form at this event' }).click();
      await page.waitForURL(/done=offered/);
      await phone.goto(`${hub.url}/e/${forum.joinCode}/training-request`);
      await assertAccessible(phone);
      await phone.getByLabel('Your organisation').fill('Highfields Youth Club');
    } else {
      await signIn(browser, hub.url, coordinator.email);
      const member = await signIn(browser, hub.url, coordinator.email);
      await member.setViewportSize(PHONE.viewport);
      await member.goto(`${hub.url}/training/requests/new`);
      await assertAccessible(member);
      await member.getByLabel('Organisation').selectOption({ label: 'Leicestershire County Council' });
      await fillRequest(member);
      await member.getByRole('button', { name: 'Send the request' }).click();
      await member.waitForURL(/done=requested/);
    }
    if (PUBLIC_ROUTES.has('GET /e/:code/training-request')) {
      await fillRequest(phone);
      await phone.getByLabel('I am giving these contact details').check();
      await phone.getByRole('button', { name: 'Send the request' }).click();
      await phone.waitForURL(/sent=yes/);
      await assertAccessible(phone);
    }
    await page.goto(`${hub.url}/`);
    assert.match((await page.textContent('main')) ?? '', /Online radicalisation/);
    await assertAccessible(page);
    assert.deepEqual(problems, []);
  },
);

async function fillRequest(page: Page) {
  await page.getByLabel('What should the training cover?').fill('Online radicalisation');
  await page.getByLabel('Who is it for?').fill('Youth workers');
  await page.getByLabel('How many people?').fill('8');
  await page.getByLabel('Contact name').fill('Jo Youth');
  await page.getByLabel('Contact email').fill('jo@example.org');
}
