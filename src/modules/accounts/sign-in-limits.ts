import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { AttemptCounter } from '../../auth/attempts.ts';
import { signInChecks } from './accounts.tables.ts';

/** Failed sign-ins for one email from one source before that source is locked out for that email. */
export const LOCK_AFTER = 10;
export const FAILURE_WINDOW_MINUTES = 15;
/** Sign-ins from one source, whatever the email: one source cannot try many people's passwords. */
export const SOURCE_LIMIT = 20;
/** Password checks per hour for one email from sources it has never signed in from, all together. */
export const EMAIL_CHECKS_PER_HOUR = 30;
const KNOWN_SOURCE_MS = 30 * 24 * 3_600_000;
/**
 * Wrong second-factor codes for one account, from every source together, before code entry stops
 * for the window: three codes are right at any moment, so ten guesses a quarter-hour give one chance in 30,000.
 */
export const CODE_GUESSES = 10;

export type Refusal = { minutes: number };

/**
 * The in-memory half of the sign-in limits, one per running Hub. Sources are counted by keyed
 * hash only (see AttemptCounter). A lockout is per email-and-source, so a stranger who guesses
 * locks out only their own source; a source the person has signed in from before stays open to them.
 */
export class SignInLimits {
  private readonly perSource = new AttemptCounter(SOURCE_LIMIT, FAILURE_WINDOW_MINUTES * 60_000);
  private readonly perEmailAndSource = new AttemptCounter(LOCK_AFTER, FAILURE_WINDOW_MINUTES * 60_000);
  // Remembering a source for a month is the point of this one: its hashing key lasts as long.
  private readonly knownSources = new AttemptCounter(1, KNOWN_SOURCE_MS, { keyMs: KNOWN_SOURCE_MS });
  private readonly codes = new AttemptCounter(CODE_GUESSES, FAILURE_WINDOW_MINUTES * 60_000);

  /** Counts a second-factor code before it is checked; a refusal says how long to wait. */
  takeCode(accountId: number): Refusal | null {
    return this.codes.take(String(accountId)) ? null : { minutes: FAILURE_WINDOW_MINUTES };
  }

  /** A right code: the account's wrong ones are forgotten. */
  codeAccepted(accountId: number): void {
    this.codes.clear(String(accountId));
  }

  /** Counts an attempt before the password is checked; a refusal says how long to wait. */
  take(email: string, source: string): Refusal | null {
    if (this.perSource.isBlocked(source) || this.perEmailAndSource.isBlocked([email, source])) {
      return { minutes: FAILURE_WINDOW_MINUTES };
    }
    this.perSource.take(source);
    this.perEmailAndSource.take([email, source]);
    return null;
  }

  /** Whether this email has signed in from this source before (within the last month). */
  isKnownSource(email: string, source: string): boolean {
    return this.knownSources.isBlocked([email, source]);
  }

  /** A successful sign-in: its attempts were legitimate, and its source is now known. */
  succeeded(email: string, source: string): void {
    this.perSource.giveBack(source);
    this.perEmailAndSource.clear([email, source]);
    if (!this.isKnownSource(email, source)) this.knownSources.take([email, source]);
  }
}

/**
 * Counts one password check for an email from an unknown source and returns the count so far this
 * hour. One statement: the row lock of the upsert serialises parallel sign-ins on PostgreSQL, so
 * each gets its own number and none slips past the limit.
 */
export async function countEmailCheck(db: Queryable, email: string): Promise<number> {
  const expired = sql`${signInChecks.windowStartedAt} <= now() - interval '1 hour'`;
  const [row] = await db
    .insert(signInChecks)
    .values({ email, checks: 1 })
    .onConflictDoUpdate({
      target: signInChecks.email,
      set: {
        windowStartedAt: sql`case when ${expired} then now() else ${signInChecks.windowStartedAt} end`,
        checks: sql`case when ${expired} then 1 else ${signInChecks.checks} + 1 end`,
      },
    })
    .returning({ checks: signInChecks.checks });
  return row!.checks;
}
