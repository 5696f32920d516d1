import { and, desc, eq, gt, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { endAllSessions, secondFactorSetUp } from '../../auth/sessions.ts';
import { generatePassword } from '../../auth/passwords.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { ask } from '../../reactions.ts';
import { recordAudit } from '../audit/index.ts';
import { accounts, type Role } from './accounts.tables.ts';
import { newAuthenticatorSecret, openSecret, sealSecret, stepOfCode, hashRecoveryCode } from './totp.ts';
import { securityKeys } from './security-keys.tables.ts';
import { recoveryCodes, secondFactorRequirement, secondFactors } from './two-factor.tables.ts';

/** Who is acting, as the audit log names them. */
type Actor = Pick<CurrentUser, 'accountId' | 'email'>;

export const RECOVERY_CODE_COUNT = 10;

export interface Requirement {
  roles: Role[];
  /** Members of groups whose library holds OFFICIAL-SENSITIVE papers, whatever their role. */
  sensitiveGroups: boolean;
}

/** Until an administrator says otherwise: those who run the partnership, and readers of sensitive papers. */
export const DEFAULT_REQUIREMENT: Requirement = { roles: ['administrator', 'coordinator'], sensitiveGroups: true };

export async function readRequirement(db: Queryable): Promise<Requirement> {
  const [row] = await db.select().from(secondFactorRequirement).where(eq(secondFactorRequirement.id, 1));
  return row ? { roles: row.roles, sensitiveGroups: row.sensitiveGroups } : DEFAULT_REQUIREMENT;
}

export async function setRequirement(db: Database, admin: Actor, next: Requirement): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await readRequirement(tx);
    const values = { roles: next.roles, sensitiveGroups: next.sensitiveGroups, changedBy: admin.accountId };
    await tx
      .insert(secondFactorRequirement)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: secondFactorRequirement.id, set: { ...values, changedAt: sql`now()` } });
    await recordAudit(tx, {
      action: 'second_factor.requirement_changed',
      user: admin,
      detail: { from: before, to: next },
    });
  });
}

/** Whether this person must have a second factor: by role, or by the papers their groups hold. */
export async function mustHaveSecondFactor(db: Queryable, account: { role: Role; personId: number }) {
  const requirement = await readRequirement(db);
  if (requirement.roles.includes(account.role)) return true;
  return requirement.sensitiveGroups && (await ask('documents.sensitiveReader', false, db, account.personId));
}

const inUse = (accountId: number) =>
  and(eq(secondFactors.accountId, accountId), isNotNull(secondFactors.confirmedAt), isNull(secondFactors.removedAt));
const unusedRecoveryCodes = (accountId: number) =>
  and(eq(recoveryCodes.accountId, accountId), isNull(recoveryCodes.usedAt), isNull(recoveryCodes.replacedAt));

export async function hasSecondFactor(db: Queryable, accountId: number): Promise<boolean> {
  const [row] = await db.select({ id: secondFactors.id }).from(secondFactors).where(inUse(accountId)).limit(1);
  return row !== undefined;
}

