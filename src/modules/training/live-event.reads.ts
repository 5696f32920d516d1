import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { eventTitle } from '../events/index.ts';
import { offerOn } from './training.policy.ts';
import { trainingEventOffers } from './training.tables.ts';

/*
 * Events as training needs them: the offers a coordinator has made, and whether the training
 * request form is offered at an event now (an event without the offer answers "page not found",
 * like a code that does not exist).
 */

/** The event, if the training request form is offered there now. */
export async function offeredAt(db: Queryable, eventId: number) {
  const [row] = await db
    .select({ eventId: trainingEventOffers.eventId, title: eventTitle(trainingEventOffers.eventId) })
    .from(trainingEventOffers)
    .where(and(offerOn, eq(trainingEventOffers.eventId, eventId)));
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
