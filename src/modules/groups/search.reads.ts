import { and, asc, ilike, isNull, or } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { groups } from './groups.tables.ts';

/** What the search page reads of groups: current ones whose name or description matches an ILIKE pattern, by name. */
export function searchGroups(db: Queryable, pattern: string, limit: number) {
  return db
    .select({ id: groups.id, name: groups.name, kind: groups.kind })
    .from(groups)
    .where(and(isNull(groups.archivedAt), or(ilike(groups.name, pattern), ilike(groups.description, pattern))))
    .orderBy(asc(groups.name))
    .limit(limit);
}
