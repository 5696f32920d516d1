import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { events } from './events.tables.ts';

/*
 * Events as other modules offer them in a picker (a 14-day plan's linked forum, an event where the
 * training request form is offered): id and a name with the date, newest first.
 */

export interface EventChoice {
  id: number;
  name: string;
}

/** Events held in a period (or the latest hundred, with no period), for a select box. */
export async function eventChoices(db: Queryable, period?: { from: string; to: string }): Promise<EventChoice[]> {
  const rows = await db
    .select({ id: events.id, title: events.title, heldOn: events.heldOn })
    .from(events)
    .where(period ? and(gte(events.heldOn, period.from), lte(events.heldOn, period.to)) : undefined)
    .orderBy(desc(events.heldOn), desc(events.id))
    .limit(100);
  return rows.map((row) => ({ id: row.id, name: `${row.title} (${row.heldOn})` }));
}

/** Whether an event with this id exists (a form's chosen event). */
export async function eventExists(db: Queryable, eventId: number): Promise<boolean> {
  const [row] = await db.select({ id: events.id }).from(events).where(eq(events.id, eventId));
  return row !== undefined;
}
