import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Queryable } from '../../db/client.ts';
import { recordAudit } from '../audit/index.ts';
import { organisationName } from '../organisations/index.ts';
import { areaName } from '../partnership/index.ts';
import { incidentsVisibleTo } from './incident.ts';
import { addDays, dayNumber } from './response-plans.dates.ts';
import { closedPlan, inForceBetween, isInForceOn, lastDayOf } from './response-plans.policy.ts';
import {
  responsePlanActivities,
  responsePlanAreas,
  responsePlanCheckIns,
  responsePlans,
  type ActivityStatus,
  type Closing,
} from './response-plans.tables.ts';

/*
 * What pages and other modules read of response plans. Lists keep only the plans the reader may see
 * (coordinators, and the groups named on each plan's incident); reading them is recorded in the audit log.
 */

export interface PlanInForce {
  id: number;
  title: string;
  incidentId: number;
  incidentTitle: string;
  startsOn: string;
  endsOn: string;
  closedOn: string | null;
  lastDay: string;
}

/** Plans in force on some day from `from` to `to`, that the user may see, earliest first. */
export async function plansInForce(db: Queryable, user: CurrentUser, from: string, to: string): Promise<PlanInForce[]> {
  const rows = await db
    .select({
      id: responsePlans.id,
      title: responsePlans.title,
      incidentId: responsePlans.incidentId,
      startsOn: responsePlans.startsOn,
      endsOn: responsePlans.endsOn,
      closedOn: responsePlans.closedOn,
    })
    .from(responsePlans)
    .where(inForceBetween(from, to))
    .orderBy(asc(responsePlans.startsOn), asc(responsePlans.id));
  const incidents = await incidentsVisibleTo(
    db,
    user,
    rows.map((r) => r.incidentId),
  );
  return rows.flatMap((row) => {
    const incident = incidents.get(row.incidentId);
    return incident ? [{ ...row, incidentTitle: incident.title, lastDay: lastDayOf(row) }] : [];
  });
}

export interface TodayActivity {
  planId: number;
  planTitle: string;
  incidentTitle: string;
  day: number;
  heading: string;
  description: string;
  leadOrganisationName: string | null;
  status: ActivityStatus;
}

/**
 * What is happening on `on` across every plan in force that day: each plan's activities for its
 * day number there, merged into one list by heading so partners see where plans meet.
 */
export async function happeningOn(
  db: Queryable,
  user: CurrentUser,
  on: string,
): Promise<{ plans: PlanInForce[]; activities: TodayActivity[] }> {
  const plans = (await plansInForce(db, user, on, on)).filter((plan) => isInForceOn(plan, on));
  if (!plans.length) return { plans, activities: [] };
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  const dayOf = sql<number>`(${on}::date - ${responsePlans.startsOn})`;
  const rows = await db
    .select({
      planId: responsePlanActivities.planId,
      day: responsePlanActivities.day,
      heading: responsePlanActivities.heading,
      description: responsePlanActivities.description,
      leadOrganisationName: organisationName(responsePlanActivities.leadOrganisationId),
      status: responsePlanActivities.status,
    })
    .from(responsePlanActivities)
    .innerJoin(responsePlans, eq(responsePlans.id, responsePlanActivities.planId))
    .where(and(inArray(responsePlanActivities.planId, [...byId.keys()]), eq(responsePlanActivities.day, dayOf)))
    .orderBy(asc(responsePlanActivities.heading), asc(responsePlans.startsOn), asc(responsePlanActivities.id));
  const activities = rows.map((row) => ({
    ...row,
    planTitle: byId.get(row.planId)!.title,
    incidentTitle: byId.get(row.planId)!.incidentTitle,
  }));
  await recordAudit(db, {
    action: 'response_plan.viewed',
    user,
    subjectType: 'response_plans_on',
    subjectId: on,
    detail: { planIds: plans.map((p) => p.id) },
  });
  return { plans, activities };
}

