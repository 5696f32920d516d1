import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { groupMembers, groups } from './groups.tables.ts';

/** A group's chairs: the person named as its chair, and current members whose role is chair (person ids). */
export async function groupChairIds(db: Queryable, groupId: number): Promise<number[]> {
  const [named, members] = await Promise.all([
    db.select({ personId: groups.chairPersonId }).from(groups).where(eq(groups.id, groupId)),
    db
      .select({ personId: groupMembers.personId })
      .from(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.role, 'chair'), isNull(groupMembers.leftOn))),
  ]);
  return [...named, ...members].map((r) => r.personId).filter((id): id is number => id !== null);
}
