import { and, asc, count, eq, inArray, isNotNull, isNull, lt, min } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import { accountNames, enabledAccounts } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { groupsOfPerson, listGroupOptions } from '../groups/index.ts';
import { canManageRegisterAccess, checkRegister, type RegisterAccess, type RegisterAction } from './register.policy.ts';
import { referralCorrections, referralStages, referrals, registerAccess, registerSettings } from './register.tables.ts';

type AuditEntry = Parameters<typeof recordAudit>[1];
/** The register's own audit actions, as the audit module names them. */
type RegisterAuditAction = Extract<AuditEntry['action'], `referral${string}`>;

export function auditRegister(
  db: Queryable,
  action: RegisterAuditAction,
  entry: Omit<AuditEntry, 'action'>,
): Promise<void> {
  return recordAudit(db, { ...entry, action });
}

export const CHANNEL_PANEL = 'channel_panel';

/** The two routes into the register for this person: a Channel panel they sit on, or being named. */
export async function registerAccessOf(db: Queryable, user: CurrentUser): Promise<RegisterAccess> {
  const [groups, named] = await Promise.all([
    groupsOfPerson(db, user.personId),
    db
      .select({ id: registerAccess.id })
      .from(registerAccess)
      .where(and(eq(registerAccess.accountId, user.accountId), isNull(registerAccess.removedAt)))
      .limit(1),
  ]);
  return { onChannelPanel: groups.some((group) => group.kind === CHANNEL_PANEL), named: named.length > 0 };
}

/** The access this person has, or the register's one refusal. */
export async function requireRegister(db: Queryable, user: CurrentUser, action: RegisterAction) {
  const access = await registerAccessOf(db, user);
  checkRegister(user, action, access);
  return access;
}

function checkAdministrator(user: CurrentUser) {
  if (!canManageRegisterAccess(user)) {
    throw new ForbiddenError('Only administrators can name who may read the referral register');
  }
}

// The access page.

export async function retentionYears(db: Queryable): Promise<number> {
  const [row] = await db.select({ years: registerSettings.retentionYears }).from(registerSettings);
  return row?.years ?? 6;
}

export async function accessPage(db: Queryable, user: CurrentUser) {
  checkAdministrator(user);
  const [named, groups, accounts, years] = await Promise.all([
    db
      .select({ accountId: registerAccess.accountId, addedAt: registerAccess.addedAt, addedBy: registerAccess.addedBy })
      .from(registerAccess)
      .where(isNull(registerAccess.removedAt))
      .orderBy(asc(registerAccess.addedAt)),
    listGroupOptions(db),
    enabledAccounts(db),
    retentionYears(db),
  ]);
  const names = await accountNames(db, [...named.map((n) => n.accountId), ...named.map((n) => n.addedBy)]);
  const namedIds = new Set(named.map((n) => n.accountId));
  return {
    named: named.map((n) => ({ ...n, name: names.get(n.accountId)?.name, addedByName: names.get(n.addedBy)?.name })),
    panels: groups.filter((group) => group.kind === CHANNEL_PANEL),
    candidates: accounts.filter((account) => !namedIds.has(account.id)),
    retentionYears: years,
  };
}

export async function nameForAccess(db: Database, user: CurrentUser, accountId: number, ip?: string) {
  checkAdministrator(user);
  const names = await accountNames(db, [accountId]);
  if (!names.has(accountId)) throw new FormError('accountId', 'Select the person to name');
  await db.transaction(async (tx) => {
    // Naming someone already named changes nothing (removal ends every open row, should two race).
    const [open] = await tx
      .select({ id: registerAccess.id })
      .from(registerAccess)
      .where(and(eq(registerAccess.accountId, accountId), isNull(registerAccess.removedAt)));
    if (open) return;
    await tx.insert(registerAccess).values({ accountId, addedBy: user.accountId });
    await auditRegister(tx, 'referral_register.access_changed', {
      user,
      ip,
      subjectType: 'account',
      subjectId: accountId,
      detail: { named: true, name: names.get(accountId)?.name },
    });
  });
}

