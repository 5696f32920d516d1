import { asc, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { organisations, people } from './organisations.tables.ts';

/*
 * The whole directory at once, for matching names read from a spreadsheet (the plans import):
 * every organisation (archived ones marked), and every current person. Read-only; one query each.
 */

/** Every organisation, archived ones included with the date they were archived. */
export function allOrganisations(db: Queryable) {
  return db
    .select({ id: organisations.id, name: organisations.name, archivedAt: organisations.archivedAt })
    .from(organisations);
}

/** Every current (not archived) person with their organisation, oldest first. */
export function currentPeople(db: Queryable) {
  return db
    .select({ id: people.id, name: people.name, organisationId: people.organisationId })
    .from(people)
    .where(isNull(people.archivedAt))
    .orderBy(asc(people.id));
}
