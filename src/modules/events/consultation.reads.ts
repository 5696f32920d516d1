import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.ts';
import { eventItems, events } from './events.tables.ts';

/*
 * What a delivery plan's consultation (the plans module, above events) reads of events: the
 * events linked to a plan, the questions and comments a room approved, and which of them were
 * withheld for safeguarding. Read-only.
 */

/** A room's items that were put on screen or answered: the ones that may become suggestions. */
const APPROVED_ITEM_STATES = ['shown', 'answered'] as const;

/** The events linked to a plan (or those of `eventIds` that are), earliest first. */
export function eventsLinkedToPlan(db: Queryable, planId: number, eventIds?: number[]) {
  return db
    .select({ id: events.id, title: events.title, status: events.status, heldOn: events.heldOn })
    .from(events)
    .where(and(eq(events.planId, planId), eventIds ? inArray(events.id, eventIds) : undefined))
    .orderBy(asc(events.heldOn), asc(events.id));
}

/** The plan an event is linked to, or null. */
export async function planOfEvent(db: Queryable, eventId: number): Promise<number | null> {
  const [row] = await db.select({ planId: events.planId }).from(events).where(eq(events.id, eventId));
  return row?.planId ?? null;
}

/** An event's approved questions and comments not flagged for safeguarding, oldest first. */
export function approvedItemsOf(db: Queryable, eventId: number) {
  return db
    .select({ id: eventItems.id, body: eventItems.body })
    .from(eventItems)
    .where(
      and(
        eq(eventItems.eventId, eventId),
        inArray(eventItems.state, [...APPROVED_ITEM_STATES]),
        isNull(eventItems.flaggedAt),
      ),
    )
    .orderBy(asc(eventItems.createdAt), asc(eventItems.id));
}

/** SQL: the title of the event whose id is in `column` (null if none), for a select list. */
export const eventTitle = (column: AnyPgColumn) =>
  sql<string | null>`(select e.title from events e where e.id = ${column})`;

/**
 * SQL condition: the event item whose id is in `column` (if any) was not flagged for safeguarding
 * after it arrived. A flagged item is kept on record but its words go no further than the moderators.
 */
export const eventItemNotWithheld = (column: AnyPgColumn) =>
  sql<boolean>`not exists (select 1 from event_items i where i.id = ${column} and i.flagged_at is not null)`;
