import { setTimeout as sleep } from 'node:timers/promises';
import { asc, eq, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { endAllSessions, startSession } from '../../auth/sessions.ts';
import { dummyHash, generatePassword, hashPassword, verifyPassword } from '../../auth/passwords.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { recentFailedSignIns, recordAudit } from '../audit/audit.service.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';
import { accounts, type Role } from './accounts.tables.ts';
import { countEmailCheck, EMAIL_CHECKS_PER_HOUR, FAILURE_WINDOW_MINUTES, type Refusal, type SignInLimits } from './sign-in-limits.ts';

/** After this many failures for an email within the window, each attempt from a new source waits longer. */
export const THROTTLE_AFTER = 3;
const MAX_DELAY_MS = 8000;

export type SignInResult =
  | { ok: true; token: string; mustChangePassword: boolean }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; minutes: number };

export interface SignInAttempt {
  email: string;
  password: string;
  /** The address the attempt came from: counted in memory by keyed hash, and kept in the audit entry. */
  source: string;
}

/**
 * Check a password, within limits counted before the check so parallel guesses cannot race them:
 * per source, per email-and-source (a lockout), and, for sources the person has never signed in
 * from, a growing delay and a cap on checks per hour for the email from all of them together.
 */
export async function signIn(db: Database, limits: SignInLimits, attempt: SignInAttempt, delayMs: number): Promise<SignInResult> {
  const email = attempt.email.trim().toLowerCase();
  const { source } = attempt;
  const refused = limits.take(email, source) ?? (limits.isKnownSource(email, source) ? null : await checkFromNewSource(db, email, delayMs));
  if (refused) {
    await recordAudit(db, { action: 'sign_in.throttled', actor: email, detail: { email, waitMinutes: refused.minutes }, ip: source });
    return { ok: false, reason: 'locked', minutes: refused.minutes };
  }

  const [account] = await db.select().from(accounts).where(eq(accounts.email, email));
  const valid = await verifyPassword(attempt.password, account?.passwordHash ?? (await dummyHash()));
  if (!account || !valid || account.disabledAt) {
    await recordAudit(db, {
      action: 'sign_in.failed',
      actor: email,
      detail: { email, reason: !account ? 'unknown email' : account.disabledAt ? 'account disabled' : 'wrong password' },
      ip: source,
    });
    return { ok: false, reason: 'wrong' };
  }
  limits.succeeded(email, source);
  return db.transaction(async (tx) => {
    const token = await startSession(tx, account.id);
    await recordAudit(tx, { action: 'sign_in.succeeded', user: { accountId: account.id, email }, ip: source });
    return { ok: true as const, token, mustChangePassword: account.mustChangePassword };
  });
}

/** From a source new to this email: counted against the email's hourly cap, then slowed after repeated failures. */
async function checkFromNewSource(db: Database, email: string, delayMs: number): Promise<Refusal | null> {
  if ((await countEmailCheck(db, email)) > EMAIL_CHECKS_PER_HOUR) return { minutes: 60 };
  const failures = await recentFailedSignIns(db, email, FAILURE_WINDOW_MINUTES);
  if (failures >= THROTTLE_AFTER && delayMs > 0) await sleep(Math.min(delayMs * 2 ** (failures - THROTTLE_AFTER), MAX_DELAY_MS));
  return null;
}

export function listAccounts(db: Queryable) {
  return db
    .select({
      id: accounts.id,
      email: accounts.email,
      role: accounts.role,
      disabledAt: accounts.disabledAt,
      createdAt: accounts.createdAt,
      personId: people.id,
      name: people.name,
      organisation: organisations.name,
      lastSignIn: sql<Date | null>`(select max(s.created_at) from sessions s where s.account_id = ${accounts.id})`,
    })
    .from(accounts)
    .innerJoin(people, eq(people.id, accounts.personId))
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .orderBy(asc(people.name));
}

