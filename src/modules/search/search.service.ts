import { and, asc, eq, ilike, isNull, or } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { searchDocuments } from '../documents/index.ts';
import { groups } from '../groups/groups.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';

export const MIN_QUERY_LENGTH = 2;
export const MAX_QUERY_LENGTH = 200;
const LIMIT = 50;

/** "50% of" matches those words, not "anything, then ' of'": ILIKE's wildcards are escaped. */
export function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchGroups(db: Queryable, pattern: string) {
  return db
    .select({ id: groups.id, name: groups.name, kind: groups.kind })
    .from(groups)
    .where(and(isNull(groups.archivedAt), or(ilike(groups.name, pattern), ilike(groups.description, pattern))))
    .orderBy(asc(groups.name))
    .limit(LIMIT);
}

function searchOrganisations(db: Queryable, pattern: string) {
  return db
    .select({ id: organisations.id, name: organisations.name, sector: organisations.sector })
    .from(organisations)
    .where(and(isNull(organisations.archivedAt), ilike(organisations.name, pattern)))
    .orderBy(asc(organisations.name))
    .limit(LIMIT);
}

function searchPeople(db: Queryable, pattern: string) {
  return db
    .select({ id: people.id, name: people.name, jobTitle: people.jobTitle, organisationName: organisations.name })
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(and(isNull(people.archivedAt), or(ilike(people.name, pattern), ilike(people.jobTitle, pattern))))
    .orderBy(asc(people.name))
    .limit(LIMIT);
}

/**
 * Everything matching the words, grouped by kind. Documents go through the documents
 * module's query, so need-to-know is applied in SQL exactly as in the library.
 */
export async function search(db: Queryable, user: CurrentUser, query: string) {
  const pattern = containsPattern(query);
  const [documents, groupRows, organisationRows, peopleRows] = await Promise.all([
    searchDocuments(db, user, pattern, LIMIT),
    searchGroups(db, pattern),
    searchOrganisations(db, pattern),
    searchPeople(db, pattern),
  ]);
  return {
    documents,
    groups: groupRows,
    organisations: organisationRows,
    people: peopleRows,
    total: documents.length + groupRows.length + organisationRows.length + peopleRows.length,
  };
}

export type SearchResults = Awaited<ReturnType<typeof search>>;
