import { eq, sql } from 'drizzle-orm';
import { qualified } from '../../db/sql.ts';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.ts';
import { areas } from './partnership.tables.ts';

/* What other modules (a group's area) read of the partnership's areas. Read-only. */

/** One area's id and name, or undefined if there is no such area. */
export async function findArea(db: Queryable, areaId: number): Promise<{ id: number; name: string } | undefined> {
  const [row] = await db.select({ id: areas.id, name: areas.name }).from(areas).where(eq(areas.id, areaId));
  return row;
}

// An alias, so the subquery never mistakes the outer query's areas table for its own.
const named = alias(areas, 'named_area');

/** The name of the area whose id is in `column`, inside another module's query (null when none). */
export const areaName = (column: AnyPgColumn) =>
  sql<
    string | null
  >`(select ${qualified(named.name)} from ${areas} as ${named} where ${qualified(named.id)} = ${qualified(column)})`;
