import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { publishEventChange } from '../../live/live.ts';
import { MAX_ID } from '../../views/forms.ts';

/*
 * Votes arrive in bursts: a room of hundreds voting on the question just put on screen.
 * Writing each vote on its own costs a database round trip per vote (and PGlite runs on the
 * main thread), so votes are written in batches: a vote joins the batch being gathered, the
 * batch is written as ONE statement after a short gathering pause (and once the previous one
 * has committed, so a backlog makes the next batch bigger, not more frequent), and each
 * request is answered only once its vote is committed — nothing acknowledged is lost.
 * The statement itself re-checks every rule (event open, item shown or answered, not the
 * delegate's own, one vote per delegate), so a batch never needs a read before it.
 * One vote must never fail another delegate's: ids the database cannot hold are refused before
 * they join a batch, and should a batch statement fail all the same, its votes are written again
 * in smaller parts, down to one, so only the vote at fault fails.
 */

/** What became of one vote. */
export type VoteOutcome = 'added' | 'unchanged' | 'refused';

interface PendingVote {
  eventId: number;
  itemId: number;
  delegateId: number;
  resolve(outcome: VoteOutcome): void;
  reject(error: unknown): void;
}

/** How long a batch gathers votes before it is written: a small wait next to a person's tap. */
const GATHER_MS = 10;
/** Enough to keep one statement's parameters small; a bigger backlog is written in turn. */
const MAX_BATCH = 2_000;

export class VoteBatcher {
  private queue: PendingVote[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly db: Database) {}

  /** Queue a vote; resolves once it is committed (or refused). */
  vote(eventId: number, itemId: number, delegateId: number): Promise<VoteOutcome> {
    if (![eventId, itemId, delegateId].every(isId)) return Promise.resolve('refused');
    return new Promise((resolve, reject) => {
      this.queue.push({ eventId, itemId, delegateId, resolve, reject });
      if (!this.writing) this.writing = this.drain();
    });
  }

  /** Writes batches until the queue is empty, gathering for a moment before each. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      // A statement costs about the same for one vote as for a hundred.
      await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
      await this.write(this.queue.splice(0, MAX_BATCH));
    }
    this.writing = null;
  }

  private async write(batch: PendingVote[]): Promise<void> {
    // The same delegate voting twice for one item in one batch: the first counts, the other is a no-op.
    const first = new Map<string, PendingVote>();
    const repeats: PendingVote[] = [];
    for (const vote of batch) {
      const key = voteKey(vote);
      if (first.has(key)) repeats.push(vote);
      else first.set(key, vote);
    }
    const votes = [...first.values()];
    const outcomes = await this.outcomes(votes);
    const outcomeOf = new Map(votes.map((vote, i) => [voteKey(vote), outcomes[i]!]));
    votes.forEach((vote, i) => settle(vote, outcomes[i]!));
    for (const vote of repeats) {
      const outcome = outcomeOf.get(voteKey(vote))!;
      settle(vote, outcome === 'added' ? 'unchanged' : outcome);
    }
    const changed = new Set(votes.filter((_, i) => outcomes[i] === 'added').map((v) => `${v.eventId}:${v.itemId}`));
    for (const key of changed) {
      const [eventId, itemId] = key.split(':').map(Number) as [number, number];
      publishEventChange(this.db, eventId, { type: 'vote', itemId });
    }
  }

  /**
   * Each vote's outcome, or the error that stopped it. Should the batch's statement fail, each
   * half is written again, down to single votes: a few statements find the vote at fault.
   */
  private async outcomes(votes: PendingVote[]): Promise<(VoteOutcome | Error)[]> {
    try {
      return await this.insert(votes);
    } catch (error) {
      if (votes.length === 1) return [error instanceof Error ? error : new Error(String(error))];
    }
    const half = Math.ceil(votes.length / 2);
    return [...(await this.outcomes(votes.slice(0, half))), ...(await this.outcomes(votes.slice(half)))];
  }

  /** One statement for the batch: the rules, the insert, and each vote's outcome in input order. */
  private async insert(votes: PendingVote[]): Promise<VoteOutcome[]> {
    const ints = (values: number[]) => sql`${`{${values.join(',')}}`}::int[]`;
    const executed: unknown = await this.db.execute(sql`
      with input as (
        select * from unnest(${ints(votes.map((v) => v.eventId))}, ${ints(votes.map((v) => v.itemId))}, ${ints(votes.map((v) => v.delegateId))})
          with ordinality as t(event_id, item_id, delegate_id, n)
      ), allowed as (
        select input.* , i.delegate_id <> input.delegate_id as not_own from input
        join event_items i on i.id = input.item_id and i.event_id = input.event_id and i.state in ('shown', 'answered')
        join events e on e.id = input.event_id and e.status = 'open'
      ), inserted as (
        insert into item_votes (item_id, delegate_id)
        select item_id, delegate_id from allowed where not_own
        on conflict do nothing
        returning item_id, delegate_id
      )
      select input.n::int as n, allowed.n is not null as votable, inserted.item_id is not null as added
      from input
      left join allowed on allowed.n = input.n
      left join inserted on inserted.item_id = input.item_id and inserted.delegate_id = input.delegate_id
      order by input.n`);
    const result = executed as { rows: { n: number; votable: boolean; added: boolean }[] };
    return result.rows.map((row) => (row.added ? 'added' : row.votable ? 'unchanged' : 'refused'));
  }

  /** Waits for votes already queued to be written (on shutdown). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }
}

const voteKey = (vote: PendingVote) => `${vote.itemId}:${vote.delegateId}`;
const isId = (value: number) => Number.isInteger(value) && value >= 1 && value <= MAX_ID;

function settle(vote: PendingVote, outcome: VoteOutcome | Error): void {
  if (outcome instanceof Error) vote.reject(outcome);
  else vote.resolve(outcome);
}
