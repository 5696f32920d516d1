import { inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { formatDate, isoDate, label } from '../../views/filters.ts';
import { formSchema } from '../../views/forms.ts';
import { blockPeriod, periodWords, PERIOD_SETTINGS, type BlockPart, type LiveBlock } from '../../reports/paper.ts';
import { planStateOf } from './response-plans.policy.ts';
import { plansInForce, responsePlanSummaries, type PlanInForce } from './response-plans.reads.ts';
import { responsePlanActivities } from './response-plans.tables.ts';

/*
 * The 14-day plans block of a board paper: the plans in force in the period, each with its
 * incident, its days, how many of its activities are done and where it stands, and the summary
 * its coordinator wrote at the close. Plans are OFFICIAL-SENSITIVE and seen only by coordinators
 * and the groups named on their incident: others' plans are left out, never counted, and taking
 * the plans into a paper is recorded as a read of them (responsePlanSummaries records it).
 */

const Settings = formSchema({ ...PERIOD_SETTINGS });

const SOURCE = '14-day response plans recorded in the Hub';

/** Activities done and in all, per plan, in one query. */
async function activityCounts(db: Queryable, planIds: number[]) {
  if (!planIds.length) return new Map<number, { done: number; all: number }>();
  const rows = await db
    .select({
      planId: responsePlanActivities.planId,
      done: sql<number>`count(*) filter (where ${responsePlanActivities.status} = 'done')::int`,
      all: sql<number>`count(*)::int`,
    })
    .from(responsePlanActivities)
    .where(inArray(responsePlanActivities.planId, planIds))
    .groupBy(responsePlanActivities.planId);
  return new Map(rows.map((r) => [r.planId, { done: r.done, all: r.all }]));
}

function planTable(plans: PlanInForce[], counts: Map<number, { done: number; all: number }>, asAt: string): BlockPart {
  return {
    kind: 'table',
    caption: '14-day plans in force in the period',
    head: ['Plan', 'Incident', 'First day', 'Last day', 'Activities done', 'Where it stands'],
    rows: plans.map((plan) => {
      const count = counts.get(plan.id) ?? { done: 0, all: 0 };
      return [
        plan.title,
        plan.incidentTitle,
        formatDate(plan.startsOn),
        formatDate(plan.lastDay),
        `${count.done} of ${count.all}`,
        label(planStateOf(plan, asAt)),
      ];
    }),
  };
}

export const responsePlansBlock: LiveBlock<typeof Settings> = {
  key: 'response-plans',
  title: '14-day plans in force',
  description: 'The 14-day response plans in force in the period, their activities and their closing summaries.',
  settings: Settings,
  async build(ctx, settings) {
    const period = blockPeriod(ctx, settings);
    const asAt = isoDate(ctx.asAt);
    const plans = await plansInForce(ctx.db, ctx.user, period.from, period.to);
    const [counts, closed] = await Promise.all([
      activityCounts(
        ctx.db,
        plans.map((p) => p.id),
      ),
      responsePlanSummaries(ctx.db, ctx.user, period),
    ]);
    const inForce = plans.filter((p) => planStateOf(p, asAt) === 'in_force').length;
    const opening: BlockPart = {
      kind: 'sentence',
      text: plans.length
        ? `${plans.length} 14-day ${plans.length === 1 ? 'plan was' : 'plans were'} in force from ${periodWords(period)}; ${inForce} ${inForce === 1 ? 'is' : 'are'} still in force.`
        : `No 14-day plan was in force from ${periodWords(period)}.`,
    };
    return {
      key: 'response-plans',
      heading: '14-day response plans',
      source: SOURCE,
      asAt,
      marking: plans.length ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL',
      parts: [
        opening,
        ...(plans.length ? [planTable(plans, counts, asAt)] : []),
        ...closed
          .filter((plan) => plan.summary)
          .map((plan): BlockPart => ({
            kind: 'sentence',
            text: `${plan.title} closed on ${formatDate(plan.closedOn)}: ${plan.summary.replace(/\.?$/, '.')}`,
          })),
      ],
    };
  },
};
