import { and, asc, count, desc, eq, gte, lt, min, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { signInAttempts, type SignInOutcome } from './sign-in-attempts.tables.ts';

export { SIGN_IN_OUTCOMES, type SignInOutcome } from './sign-in-attempts.tables.ts';

export interface SignInAttempt {
  outcome: SignInOutcome;
  accountId?: number | null;
  email?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

export async function recordSignInAttempt(db: Queryable, attempt: SignInAttempt): Promise<void> {
  await db.insert(signInAttempts).values({
    outcome: attempt.outcome,
    accountId: attempt.accountId ?? null,
    email: attempt.email ?? null,
    detail: attempt.detail ?? null,
    ip: attempt.ip ?? null,
  });
}

/** Failed sign-ins for an email within the last `minutes`, to slow down guessing. */
export async function recentFailedSignIns(db: Queryable, email: string, minutes: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.outcome, 'failed'),
        eq(signInAttempts.email, email),
        gte(signInAttempts.at, sql`now() - make_interval(mins => ${minutes})`),
      ),
    );
  return row?.n ?? 0;
}

/** How many attempts are older than `before`, and the oldest of them. */
export async function signInAttemptsBefore(db: Queryable, before: Date) {
  const [row] = await db
    .select({ n: count(), oldest: min(signInAttempts.at) })
    .from(signInAttempts)
    .where(lt(signInAttempts.at, before));
  return { count: row?.n ?? 0, oldest: row?.oldest ?? null };
}

/** Deletes up to `batch` attempts older than `before`, in one statement; says how many went. */
export async function deleteSignInAttemptsBefore(db: Queryable, before: Date, batch: number): Promise<number> {
  const oldest = db
    .select({ id: signInAttempts.id })
    .from(signInAttempts)
    .where(lt(signInAttempts.at, before))
    .orderBy(signInAttempts.at)
    .limit(batch);
  const gone = await db
    .delete(signInAttempts)
    .where(sql`${signInAttempts.id} in (${oldest})`)
    .returning({ id: signInAttempts.id });
  return gone.length;
}

/** Attempts made as one email (as sign-in stores it), or all of them. */
const forEmail = (email: string | undefined) =>
  email ? eq(signInAttempts.email, email.trim().toLowerCase()) : undefined;

/** The latest attempts, newest first, optionally for one email, for administrators to review. */
export function latestSignInAttempts(db: Queryable, email: string | undefined, limit = 200) {
  return db
    .select()
    .from(signInAttempts)
    .where(forEmail(email))
    .orderBy(desc(signInAttempts.at), desc(signInAttempts.id))
    .limit(limit);
}

/** One page of attempts, oldest first, optionally for one email: the export reads them all so. */
export function signInAttemptsPage(db: Queryable, email: string | undefined, limit: number, offset: number) {
  return db
    .select()
    .from(signInAttempts)
    .where(forEmail(email))
    .orderBy(asc(signInAttempts.id))
    .limit(limit)
    .offset(offset);
}
