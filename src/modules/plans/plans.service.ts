import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Queryable, Transaction } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { isoDate } from '../../views/filters.ts';
import { accountName } from '../accounts/index.ts';
import { groupName } from '../groups/index.ts';
import { organisationName, personName } from '../organisations/index.ts';
import {
  checkAction,
  checkPlan,
  checkPlanEditor,
  currentAction,
  isWithdrawn,
  livePlan,
  supersededLast,
} from './plans.policy.ts';
import { ragOf, type Rag } from './plans.rag.ts';
import {
  planActionImplements,
  planActionPartners,
  planActions,
  planChanges,
  planObjectives,
  planProgressUpdates,
  plans,
  type ActionState,
  type FrozenAction,
  type PlanKind,
  type PlanStatus,
  type Strand,
} from './plans.tables.ts';

/*
 * The core of delivery plans: plans, objectives, actions and progress, and the one read of a
 * plan's actions (listPlanActions) that pages, dashboards, exports, versions and snapshots share.
 * Every change to a plan or action is written to plan_changes in the same transaction.
 */

/** Today in the partnership's time zone, as the RAG rule compares it. */
export const todayIso = () => isoDate(new Date());

// CONTRACT (used by the rest of the plans module and by other modules).

export interface Plan {
  id: number;
  title: string;
  kind: PlanKind;
  summary: string | null;
  periodStart: string;
  periodEnd: string;
  ownerGroupId: number;
  ownerGroupName: string;
  ownerOrganisationId: number | null;
  ownerOrganisationName: string | null;
  status: PlanStatus;
  currentVersion: number;
  consultationClosesOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlanInput {
  title: string;
  kind: PlanKind;
  summary?: string;
  periodStart: string;
  periodEnd: string;
  ownerGroupId: number;
  ownerOrganisationId?: number;
}

export interface ActionInput {
  reference?: string;
  title: string;
  description?: string;
  strand: Strand;
  objectiveId?: number;
  leadOrganisationId?: number;
  leadPersonId?: number;
  partnerOrganisationIds?: number[];
  startOn?: string;
  dueOn?: string;
  ctlpDocumentId?: number;
  ctlpReference?: string;
  decisionAgendaItemId?: number;
  actionArisingId?: number;
  sourceActionId?: number;
  sourceLabel?: string;
  /** Strategic actions (in any plan) this action implements. */
  implementsActionIds?: number[];
}

/** One action as every page, chart and export reads it. */
export interface PlanAction {
  id: number;
  planId: number;
  reference: string;
  title: string;
  description: string | null;
  strand: Strand;
  objectiveId: number | null;
  objectiveTitle: string | null;
  leadOrganisationId: number | null;
  leadOrganisationName: string | null;
  leadPersonId: number | null;
  leadPersonName: string | null;
  partnerNames: string[];
  startOn: string | null;
  dueOn: string | null;
  state: ActionState;
  rag: Rag;
  lastProgressAt: Date | null;
  latestUpdate: string | null;
  ctlpDocumentId: number | null;
  ctlpReference: string | null;
  decisionAgendaItemId: number | null;
  actionArisingId: number | null;
  sourceActionId: number | null;
  sourceLabel: string | null;
  implementsActionIds: number[];
  withdrawnAt: Date | null;
}

const planColumns = {
  id: plans.id,
  title: plans.title,
  kind: plans.kind,
  summary: plans.summary,
  periodStart: plans.periodStart,
  periodEnd: plans.periodEnd,
  ownerGroupId: plans.ownerGroupId,
  ownerGroupName: sql<string>`${groupName(plans.ownerGroupId)}`,
  ownerOrganisationId: plans.ownerOrganisationId,
  ownerOrganisationName: organisationName(plans.ownerOrganisationId),
  status: plans.status,
  currentVersion: plans.currentVersion,
  consultationClosesOn: plans.consultationClosesOn,
  createdAt: plans.createdAt,
  updatedAt: plans.updatedAt,
};

const selectPlans = (db: Queryable) => db.select(planColumns).from(plans);

/** Every plan, newest period first; superseded ones last. */
export async function listPlans(db: Queryable): Promise<Plan[]> {
  return selectPlans(db).orderBy(supersededLast, desc(plans.periodStart), asc(plans.title));
}

/** One plan; NotFoundError if none. Plans are OFFICIAL: every signed-in user may read them. */
export async function getPlan(db: Queryable, planId: number): Promise<Plan> {
  const [plan] = await selectPlans(db).where(eq(plans.id, planId));
  if (!plan) throw new NotFoundError('plan');
  return plan;
}

/** A plan's objectives in order (withdrawn ones left out). */
export async function listObjectives(
  db: Queryable,
  planId: number,
): Promise<{ id: number; position: number; title: string; strand: Strand | null }[]> {
  return db
    .select({
      id: planObjectives.id,
      position: planObjectives.position,
      title: planObjectives.title,
      strand: planObjectives.strand,
    })
    .from(planObjectives)
    .where(and(eq(planObjectives.planId, planId), isNull(planObjectives.withdrawnAt)))
    .orderBy(asc(planObjectives.position));
}

/** The latest progress note of each action, as one subquery column. */
const latestUpdateSql = sql<
  string | null
>`(select u.note from plan_progress_updates u where u.action_id = ${planActions.id} order by u.written_at desc, u.id desc limit 1)`;
const partnerNamesSql = sql<
  string[]
>`coalesce((select array_agg(n.name order by n.name) from (select ${organisationName(sql`p.organisation_id`)} as name from plan_action_partners p where p.action_id = ${planActions.id}) n), '{}')`;
const implementsSql = sql<
  number[]
>`coalesce((select array_agg(i.strategic_action_id order by i.strategic_action_id) from plan_action_implements i where i.action_id = ${planActions.id}), '{}')`;

/**
 * The actions of a plan (or any actions by id), in reference order, with names, latest update and
 * RAG. `includeWithdrawn` for history pages; lists and counts leave withdrawn actions out.
 */
export async function listPlanActions(
  db: Queryable,
  filter: {
    planId?: number;
    actionIds?: number[];
    leadPersonId?: number;
    includeWithdrawn?: boolean;
    /** Only actions of plans still in use (not superseded). */
    livePlansOnly?: boolean;
  },
  today = todayIso(),
): Promise<PlanAction[]> {
  const conditions = [
    filter.planId === undefined ? undefined : eq(planActions.planId, filter.planId),
    filter.actionIds === undefined
      ? undefined
      : filter.actionIds.length
        ? inArray(planActions.id, filter.actionIds)
        : sql`false`,
    filter.leadPersonId === undefined ? undefined : eq(planActions.leadPersonId, filter.leadPersonId),
    filter.includeWithdrawn ? undefined : currentAction,
    filter.livePlansOnly
      ? inArray(planActions.planId, db.select({ id: plans.id }).from(plans).where(livePlan))
      : undefined,
  ];
  const rows = await db
    .select({
      id: planActions.id,
      planId: planActions.planId,
      reference: planActions.reference,
      title: planActions.title,
      description: planActions.description,
      strand: planActions.strand,
      objectiveId: planActions.objectiveId,
      objectiveTitle: planObjectives.title,
      leadOrganisationId: planActions.leadOrganisationId,
      leadOrganisationName: organisationName(planActions.leadOrganisationId),
      leadPersonId: planActions.leadPersonId,
      leadPersonName: personName(planActions.leadPersonId),
      partnerNames: partnerNamesSql,
      startOn: planActions.startOn,
      dueOn: planActions.dueOn,
      state: planActions.state,
      lastProgressAt: planActions.lastProgressAt,
      latestUpdate: latestUpdateSql,
      ctlpDocumentId: planActions.ctlpDocumentId,
      ctlpReference: planActions.ctlpReference,
      decisionAgendaItemId: planActions.decisionAgendaItemId,
      actionArisingId: planActions.actionArisingId,
      sourceActionId: planActions.sourceActionId,
      sourceLabel: planActions.sourceLabel,
      implementsActionIds: implementsSql,
      withdrawnAt: planActions.withdrawnAt,
    })
    .from(planActions)
    .leftJoin(planObjectives, eq(planObjectives.id, planActions.objectiveId))
    .where(and(...conditions));
  return rows
    .map((row) => ({ ...row, implementsActionIds: row.implementsActionIds.map(Number), rag: ragOf(row, today) }))
    .sort(byReference);
}

const URGENCY: Record<Rag, number> = { red: 0, amber: 1, green: 2, complete: 3 };

/**
 * The actions a person leads that still need them, red and amber first: not complete, not
 * withdrawn, and in plans still in use (a superseded plan's actions are kept for the record only).
 */
export async function actionsDueFor(db: Queryable, personId: number, today = todayIso()): Promise<PlanAction[]> {
  const actions = await listPlanActions(db, { leadPersonId: personId, livePlansOnly: true }, today);
  return actions.filter((a) => a.rag !== 'complete').sort((a, b) => URGENCY[a.rag] - URGENCY[b.rag]);
}

// One collator for every sort: localeCompare with options builds one per comparison (~25× slower).
const referenceOrder = new Intl.Collator('en', { numeric: true });
/** "2.10" after "2.9": references are compared as people number them. */
export const byReference = (a: { reference: string }, b: { reference: string }) =>
  referenceOrder.compare(a.reference, b.reference);

/** One action; NotFoundError if none (withdrawn ones included: their page still exists). */
export async function getPlanAction(db: Queryable, actionId: number): Promise<PlanAction> {
  const [action] = await listPlanActions(db, { actionIds: [actionId], includeWithdrawn: true });
  if (!action) throw new NotFoundError('action');
  return action;
}

/** A plan's actions as an approved version or a snapshot keeps them. */
export function freezeActions(actions: PlanAction[]): FrozenAction[] {
  return actions.map((a) => ({
    id: a.id,
    reference: a.reference,
    title: a.title,
    description: a.description,
    strand: a.strand,
    objective: a.objectiveTitle,
    leadOrganisation: a.leadOrganisationName,
    leadPerson: a.leadPersonName,
    startOn: a.startOn,
    dueOn: a.dueOn,
    state: a.state,
    rag: a.rag,
    latestUpdate: a.latestUpdate,
  }));
}

/** The name of the person behind an account column (who wrote, changed, approved), as one subquery. */

// Changes.

export interface ChangeContext {
  user: CurrentUser;
  /** The consultation suggestion this change answers, if any. */
  suggestionId?: number;
}

const asText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return String(value);
  return JSON.stringify(value);
};

