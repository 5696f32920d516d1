import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { event } from '../factories.ts';
import { delegates, eventItems } from '../../src/modules/events/events.tables.ts';
import { VoteBatcher } from '../../src/modules/events/votes.ts';
import { launchBrowser, skipWithoutChromium, startPartnershipHub, watchConsole } from './browser.ts';

/*
 * A busy room, seen from one phone: votes from the rest of the room arrive as counts, the list
 * re-sorts itself by votes, and the phone never fetches the list again for them (a room of
 * hundreds refetching on every vote would swamp the Hub).
 */
test(
  'on a delegate’s phone, the room’s votes update counts and order in place, without fetching the list',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    const coordinator = await createUser(hub, 'coordinator');
    const room = await event(hub, coordinator.accountId, { title: 'Community awareness event' });
    const [author] = await hub.database.db
      .insert(delegates)
      .values({ eventId: room.id, tokenHash: 'busy-room-author' })
      .returning();
    const [first, second] = await hub.database.db
      .insert(eventItems)
      .values(
        ['First question, asked early', 'Second question, the room’s favourite'].map((body) => ({
          eventId: room.id,
          delegateId: author!.id,
          body,
          originalBody: body,
          state: 'shown' as const,
        })),
      )
      .returning();

    const browser = await launchBrowser(t);
    const phone = await (await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true })).newPage();
    const problems = watchConsole(phone);
    await phone.goto(`${hub.url}/e/${room.joinCode}`);
    const order = () => phone.locator('[data-room-items] > li').evaluateAll((items) => items.map((li) => li.id));
    assert.deepEqual(await order(), [`item-${first!.id}`, `item-${second!.id}`], 'equal votes: oldest first');
    // The page's own stream is open before the room votes.
    await phone.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/live')));

    let listFetches = 0;
    phone.on('request', (request) => {
      if (request.url().includes('fragment=items')) listFetches += 1;
    });
    // Twelve delegates vote for the second question, three for the first, through the Hub's own batches.
    const voters = await hub.database.db
      .insert(delegates)
      .values(Array.from({ length: 12 }, (_, i) => ({ eventId: room.id, tokenHash: `busy-room-voter-${i}` })))
      .returning();
    const votes = new VoteBatcher(hub.database.db);
    await Promise.all([
      ...voters.map((v) => votes.vote(room.id, second!.id, v.id)),
      ...voters.slice(0, 3).map((v) => votes.vote(room.id, first!.id, v.id)),
    ]);

    await phone.locator(`#item-${second!.id}`).getByText('12 votes').waitFor({ timeout: 10_000 });
    await phone.locator(`#item-${first!.id}`).getByText('3 votes').waitFor({ timeout: 10_000 });
    assert.deepEqual(await order(), [`item-${second!.id}`, `item-${first!.id}`], 'most votes first');
    assert.equal(listFetches, 0, 'votes are applied in place');
    assert.deepEqual(problems, []);
  },
);
