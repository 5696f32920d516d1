import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { buildTestHub, createUser, withPartnership } from '../../../test/helpers.ts';
import { event } from './events.fixtures.ts';
import { delegates, eventItems, events, itemVotes } from './events.tables.ts';
import { VoteBatcher } from './votes.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;
const coordinator = await createUser(hub, 'coordinator');

let tokens = 0;
async function newDelegates(eventId: number, n: number) {
  const rows = await db
    .insert(delegates)
    .values(Array.from({ length: n }, () => ({ eventId, tokenHash: `votes-test-${(tokens += 1)}` })))
    .returning({ id: delegates.id });
  return rows.map((r) => r.id);
}

async function item(eventId: number, delegateId: number, state: 'shown' | 'pending' | 'hidden' | 'answered' = 'shown') {
  const [row] = await db.insert(eventItems).values({ eventId, delegateId, body: `Item ${state}`, originalBody: `Item ${state}`, state }).returning({ id: eventItems.id });
  return row!.id;
}

const countVotes = async (itemId: number) =>
  Number((await db.select({ n: sql<number>`count(*)` }).from(itemVotes).where(eq(itemVotes.itemId, itemId)))[0]!.n);

test('votes sent together are written together, each with its own outcome, and none counted twice', async () => {
  const room = await event(hub, coordinator.accountId);
  const other = await event(hub, coordinator.accountId);
  const [author, ...voters] = await newDelegates(room.id, 301);
  const shown = await item(room.id, author!);
  const answered = await item(room.id, author!, 'answered');
  const pending = await item(room.id, author!, 'pending');
  const hidden = await item(room.id, author!, 'hidden');
  const elsewhere = await item(other.id, (await newDelegates(other.id, 1))[0]!);
  const batcher = new VoteBatcher(db);

  // 300 delegates vote at once (one batch or a few), one of them twice, the author for their own.
  const outcomes = await Promise.all([
    ...voters.map((d) => batcher.vote(room.id, shown, d!)),
    batcher.vote(room.id, shown, voters[0]!),
    batcher.vote(room.id, shown, author!),
    batcher.vote(room.id, answered, voters[1]!),
    batcher.vote(room.id, pending, voters[1]!),
    batcher.vote(room.id, hidden, voters[1]!),
    batcher.vote(room.id, elsewhere, voters[1]!),
  ]);
  assert.deepEqual(outcomes.slice(0, 300), Array(300).fill('added'));
  assert.deepEqual(outcomes.slice(300), ['unchanged', 'unchanged', 'added', 'refused', 'refused', 'refused']);
  assert.equal(await countVotes(shown), 300);
  assert.equal(await countVotes(answered), 1);
  assert.equal(await countVotes(pending) + (await countVotes(hidden)) + (await countVotes(elsewhere)), 0);

  // Voting again later changes nothing.
  assert.equal(await batcher.vote(room.id, shown, voters[5]!), 'unchanged');
  assert.equal(await countVotes(shown), 300);

  // A closed event takes no more votes, even from a batch already gathering.
  await db.update(events).set({ status: 'closed' }).where(eq(events.id, room.id));
  assert.equal(await batcher.vote(room.id, answered, voters[2]!), 'refused');
  assert.equal(await countVotes(answered), 1);
  await batcher.settled();
});
