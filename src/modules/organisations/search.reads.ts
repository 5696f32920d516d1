import { and, asc, eq, ilike, isNull, or } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { organisations, people } from './organisations.tables.ts';

/* What the search page reads of organisations and people: current ones matching an ILIKE pattern. */

/** Current organisations whose name matches, by name. */
export function searchOrganisations(db: Queryable, pattern: string, limit: number) {
  return db
    .select({ id: organisations.id, name: organisations.name, sector: organisations.sector })
    .from(organisations)
    .where(and(isNull(organisations.archivedAt), ilike(organisations.name, pattern)))
    .orderBy(asc(organisations.name))
    .limit(limit);
}

/** Current people whose name or job title matches, by name, with their organisation. */
export function searchPeople(db: Queryable, pattern: string, limit: number) {
  return db
    .select({ id: people.id, name: people.name, jobTitle: people.jobTitle, organisationName: organisations.name })
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(and(isNull(people.archivedAt), or(ilike(people.name, pattern), ilike(people.jobTitle, pattern))))
    .orderBy(asc(people.name))
    .limit(limit);
}
