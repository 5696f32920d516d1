/**
 * Delivery plans at scale, on PGlite, in one process and one run:
 * - the plan dashboard of a plan with 500 actions and 5,000 progress updates against the group
 *   page (20 members, 12 meetings, as in bench/pages.ts): requests/s, mean and p99 latency, and
 *   the ratio of mean latencies (goal: under 2×);
 * - the two ways of reading that plan's actions: listPlanActions (the shared read, with its
 *   per-action subqueries) and the dashboard's own lean query.
 *   npm run bench:plans [-- --seconds 10 --connections 10]
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
import { organisations } from '../src/modules/organisations/organisations.tables.ts';
import { listDashboardActions } from '../src/modules/plans/dashboard.service.ts';
import { listPlanActions } from '../src/modules/plans/plans.service.ts';
import {
  ACTION_STATES,
  STRANDS,
  planActionPartners,
  planActions,
  planObjectives,
  planProgressUpdates,
  plans,
} from '../src/modules/plans/plans.tables.ts';
import { Browser, createUser } from '../test/helpers.ts';
import { benchHub, seedGroupWithMeetings } from './fixtures.ts';
import { measure, warm } from './load.ts';

const DAY = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * A strategic plan of `actions` actions under six objectives, led by ten organisations and the
 * group's members, two partners each, and `updatesPerAction` dated progress updates each over the
 * past year (so some actions have gone quiet, some are overdue, a few are complete).
 */
async function seedPlan(
  db: Database,
  size: { ownerGroupId: number; leadPersonIds: number[]; accountId: number; actions: number; updatesPerAction: number },
) {
  const leads = await db
    .insert(organisations)
    .values(
      Array.from({ length: 10 }, (_, i) => ({
        name: `Lead organisation ${i + 1}`,
        sector: 'local_authority' as const,
      })),
    )
    .returning({ id: organisations.id });
  const [plan] = await db
    .insert(plans)
    .values({
      title: 'Prevent Delivery Plan',
      kind: 'delivery',
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
      ownerGroupId: size.ownerGroupId,
      status: 'approved',
      currentVersion: 1,
      createdBy: size.accountId,
    })
    .returning({ id: plans.id });
  const planId = plan!.id;
  const objectives = await db
    .insert(planObjectives)
    .values(
      Array.from({ length: 6 }, (_, i) => ({
        planId,
        position: i + 1,
        title: `Objective ${i + 1}`,
        strand: STRANDS[i % STRANDS.length]!,
      })),
    )
    .returning({ id: planObjectives.id });
  const now = Date.now();
  const actions = await db
    .insert(planActions)
    .values(
      Array.from({ length: size.actions }, (_, i) => ({
        planId,
        objectiveId: objectives[i % objectives.length]!.id,
        reference: `${(i % objectives.length) + 1}.${Math.floor(i / objectives.length) + 1}`,
        title: `Action ${i + 1}: deliver Prevent awareness sessions to partner staff`,
        description: 'Sessions for frontline staff, recorded in the training log.',
        strand: STRANDS[i % STRANDS.length]!,
        leadOrganisationId: leads[i % leads.length]!.id,
        leadPersonId: size.leadPersonIds[i % size.leadPersonIds.length]!,
        startOn: isoDay(now - ((i * 7) % 300) * DAY),
        dueOn: isoDay(now + (((i * 13) % 400) - 100) * DAY),
        createdBy: size.accountId,
        createdAt: new Date(now - 400 * DAY),
      })),
    )
    .returning({ id: planActions.id });
  await db
    .insert(planActionPartners)
    .values(
      actions.flatMap((a, i) =>
        [1, 2].map((k) => ({ actionId: a.id, organisationId: leads[(i + k) % leads.length]!.id })),
      ),
    );
  for (const [i, action] of actions.entries()) {
    // Every seventh action stopped being updated four months ago: the quiet list has something in it.
    const newest = now - (i % 7 === 0 ? 120 : i % 30) * DAY - i * 60_000;
    const updates = Array.from({ length: size.updatesPerAction }, (_, k) => ({
      actionId: action.id,
      state: ACTION_STATES[(i + k) % ACTION_STATES.length]!,
      note: `Update ${k + 1}: sessions delivered this month and feedback collected.`,
      writtenBy: size.accountId,
      writtenAt: new Date(newest - (size.updatesPerAction - 1 - k) * 30 * DAY),
    }));
    await db.insert(planProgressUpdates).values(updates);
    const last = updates[updates.length - 1]!;
    await db
      .update(planActions)
      .set({ state: last.state, lastProgressAt: last.writtenAt })
      .where(eq(planActions.id, action.id));
  }
  return planId;
}

/** Mean milliseconds of `work` over `times` runs, after one run to warm up. */
async function timeIt(times: number, work: () => Promise<unknown>) {
  await work();
  const start = performance.now();
  for (let i = 0; i < times; i++) await work();
  return (performance.now() - start) / times;
}

const hub = await benchHub();
const { app, database } = hub;
const { groupId, memberIds } = await seedGroupWithMeetings(database.db, { members: 20, meetings: 12 });
const user = await createUser(hub, 'viewer');
const seedStart = performance.now();
const planId = await seedPlan(database.db, {
  ownerGroupId: groupId,
  leadPersonIds: memberIds,
  accountId: user.accountId,
  actions: 500,
  updatesPerAction: 10,
});
console.log(
  `seeded a plan of 500 actions and 5,000 progress updates in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
);

const shared = await timeIt(10, () => listPlanActions(database.db, { planId }));
const lean = await timeIt(10, () => listDashboardActions(database.db, planId));
console.log(`listPlanActions:      ${shared.toFixed(1)} ms for 500 actions`);
console.log(`dashboard's own read: ${lean.toFixed(1)} ms for 500 actions`);

const browser = new Browser(app);
await browser.signIn(user.email);
const hubUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const headers = { cookie: browser.cookieHeader };
const groupUrl = `${hubUrl}/groups/${groupId}`;
const dashboardUrl = `${hubUrl}/plans/${planId}/dashboard`;

// Warm both (template compilation, JIT) before measuring.
await warm(groupUrl, headers);
await warm(dashboardUrl, headers);

const groupPage = await measure(groupUrl, headers);
const dashboard = await measure(dashboardUrl, headers);
const line = (name: string, r: { rps: number; mean: number; p99: number }) =>
  `${name} ${r.rps.toFixed(0)} req/s, mean ${r.mean.toFixed(1)} ms, p99 ${r.p99} ms`;
console.log(line('group page:     ', groupPage));
console.log(line('plan dashboard: ', dashboard));
console.log(
  `ratio:           dashboard takes ${(dashboard.mean / groupPage.mean).toFixed(2)}× the group page's mean time (goal: under 2×)`,
);
await app.close();
await database.close();