/** The plan page's lists, each in one query. */
export async function planDetail(db: Queryable, planId: number) {
  const [activities, checkIns, areas] = await Promise.all([
    db
      .select({
        id: responsePlanActivities.id,
        heading: responsePlanActivities.heading,
        description: responsePlanActivities.description,
        leadOrganisationId: responsePlanActivities.leadOrganisationId,
        leadOrganisationName: organisationName(responsePlanActivities.leadOrganisationId),
        day: responsePlanActivities.day,
        status: responsePlanActivities.status,
        planActionId: responsePlanActivities.planActionId,
      })
      .from(responsePlanActivities)
      .where(eq(responsePlanActivities.planId, planId))
      .orderBy(asc(responsePlanActivities.day), asc(responsePlanActivities.id)),
    db
      .select()
      .from(responsePlanCheckIns)
      .where(eq(responsePlanCheckIns.planId, planId))
      .orderBy(desc(responsePlanCheckIns.on), desc(responsePlanCheckIns.id)),
    db
      .select({ id: responsePlanAreas.areaId, name: areaName(responsePlanAreas.areaId) })
      .from(responsePlanAreas)
      .where(eq(responsePlanAreas.planId, planId)),
  ]);
  return { activities, checkIns, areas: areas.map((a) => ({ id: a.id, name: a.name ?? '' })) };
}

/** The days of a plan, each with its date and activities: the timeline's rows. */
export function planDays<A extends { day: number }>(plan: { startsOn: string; endsOn: string }, activities: A[]) {
  const last = dayNumber(plan.startsOn, plan.endsOn);
  return Array.from({ length: last + 1 }, (_, day) => ({
    day,
    on: addDays(plan.startsOn, day),
    activities: activities.filter((a) => a.day === day),
  }));
}

export interface ResponsePlanSummary {
  id: number;
  title: string;
  incidentTitle: string;
  startsOn: string;
  closedOn: string;
  closing: Closing;
  summary: string;
  activitiesDone: number;
  activities: number;
  checkIns: number;
  highestLevel: number | null;
}

/**
 * Closed plans in force during a period, with the summary their coordinator wrote at the close:
 * what a board paper quotes. Only plans the user may see; the read is audited.
 */
export async function responsePlanSummaries(
  db: Queryable,
  user: CurrentUser,
  period: { from: string; to: string },
): Promise<ResponsePlanSummary[]> {
  const visible = await plansInForce(db, user, period.from, period.to);
  const plans = visible.map((p) => p.id);
  if (!plans.length) return [];
  const done = sql<number>`count(*) filter (where ${responsePlanActivities.status} = 'done')::int`;
  const [rows, counts, levels] = await Promise.all([
    db
      .select()
      .from(responsePlans)
      .where(and(inArray(responsePlans.id, plans), closedPlan))
      .orderBy(asc(responsePlans.startsOn)),
    db
      .select({ planId: responsePlanActivities.planId, done, all: sql<number>`count(*)::int` })
      .from(responsePlanActivities)
      .where(inArray(responsePlanActivities.planId, plans))
      .groupBy(responsePlanActivities.planId),
    db
      .select({
        planId: responsePlanCheckIns.planId,
        highest: max(responsePlanCheckIns.level),
        count: sql<number>`count(*)::int`,
      })
      .from(responsePlanCheckIns)
      .where(inArray(responsePlanCheckIns.planId, plans))
      .groupBy(responsePlanCheckIns.planId),
  ]);
  const titles = new Map(visible.map((p) => [p.id, p.incidentTitle]));
  await recordAudit(db, {
    action: 'response_plan.viewed',
    user,
    subjectType: 'response_plan_summaries',
    detail: { ...period, planIds: rows.map((r) => r.id) },
  });
  return rows.map((row) => {
    const count = counts.find((c) => c.planId === row.id);
    const level = levels.find((l) => l.planId === row.id);
    return {
      id: row.id,
      title: row.title,
      incidentTitle: titles.get(row.id) ?? '',
      startsOn: row.startsOn,
      closedOn: row.closedOn!,
      closing: row.closing!,
      summary: row.summary ?? '',
      activitiesDone: count?.done ?? 0,
      activities: count?.all ?? 0,
      checkIns: level?.count ?? 0,
      highestLevel: level?.highest ?? null,
    };
  });
}

/** The areas where a plan is in force on `on` (tension reports there are daily while it is). */
export async function areasInForce(db: Queryable, on: string): Promise<number[]> {
  const rows = await db
    .selectDistinct({ areaId: responsePlanAreas.areaId })
    .from(responsePlanAreas)
    .innerJoin(responsePlans, eq(responsePlans.id, responsePlanAreas.planId))
    .where(inForceBetween(on, on));
  return rows.map((r) => r.areaId);
}
