import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { createUser } from '../helpers.ts';
import { event } from '../factories.ts';
import { events } from '../../src/modules/events/events.tables.ts';
import { launchBrowser, skipWithoutChromium, startPartnershipHub } from './browser.ts';
import { joinOnPhone } from './events.ts';

/*
 * At a venue, phones open the laptop's network address over plain http. Chromium treats
 * localhost and 127.0.0.1 as secure, so to see what a phone sees the test gives the Hub an
 * ordinary name, hub.test, that Chromium resolves to 127.0.0.1: the traffic stays on loopback.
 */
const VENUE_HOST = 'hub.test';
const QUESTION = 'How will the youth forum hear back about the referral pathway?';

test(
  'on the venue network (http, not localhost) phones get styles and live updates, send a question and vote',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const coordinator = await createUser(hub, 'coordinator');
    const open = await event(hub, coordinator.accountId, {
      title: 'Community forum at the library',
    });
    // Shown straight away, so the second phone can vote for it without a moderator.
    await hub.database.db.update(events).set({ premoderation: false }).where(eq(events.id, open.id));
    const base = `http://${VENUE_HOST}:${new URL(hub.url).port}`;
    const browser = await launchBrowser(t, [`--host-resolver-rules=MAP ${VENUE_HOST} 127.0.0.1`]);

    const first = await joinOnPhone(browser, base, open.joinCode);
    // The GOV.UK stylesheet applied (the body's default 8px margin is gone, headings use the GOV.UK font stack)…
    const style = await first.page.evaluate(() => ({
      margin: getComputedStyle(document.body).margin,
      font: getComputedStyle(document.querySelector('h1')!).fontFamily,
    }));
    assert.equal(style.margin, '0px', 'GOV.UK stylesheet applied');
    assert.match(style.font, /arial/i);
    // …and every script and stylesheet came over plain http from the page's own address.
    const assets = await first.page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
    assert.ok(
      assets.some((url) => /\/assets\/live\.[^/]*js/.test(url)),
      `the live script was loaded: ${assets.join(', ')}`,
    );
    assert.deepEqual(
      assets.filter((url) => !url.startsWith(`${base}/`)),
      [],
      'nothing was sent to https or elsewhere',
    );

    await first.page.getByLabel('Your question or comment').fill(QUESTION);
    await first.page.getByRole('button', { name: 'Send' }).click();
    const asked = first.page.locator('li[id^="item-"]', { hasText: QUESTION }).first();
    await asked.waitFor();

    const second = await joinOnPhone(browser, base, open.joinCode);
    await second.page.locator('li[id^="item-"]', { hasText: QUESTION }).getByRole('button', { name: /Vote/ }).click();
    await second.page.getByText('You voted for this').waitFor();
    await second.page.locator('li[id^="item-"]', { hasText: QUESTION }).getByText('1 vote').waitFor();

    // The first phone sees the vote without reloading: its live stream is connected.
    await first.page
      .locator('li[id^="item-"]', { hasText: QUESTION })
      .getByText('1 vote')
      .first()
      .waitFor({ timeout: 10_000 });
    assert.deepEqual([...first.problems, ...second.problems], [], 'no blocked form, script or stylesheet');
  },
);