/** One recorded change; `actionId` (when given) overrides the one passed for the whole list. */
export interface PlanChange {
  field: string;
  before?: unknown;
  after?: unknown;
  actionId?: number | null;
}

/** Enough rows per statement to stay well inside the parameter limit. */
const CHANGES_PER_STATEMENT = 500;

/** Record what changed, field by field, in the transaction that changes it. */
export async function recordPlanChanges(
  tx: Queryable,
  context: ChangeContext,
  planId: number,
  actionId: number | null,
  changes: PlanChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((c) => ({
    planId,
    actionId: c.actionId === undefined ? actionId : c.actionId,
    field: c.field,
    before: asText(c.before),
    after: asText(c.after),
    suggestionId: context.suggestionId ?? null,
    changedBy: context.user.accountId,
  }));
  for (let i = 0; i < rows.length; i += CHANGES_PER_STATEMENT)
    await tx.insert(planChanges).values(rows.slice(i, i + CHANGES_PER_STATEMENT));
  await tx
    .update(plans)
    .set({ updatedAt: sql`now()` })
    .where(eq(plans.id, planId));
}

function checkPeriod(start: string, end: string, field = 'periodEnd') {
  if (end < start) throw new FormError(field, 'The end of the period must be on or after its start');
}

// Plans.