/** What a person (or an administrator) sees of an account's second factors: never a secret. */
export async function secondFactorSummary(db: Queryable, accountId: number) {
  const factors = await db
    .select({
      id: secondFactors.id,
      kind: secondFactors.kind,
      addedAt: secondFactors.confirmedAt,
      name: securityKeys.name,
      lastUsedAt: securityKeys.lastUsedAt,
    })
    .from(secondFactors)
    .leftJoin(securityKeys, eq(securityKeys.factorId, secondFactors.id))
    .where(inUse(accountId))
    .orderBy(secondFactors.confirmedAt);
  const [codes] = await db
    .select({ left: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(unusedRecoveryCodes(accountId));
  return { factors, recoveryCodesLeft: codes?.left ?? 0 };
}

/**
 * The authenticator being set up: its secret is shown (as a QR code and as text) until a code
 * confirms it, and never after. Opening the page again shows the same one for an hour.
 */
export async function pendingAuthenticator(db: Queryable, accountId: number, sessionSecret: string) {
  const [pending] = await db
    .select()
    .from(secondFactors)
    .where(
      and(
        eq(secondFactors.accountId, accountId),
        eq(secondFactors.kind, 'authenticator'),
        isNull(secondFactors.confirmedAt),
        isNull(secondFactors.removedAt),
        gt(secondFactors.createdAt, sql`now() - interval '1 hour'`),
      ),
    )
    .orderBy(desc(secondFactors.id))
    .limit(1);
  const secret = pending?.secret ? openSecret(pending.secret, sessionSecret) : null;
  if (pending && secret) return { id: pending.id, secret };
  const fresh = newAuthenticatorSecret();
  const [row] = await db
    .insert(secondFactors)
    .values({ accountId, kind: 'authenticator', secret: sealSecret(fresh, sessionSecret) })
    .returning({ id: secondFactors.id });
  return { id: row!.id, secret: fresh };
}

const WRONG_CODE = 'The code is not right. Enter the 6-digit code your authenticator app shows now';

/**
 * A current code confirms the authenticator being set up. The first factor comes with ten
 * recovery codes (returned, to be shown once); sessions waiting for a second factor open.
 */
export async function confirmAuthenticator(
  db: Database,
  user: Actor,
  sessionSecret: string,
  code: string,
): Promise<{ recoveryCodes: string[] | null }> {
  const pending = await pendingAuthenticator(db, user.accountId, sessionSecret);
  const step = stepOfCode(pending.secret, code.replace(/\s/g, ''));
  if (step === null) throw new FormError('code', WRONG_CODE);
  return db.transaction(async (tx) => {
    const hadCodes = (await secondFactorSummary(tx, user.accountId)).recoveryCodesLeft > 0;
    await tx
      .update(secondFactors)
      .set({ confirmedAt: sql`now()`, lastStep: step })
      .where(eq(secondFactors.id, pending.id));
    await recordAudit(tx, {
      action: 'account.second_factor_added',
      user,
      subjectType: 'account',
      subjectId: user.accountId,
      detail: { kind: 'authenticator', factorId: pending.id },
    });
    await secondFactorSetUp(tx, user.accountId);
    return { recoveryCodes: hadCodes ? null : await makeRecoveryCodes(tx, user) };
  });
}

/** Ten new recovery codes; any earlier ones stop working. Returned in clear once, stored hashed. */
export async function makeRecoveryCodes(tx: Queryable, user: Actor): Promise<string[]> {
  await tx
    .update(recoveryCodes)
    .set({ replacedAt: sql`now()` })
    .where(and(eq(recoveryCodes.accountId, user.accountId), isNull(recoveryCodes.replacedAt)));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => generatePassword());
  await tx
    .insert(recoveryCodes)
    .values(codes.map((code) => ({ accountId: user.accountId, codeHash: hashRecoveryCode(code) })));
  await recordAudit(tx, {
    action: 'account.recovery_codes_made',
    user,
    subjectType: 'account',
    subjectId: user.accountId,
  });
  return codes;
}

/** New recovery codes asked for by their holder, who must have a second factor to recover. */
export async function replaceRecoveryCodes(db: Database, user: Actor): Promise<string[]> {
  if (!(await hasSecondFactor(db, user.accountId)))
    throw new FormError(
      'recovery',
      'Set up an authenticator app or security key first: recovery codes stand in for it',
    );
  return db.transaction((tx) => makeRecoveryCodes(tx, user));
}

/** A person removes one of their own factors; one whose role needs a factor cannot remove the last. */
export async function removeSecondFactor(db: Database, user: CurrentUser, factorId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .update(secondFactors)
      .set({ removedAt: sql`now()` })
      .where(and(eq(secondFactors.id, factorId), inUse(user.accountId)))
      .returning({ id: secondFactors.id, kind: secondFactors.kind });
    if (!removed) throw new NotFoundError('second factor');
    if (!(await hasSecondFactor(tx, user.accountId)) && (await mustHaveSecondFactor(tx, user)))
      throw new FormError(
        'remove',
        'You must keep a second factor. Set up another authenticator app or security key before removing this one',
      );
    await recordAudit(tx, {
      action: 'account.second_factor_removed',
      user,
      subjectType: 'account',
      subjectId: user.accountId,
      detail: { kind: removed.kind, factorId },
    });
  });
}

/**
 * Losing a factor: an administrator removes all of a person's factors and recovery codes and
 * signs them out; at their next sign-in they set one up again if they must have one.
 */
export async function resetSecondFactors(db: Database, admin: Actor, accountId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw new NotFoundError('account');
    const removed = await tx
      .update(secondFactors)
      .set({ removedAt: sql`now()` })
      .where(and(eq(secondFactors.accountId, accountId), isNull(secondFactors.removedAt)))
      .returning({ id: secondFactors.id });
    await tx
      .update(recoveryCodes)
      .set({ replacedAt: sql`now()` })
      .where(and(eq(recoveryCodes.accountId, accountId), isNull(recoveryCodes.replacedAt)));
    await endAllSessions(tx, accountId);
    await recordAudit(tx, {
      action: 'account.second_factors_reset',
      user: admin,
      subjectType: 'account',
      subjectId: accountId,
      detail: { factorsRemoved: removed.length },
    });
  });
}

export type CodeCheck =
  | { ok: true; used: 'authenticator' | 'recovery code' | 'security key' }
  | { ok: false; reason: 'wrong' | 'replayed'; keyRefusal?: string };

/** What a person gives at the second step: a typed code, or a security key's answer checked by its own service. */
export type SecondFactorAnswer = string | (() => Promise<CodeCheck>);

/**
 * The second step of signing in. Six digits are an authenticator code: accepted only for a step
 * later than the last one used, and the step is recorded in the same statement, so a code is
 * never accepted twice even by requests racing each other. Anything else is a recovery code.
 */
export async function checkSecondFactor(
  db: Queryable,
  accountId: number,
  given: SecondFactorAnswer,
  sessionSecret: string,
): Promise<CodeCheck> {
  if (typeof given === 'function') return given();
  const code = given.replace(/\s/g, '');
  if (/^\d{6}$/.test(code)) {
    const factors = await db
      .select({ id: secondFactors.id, secret: secondFactors.secret })
      .from(secondFactors)
      .where(and(inUse(accountId), eq(secondFactors.kind, 'authenticator')));
    for (const factor of factors) {
      const secret = factor.secret ? openSecret(factor.secret, sessionSecret) : null;
      const step = secret ? stepOfCode(secret, code) : null;
      if (step === null) continue;
      const [taken] = await db
        .update(secondFactors)
        .set({ lastStep: step })
        .where(
          and(eq(secondFactors.id, factor.id), or(isNull(secondFactors.lastStep), lt(secondFactors.lastStep, step))),
        )
        .returning({ id: secondFactors.id });
      return taken ? { ok: true, used: 'authenticator' } : { ok: false, reason: 'replayed' };
    }
    return { ok: false, reason: 'wrong' };
  }
  const [used] = await db
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(unusedRecoveryCodes(accountId), eq(recoveryCodes.codeHash, hashRecoveryCode(code))))
    .returning({ id: recoveryCodes.id });
  return used ? { ok: true, used: 'recovery code' } : { ok: false, reason: 'wrong' };
}
