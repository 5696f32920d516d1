import { and, asc, eq, inArray } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable, Transaction } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { eventExists } from '../events/index.ts';
import { findArea } from '../partnership/index.ts';
import { createAction } from '../plans/index.ts';
import { visibleIncident, visibleIncidentHeading } from './incident.ts';
import { addDays, dayNumber, todayInLondon } from './response-plans.dates.ts';
import { checkRunPlan, closingOf, type PlanState } from './response-plans.policy.ts';
import {
  PLAN_DAYS,
  responsePlanActivities,
  responsePlanAreas,
  responsePlanChanges,
  responsePlanCheckIns,
  responsePlanEvents,
  responsePlans,
  responsePlanTemplateActivities,
  responsePlanTemplates,
  type ActivityStatus,
} from './response-plans.tables.ts';

/** The module's own audit actions, as the audit module names them. */
type AuditedAction = Extract<Parameters<typeof recordAudit>[1]['action'], `response_plan.${string}`>;

const audit = (tx: Queryable, user: CurrentUser, action: AuditedAction, planId: number, detail = {}) =>
  recordAudit(tx, { action, user, subjectType: 'response_plan', subjectId: planId, detail });

/** The templates a plan may start from, the national plan's first. */
export function listTemplates(db: Queryable) {
  return db
    .select({ id: responsePlanTemplates.id, name: responsePlanTemplates.name })
    .from(responsePlanTemplates)
    .orderBy(asc(responsePlanTemplates.id));
}

/** A plan row with the state its policy reads; NotFoundError if none. */
export async function planRow(db: Queryable, planId: number, lock = false) {
  const query = db.select().from(responsePlans).where(eq(responsePlans.id, planId));
  const [plan] = lock ? await query.for('update') : await query;
  if (!plan) throw new NotFoundError('response plan');
  return plan;
}

/** A plan the user may see (coordinators and the incident's groups), or NotFoundError/ForbiddenError. */
export async function visiblePlan(db: Queryable, user: CurrentUser, planId: number) {
  const plan = await planRow(db, planId);
  const incident = await visibleIncidentHeading(db, user, plan.incidentId);
  return { plan, incident };
}

export interface StartInput {
  incidentId: number;
  templateId: number;
  startsOn: string;
  title?: string;
}

/** A coordinator starts a 14-day plan from an incident: the template's activities, the incident's areas. */
export async function startPlan(db: Database, user: CurrentUser, input: StartInput): Promise<number> {
  checkRunPlan(user, { startsOn: input.startsOn, endsOn: input.startsOn, closedOn: null });
  return db.transaction(async (tx) => {
    const incident = await visibleIncident(tx, user, input.incidentId).catch(() => {
      throw new FormError('incidentId', 'Select the incident the plan responds to');
    });
    const template = await tx
      .select()
      .from(responsePlanTemplateActivities)
      .where(eq(responsePlanTemplateActivities.templateId, input.templateId))
      .orderBy(asc(responsePlanTemplateActivities.position));
    if (!template.length) throw new FormError('templateId', 'Select a template to start from');
    if (input.startsOn < incident.occurredOn)
      throw new FormError('startsOn', 'A plan starts on or after the day of the incident');
    const [plan] = await tx
      .insert(responsePlans)
      .values({
        incidentId: incident.id,
        title: input.title ?? `14-day plan: ${incident.title}`,
        startsOn: input.startsOn,
        endsOn: addDays(input.startsOn, PLAN_DAYS),
        createdBy: user.accountId,
      })
      .returning({ id: responsePlans.id });
    const planId = plan!.id;
    const activities = template.map((a) => ({ planId, heading: a.heading, description: a.description, day: a.day }));
    await tx.insert(responsePlanActivities).values(activities);
    if (incident.areas.length)
      await tx.insert(responsePlanAreas).values(incident.areas.map((area) => ({ planId, areaId: area.id })));
    await tx
      .insert(responsePlanChanges)
      .values({ planId, kind: 'started', endsAfter: addDays(input.startsOn, PLAN_DAYS), changedBy: user.accountId });
    await audit(tx, user, 'response_plan.started', planId, { incidentId: incident.id, templateId: input.templateId });
    return planId;
  });
}

/** Run a change to an open plan: locked, checked against the policy, audited in the same transaction. */
async function changePlan<T>(
  db: Database,
  user: CurrentUser,
  planId: number,
  change: (tx: Transaction, plan: PlanState & { id: number }) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const plan = await planRow(tx, planId, true);
    checkRunPlan(user, plan);
    return change(tx, plan);
  });
}