export async function getAccount(db: Queryable, id: number) {
  const [row] = await db
    .select({ id: accounts.id, email: accounts.email, role: accounts.role, disabledAt: accounts.disabledAt, personId: people.id, name: people.name })
    .from(accounts)
    .innerJoin(people, eq(people.id, accounts.personId))
    .where(eq(accounts.id, id));
  if (!row) throw new NotFoundError('account');
  return row;
}

export interface NewAccountInput {
  name: string;
  email: string;
  role: Role;
  organisationId?: number;
  jobTitle?: string;
  /** Give an existing person an account instead of creating a new person. */
  personId?: number;
}

/** Creates the account with a one-off password for the administrator to pass on. */
export async function createAccount(db: Database, admin: CurrentUser, input: NewAccountInput) {
  const email = input.email.toLowerCase();
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const account = await db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email));
    if (taken) throw new FormError('email', 'There is already an account with that email address');
    let personId = input.personId;
    if (personId) {
      const [existing] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.personId, personId));
      if (existing) throw new FormError('personId', 'That person already has an account');
    } else {
      const [person] = await tx
        .insert(people)
        .values({ name: input.name, email, organisationId: input.organisationId ?? null, jobTitle: input.jobTitle ?? null })
        .returning({ id: people.id });
      personId = person!.id;
    }
    const [created] = await tx
      .insert(accounts)
      .values({ personId, email, passwordHash, role: input.role, mustChangePassword: true })
      .returning();
    await recordAudit(tx, { action: 'account.created', user: admin, subjectType: 'account', subjectId: created!.id, detail: { email, role: input.role } });
    return created!;
  });
  return { account, password };
}

export async function resetPassword(db: Database, admin: CurrentUser, accountId: number) {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [updated] = await tx.update(accounts).set({ passwordHash, mustChangePassword: true }).where(eq(accounts.id, accountId)).returning({ id: accounts.id });
    if (!updated) throw new NotFoundError('account');
    await endAllSessions(tx, accountId);
    await recordAudit(tx, { action: 'account.password_reset', user: admin, subjectType: 'account', subjectId: accountId });
  });
  return password;
}

export async function setDisabled(db: Database, admin: CurrentUser, accountId: number, disabled: boolean) {
  if (disabled && accountId === admin.accountId) throw new FormError('disable', 'You cannot disable your own account');
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(accounts)
      .set({ disabledAt: disabled ? sql`now()` : null })
      .where(eq(accounts.id, accountId))
      .returning({ id: accounts.id });
    if (!updated) throw new NotFoundError('account');
    if (disabled) await endAllSessions(tx, accountId);
    await recordAudit(tx, { action: disabled ? 'account.disabled' : 'account.enabled', user: admin, subjectType: 'account', subjectId: accountId });
  });
}

export async function changeRole(db: Database, admin: CurrentUser, accountId: number, role: Role) {
  if (accountId === admin.accountId && role !== 'administrator') {
    throw new FormError('role', 'You cannot remove your own administrator role; ask another administrator');
  }
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ role: accounts.role }).from(accounts).where(eq(accounts.id, accountId));
    if (!before) throw new NotFoundError('account');
    await tx.update(accounts).set({ role }).where(eq(accounts.id, accountId));
    await recordAudit(tx, { action: 'account.role_changed', user: admin, subjectType: 'account', subjectId: accountId, detail: { from: before.role, to: role } });
  });
}

/** A person changes their own password; other sessions end, this one carries on with a new id. */
export async function changeOwnPassword(db: Database, user: CurrentUser, current: string, next: string): Promise<string> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, user.accountId));
  if (!account || !(await verifyPassword(current, account.passwordHash))) {
    throw new FormError('currentPassword', 'Your current password is not right');
  }
  if (current === next) throw new FormError('newPassword', 'Choose a new password different from the current one');
  const passwordHash = await hashPassword(next);
  return db.transaction(async (tx) => {
    await tx.update(accounts).set({ passwordHash, mustChangePassword: false }).where(eq(accounts.id, user.accountId));
    await endAllSessions(tx, user.accountId);
    await recordAudit(tx, { action: 'account.password_changed', user, subjectType: 'account', subjectId: user.accountId });
    return startSession(tx, user.accountId);
  });
}
