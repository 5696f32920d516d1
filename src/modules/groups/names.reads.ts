import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { groups } from './groups.tables.ts';

/** The names of these groups, by id (archived groups included: past meetings keep their group's name). One query. */
export async function groupNames(db: Queryable, groupIds: readonly number[]): Promise<Map<number, string>> {
  const ids = [...new Set(groupIds)];
  if (!ids.length) return new Map();
  const rows = await db.select({ id: groups.id, name: groups.name }).from(groups).where(inArray(groups.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
