import { createHash, timingSafeEqual } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError } from '../../errors.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { startSession } from '../../auth/sessions.ts';
import { recordAudit } from '../audit/index.ts';
import { accounts } from '../accounts/accounts.tables.ts';
import { people } from '../organisations/organisations.tables.ts';
import { areas, partnership } from './partnership.tables.ts';

export async function getPartnershipName(db: Queryable): Promise<string | null> {
  const [row] = await db.select({ name: partnership.name }).from(partnership).where(eq(partnership.id, 1));
  return row?.name ?? null;
}

export interface SetupInput {
  partnershipName: string;
  name: string;
  email: string;
  password: string;
}

export class SetupAlreadyDone extends Error {}

/**
 * Names the partnership and creates the first administrator, once, and signs them in (the
 * session token is returned). The partnership row's fixed primary key makes a second, racing
 * setup fail rather than create a second partnership.
 */
export async function completeSetup(db: Database, input: SetupInput, ip?: string): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(partnership)
      .values({ id: 1, name: input.partnershipName })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw new SetupAlreadyDone();
    const [person] = await tx.insert(people).values({ name: input.name, email: input.email.toLowerCase() }).returning();
    const [account] = await tx
      .insert(accounts)
      .values({ personId: person!.id, email: input.email.toLowerCase(), passwordHash, role: 'administrator' })
      .returning();
    await recordAudit(tx, {
      action: 'setup.completed',
      actor: account!.email,
      user: { accountId: account!.id, email: account!.email },
      subjectType: 'partnership',
      subjectId: 1,
      detail: { partnership: input.partnershipName },
      ip,
    });
    return startSession(tx, account!.id);
  });
}

/** A code only the person who started the Hub can see: whoever knows it may set the Hub up. */
export function setupCodeMatches(given: string, code: string): boolean {
  const normalise = (value: string) => createHash('sha256').update(value.toLowerCase().replace(/[\s-]/g, '')).digest();
  return timingSafeEqual(normalise(given), normalise(code));
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