export async function removeAccess(db: Database, user: CurrentUser, accountId: number, ip?: string) {
  checkAdministrator(user);
  await db.transaction(async (tx) => {
    const removed = await tx
      .update(registerAccess)
      .set({ removedAt: new Date(), removedBy: user.accountId })
      .where(and(eq(registerAccess.accountId, accountId), isNull(registerAccess.removedAt)))
      .returning({ id: registerAccess.id });
    if (!removed.length) return;
    await auditRegister(tx, 'referral_register.access_changed', {
      user,
      ip,
      subjectType: 'account',
      subjectId: accountId,
      detail: { named: false },
    });
  });
}

export async function setRetentionYears(db: Database, user: CurrentUser, years: number, ip?: string) {
  checkAdministrator(user);
  await db.transaction(async (tx) => {
    const before = await retentionYears(tx);
    await tx
      .insert(registerSettings)
      .values({ id: 1, retentionYears: years, updatedBy: user.accountId })
      .onConflictDoUpdate({
        target: registerSettings.id,
        set: { retentionYears: years, updatedBy: user.accountId, updatedAt: new Date() },
      });
    await auditRegister(tx, 'referral_register.retention_changed', { user, ip, detail: { before, after: years } });
  });
}

// Retention.

/** Fields a reduced case keeps: what the partnership's figures count. Everything else is cleared. */
const CLEARED_FIELDS = ['notes', 'supportPlan', 'interventionProvider', 'consentOn'];

/**
 * Cases that exited more than the retention period ago lose everything but their statistical
 * fields: notes, the support plan, provider and consent, the details of each stage, and the
 * before/after of corrections to cleared fields. Rows stay (the register never deletes); each
 * reduction is logged. Cheap when there is nothing to do (one indexed query), so the register
 * runs it on each page load as well as at start and daily.
 */
/** Cases exited before this date are due to be reduced. */
function exitedBefore(years: number, today: Date): string {
  const cutoff = new Date(today);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff.toISOString().slice(0, 10);
}

const dueReduction = (cutoffDate: string) =>
  and(isNull(referrals.reducedAt), isNotNull(referrals.exitedOn), lt(referrals.exitedOn, cutoffDate));

/** For the retention page: the period, how many cases are due now and the earliest exit among them. */
export async function casesDueReduction(db: Queryable, today = new Date()) {
  const years = await retentionYears(db);
  const [row] = await db
    .select({ n: count(), oldest: min(referrals.exitedOn) })
    .from(referrals)
    .where(dueReduction(exitedBefore(years, today)));
  return { years, count: row?.n ?? 0, oldest: row?.oldest ?? null };
}

export async function reduceExpiredCases(db: Database, today = new Date()): Promise<number> {
  const years = await retentionYears(db);
  const expired = await db
    .select({ id: referrals.id, reference: referrals.reference })
    .from(referrals)
    .where(dueReduction(exitedBefore(years, today)));
  if (!expired.length) return 0;
  const ids = expired.map((row) => row.id);
  await db.transaction(async (tx) => {
    await tx
      .update(referrals)
      .set({ notes: null, supportPlan: null, interventionProvider: null, consentOn: null, reducedAt: new Date() })
      .where(and(inArray(referrals.id, ids), isNull(referrals.reducedAt)));
    await tx.update(referralStages).set({ details: null }).where(inArray(referralStages.referralId, ids));
    await tx
      .update(referralCorrections)
      .set({ before: null, after: null })
      .where(and(inArray(referralCorrections.referralId, ids), inArray(referralCorrections.field, CLEARED_FIELDS)));
    for (const row of expired) {
      await auditRegister(tx, 'referral.reduced', {
        actor: 'retention',
        subjectType: 'referral',
        subjectId: row.reference,
        detail: { retentionYears: years, cleared: CLEARED_FIELDS },
      });
    }
  });
  return expired.length;
}
