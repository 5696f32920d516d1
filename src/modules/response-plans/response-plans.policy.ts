import { and, gte, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import { responsePlans, type Closing } from './response-plans.tables.ts';

/*
 * Who may do what to a 14-day response plan in its present state. Seeing a plan follows its
 * incident (coordinators and the groups named on it: the tension module's rule); running it
 * (activities, check-ins, extending, closing) is for coordinators while it is open.
 */

export interface PlanState {
  startsOn: string;
  endsOn: string;
  closedOn: string | null;
}

export const isClosed = (plan: PlanState) => plan.closedOn !== null;

/** The last day the plan is (or was) in force: the day it closed, if it closed before its end. */
export const lastDayOf = (plan: PlanState) =>
  plan.closedOn !== null && plan.closedOn < plan.endsOn ? plan.closedOn : plan.endsOn;

export const isInForceOn = (plan: PlanState, day: string) => plan.startsOn <= day && day <= lastDayOf(plan);

/** Past its last day and not yet closed: the coordinator owes its closing summary. */
export const awaitsSummary = (plan: PlanState, today: string) => !isClosed(plan) && plan.endsOn < today;

/** The plan's state in words the `label` filter knows. */
export function planStateOf(plan: PlanState, today: string): 'in_force' | 'not_started' | 'awaiting_summary' | Closing {
  if (plan.closedOn !== null) return plan.closedOn < plan.endsOn ? 'closed_early' : 'ended';
  if (plan.startsOn > today) return 'not_started';
  return plan.endsOn < today ? 'awaiting_summary' : 'in_force';
}

/** SQL: plans in force on some day between `from` and `to` (inclusive). */
export const inForceBetween = (from: string, to: string) =>
  and(
    lte(responsePlans.startsOn, to),
    gte(sql`least(${responsePlans.endsOn}, coalesce(${responsePlans.closedOn}, ${responsePlans.endsOn}))`, from),
  );

/** SQL: closed plans (for the summaries a board paper quotes). */
export const closedPlan = isNotNull(responsePlans.closedOn);
export const openPlan = isNull(responsePlans.closedOn);

export const canRunPlan = (user: CurrentUser, plan: PlanState) => isCoordinator(user) && !isClosed(plan);

/** Refuses anyone but a coordinator, and any change to a closed plan. */
export function checkRunPlan(user: CurrentUser, plan: PlanState): void {
  if (!isCoordinator(user)) throw new ForbiddenError();
  if (isClosed(plan)) throw new FormError('plan', 'This plan has closed: its record can no longer change');
}

/** Closing: before its end a reason is needed (closed early); a summary is always needed. */
export function closingOf(plan: PlanState, on: string, reason: string | undefined): Closing {
  if (on < plan.startsOn) throw new FormError('closedOn', 'A plan cannot close before the day it started');
  if (on > plan.endsOn) throw new FormError('closedOn', 'A plan closes on or before its last day');
  const early = on < plan.endsOn;
  if (early && !reason) throw new FormError('reason', 'Enter why the plan is closing before its last day');
  return early ? 'closed_early' : 'ended';
}
