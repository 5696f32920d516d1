import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { searchDocuments } from '../documents/index.ts';
import { searchGroups } from '../groups/index.ts';
import { searchOrganisations, searchPeople } from '../organisations/index.ts';

export const MIN_QUERY_LENGTH = 2;
export const MAX_QUERY_LENGTH = 200;
const LIMIT = 50;

/** "50% of" matches those words, not "anything, then ' of'": ILIKE's wildcards are escaped. */
export function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Everything matching the words, grouped by kind. Documents go through the documents
 * module's query, so need-to-know is applied in SQL exactly as in the library.
 */
export async function search(db: Queryable, user: CurrentUser, query: string) {
  const pattern = containsPattern(query);
  const [documents, groupRows, organisationRows, peopleRows] = await Promise.all([
    searchDocuments(db, user, pattern, LIMIT),
    searchGroups(db, pattern, LIMIT),
    searchOrganisations(db, pattern, LIMIT),
    searchPeople(db, pattern, LIMIT),
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