export async function createPlan(db: Database, user: CurrentUser, input: PlanInput): Promise<number> {
  checkPlanEditor(user);
  checkPeriod(input.periodStart, input.periodEnd);
  return db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(plans)
      .values({ ...planFields(input), createdBy: user.accountId })
      .returning({ id: plans.id });
    await recordPlanChanges(tx, { user }, plan!.id, null, [{ field: 'created', after: input.title }]);
    return plan!.id;
  });
}

const PLAN_FIELDS = [
  'title',
  'kind',
  'summary',
  'periodStart',
  'periodEnd',
  'ownerGroupId',
  'ownerOrganisationId',
] as const;

/**
 * The fields a plan form may set, by name: never the input spread, so a status, a version or an
 * author sent along with the form cannot reach the row (approval and versions have their own steps).
 */
function planFields(input: PlanInput) {
  const { title, kind, periodStart, periodEnd, ownerGroupId } = input;
  return {
    title,
    kind,
    summary: input.summary ?? null,
    periodStart,
    periodEnd,
    ownerGroupId,
    ownerOrganisationId: input.ownerOrganisationId ?? null,
  };
}

export async function updatePlan(db: Database, user: CurrentUser, planId: number, input: PlanInput): Promise<void> {
  checkPlanEditor(user);
  checkPeriod(input.periodStart, input.periodEnd);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(plans).where(eq(plans.id, planId)).for('update');
    if (!before) throw new NotFoundError('plan');
    checkPlan(user, 'edit', before);
    const after = planFields(input);
    const changed = PLAN_FIELDS.filter((f) => (before[f] ?? null) !== (after[f] ?? null));
    await tx.update(plans).set(after).where(eq(plans.id, planId));
    await recordPlanChanges(
      tx,
      { user },
      planId,
      null,
      changed.map((f) => ({ field: f, before: before[f], after: after[f] })),
    );
  });
}

