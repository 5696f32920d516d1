import { sql, type SQL } from 'drizzle-orm';
import { qualified } from '../../db/sql.ts';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { organisations } from './organisations.tables.ts';

// An alias, so the subquery never mistakes the outer query's organisations table for its own.
const named = alias(organisations, 'named_organisation');

/**
 * The name of the organisation whose id is in `column` (null when the column is null), as one
 * subquery inside another module's query (an action's lead organisation, a plan's owner).
 */
export const organisationName = (column: AnyPgColumn | SQL) =>
  sql<
    string | null
  >`(select ${qualified(named.name)} from ${organisations} as ${named} where ${qualified(named.id)} = ${qualified(column)})`;
