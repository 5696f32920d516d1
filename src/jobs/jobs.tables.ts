import { pgTable, text, timestamp, jsonb, primaryKey } from 'drizzle-orm/pg-core';

/**
 * One row per run of a scheduled job in its period (a day, a week). The row is the claim: the
 * first Hub to insert it runs the job, so several Hubs on one PostgreSQL never run it twice.
 * The summary holds counts only, never content.
 */
export const scheduledJobRuns = pgTable(
  'scheduled_job_runs',
  {
    job: text('job').notNull(),
    /** `2026-11-27` for a daily job, `2026-W48` for a weekly one. */
    period: text('period').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    outcome: text('outcome', { enum: ['done', 'failed'] }),
    summary: jsonb('summary').$type<Record<string, number>>(),
    /** The error's message when it failed: for an administrator, never personal data. */
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.job, t.period] })],
);
