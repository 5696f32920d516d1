import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { groupMembers, groups, type Cadence } from './groups.tables.ts';

/* What the meetings module reads of groups: a group's cadence and state, and a person's groups. Read-only. */

export interface GroupBasics {
  id: number;
  name: string;
  cadence: Cadence;
  archivedAt: Date | null;
}

/** One group's name, cadence and archiving, or undefined if there is no such group. */
export async function groupBasics(db: Queryable, groupId: number): Promise<GroupBasics | undefined> {
  const [row] = await db
    .select({ id: groups.id, name: groups.name, cadence: groups.cadence, archivedAt: groups.archivedAt })
    .from(groups)
    .where(eq(groups.id, groupId));
  return row;
}

/** The groups a person currently belongs to (archived groups included: their meetings still happened). */
export async function currentGroupIdsOf(db: Queryable, personId: number): Promise<number[]> {
  const rows = await db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(and(eq(groupMembers.personId, personId), isNull(groupMembers.leftOn)));
  return rows.map((row) => row.groupId);
}
