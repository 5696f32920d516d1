/**
 * Delivery plans at scale, on PGlite, in one process and one run:
 * - the plan dashboard of a plan with 500 actions and 5,000 progress updates against the group
 *   page (20 members, 12 meetings, as in bench/pages.ts): requests/s, mean and p99 latency, and
 *   the ratio of mean latencies (goal: under 2×);
 * - the two ways of reading that plan's actions: listPlanActions (the shared read, with its
 *   per-action subqueries) and the dashboard's own lean query.
 *   npm run bench:plans [-- --seconds 10 --connections 10]
 */
import { listDashboardActions } from '../src/modules/plans/dashboard.service.ts';
import { listPlanActions } from '../src/modules/plans/plans.service.ts';
import { Browser, createUser } from '../test/helpers.ts';
import { benchHub, seedGroupWithMeetings, seedPlan } from './fixtures.ts';
import { measure, warm } from './load.ts';

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
