import { sql } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { groups } from './groups.tables.ts';

// An alias, so the subquery never mistakes the outer query's groups table for its own.
const named = alias(groups, 'named_group');

/** The name of the group whose id is in `column` (null when the column is null), as one subquery. */
export const groupName = (column: AnyPgColumn) =>
  sql<string | null>`(select ${named.name} from ${groups} as ${named} where ${named.id} = ${column})`;
