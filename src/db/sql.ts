import { getTableName, sql, SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * A column written with its table's name. Drizzle leaves columns unqualified in a single-table
 * select, so inside a subquery a bare "id" would be the subquery's own: every name fragment a
 * module exports for others' queries (personName, accountName, areaName…) writes its columns so.
 * An SQL expression (`sql`p.organisation_id``) is already written as its author meant.
 */
export const qualified = (column: AnyPgColumn | SQL) =>
  column instanceof SQL ? column : sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
