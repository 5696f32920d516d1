import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { approvedItemsOf, eventChoices, eventTitle } from '../events/index.ts';
import { addDays } from './response-plans.dates.ts';
import { responsePlanEvents } from './response-plans.tables.ts';

/*
 * Live events linked to an incident: a community forum after an attack, whose approved anonymous
 * questions become part of the plan's sentiment record.
 */

/** The incident's linked events, each with the questions and comments its room approved. */
export async function linkedEvents(db: Queryable, incidentId: number) {
  const rows = await db
    .select({ eventId: responsePlanEvents.eventId, title: eventTitle(responsePlanEvents.eventId) })
    .from(responsePlanEvents)
    .where(eq(responsePlanEvents.incidentId, incidentId))
    .orderBy(asc(responsePlanEvents.linkedAt));
  return Promise.all(rows.map(async (row) => ({ ...row, items: await approvedItemsOf(db, row.eventId) })));
}

/** Events held while the plan is in force (and the week before), not yet linked: the link form's choices. */
export async function linkableEvents(db: Queryable, incidentId: number, from: string, to: string) {
  const [held, linked] = await Promise.all([
    eventChoices(db, { from: addDays(from, -7), to }),
    db
      .select({ eventId: responsePlanEvents.eventId })
      .from(responsePlanEvents)
      .where(eq(responsePlanEvents.incidentId, incidentId)),
  ]);
  const taken = new Set(linked.map((l) => l.eventId));
  return held.filter((event) => !taken.has(event.id));
}
