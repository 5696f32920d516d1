import { setTimeout as sleep } from 'node:timers/promises';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { qualified } from '../../db/sql.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { endAllSessions, startSession } from '../../auth/sessions.ts';
import { dummyHash, generatePassword, hashPassword, verifyPassword } from '../../auth/passwords.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { recentFailedSignIns, recordAudit } from '../audit/index.ts';
import {
  currentPeopleByEmail,
  currentPeopleWithOrganisation,
  insertPerson,
  personName,
  personOrganisationName,
  personRecord,
} from '../organisations/index.ts';
import { accounts, type Role } from './accounts.tables.ts';
import {
  checkSecondFactor,
  hasSecondFactor,
  mustHaveSecondFactor,
  type SecondFactorAnswer,
} from './two-factor.service.ts';
import {
  countEmailCheck,
  EMAIL_CHECKS_PER_HOUR,
  FAILURE_WINDOW_MINUTES,
  type Refusal,
  type SignInLimits,
} from './sign-in-limits.ts';

/** After this many failures for an email within the window, each attempt from a new source waits longer. */
export const THROTTLE_AFTER = 3;
const MAX_DELAY_MS = 8000;

export type SignInResult =
  | { ok: true; token: string; mustChangePassword: boolean; secondFactorDue: boolean }
  // The password was right and the account has a second factor: a code is asked for before any session.
  | { ok: true; codeFor: number }
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
export async function signIn(
  db: Database,
  limits: SignInLimits,
  attempt: SignInAttempt,
  delayMs: number,
): Promise<SignInResult> {
  const email = attempt.email.trim().toLowerCase();
  const { source } = attempt;
  const refused =
    limits.take(email, source) ??
    (limits.isKnownSource(email, source) ? null : await checkFromNewSource(db, email, delayMs));
  if (refused) {
    await recordAudit(db, {
      action: 'sign_in.throttled',
      actor: email,
      detail: { email, waitMinutes: refused.minutes },
      ip: source,
    });
    return { ok: false, reason: 'locked', minutes: refused.minutes };
  }

  const [account] = await db.select().from(accounts).where(eq(accounts.email, email));
  const valid = await verifyPassword(attempt.password, account?.passwordHash ?? (await dummyHash()));
  if (!account || !valid || account.disabledAt) {
    await recordAudit(db, {
      action: 'sign_in.failed',
      actor: email,
      detail: {
        email,
        reason: !account ? 'unknown email' : account.disabledAt ? 'account disabled' : 'wrong password',
      },
      ip: source,
    });
    return { ok: false, reason: 'wrong' };
  }
  limits.succeeded(email, source);
  if (await hasSecondFactor(db, account.id)) {
    await recordAudit(db, {
      action: 'sign_in.second_factor_asked',
      user: { accountId: account.id, email },
      ip: source,
    });
    return { ok: true, codeFor: account.id };
  }
  // Someone who must have a second factor and has none gets a session that opens only its set-up.
  const secondFactorDue = await mustHaveSecondFactor(db, account);
  return startSignedInSession(db, { accountId: account.id, email }, source, { secondFactorDue });
}

async function startSignedInSession(
  db: Database,
  user: { accountId: number; email: string },
  source: string,
  detail: { secondFactorDue: boolean; secondFactor?: string },
) {
  return db.transaction(async (tx) => {
    const token = await startSession(tx, user.accountId, detail.secondFactorDue);
    await recordAudit(tx, { action: 'sign_in.succeeded', user, ip: source, detail: { email: user.email, ...detail } });
    const [account] = await tx
      .select({ mustChangePassword: accounts.mustChangePassword })
      .from(accounts)
      .where(eq(accounts.id, user.accountId));
    return {
      ok: true as const,
      token,
      secondFactorDue: detail.secondFactorDue,
      mustChangePassword: account!.mustChangePassword,
    };
  });
}

export type CodeResult =
  | { ok: true; token: string; mustChangePassword: boolean }
  | { ok: false; reason: 'wrong' | 'replayed' | 'gone' }
  | { ok: false; reason: 'locked'; minutes: number };

/**
 * The second step of signing in, for the account whose password was right minutes ago: a code
 * from an authenticator app, a recovery code or a security key's answer, counted per account so
 * codes cannot be guessed.
 */
