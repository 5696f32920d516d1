import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { people } from './organisations.tables.ts';

/*
 * A person's calendar subscription token (a column of people), for the meetings module's
 * calendar feeds: read it, find whose it is, replace it.
 */

export async function calendarTokenOf(db: Queryable, personId: number): Promise<string | null> {
  const [person] = await db.select({ token: people.calendarToken }).from(people).where(eq(people.id, personId));
  return person?.token ?? null;
}

/** Whose token this is, or undefined for an unknown one. */
export async function personWithCalendarToken(db: Queryable, token: string): Promise<number | undefined> {
  const [person] = await db.select({ id: people.id }).from(people).where(eq(people.calendarToken, token));
  return person?.id;
}

/** Replaces the person's token: the old one stops working at once. */
export async function setCalendarToken(db: Queryable, personId: number, token: string): Promise<void> {
  await db.update(people).set({ calendarToken: token }).where(eq(people.id, personId));
}
