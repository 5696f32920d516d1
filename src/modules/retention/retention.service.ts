import { and, eq, isNull, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { deleteSignInAttemptsBefore, signInAttemptsBefore } from '../../auth/sign-in-attempts.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError } from '../../errors.ts';
import { recentRuns, type JobRun, type ScheduledJob } from '../../jobs/scheduled-jobs.ts';
import { scheduledJobRuns } from '../../jobs/jobs.tables.ts';
import { recordAudit } from '../audit/index.ts';
import { eventIdsDueReduction, eventsDueReduction, reduceEvent } from '../events/index.ts';
import { casesDueReduction, reduceExpiredCases } from '../referrals/index.ts';
import { RETENTION_KINDS, retentionSettings, type RetentionKind } from './retention.tables.ts';

export const JOB_NAME = 'retention';

/** Rows changed per statement: small enough that a live event's votes never wait long behind one. */
export const BATCH = 500;

export const DEFAULT_DAYS: Record<RetentionKind, number> = { event_delegates: 90, sign_in_attempts: 365 };

const DAY_MS = 86_400_000;

export type Periods = Record<RetentionKind, number>;

export async function periodsOf(db: Queryable): Promise<Periods> {
  const rows = await db.select().from(retentionSettings);
  const periods = { ...DEFAULT_DAYS };
  for (const row of rows) periods[row.kind] = row.days;
  return periods;
}

export async function setPeriods(db: Database, user: CurrentUser, periods: Periods, ip?: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await periodsOf(tx);
    const changed = RETENTION_KINDS.filter((kind) => before[kind] !== periods[kind]);
    if (!changed.length) return;
    for (const kind of changed) {
      await tx
        .insert(retentionSettings)
        .values({ kind, days: periods[kind], updatedBy: user.accountId })
        .onConflictDoUpdate({
          target: retentionSettings.kind,
          set: { days: periods[kind], updatedBy: user.accountId, updatedAt: new Date() },
        });
    }
    await recordAudit(tx, {
      action: 'retention.period_changed',
      user,
      ip,
      detail: Object.fromEntries(changed.map((kind) => [kind, { before: before[kind], after: periods[kind] }])),
    });
  });
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** What is due now, per kind: how many and the oldest date among them. */
export async function dueNow(db: Queryable, now: Date) {
  const periods = await periodsOf(db);
  const [events, attempts, cases] = await Promise.all([
    eventsDueReduction(db, daysBefore(now, periods.event_delegates)),
    signInAttemptsBefore(db, daysBefore(now, periods.sign_in_attempts)),
    casesDueReduction(db, now),
  ]);
  return { periods, events, attempts, cases };
}

/** One run: every kind purged or reduced in batches; what it did, in counts and never content. */
export async function runRetention(db: Database, now: Date): Promise<Record<string, number>> {
  const periods = await periodsOf(db);
  const summary = {
    eventsReduced: 0,
    votesRemoved: 0,
    itemsRemoved: 0,
    wordingsCleared: 0,
    tokensErased: 0,
    answersUnlinked: 0,
  };
  for (const eventId of await eventIdsDueReduction(db, daysBefore(now, periods.event_delegates))) {
    const reduced = await reduceEvent(db, eventId, BATCH);
    summary.eventsReduced += 1;
    summary.votesRemoved += reduced.votes;
    summary.itemsRemoved += reduced.items;
    summary.wordingsCleared += reduced.wordings;
    summary.tokensErased += reduced.tokens;
    summary.answersUnlinked += reduced.answers;
  }
  const before = daysBefore(now, periods.sign_in_attempts);
  let signInAttemptsDeleted = 0;
  for (let gone = -1; gone !== 0; signInAttemptsDeleted += gone) {
    gone = Math.max(0, await deleteSignInAttemptsBefore(db, before, BATCH));
  }
  const counts = { ...summary, signInAttemptsDeleted, referralCasesReduced: await reduceExpiredCases(db, now) };
  await recordAudit(db, { action: 'retention.ran', actor: JOB_NAME, detail: counts });
  return counts;
}

/** The daily job; the Hub runs it while open, when scheduled jobs are on. */
export const retentionJob: ScheduledJob = {
  name: JOB_NAME,
  every: 'day',
  atHour: 2,
  run: (db, now) => runRetention(db, now),
};

export const lastRuns = (db: Queryable): Promise<JobRun[]> => recentRuns(db, JOB_NAME);

export const ALREADY_RUNNING = 'Retention is running now: its counts will be in the list of runs when it ends.';

/**
 * "Run now": recorded among the job's runs under a period of its own, and refused while a run
 * (this one, the day's, or another Hub's) has not finished, so two never purge side by side.
 */
export async function runNow(db: Database, user: CurrentUser, ip?: string): Promise<void> {
  const now = new Date();
  const period = `run now ${now.toISOString()}`;
  const claimed = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${JOB_NAME}))`);
    const running = await tx
      .select({ period: scheduledJobRuns.period })
      .from(scheduledJobRuns)
      .where(
        and(
          eq(scheduledJobRuns.job, JOB_NAME),
          isNull(scheduledJobRuns.finishedAt),
          sql`${scheduledJobRuns.startedAt} > now() - interval '1 hour'`,
        ),
      );
    if (running.length) return false;
    await tx.insert(scheduledJobRuns).values({ job: JOB_NAME, period });
    await recordAudit(tx, { action: 'retention.run_requested', user, ip });
    return true;
  });
  if (!claimed) throw new FormError('run', ALREADY_RUNNING);
  const finish = (values: Partial<JobRun>) =>
    db
      .update(scheduledJobRuns)
      .set({ ...values, finishedAt: sql`now()` })
      .where(and(eq(scheduledJobRuns.job, JOB_NAME), eq(scheduledJobRuns.period, period)));
  try {
    await finish({ outcome: 'done', summary: await runRetention(db, now), error: null });
  } catch (error) {
    await finish({ outcome: 'failed', summary: null, error: String((error as Error).message ?? error) });
    throw error;
  }
}
