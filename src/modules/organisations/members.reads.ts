import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { organisations, people } from './organisations.tables.ts';

/*
 * What the groups module (its members, chairs and the organisations they represent) reads of
 * people and organisations. Read-only; one query per call, whatever the number of ids.
 */

/** The names of these people, by id (archived people included: past members keep their names). */
export async function peopleNames(db: Queryable, personIds: readonly number[]): Promise<Map<number, string>> {
  const ids = [...new Set(personIds)];
  if (!ids.length) return new Map();
  const rows = await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The names of these organisations, by id (archived ones included). */
export async function organisationNames(
  db: Queryable,
  organisationIds: readonly number[],
): Promise<Map<number, string>> {
  const ids = [...new Set(organisationIds)];
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A person and the organisation they work for, or undefined if there is no such person. */
export async function findPerson(
  db: Queryable,
  personId: number,
): Promise<{ id: number; organisationId: number | null } | undefined> {
  const [row] = await db
    .select({ id: people.id, organisationId: people.organisationId })
    .from(people)
    .where(eq(people.id, personId));
  return row;
}

/** Whether there is an organisation with this id (archived or not). */
export async function organisationExists(db: Queryable, organisationId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return Boolean(row);
}