export interface ActivityInput {
  heading: string;
  description: string;
  leadOrganisationId?: number;
  day: number;
  status: ActivityStatus;
}

const activityValues = (input: ActivityInput) => ({
  heading: input.heading,
  description: input.description,
  leadOrganisationId: input.leadOrganisationId ?? null,
  day: input.day,
  status: input.status,
});

/** The day must fall inside the plan (day 0 to its last day, extensions included). */
function checkDay(plan: PlanState, day: number) {
  const last = dayNumber(plan.startsOn, plan.endsOn);
  if (day > last) throw new FormError('day', `Enter a day from 0 to ${last}`);
}

export function addActivity(db: Database, user: CurrentUser, planId: number, input: ActivityInput) {
  return changePlan(db, user, planId, async (tx, plan) => {
    checkDay(plan, input.day);
    const [row] = await tx
      .insert(responsePlanActivities)
      .values({ planId, ...activityValues(input) })
      .returning({ id: responsePlanActivities.id });
    await audit(tx, user, 'response_plan.activity_added', planId, { activityId: row!.id, ...input });
    return row!.id;
  });
}

async function activityOf(tx: Queryable, planId: number, activityId: number) {
  const [activity] = await tx
    .select()
    .from(responsePlanActivities)
    .where(and(eq(responsePlanActivities.id, activityId), eq(responsePlanActivities.planId, planId)));
  if (!activity) throw new NotFoundError('activity');
  return activity;
}

export function updateActivity(
  db: Database,
  user: CurrentUser,
  planId: number,
  activityId: number,
  input: ActivityInput,
) {
  return changePlan(db, user, planId, async (tx, plan) => {
    const before = await activityOf(tx, planId, activityId);
    checkDay(plan, input.day);
    const after = activityValues(input);
    await tx
      .update(responsePlanActivities)
      .set({ ...after, updatedAt: new Date() })
      .where(eq(responsePlanActivities.id, activityId));
    const { heading, description, leadOrganisationId, day, status } = before;
    await audit(tx, user, 'response_plan.activity_updated', planId, {
      activityId,
      before: { heading, description, leadOrganisationId, day, status },
      after,
    });
  });
}

export interface CheckInInput {
  on: string;
  level: number;
  note: string;
}

/** A daily sentiment check-in: a level and one line, on a day the plan is in force up to today. */
export function recordCheckIn(
  db: Database,
  user: CurrentUser,
  planId: number,
  input: CheckInInput,
  today = todayInLondon(),
) {
  return changePlan(db, user, planId, async (tx, plan) => {
    if (input.on < plan.startsOn || input.on > plan.endsOn)
      throw new FormError('on', 'Enter a day while the plan is in force');
    if (input.on > today) throw new FormError('on', 'A check-in is for today or a day before');
    const [row] = await tx
      .insert(responsePlanCheckIns)
      .values({ planId, on: input.on, level: input.level, note: input.note, recordedBy: user.accountId })
      .returning({ id: responsePlanCheckIns.id });
    await audit(tx, user, 'response_plan.check_in_recorded', planId, { checkInId: row!.id, ...input });
    return row!.id;
  });
}

/** A new last day and its reason; the earlier one stays in the plan's history. */
export function extendPlan(db: Database, user: CurrentUser, planId: number, input: { endsOn: string; reason: string }) {
  return changePlan(db, user, planId, async (tx, plan) => {
    if (input.endsOn <= plan.endsOn) throw new FormError('endsOn', 'The new last day must be after the present one');
    await tx.update(responsePlans).set({ endsOn: input.endsOn }).where(eq(responsePlans.id, planId));
    await tx.insert(responsePlanChanges).values({
      planId,
      kind: 'extended',
      endsBefore: plan.endsOn,
      endsAfter: input.endsOn,
      reason: input.reason,
      changedBy: user.accountId,
    });
    await audit(tx, user, 'response_plan.extended', planId, {
      from: plan.endsOn,
      to: input.endsOn,
      reason: input.reason,
    });
  });
}

export interface CloseInput {
  closedOn: string;
  summary: string;
  reason?: string;
}