export async function signInWithCode(
  db: Database,
  limits: SignInLimits,
  attempt: { accountId: number; code: SecondFactorAnswer; source: string; sessionSecret: string },
): Promise<CodeResult> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, attempt.accountId));
  if (!account || account.disabledAt) return { ok: false, reason: 'gone' };
  const user = { accountId: account.id, email: account.email };
  const refused = limits.takeCode(account.id);
  if (refused) {
    await recordAudit(db, {
      action: 'sign_in.throttled',
      user,
      ip: attempt.source,
      detail: { email: account.email, waitMinutes: refused.minutes, secondFactor: true },
    });
    return { ok: false, reason: 'locked', minutes: refused.minutes };
  }
  const check = await checkSecondFactor(db, account.id, attempt.code, attempt.sessionSecret);
  if (!check.ok) {
    await recordAudit(db, {
      action: 'sign_in.second_factor_failed',
      user,
      ip: attempt.source,
      // A security key's refusal says which check it failed: a counter going back may mean a cloned key.
      detail: { email: account.email, reason: check.reason, ...(check.keyRefusal && { keyRefusal: check.keyRefusal }) },
    });
    return check;
  }
  limits.codeAccepted(account.id);
  return startSignedInSession(db, user, attempt.source, { secondFactorDue: false, secondFactor: check.used });
}

/** From a source new to this email: counted against the email's hourly cap, then slowed after repeated failures. */
async function checkFromNewSource(db: Database, email: string, delayMs: number): Promise<Refusal | null> {
  if ((await countEmailCheck(db, email)) > EMAIL_CHECKS_PER_HOUR) return { minutes: 60 };
  const failures = await recentFailedSignIns(db, email, FAILURE_WINDOW_MINUTES);
  if (failures >= THROTTLE_AFTER && delayMs > 0)
    await sleep(Math.min(delayMs * 2 ** (failures - THROTTLE_AFTER), MAX_DELAY_MS));
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
      personId: accounts.personId,
      name: sql<string>`${personName(accounts.personId)}`,
      organisation: personOrganisationName(accounts.personId),
      lastSignIn: sql<Date | null>`(select max(s.created_at) from sessions s where s.account_id = ${qualified(accounts.id)})`,
    })
    .from(accounts)
    .orderBy(asc(personName(accounts.personId)));
}

export async function getAccount(db: Queryable, id: number) {
  const [row] = await db
    .select({
      id: accounts.id,
      email: accounts.email,
      role: accounts.role,
      disabledAt: accounts.disabledAt,
      personId: accounts.personId,
      name: sql<string>`${personName(accounts.personId)}`,
    })
    .from(accounts)
    .where(eq(accounts.id, id));
  if (!row) throw new NotFoundError('account');
  return row;
}

/** Who a new account is for: a person already in the Hub (one the form offered), or someone new. */
export type AccountHolder =
  { kind: 'existing'; personId: number } | { kind: 'new'; name: string; organisationId?: number; jobTitle?: string };

export interface NewAccountInput {
  holder: AccountHolder;
  /** The address to sign in with; for an existing person, their address on record when not given. */
  email?: string;
  role: Role;
}

/** How the person was found, for the audit entry. */
type Linked = 'chosen' | 'email on record' | 'new person';
interface Holder {
  id: number;
  name: string;
  email: string | null;
  linked: Linked;
}

/** Of these people, the ones who have an account already. */
async function withAccounts(db: Queryable, personIds: number[]): Promise<Set<number>> {
  if (!personIds.length) return new Set();
  const rows = await db
    .select({ personId: accounts.personId })
    .from(accounts)
    .where(inArray(accounts.personId, personIds));
  return new Set(rows.map((row) => row.personId));
}

/** People an account can be given to: current, and without one already. */
export async function listPeopleWithoutAccount(db: Queryable) {
  const current = await currentPeopleWithOrganisation(db);
  const taken = await withAccounts(
    db,
    current.map((person) => person.id),
  );
  return current.filter((person) => !taken.has(person.id));
}

/** The person chosen on the form: it must be one the form offered. */
async function chosenPerson(tx: Queryable, personId: number): Promise<Holder> {
  const person = await personRecord(tx, personId);
  if (!person || person.archivedAt) throw new FormError('personId', 'Choose the person from the list');
  if ((await withAccounts(tx, [person.id])).size)
    throw new FormError('personId', `${person.name} already has an account`);
  return { id: person.id, name: person.name, email: person.email, linked: 'chosen' };
}

/**
 * Someone "new" whose email is already on record is that person, never a duplicate: a duplicate
 * would lose their organisation, groups and papers.
 */
