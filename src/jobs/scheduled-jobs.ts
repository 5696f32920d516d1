import { and, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { scheduledJobRuns } from './jobs.tables.ts';
import type { HubApp } from '../routes.ts';

/**
 * Work the Hub does on its own once a day or once a week (retention, reminders, the digest).
 * Each module that has such work exports its jobs; the app runs them while it is open.
 */
export interface ScheduledJob {
  /** Stable name, kept in the runs table: `retention`, `plan-reminders`, `weekly-digest`. */
  name: string;
  every: 'day' | 'week';
  /** The hour (server's local time) from which the period's run is due; a weekly job is due from Monday. */
  atHour: number;
  /** Does the work and says what it did, in counts. */
  run: (db: Queryable, now: Date) => Promise<Record<string, number>>;
}

export type JobRun = typeof scheduledJobRuns.$inferSelect;

/** A claim left unfinished this long belongs to a Hub that stopped mid-run: another may take it. */
const STALE_CLAIM = sql`interval '1 hour'`;

const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO week of a local date, as `2026-W48`: the week belongs to the year of its Thursday. */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${pad(week)}`;
}

/** The period a run at `now` belongs to, or null when the job is not yet due in it. */
export function duePeriod(job: Pick<ScheduledJob, 'every' | 'atHour'>, now: Date): string | null {
  const from = new Date(now);
  if (job.every === 'week') from.setDate(now.getDate() - ((now.getDay() + 6) % 7));
  from.setHours(job.atHour, 0, 0, 0);
  if (now < from) return null;
  if (job.every === 'week') return isoWeek(now);
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Takes the period's run for this Hub, or says another has it (or it is done). */
async function claim(db: Queryable, job: string, period: string): Promise<boolean> {
  const taken = await db
    .insert(scheduledJobRuns)
    .values({ job, period })
    .onConflictDoUpdate({
      target: [scheduledJobRuns.job, scheduledJobRuns.period],
      set: { startedAt: sql`now()` },
      setWhere: sql`${scheduledJobRuns.finishedAt} is null and ${scheduledJobRuns.startedAt} < now() - ${STALE_CLAIM}`,
    })
    .returning({ job: scheduledJobRuns.job });
  return taken.length > 0;
}

async function finish(
  db: Queryable,
  job: string,
  period: string,
  result: Pick<JobRun, 'outcome' | 'summary' | 'error'>,
) {
  await db
    .update(scheduledJobRuns)
    .set({ ...result, finishedAt: sql`now()` })
    .where(and(eq(scheduledJobRuns.job, job), eq(scheduledJobRuns.period, period)));
}

/**
 * Runs every job that is due and not yet run in its period. A failed run is recorded and not
 * retried until the next period, so a broken job cannot run every minute.
 */
export async function runDueJobs(db: Queryable, jobs: ScheduledJob[], now: Date): Promise<JobRun[]> {
  const ran: JobRun[] = [];
  for (const job of jobs) {
    const period = duePeriod(job, now);
    if (!period || !(await claim(db, job.name, period))) continue;
    try {
      await finish(db, job.name, period, { outcome: 'done', summary: await job.run(db, now), error: null });
    } catch (error) {
      await finish(db, job.name, period, {
        outcome: 'failed',
        summary: null,
        error: String((error as Error).message ?? error),
      });
    }
    const [row] = await db
      .select()
      .from(scheduledJobRuns)
      .where(and(eq(scheduledJobRuns.job, job.name), eq(scheduledJobRuns.period, period)));
    ran.push(row!);
  }
  return ran;
}

/** The latest runs of a job, newest first, for the pages that show what a job did. */
export function recentRuns(db: Queryable, job: string, limit = 10): Promise<JobRun[]> {
  return db
    .select()
    .from(scheduledJobRuns)
    .where(eq(scheduledJobRuns.job, job))
    .orderBy(desc(scheduledJobRuns.startedAt))
    .limit(limit);
}

const CHECK_EVERY_MS = 60_000;

/** Checks each minute for due jobs; returns the way to stop, which waits for a run in progress. */
export function startScheduledJobs(db: Queryable, jobs: ScheduledJob[], onError: (error: unknown) => void) {
  let running: Promise<unknown> | undefined;
  const check = () => {
    if (running) return;
    running = runDueJobs(db, jobs, new Date())
      .catch(onError)
      .finally(() => (running = undefined));
  };
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  check();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** Runs the Hub's scheduled jobs while it is open, unless the configuration turned them off. */
export function runScheduledJobsWhileOpen(app: HubApp, jobs: ScheduledJob[]): void {
  if (!app.config.scheduledJobs || jobs.length === 0) return;
  const stop = startScheduledJobs(app.db, jobs, (error) => app.log.error({ err: error }, 'a scheduled job failed'));
  app.addHook('onClose', stop);
}
