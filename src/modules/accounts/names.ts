import { getTableName, sql } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { personName } from '../organisations/index.ts';
import { accounts } from './accounts.tables.ts';

/**
 * A column written with its table's name. Drizzle leaves columns unqualified in a single-table
 * select, so inside a subquery a bare "id" would be the subquery's own.
 */
const qualified = (column: AnyPgColumn) =>
  sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

// An alias, so the subquery never mistakes the outer query's accounts table for its own.
const named = alias(accounts, 'named_account');

/** The name of the person behind an account column (who wrote, changed, approved), as one subquery. */
export const accountName = (column: AnyPgColumn) =>
  sql<
    string | null
  >`(select ${personName(named.personId)} from ${accounts} as ${named} where ${qualified(named.id)} = ${qualified(column)})`;