async function personOnRecord(tx: Queryable, email: string): Promise<Holder | null> {
  const matches = await currentPeopleByEmail(tx, email);
  if (matches.length > 1)
    throw new FormError(
      'email',
      'More than one person has this email address. Choose the person from the list of people already in the Hub',
    );
  const [match] = matches;
  if (!match) return null;
  if ((await withAccounts(tx, [match.id])).size)
    throw new FormError('email', `${match.name} has this email address and already has an account`);
  return { id: match.id, name: match.name, email: match.email, linked: 'email on record' };
}

async function newPerson(
  tx: Queryable,
  admin: CurrentUser,
  email: string,
  holder: Extract<AccountHolder, { kind: 'new' }>,
): Promise<Holder> {
  const person = await insertPerson(tx, {
    name: holder.name,
    email,
    organisationId: holder.organisationId,
    jobTitle: holder.jobTitle,
  });
  await recordAudit(tx, { action: 'person.created', user: admin, subjectType: 'person', subjectId: person.id });
  return { ...person, linked: 'new person' };
}

/** Refuses an email on record for someone other than the person the account is for. */
async function assertEmailFits(tx: Queryable, email: string, holder: Holder): Promise<void> {
  const other = (await currentPeopleByEmail(tx, email)).find((person) => person.id !== holder.id);
  if (other)
    throw new FormError(
      'email',
      `This email address is on record for ${other.name}. Choose them, or use another address`,
    );
}

/** Creates the account with a one-off password for the administrator to pass on. */
export async function createAccount(db: Database, admin: CurrentUser, input: NewAccountInput) {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const given = input.email?.trim().toLowerCase();
    let holder: Holder;
    if (input.holder.kind === 'existing') holder = await chosenPerson(tx, input.holder.personId);
    else if (!given)
      throw new FormError('email', 'Enter an email address in the correct format, like name@example.org');
    else holder = (await personOnRecord(tx, given)) ?? (await newPerson(tx, admin, given, input.holder));
    const email = given ?? holder.email?.toLowerCase();
    if (!email)
      throw new FormError(
        'email',
        `${holder.name} has no email address on record. Enter the address they will sign in with`,
      );
    await assertEmailFits(tx, email, holder);
    const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email));
    if (taken) throw new FormError('email', 'There is already an account with that email address');

    const [account] = await tx
      .insert(accounts)
      .values({ personId: holder.id, email, passwordHash, role: input.role, mustChangePassword: true })
      .returning();
    await recordAudit(tx, {
      action: 'account.created',
      user: admin,
      subjectType: 'account',
      subjectId: account!.id,
      detail: { email, role: input.role, personId: holder.id, person: holder.name, linked: holder.linked },
    });
    return { account: account!, person: holder, password };
  });
}

export async function resetPassword(db: Database, admin: CurrentUser, accountId: number) {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: true })
      .where(eq(accounts.id, accountId))
      .returning({ id: accounts.id });
    if (!updated) throw new NotFoundError('account');
    await endAllSessions(tx, accountId);
    await recordAudit(tx, {
      action: 'account.password_reset',
      user: admin,
      subjectType: 'account',
      subjectId: accountId,
    });
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
    await recordAudit(tx, {
      action: disabled ? 'account.disabled' : 'account.enabled',
      user: admin,
      subjectType: 'account',
      subjectId: accountId,
    });
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
    await recordAudit(tx, {
      action: 'account.role_changed',
      user: admin,
      subjectType: 'account',
      subjectId: accountId,
      detail: { from: before.role, to: role },
    });
  });
}

/** A person changes their own password; other sessions end, this one carries on with a new id. */
export async function changeOwnPassword(
  db: Database,
  user: CurrentUser,
  current: string,
  next: string,
): Promise<string> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, user.accountId));
  if (!account || !(await verifyPassword(current, account.passwordHash))) {
    throw new FormError('currentPassword', 'Your current password is not right');
  }
  if (current === next) throw new FormError('newPassword', 'Choose a new password different from the current one');
  const passwordHash = await hashPassword(next);
  return db.transaction(async (tx) => {
    await tx.update(accounts).set({ passwordHash, mustChangePassword: false }).where(eq(accounts.id, user.accountId));
    await endAllSessions(tx, user.accountId);
    await recordAudit(tx, {
      action: 'account.password_changed',
      user,
      subjectType: 'account',
      subjectId: user.accountId,
    });
    // The new session keeps the old one's limits: a second factor still due stays due.
    return startSession(tx, user.accountId, user.secondFactorDue ?? false);
  });
}