/** Close at the end (a summary) or early (a reason too). The plan is kept, read-only. */
export function closePlan(db: Database, user: CurrentUser, planId: number, input: CloseInput, today = todayInLondon()) {
  return changePlan(db, user, planId, async (tx, plan) => {
    if (input.closedOn > today) throw new FormError('closedOn', 'A plan closes today or on a day before');
    const closing = closingOf(plan, input.closedOn, input.reason);
    await tx
      .update(responsePlans)
      .set({ closedOn: input.closedOn, closing, summary: input.summary })
      .where(eq(responsePlans.id, planId));
    await tx.insert(responsePlanChanges).values({
      planId,
      kind: closing,
      endsBefore: plan.endsOn,
      endsAfter: input.closedOn,
      reason: input.reason ?? null,
      changedBy: user.accountId,
    });
    await audit(tx, user, 'response_plan.closed', planId, { closing, ...input });
  });
}

/** The areas the plan covers (first the incident's), replaced as a whole. */
export function setAreas(db: Database, user: CurrentUser, planId: number, areaIds: number[]) {
  return changePlan(db, user, planId, async (tx) => {
    for (const areaId of new Set(areaIds))
      if (!(await findArea(tx, areaId))) throw new FormError('areaIds', 'Select the areas from the list');
    const before = await tx.select().from(responsePlanAreas).where(eq(responsePlanAreas.planId, planId));
    await tx.delete(responsePlanAreas).where(eq(responsePlanAreas.planId, planId));
    if (areaIds.length)
      await tx.insert(responsePlanAreas).values([...new Set(areaIds)].map((areaId) => ({ planId, areaId })));
    await tx.insert(responsePlanChanges).values({ planId, kind: 'areas_changed', changedBy: user.accountId });
    await audit(tx, user, 'response_plan.areas_changed', planId, {
      before: before.map((a) => a.areaId),
      after: areaIds,
    });
  });
}

/** An activity becomes an action of a delivery plan, which names the response plan as its source. */
export function turnIntoAction(
  db: Database,
  user: CurrentUser,
  planId: number,
  activityId: number,
  deliveryPlanId: number,
) {
  return changePlan(db, user, planId, async (tx, plan) => {
    const activity = await activityOf(tx, planId, activityId);
    if (activity.planActionId !== null)
      throw new FormError('deliveryPlanId', 'This activity is already a delivery plan action');
    const [row] = await tx
      .select({ title: responsePlans.title })
      .from(responsePlans)
      .where(eq(responsePlans.id, planId));
    const actionId = await createAction(tx, { user }, deliveryPlanId, {
      title: activity.heading,
      description: `${activity.description}\n\nFrom the 14-day response plan “${row!.title}”, day ${activity.day}: /response-plans/${planId}`,
      strand: 'prevent',
      leadOrganisationId: activity.leadOrganisationId ?? undefined,
      startOn: addDays(plan.startsOn, activity.day),
      sourceLabel: `14-day response plan: ${row!.title}`,
    });
    await tx
      .update(responsePlanActivities)
      .set({ planActionId: actionId })
      .where(eq(responsePlanActivities.id, activityId));
    await audit(tx, user, 'response_plan.action_created', planId, { activityId, deliveryPlanId, actionId });
    return actionId;
  });
}

/** A live event joins the incident's sentiment record (its approved questions show on the plan page). */
export function linkEvent(db: Database, user: CurrentUser, planId: number, eventId: number) {
  return changePlan(db, user, planId, async (tx) => {
    const plan = await planRow(tx, planId);
    const linked = await tx
      .select({ id: responsePlanEvents.id })
      .from(responsePlanEvents)
      .where(and(eq(responsePlanEvents.incidentId, plan.incidentId), eq(responsePlanEvents.eventId, eventId)));
    if (linked.length) throw new FormError('eventId', 'This event is already linked to the incident');
    if (!(await eventExists(tx, eventId))) throw new FormError('eventId', 'Select an event from the list');
    await tx.insert(responsePlanEvents).values({ incidentId: plan.incidentId, eventId, linkedBy: user.accountId });
    await audit(tx, user, 'response_plan.event_linked', planId, { incidentId: plan.incidentId, eventId });
  });
}

/** The plan's activities with their delivery plan action, in day order. */
export function activitiesOf(db: Queryable, planIds: number[]) {
  if (!planIds.length) return Promise.resolve([]);
  return db
    .select()
    .from(responsePlanActivities)
    .where(inArray(responsePlanActivities.planId, planIds))
    .orderBy(asc(responsePlanActivities.day), asc(responsePlanActivities.id));
}
