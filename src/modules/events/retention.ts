import { and, asc, count, eq, isNull, lt, min, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { eventIsClosed } from './events.policy.ts';
import { events } from './events.tables.ts';

/*
 * Reducing a closed event once its retention period has passed. What the partnership's record
 * needs stays: the approved questions and comments (their wording as shown), each one's number of
 * votes, the delegate count and the polls' and workshops' results. What could tie anything to a
 * browser or a person goes: the delegates' token hashes, the vote rows (one per delegate), the
 * words nobody approved, a delegate's own wording before a moderator's correction, the names
 * delegates chose to give, and which delegate gave each poll response and workshop answer (so
 * one person's answers can no longer be read together). Each step runs in batches of short
 * statements, so a live event's writes are never held up behind a long one.
 */

/** What reducing one event removed, in counts. */
export interface EventReduction {
  votes: number;
  items: number;
  wordings: number;
  tokens: number;
  /** Poll responses and workshop answers no longer tied to their delegate. */
  answers: number;
}

const dueEvents = (closedBefore: Date) =>
  and(eventIsClosed, isNull(events.reducedAt), lt(events.closedAt, closedBefore));

/** Closed events past their period and not yet reduced: how many, and the oldest closing. */
export async function eventsDueReduction(db: Queryable, closedBefore: Date) {
  const [row] = await db
    .select({ n: count(), oldest: min(events.closedAt) })
    .from(events)
    .where(dueEvents(closedBefore));
  return { count: row?.n ?? 0, oldest: row?.oldest ?? null };
}

/** The ids of the events due, oldest closing first. */
export async function eventIdsDueReduction(db: Queryable, closedBefore: Date): Promise<number[]> {
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(dueEvents(closedBefore))
    .orderBy(asc(events.closedAt), asc(events.id));
  return rows.map((row) => row.id);
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Repeats one batch statement until it changes nothing; the total it changed. */
async function inBatches(step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let done = await step(); done > 0; done = await step()) total += done;
  return total;
}

/** A batch of an event's vote rows deleted, each item's count kept on the item, in one statement. */
async function votesBatch(db: Queryable, eventId: number, batch: number): Promise<number> {
  const result = await db.execute(sql`
    with batch as (
      select v.item_id, v.delegate_id from item_votes v
      join event_items i on i.id = v.item_id
      where i.event_id = ${eventId}
      limit ${batch}
    ), gone as (
      delete from item_votes v using batch b
      where v.item_id = b.item_id and v.delegate_id = b.delegate_id
      returning v.item_id
    ), counted as (
      select item_id, count(*)::int as n from gone group by item_id
    ), kept as (
      update event_items i set votes_kept = i.votes_kept + c.n from counted c where i.id = c.item_id
      returning i.id
    )
    select coalesce(sum(n), 0)::int as n from counted`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

/**
 * Questions and comments never approved (still waiting, or hidden by a moderator). One flagged
 * for safeguarding stays: the flag is the partnership's record, not the delegate's.
 */
async function unapprovedBatch(db: Queryable, eventId: number, batch: number): Promise<number> {
  const result = await db.execute(sql`
    delete from event_items where id in (
      select id from event_items
      where event_id = ${eventId} and state in ('pending', 'hidden') and flagged_at is null
      limit ${batch}
    ) returning id`);
  return rowsOf(result).length;
}

/** The wording kept is the one shown; the name a delegate gave goes. */
async function wordingsBatch(db: Queryable, eventId: number, batch: number): Promise<number> {
  const result = await db.execute(sql`
    update event_items set original_body = body, display_name = null where id in (
      select id from event_items
      where event_id = ${eventId} and (original_body <> body or display_name is not null)
      limit ${batch}
    ) returning id`);
  return rowsOf(result).length;
}

/**
 * A delegate's row stays, as the anonymous author its event's rows point at, but its token hash
 * is replaced by a marker no SHA-256 of a cookie can equal, so no browser is ever matched to it.
 */
async function tokensBatch(db: Queryable, eventId: number, batch: number): Promise<number> {
  const result = await db.execute(sql`
    update delegates set token_hash = 'erased:' || id where id in (
      select id from delegates
      where event_id = ${eventId} and token_hash not like 'erased:%'
      limit ${batch}
    ) returning id`);
  return rowsOf(result).length;
}

/**
 * One poll's responses parted from their delegates, its number of respondents kept on the poll
 * first, in one statement: a run stopped half way never counts a respondent twice. A poll is the
 * batch (its responses are a few per delegate).
 */
async function pollResponsesStep(db: Queryable, eventId: number): Promise<number> {
  const result = await db.execute(sql`
    with poll as (
      select p.id from polls p
      where p.event_id = ${eventId}
        and exists (select 1 from poll_responses r where r.poll_id = p.id and r.delegate_id is not null)
      order by p.id limit 1
    ), linked as (
      select r.id, r.delegate_id from poll_responses r join poll on r.poll_id = poll.id
      where r.delegate_id is not null
    ), gone as (
      update poll_responses r set delegate_id = null from linked where r.id = linked.id
      returning r.id
    ), kept as (
      update polls p set respondents_kept = p.respondents_kept + (select count(distinct delegate_id) from linked)
      from poll where p.id = poll.id
      returning p.id
    )
    select count(*)::int as n from gone`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

async function workshopAnswersBatch(db: Queryable, eventId: number, batch: number): Promise<number> {
  const result = await db.execute(sql`
    update workshop_answers set delegate_id = null where id in (
      select a.id from workshop_answers a
      join workshop_questions q on q.id = a.question_id
      where q.event_id = ${eventId} and a.delegate_id is not null
      limit ${batch}
    ) returning id`);
  return rowsOf(result).length;
}

/** Reduces one closed event, batch by batch, then marks it reduced. */
export async function reduceEvent(db: Queryable, eventId: number, batch: number): Promise<EventReduction> {
  const reduction = {
    votes: await inBatches(() => votesBatch(db, eventId, batch)),
    items: await inBatches(() => unapprovedBatch(db, eventId, batch)),
    wordings: await inBatches(() => wordingsBatch(db, eventId, batch)),
    tokens: await inBatches(() => tokensBatch(db, eventId, batch)),
    answers:
      (await inBatches(() => pollResponsesStep(db, eventId))) +
      (await inBatches(() => workshopAnswersBatch(db, eventId, batch))),
  };
  await db.update(events).set({ reducedAt: new Date() }).where(eq(events.id, eventId));
  return reduction;
}