export async function createObjective(
  db: Database,
  user: CurrentUser,
  planId: number,
  input: { title: string; strand?: Strand },
): Promise<number> {
  checkPlanEditor(user);
  return db.transaction(async (tx) => {
    await lockEditablePlan(tx, user, planId);
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${planObjectives.position}), 0)::int + 1` })
      .from(planObjectives)
      .where(eq(planObjectives.planId, planId))) as [{ next: number }];
    const [objective] = await tx
      .insert(planObjectives)
      .values({ planId, position: next, title: input.title, strand: input.strand ?? null })
      .returning({ id: planObjectives.id });
    await recordPlanChanges(tx, { user }, planId, null, [{ field: 'objective', after: input.title }]);
    return objective!.id;
  });
}

/** Lock the plan row for a change to it; superseded plans are frozen. */
async function lockEditablePlan(tx: Transaction, user: CurrentUser, planId: number) {
  const [plan] = await tx.select({ status: plans.status }).from(plans).where(eq(plans.id, planId)).for('update');
  if (!plan) throw new NotFoundError('plan');
  checkPlan(user, 'edit', plan);
}

/** The next free "n" reference for a new action: one more than the largest whole number used. */
async function nextReference(tx: Queryable, planId: number): Promise<string> {
  const [row] = await tx
    .select({
      top: sql<number>`coalesce(max(nullif(regexp_replace(split_part(${planActions.reference}, '.', 1), '[^0-9]', '', 'g'), '')::int), 0)::int`,
    })
    .from(planActions)
    .where(eq(planActions.planId, planId));
  return String((row?.top ?? 0) + 1);
}

async function checkReferenceFree(tx: Queryable, planId: number, reference: string, exceptActionId?: number) {
  const [clash] = await tx
    .select({ id: planActions.id })
    .from(planActions)
    .where(and(eq(planActions.planId, planId), eq(planActions.reference, reference)));
  if (clash && clash.id !== exceptActionId)
    throw new FormError('reference', `Action ${reference} already exists in this plan: choose another reference`);
}

async function checkImplements(tx: Queryable, actionId: number | undefined, ids: number[]) {
  if (ids.length === 0) return;
  if (actionId !== undefined && ids.includes(actionId))
    throw new FormError('implementsActionIds', 'An action cannot implement itself');
  const found = await tx.select({ id: planActions.id }).from(planActions).where(inArray(planActions.id, ids));
  if (found.length !== new Set(ids).size)
    throw new FormError('implementsActionIds', 'Choose strategic actions that exist');
}

const actionValues = (input: ActionInput) => ({
  title: input.title,
  description: input.description ?? null,
  strand: input.strand,
  objectiveId: input.objectiveId ?? null,
  leadOrganisationId: input.leadOrganisationId ?? null,
  leadPersonId: input.leadPersonId ?? null,
  startOn: input.startOn ?? null,
  dueOn: input.dueOn ?? null,
  ctlpDocumentId: input.ctlpDocumentId ?? null,
  ctlpReference: input.ctlpReference ?? null,
  decisionAgendaItemId: input.decisionAgendaItemId ?? null,
  actionArisingId: input.actionArisingId ?? null,
  sourceActionId: input.sourceActionId ?? null,
  sourceLabel: input.sourceLabel ?? null,
});
const ACTION_FIELDS = Object.keys(actionValues({ title: '', strand: 'prevent' })) as (keyof ReturnType<
  typeof actionValues
>)[];

function checkDates(input: ActionInput) {
  if (input.startOn && input.dueOn && input.dueOn < input.startOn)
    throw new FormError('dueOn', 'The due date must be on or after the start date');
}

async function setLinks(tx: Queryable, actionId: number, input: ActionInput) {
  await tx.delete(planActionPartners).where(eq(planActionPartners.actionId, actionId));
  const partners = [...new Set(input.partnerOrganisationIds ?? [])];
  if (partners.length)
    await tx.insert(planActionPartners).values(partners.map((organisationId) => ({ actionId, organisationId })));
  await tx.delete(planActionImplements).where(eq(planActionImplements.actionId, actionId));
  const strategic = [...new Set(input.implementsActionIds ?? [])];
  if (strategic.length)
    await tx
      .insert(planActionImplements)
      .values(strategic.map((strategicActionId) => ({ actionId, strategicActionId })));
}

/**
 * Add an action. Pass a transaction to make it part of a larger change (an import, an accepted
 * suggestion); `context.suggestionId` ties it to the suggestion it answers.
 */
export async function createAction(
  tx: Transaction,
  context: ChangeContext,
  planId: number,
  input: ActionInput,
): Promise<number> {
  checkPlanEditor(context.user);
  await lockEditablePlan(tx, context.user, planId);
  checkDates(input);
  const reference = input.reference ?? (await nextReference(tx, planId));
  await checkReferenceFree(tx, planId, reference);
  await checkImplements(tx, undefined, input.implementsActionIds ?? []);
  const [action] = await tx
    .insert(planActions)
    .values({ planId, reference, ...actionValues(input), createdBy: context.user.accountId })
    .returning({ id: planActions.id });
  await setLinks(tx, action!.id, input);
  await recordPlanChanges(tx, context, planId, action!.id, [
    { field: 'created', after: `${reference} ${input.title}` },
  ]);
  return action!.id;
}

/** Change an action; each field that changed is recorded with its before and after. */
export async function updateAction(
  tx: Transaction,
  context: ChangeContext,
  actionId: number,
  input: ActionInput,
): Promise<void> {
  checkPlanEditor(context.user);
  const [before] = await tx.select().from(planActions).where(eq(planActions.id, actionId)).for('update');
  if (!before) throw new NotFoundError('action');
  await lockEditablePlan(tx, context.user, before.planId);
  checkDates(input);
  const reference = input.reference ?? before.reference;
  if (reference !== before.reference) await checkReferenceFree(tx, before.planId, reference, actionId);
  await checkImplements(tx, actionId, input.implementsActionIds ?? []);
  const after = { reference, ...actionValues(input) };
  const changed = (['reference', ...ACTION_FIELDS] as const).filter((f) => (before[f] ?? null) !== (after[f] ?? null));
  const [links] = await listPlanActions(tx, { actionIds: [actionId], includeWithdrawn: true });
  await tx
    .update(planActions)
    .set({ ...after, updatedAt: sql`now()` })
    .where(eq(planActions.id, actionId));
  await setLinks(tx, actionId, input);
  const changes: PlanChange[] = changed.map((f) => ({ field: f, before: before[f], after: after[f] }));
  const implementsAfter = [...new Set(input.implementsActionIds ?? [])].sort((a, b) => a - b);
  if (asText(links!.implementsActionIds) !== asText(implementsAfter))
    changes.push({ field: 'implementsActionIds', before: links!.implementsActionIds, after: implementsAfter });
  // Partners by name, so the history reads as the page does.
  const partnerNames = (
    await tx
      .select({ name: sql<string>`${organisationName(planActionPartners.organisationId)}` })
      .from(planActionPartners)
      .where(eq(planActionPartners.actionId, actionId))
      .orderBy(asc(sql`1`))
  ).map((row) => row.name);
  if (asText(links!.partnerNames) !== asText(partnerNames))
    changes.push({ field: 'partners', before: links!.partnerNames, after: partnerNames });
  await recordPlanChanges(tx, context, before.planId, actionId, changes);
}

/** Withdraw an action: it leaves the lists but keeps its page, history and progress. */
export async function withdrawAction(
  tx: Transaction,
  context: ChangeContext,
  actionId: number,
  reason: string,
): Promise<void> {
  checkPlanEditor(context.user);
  const [action] = await tx
    .select({ planId: planActions.planId, withdrawnAt: planActions.withdrawnAt })
    .from(planActions)
    .where(eq(planActions.id, actionId))
    .for('update');
  if (!action) throw new NotFoundError('action');
  if (isWithdrawn(action)) return;
  await lockEditablePlan(tx, context.user, action.planId);
  await tx
    .update(planActions)
    .set({ withdrawnAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(planActions.id, actionId));
  await recordPlanChanges(tx, context, action.planId, actionId, [{ field: 'withdrawn', after: reason }]);
}

// Progress.

/** A dated progress update from the action's lead or a coordinator; it sets the action's state. */
export async function addProgressUpdate(
  db: Database,
  user: CurrentUser,
  actionId: number,
  input: { state: ActionState; note: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [action] = await tx
      .select({
        planId: planActions.planId,
        leadPersonId: planActions.leadPersonId,
        state: planActions.state,
        withdrawnAt: planActions.withdrawnAt,
      })
      .from(planActions)
      .where(eq(planActions.id, actionId))
      .for('update');
    if (!action) throw new NotFoundError('action');
    const [plan] = await tx.select({ status: plans.status }).from(plans).where(eq(plans.id, action.planId));
    checkAction(user, 'update-progress', { ...action, plan: plan! }, 'note');
    const [update] = await tx
      .insert(planProgressUpdates)
      .values({ actionId, state: input.state, note: input.note, writtenBy: user.accountId })
      .returning({ writtenAt: planProgressUpdates.writtenAt });
    await tx
      .update(planActions)
      .set({ state: input.state, lastProgressAt: update!.writtenAt })
      .where(eq(planActions.id, actionId));
    if (input.state !== action.state)
      await recordPlanChanges(tx, { user }, action.planId, actionId, [
        { field: 'state', before: action.state, after: input.state },
      ]);
  });
}

/** An action's progress, newest first, with who wrote each update. */
export async function listProgressUpdates(db: Queryable, actionId: number) {
  return db
    .select({
      id: planProgressUpdates.id,
      state: planProgressUpdates.state,
      note: planProgressUpdates.note,
      writtenAt: planProgressUpdates.writtenAt,
      writtenBy: accountName(planProgressUpdates.writtenBy),
    })
    .from(planProgressUpdates)
    .where(eq(planProgressUpdates.actionId, actionId))
    .orderBy(desc(planProgressUpdates.writtenAt), desc(planProgressUpdates.id));
}

/**
 * A plan's recorded changes, newest first, with who made each: all of them, one action's
 * (`actionId`), or the plan's own details only (`actionId: null`).
 */
export async function listPlanChanges(
  db: Queryable,
  filter: { planId: number; actionId?: number | null; since?: Date; limit?: number },
) {
  return db
    .select({
      id: planChanges.id,
      actionId: planChanges.actionId,
      field: planChanges.field,
      before: planChanges.before,
      after: planChanges.after,
      suggestionId: planChanges.suggestionId,
      changedAt: planChanges.changedAt,
      changedBy: accountName(planChanges.changedBy),
    })
    .from(planChanges)
    .where(
      and(
        eq(planChanges.planId, filter.planId),
        filter.actionId === undefined
          ? undefined
          : filter.actionId === null
            ? isNull(planChanges.actionId)
            : eq(planChanges.actionId, filter.actionId),
        filter.since === undefined ? undefined : sql`${planChanges.changedAt} > ${filter.since}`,
      ),
    )
    .orderBy(desc(planChanges.changedAt), desc(planChanges.id))
    .limit(filter.limit ?? 100_000);
}
