import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { FormError } from '../../errors.ts';
import { areas, partnership } from './partnership.tables.ts';

export async function getPartnershipName(db: Queryable): Promise<string | null> {
  const [row] = await db.select({ name: partnership.name }).from(partnership).where(eq(partnership.id, 1));
  return row?.name ?? null;
}

/**
 * Names the partnership, once: false if it is named already. The row's fixed primary key makes a
 * second, racing call fail rather than create a second partnership (first-run setup, in accounts).
 */
export async function namePartnershipOnce(tx: Queryable, name: string): Promise<boolean> {
  const inserted = await tx.insert(partnership).values({ id: 1, name }).onConflictDoNothing().returning();
  return inserted.length > 0;
}

export function listAreas(db: Queryable) {
  return db.select().from(areas).orderBy(asc(areas.name));
}

export async function createArea(db: Queryable, input: { name: string; kind: string }) {
  const existing = await db.select({ id: areas.id }).from(areas).where(eq(areas.name, input.name));
  if (existing.length) throw new FormError('name', 'There is already an area with that name');
  const [area] = await db.insert(areas).values({ name: input.name, kind: input.kind }).returning();
  return area!;
}

export async function renamePartnership(db: Queryable, name: string): Promise<void> {
  await db.update(partnership).set({ name }).where(eq(partnership.id, 1));
}
