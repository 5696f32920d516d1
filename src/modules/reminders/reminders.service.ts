import { eq, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Queryable } from '../../db/client.ts';
import { enabledAccountRoles } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { currentGroupIdsOf } from '../groups/index.ts';
import { emailPreferences, sentReminders, type ReminderSubject } from './reminders.tables.ts';

export interface EmailPreferences {
  weeklyDigest: boolean;
  reminders: boolean;
}

/** Both on until the person says otherwise. */
const DEFAULTS: EmailPreferences = { weeklyDigest: true, reminders: true };

export async function preferencesOf(db: Queryable, accountId: number): Promise<EmailPreferences> {
  const [row] = await db
    .select({ weeklyDigest: emailPreferences.weeklyDigest, reminders: emailPreferences.reminders })
    .from(emailPreferences)
    .where(eq(emailPreferences.accountId, accountId));
  return row ?? DEFAULTS;
}

/** A person changes their own preferences, never anyone else's; the change is audited with it. */
export async function setPreferences(
  db: Queryable,
  user: CurrentUser,
  wanted: EmailPreferences,
  ip: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await preferencesOf(tx, user.accountId);
    await tx
      .insert(emailPreferences)
      .values({ accountId: user.accountId, ...wanted })
      .onConflictDoUpdate({ target: emailPreferences.accountId, set: { ...wanted, updatedAt: sql`now()` } });
    await recordAudit(tx, {
      action: 'account.email_preferences_changed',
      user,
      subjectType: 'account',
      subjectId: user.accountId,
      detail: { before, after: wanted },
      ip,
    });
  });
}

/** A person the Hub may email: as the services see them (role and groups decide what they may see). */
export type Recipient = CurrentUser & EmailPreferences;

/** Every enabled account with its preferences, as the user the Hub's reads check need-to-know against. */
export async function recipients(db: Queryable): Promise<Recipient[]> {
  const [accounts, preferences] = await Promise.all([enabledAccountRoles(db), db.select().from(emailPreferences)]);
  const byAccount = new Map(preferences.map((p) => [p.accountId, p]));
  return Promise.all(
    accounts.map(async (account) => ({
      accountId: account.id,
      personId: account.personId,
      name: account.name,
      email: account.email,
      role: account.role,
      mustChangePassword: false,
      groupIds: await currentGroupIdsOf(db, account.personId),
      weeklyDigest: byAccount.get(account.id)?.weeklyDigest ?? DEFAULTS.weeklyDigest,
      reminders: byAccount.get(account.id)?.reminders ?? DEFAULTS.reminders,
    })),
  );
}

/**
 * Records that something was sent to a person for a date, in the transaction that queues it; false
 * when it already was, so a rerun (another Hub, or one after a crash) never sends it twice.
 */
export async function markSent(
  tx: Queryable,
  sent: { accountId: number; subject: ReminderSubject; subjectId: number; dueOn: string },
): Promise<boolean> {
  const taken = await tx.insert(sentReminders).values(sent).onConflictDoNothing().returning({ id: sentReminders.id });
  return taken.length > 0;
}
