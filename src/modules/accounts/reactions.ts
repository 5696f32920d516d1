import { and, eq, isNull, sql } from 'drizzle-orm';
import { endAllSessions } from '../../auth/sessions.ts';
import { onAnnouncement, type Announcements } from '../../reactions.ts';
import { recordAudit } from '../audit/index.ts';
import { accounts } from './accounts.tables.ts';

/**
 * Someone who has left the partnership keeps their record but not their access: when their
 * person is archived, an account they hold is disabled and signed out everywhere, in the same
 * transaction. Registered once, from buildApp.
 */
export function registerAccountReactions(): void {
  onAnnouncement('person.archived', disableArchivedPersonsAccount);
}

async function disableArchivedPersonsAccount({ tx, personId, user }: Announcements['person.archived']) {
  const [account] = await tx
    .update(accounts)
    .set({ disabledAt: sql`coalesce(${accounts.disabledAt}, now())` })
    .where(and(eq(accounts.personId, personId), isNull(accounts.disabledAt)))
    .returning({ id: accounts.id });
  if (!account) return;
  await endAllSessions(tx, account.id);
  await recordAudit(tx, {
    action: 'account.disabled',
    user,
    subjectType: 'account',
    subjectId: account.id,
    detail: { reason: 'person archived' },
  });
}
