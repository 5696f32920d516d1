import { sql, type SQL } from 'drizzle-orm';
import { qualified } from '../../db/sql.ts';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { people } from './organisations.tables.ts';

/*
 * A person's name inside another module's query, as one subquery, so that a module naming the
 * person behind a column (an action's lead, a plan's owner) need not join the people table.
 * For names by id outside a query, use peopleNames (members.reads.ts).
 */

// An alias, so the subquery never mistakes the outer query's people table for its own.
const named = alias(people, 'named_person');

/** The name of the person whose id is in `column`, or an SQL expression (null when it is null). */
export const personName = (column: AnyPgColumn | SQL) =>
  sql<
    string | null
  >`(select ${qualified(named.name)} from ${people} as ${named} where ${qualified(named.id)} = ${qualified(column)})`;
