import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { databaseOnlyHub } from '../../test/helpers.ts';
import { duePeriod, isoWeek, recentRuns, runDueJobs, type ScheduledJob } from './scheduled-jobs.ts';
import { scheduledJobRuns } from './jobs.tables.ts';

const at = (text: string) => new Date(text);

test('a daily job is due from its hour; a weekly one from Monday at its hour, keyed by ISO week', () => {
  assert.equal(duePeriod({ every: 'day', atHour: 2 }, at('2026-11-27T01:59:00')), null);
  assert.equal(duePeriod({ every: 'day', atHour: 2 }, at('2026-11-27T02:00:00')), '2026-11-27');
  assert.equal(duePeriod({ every: 'week', atHour: 7 }, at('2026-11-23T06:00:00')), null, 'Monday before the hour');
  assert.equal(duePeriod({ every: 'week', atHour: 7 }, at('2026-11-23T07:00:00')), '2026-W48');
  assert.equal(duePeriod({ every: 'week', atHour: 7 }, at('2026-11-29T03:00:00')), '2026-W48', 'Sunday still in it');
  assert.equal(isoWeek(at('2026-01-01T12:00:00')), '2026-W01');
  assert.equal(isoWeek(at('2027-01-01T12:00:00')), '2026-W53');
  assert.equal(isoWeek(at('2024-12-30T12:00:00')), '2025-W01');
});

test('a due job runs once in its period however many Hubs look, and records its counts', async (t) => {
  const { database } = await databaseOnlyHub(t);
  const db = database.db;
  let runs = 0;
  const job: ScheduledJob = {
    name: 'count-test',
    every: 'day',
    atHour: 0,
    run: async () => ({ purged: ++runs }),
  };
  const now = at('2026-11-27T09:00:00');
  const [first, second] = await Promise.all([runDueJobs(db, [job], now), runDueJobs(db, [job], now)]);
  assert.equal(runs, 1, 'two Hubs looking at once ran it once');
  assert.equal(first.length + second.length, 1);
  assert.deepEqual((await runDueJobs(db, [job], at('2026-11-27T23:00:00'))).length, 0, 'not again the same day');
  await runDueJobs(db, [job], at('2026-11-28T09:00:00'));
  assert.equal(runs, 2, 'again the next day');
  const recent = await recentRuns(db, 'count-test');
  assert.deepEqual(
    recent.map((r) => [r.period, r.outcome, r.summary]),
    [
      ['2026-11-28', 'done', { purged: 2 }],
      ['2026-11-27', 'done', { purged: 1 }],
    ],
  );
});

test('a failed run is recorded with its message and not retried that period; a stale claim is taken over', async (t) => {
  const { database } = await databaseOnlyHub(t);
  const db = database.db;
  let tries = 0;
  const failing: ScheduledJob = {
    name: 'failing-test',
    every: 'day',
    atHour: 0,
    run: () => {
      tries++;
      return Promise.reject(new Error('the outbox was unreachable'));
    },
  };
  const [run] = await runDueJobs(db, [failing], at('2026-11-27T09:00:00'));
  assert.equal(run?.outcome, 'failed');
  assert.equal(run?.error, 'the outbox was unreachable');
  await runDueJobs(db, [failing], at('2026-11-27T10:00:00'));
  assert.equal(tries, 1);

  // A Hub that stopped mid-run leaves a claim without an end: after an hour another Hub takes it.
  const stuck: ScheduledJob = { name: 'stuck-test', every: 'day', atHour: 0, run: async () => ({ reduced: 3 }) };
  await db.insert(scheduledJobRuns).values({ job: 'stuck-test', period: '2026-11-27' });
  assert.equal((await runDueJobs(db, [stuck], at('2026-11-27T09:00:00'))).length, 0, 'a fresh claim is respected');
  await db
    .update(scheduledJobRuns)
    .set({ startedAt: sql`now() - interval '2 hours'` })
    .where(eq(scheduledJobRuns.job, 'stuck-test'));
  const [taken] = await runDueJobs(db, [stuck], at('2026-11-27T09:00:00'));
  assert.deepEqual([taken?.outcome, taken?.summary], ['done', { reduced: 3 }]);
});
