import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { auditChainOfficer } from './audit.tables.ts';
import { recordAudit } from './audit.service.ts';

/*
 * The officer outside the Hub who keeps the chain's heads. Emailing them the latest head (the
 * backups module, above mail) means a rewrite of the whole log would have to get past a record the
 * Hub cannot reach.
 */

export async function chainOfficer(db: Queryable): Promise<string | null> {
  const [row] = await db.select().from(auditChainOfficer).where(eq(auditChainOfficer.id, 1));
  return row?.email ?? null;
}

export async function setChainOfficer(db: Queryable, user: CurrentUser, email: string): Promise<void> {
  await db.transaction(async (tx) => {
    const values = { email, changedAt: new Date(), changedBy: user.email };
    await tx
      .insert(auditChainOfficer)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: auditChainOfficer.id, set: values });
    await recordAudit(tx, { action: 'audit_chain.officer_changed', user, detail: { officer: email } });
  });
}
