import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { areas } from './partnership.tables.ts';

/* What other modules (a group's area) read of the partnership's areas. Read-only. */

/** One area's id and name, or undefined if there is no such area. */
export async function findArea(db: Queryable, areaId: number): Promise<{ id: number; name: string } | undefined> {
  const [row] = await db.select({ id: areas.id, name: areas.name }).from(areas).where(eq(areas.id, areaId));
  return row;
}
