import { and, desc, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { eventTitle } from '../events/index.ts';
import { offerOn } from './training.policy.ts';
import { trainingEventOffers } from './training.tables.ts';

/*
 * Events as training needs them: the offers a coordinator has made, the events one can be made at,
 * and the event a delegate's code names where the offer is on. The events door does not yet export
 * eventForDelegate, so the code is matched here, read-only, and only an event with an offer on
 * answers: a code without one is the same "page not found" as a code that does not exist.
 */

const normalised = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** The event a delegate's code names, if the training request form is offered there now. */
export async function offeredEventByCode(db: Queryable, code: string) {
  const [row] = await db
    .select({ eventId: trainingEventOffers.eventId, title: eventTitle(trainingEventOffers.eventId) })
    .from(trainingEventOffers)
    .where(
      and(
        offerOn,
        sql`${trainingEventOffers.eventId} = (select e.id from events e where e.join_code = ${normalised(code)})`,
      ),
    );
  return row;
}

/** Every offer made, newest first, with its event's title. */
export function eventOffers(db: Queryable) {
  return db
    .select({
      eventId: trainingEventOffers.eventId,
      title: eventTitle(trainingEventOffers.eventId),
      offeredAt: trainingEventOffers.offeredAt,
      endedAt: trainingEventOffers.endedAt,
    })
    .from(trainingEventOffers)
    .orderBy(desc(trainingEventOffers.offeredAt));
}

/** Recent events a coordinator may offer the form at, newest first: id, title and date. */
export async function eventsToChoose(db: Queryable): Promise<{ id: number; name: string }[]> {
  const executed: unknown = await db.execute(
    sql`select e.id, e.title, e.held_on::text as held_on from events e order by e.held_on desc, e.id desc limit 100`,
  );
  const result = executed as { rows: { id: number; title: string; held_on: string }[] };
  return result.rows.map((row) => ({ id: Number(row.id), name: `${row.title} (${row.held_on})` }));
}

/** Whether there is an event with this id. */
export async function eventExists(db: Queryable, eventId: number): Promise<boolean> {
  const executed: unknown = await db.execute(sql`select 1 from events e where e.id = ${eventId}`);
  return (executed as { rows: unknown[] }).rows.length > 0;
}
