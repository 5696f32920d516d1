import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { peopleNames } from '../organisations/index.ts';
import { accounts } from './accounts.tables.ts';

/*
 * Who accounts belong to, for modules that name the people behind accounts (an event's helper
 * moderators, who flagged an item). Read-only; two queries per call, whatever the number of ids.
 */

export interface AccountName {
  id: number;
  name: string;
  email: string;
}

async function named(db: Queryable, rows: { id: number; personId: number; email: string }[]): Promise<AccountName[]> {
  const names = await peopleNames(
    db,
    rows.map((r) => r.personId),
  );
  return rows.map((r) => ({ id: r.id, name: names.get(r.personId) ?? '', email: r.email }));
}

const columns = { id: accounts.id, personId: accounts.personId, email: accounts.email };

/** These accounts' people's names and emails, by account id (disabled accounts included). */
export async function accountNames(db: Queryable, accountIds: readonly number[]): Promise<Map<number, AccountName>> {
  const ids = [...new Set(accountIds)];
  if (!ids.length) return new Map();
  const rows = await db.select(columns).from(accounts).where(inArray(accounts.id, ids));
  return new Map((await named(db, rows)).map((a) => [a.id, a]));
}

/** Every enabled account, by its person's name. */
export async function enabledAccounts(db: Queryable): Promise<AccountName[]> {
  const rows = await db.select(columns).from(accounts).where(isNull(accounts.disabledAt));
  return (await named(db, rows)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether an account exists and is enabled. */
export async function isEnabledAccount(db: Queryable, accountId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), isNull(accounts.disabledAt)));
  return Boolean(row);
}

/** Every enabled account with its person and role: who may be named to approve a group's paper. */
export async function enabledAccountRoles(
  db: Queryable,
): Promise<(AccountName & { personId: number; role: (typeof accounts.$inferSelect)['role'] })[]> {
  const rows = await db
    .select({ ...columns, role: accounts.role })
    .from(accounts)
    .where(isNull(accounts.disabledAt));
  const names = await named(db, rows);
  return rows.map((row, i) => ({ ...names[i]!, personId: row.personId, role: row.role }));
}
