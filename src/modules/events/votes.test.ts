import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { buildTestHub, createUser, withPartnership, type Browser } from '../../../test/helpers.ts';
import { delegate, event } from '../../../test/factories.ts';
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
  const [row] = await db
    .insert(eventItems)
    .values({ eventId, delegateId, body: `Item ${state}`, originalBody: `Item ${state}`, state })
    .returning({ id: eventItems.id });
  return row!.id;
}

const countVotes = async (itemId: number) =>
  Number(
    (
      await db
        .select({ n: sql<number>`count(*)` })
        .from(itemVotes)
        .where(eq(itemVotes.itemId, itemId))
    )[0]!.n,
  );

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
    ...voters.map((d) => batcher.vote(room.id, shown, d)),
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
  assert.equal((await countVotes(pending)) + (await countVotes(hidden)) + (await countVotes(elsewhere)), 0);

  // Voting again later changes nothing.
  assert.equal(await batcher.vote(room.id, shown, voters[5]!), 'unchanged');
  assert.equal(await countVotes(shown), 300);

  // A closed event takes no more votes, even from a batch already gathering.
  await db.update(events).set({ status: 'closed' }).where(eq(events.id, room.id));
  assert.equal(await batcher.vote(room.id, answered, voters[2]!), 'refused');
  assert.equal(await countVotes(answered), 1);
  await batcher.settled();
});

test('a vote the database cannot take fails alone: the other votes of its batch are counted', async () => {
  const room = await event(hub, coordinator.accountId);
  const [author, ...voters] = await newDelegates(room.id, 41);
  const shown = await item(room.id, author!);
  // A delegate id that names no delegate breaks the batch's one statement (a foreign key).
  const [gone] = await newDelegates(room.id, 1);
  await db.delete(delegates).where(eq(delegates.id, gone!));
  const batcher = new VoteBatcher(db);

  const votes = [
    ...voters.slice(0, 20).map((d) => batcher.vote(room.id, shown, d)),
    batcher.vote(room.id, shown, gone!),
    batcher.vote(room.id, 2_147_483_648, voters[0]!),
    batcher.vote(room.id, shown, 2 ** 53),
    ...voters.slice(20).map((d) => batcher.vote(room.id, shown, d)),
  ];
  const outcomes = await Promise.allSettled(votes);
  const counted = outcomes.filter((o) => o.status === 'fulfilled' && o.value === 'added').length;
  assert.equal(counted, 40, 'every genuine vote is counted');
  assert.equal(outcomes[20]!.status, 'rejected', 'the vote of a delegate who is not there fails');
  assert.deepEqual(
    outcomes.slice(21, 23).map((o) => (o.status === 'fulfilled' ? o.value : 'rejected')),
    ['refused', 'refused'],
    'ids out of range are refused before they reach the database',
  );
  assert.equal(await countVotes(shown), 40);
  await batcher.settled();
});

test('invalid votes sent over HTTP among a room of valid ones are refused one by one, and every valid vote counts', async () => {
  const room = await event(hub, coordinator.accountId);
  const other = await event(hub, coordinator.accountId);
  const phones = await Promise.all(Array.from({ length: 20 }, () => delegate(hub, `/e/${room.joinCode}`)));
  const stranger = await delegate(hub, `/e/${other.joinCode}`);

  // Three phones send a question, shown by a moderator, so each has an item of its own.
  for (const [i, phone] of phones.slice(0, 3).entries()) {
    const sent = await phone.post(`/e/${room.joinCode}/items`, {
      kind: 'question',
      body: `Question ${i} from the room`,
    });
    assert.equal(sent.statusCode, 303, `question ${i}`);
  }
  const own = await db
    .select({ id: eventItems.id, delegateId: eventItems.delegateId })
    .from(eventItems)
    .where(eq(eventItems.eventId, room.id))
    .orderBy(eventItems.id);
  assert.equal(own.length, 3);
  await db.update(eventItems).set({ state: 'shown' }).where(eq(eventItems.eventId, room.id));
  const [first, second, third] = own.map((r) => r.id) as [number, number, number];
  const hiddenItem = await item(room.id, own[0]!.delegateId, 'hidden');
  const elsewhere = await item(other.id, (await newDelegates(other.id, 1))[0]!);

  const vote = (phone: Browser, itemId: number | string, code = room.joinCode) =>
    phone.post(`/e/${code}/items/${itemId}/vote`);
  // The valid votes: phones 3..19 vote for the first and second items.
  const valid = phones.slice(3).flatMap((phone) => [() => vote(phone, first), () => vote(phone, second)]);
  // The invalid ones, interleaved: out of range, not numbers, another event's, hidden, one's own.
  const invalid: [string, () => ReturnType<typeof vote>][] = [
    ['id 2^31', () => vote(phones[0]!, 2_147_483_648)],
    ['id 2^53', () => vote(phones[1]!, '9007199254740993')],
    ['id of 20 digits', () => vote(phones[2]!, '99999999999999999999')],
    ['negative id', () => vote(phones[3]!, -1)],
    ['zero', () => vote(phones[4]!, 0)],
    ['fraction', () => vote(phones[5]!, '1.5')],
    ["another event's item", () => vote(phones[6]!, elsewhere)],
    ["another event's item by its own code", () => vote(stranger, first, other.joinCode)],
    ['hidden item', () => vote(phones[7]!, hiddenItem)],
    ['own item', () => vote(phones[0]!, first)],
    ['own item', () => vote(phones[1]!, second)],
    ['own item', () => vote(phones[2]!, third)],
  ];
  const requests: { kind: string; send: () => ReturnType<typeof vote> }[] = valid.map((send) => ({
    kind: 'valid',
    send,
  }));
  invalid.forEach(([kind, send], i) => requests.splice(i * 5 + 1, 0, { kind, send }));

  // All at once, so valid and invalid votes share the same 10 ms batches.
  const responses = await Promise.all(requests.map((r) => r.send()));
  responses.forEach((response, i) => {
    const { kind } = requests[i]!;
    if (kind === 'valid') assert.equal(response.statusCode, 303, `a valid vote answered ${response.statusCode}`);
    // Voting for one's own item is a harmless no-op, as a second vote is; the count below shows it was not counted.
    else if (kind === 'own item')
      assert.ok([303, 404].includes(response.statusCode), `${kind} answered ${response.statusCode}`);
    else assert.ok([400, 404].includes(response.statusCode), `${kind} answered ${response.statusCode}`);
  });
  assert.equal(await countVotes(first), 17, "every valid vote for the first item counted, not its author's");
  assert.equal(await countVotes(second), 17, "every valid vote for the second item counted, not its author's");
  assert.equal(await countVotes(third), 0);
  assert.equal(await countVotes(hiddenItem), 0);
  assert.equal(await countVotes(elsewhere), 0);
});
