import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { accounts } from './accounts.tables.ts';

/** Whether the person has an account that is not disabled (a calendar feed works only then). */
export async function hasEnabledAccount(db: Queryable, personId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.personId, personId), isNull(accounts.disabledAt)));
  return Boolean(row);
}
