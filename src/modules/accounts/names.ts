import { sql } from 'drizzle-orm';
import { qualified } from '../../db/sql.ts';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { personName } from '../organisations/index.ts';
import { accounts } from './accounts.tables.ts';

// An alias, so the subquery never mistakes the outer query's accounts table for its own.
const named = alias(accounts, 'named_account');

/** The name of the person behind an account column (who wrote, changed, approved), as one subquery. */
export const accountName = (column: AnyPgColumn) =>
  sql<
    string | null
  >`(select ${personName(named.personId)} from ${accounts} as ${named} where ${qualified(named.id)} = ${qualified(column)})`;
