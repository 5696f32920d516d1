import { createHash, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { startSession } from '../../auth/sessions.ts';
import { recordAudit } from '../audit/index.ts';
import { namePartnershipOnce } from '../partnership/index.ts';
import { insertPerson } from '../organisations/index.ts';
import { accounts } from './accounts.tables.ts';

export interface SetupInput {
  partnershipName: string;
  name: string;
  email: string;
  password: string;
}

export class SetupAlreadyDone extends Error {}

/**
 * Names the partnership and creates the first administrator, once, and signs them in (the
 * session token is returned). Naming the partnership fails for a second, racing setup, which then
 * creates nobody.
 */
export async function completeSetup(db: Database, input: SetupInput, ip?: string): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (!(await namePartnershipOnce(tx, input.partnershipName))) throw new SetupAlreadyDone();
    const person = await insertPerson(tx, { name: input.name, email: input.email });
    const [account] = await tx
      .insert(accounts)
      .values({ personId: person.id, email: input.email.toLowerCase(), passwordHash, role: 'administrator' })
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
