import { and, asc, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { formatDate, label } from '../../views/filters.ts';
import { canSeeDocument, getDocument, listVisibleDocuments, SENSITIVE } from '../documents/index.ts';
import { groupNames, listGroupOptions } from '../groups/index.ts';
import {
  actionArisingDescriptions,
  actionArisingWithMeeting,
  agendaItemTitles,
  decisionOptions,
  meetingDecision,
  openActionsForPerson,
} from '../meetings/index.ts';
import {
  findPerson,
  listOrganisationOptions,
  listPeopleOptions,
  organisationNames,
  peopleNames,
} from '../organisations/index.ts';
import {
  canAction,
  canPlan,
  checkAction,
  checkActionRole,
  checkPlan,
  currentAction,
  isSuperseded,
  livePlan,
} from './plans.policy.ts';
import { AMBER_WINDOW_DAYS, RAG_RATINGS, isOverdue, ragOf, rollUp, type Rag } from './plans.rag.ts';
import {
  addProgressUpdate,
  byReference,
  createAction,
  createObjective,
  createPlan,
  getPlan,
  getPlanAction,
  listObjectives,
  listPlanActions,
  listPlanChanges,
  listPlans,
  listProgressUpdates,
  todayIso,
  updateAction,
  updatePlan,
  withdrawAction,
  type ActionInput,
  type Plan,
  type PlanAction,
  type PlanInput,
} from './plans.service.ts';
import {
  planActionImplements,
  planActionPartners,
  planActions,
  planObjectives,
  plans,
  type ActionState,
  type Strand,
} from './plans.tables.ts';

/*
 * What the plan and action pages gather around the core service: names for the links an action
 * carries (partners, CTLP, meeting decision, source, strategic actions), the checks that turn a
 * stale or altered form into a message rather than a database error, and "my actions".
 */

const given = <T>(value: T | null): T | undefined => value ?? undefined;

type NamesById = (db: Queryable, ids: readonly number[]) => Promise<Map<number, unknown>>;

/** Whether every id names a row (read through its module's names by id): a form listing them may be stale, or altered. */
async function allExist(db: Queryable, names: NamesById, ids: number[]): Promise<boolean> {
  const unique = [...new Set(ids)];
  return unique.length === 0 || (await names(db, unique)).size === unique.length;
}

/** "Cleveland Police Strategic Plan, action 2.3" for actions of any plans, by id. */
async function actionLabels(db: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: planActions.id, reference: planActions.reference, planTitle: plans.title })
    .from(planActions)
    .innerJoin(plans, eq(plans.id, planActions.planId))
    .where(inArray(planActions.id, ids));
  return new Map(rows.map((r) => [r.id, `${r.planTitle}, action ${r.reference}`]));
}

async function planTitles(db: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: plans.id, title: plans.title })
    .from(plans)
    .where(inArray(plans.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** Actions by id with the title of the plan each belongs to. */
async function actionsWithPlans(db: Queryable, ids: number[], includeWithdrawn = false) {
  const actions = await listPlanActions(db, { actionIds: ids, includeWithdrawn });
  const titles = await planTitles(
    db,
    actions.map((a) => a.planId),
  );
  return actions.map((a) => ({ ...a, planTitle: titles.get(a.planId) ?? '' }));
}

// The list of plans.

export type RagCounts = Record<Rag, number>;
const noRatings = (): RagCounts => ({ red: 0, amber: 0, green: 0, complete: 0 });

/** Every plan with how many of its current actions stand at each rating. */
export async function listPlansWithRatings(db: Queryable, today = todayIso()) {
  const [all, actions] = await Promise.all([
    listPlans(db),
    db
      .select({
        planId: planActions.planId,
        state: planActions.state,
        startOn: planActions.startOn,
        dueOn: planActions.dueOn,
      })
      .from(planActions)
      .where(isNull(planActions.withdrawnAt)),
  ]);
  const ratings = new Map<number, RagCounts>();
  for (const action of actions) {
    const counts = ratings.get(action.planId) ?? noRatings();
    counts[ragOf(action, today)] += 1;
    ratings.set(action.planId, counts);
  }
  return all.map((plan) => {
    const counts = ratings.get(plan.id) ?? noRatings();
    return { ...plan, ratings: counts, actionCount: RAG_RATINGS.reduce((n, rating) => n + counts[rating], 0) };
  });
}

// Plans.

/** Groups and organisations for the plan form; an archived owner stays listed for its own plan. */
export async function planFormOptions(db: Queryable, plan?: Plan) {
  const [groupOptions, organisationOptions] = await Promise.all([
    listGroupOptions(db),
    listOrganisationOptions(db, { including: plan?.ownerOrganisationId }),
  ]);
  const ownerListed = !plan || groupOptions.some((g) => g.id === plan.ownerGroupId);
  return {
    groups: ownerListed
      ? groupOptions
      : [...groupOptions, { id: plan.ownerGroupId, name: plan.ownerGroupName, kind: '' }],
    organisations: organisationOptions,
  };
}

export const planForEditing = (plan: Plan) => ({
  title: plan.title,
  kind: plan.kind,
  summary: given(plan.summary),
  periodStart: plan.periodStart,
  periodEnd: plan.periodEnd,
  ownerGroupId: plan.ownerGroupId,
  ownerOrganisationId: given(plan.ownerOrganisationId),
});

/** Create (no planId) or change a plan, once its owner group and organisation are known to exist. */
export async function savePlan(
  db: Database,
  user: CurrentUser,
  planId: number | undefined,
  input: PlanInput,
): Promise<number> {
  if (!(await allExist(db, groupNames, [input.ownerGroupId])))
    throw new FormError('ownerGroupId', 'Select the owner group from the list');
  if (!(await allExist(db, organisationNames, input.ownerOrganisationId ? [input.ownerOrganisationId] : []))) {
    throw new FormError('ownerOrganisationId', 'Select the organisation from the list');
  }
  if (planId === undefined) return createPlan(db, user, input);
  await updatePlan(db, user, planId, input);
  return planId;
}

type RecordedChange = Awaited<ReturnType<typeof listPlanChanges>>[number];

/** The plan page: its actions grouped by objective, then those under none. */
export async function planPage(db: Queryable, user: CurrentUser, planId: number) {
  const plan = await getPlan(db, planId);
  const [objectives, actions, changes] = await Promise.all([
    listObjectives(db, planId),
    listPlanActions(db, { planId, includeWithdrawn: true }),
    listPlanChanges(db, { planId, actionId: null, limit: 50 }),
  ]);
  const current = actions.filter((a) => !a.withdrawnAt);
  const objectiveIds = new Set(objectives.map((o) => o.id));
  const ratings = noRatings();
  for (const action of current) ratings[action.rag] += 1;
  return {
    plan,
    objectives: objectives.map((objective) => ({
      ...objective,
      actions: current.filter((a) => a.objectiveId === objective.id),
    })),
    otherActions: current.filter((a) => a.objectiveId === null || !objectiveIds.has(a.objectiveId)),
    withdrawn: actions.filter((a) => a.withdrawnAt),
    actionCount: current.length,
    ratings,
    changes: await describeChanges(db, changes),
    canEdit: canPlan(user, 'edit', plan),
  };
}

export async function addObjective(
  db: Database,
  user: CurrentUser,
  planId: number,
  input: { title: string; strand?: Strand },
) {
  checkPlan(user, 'edit', await getPlan(db, planId));
  return createObjective(db, user, planId, input);
}

// The action form.

/** Objectives to choose from: the plan's own, or (plan not chosen yet) every open plan's, named. */
async function objectiveOptions(db: Queryable, planId: number | undefined) {
  if (planId !== undefined) return listObjectives(db, planId);
  return db
    .select({
      id: planObjectives.id,
      position: planObjectives.position,
      title: sql<string>`${plans.title} || ': ' || ${planObjectives.title}`,
      strand: planObjectives.strand,
    })
    .from(planObjectives)
    .innerJoin(plans, eq(plans.id, planObjectives.planId))
    .where(and(isNull(planObjectives.withdrawnAt), livePlan))
    .orderBy(asc(plans.title), asc(planObjectives.position));
}

/** Actions of other open plans (strategic ones only, if asked), plus any already linked. */
async function otherPlansActions(
  db: Queryable,
  planId: number | undefined,
  options: { strategicOnly: boolean; including: number[] },
) {
  const open = and(
    currentAction,
    livePlan,
    planId === undefined ? undefined : ne(planActions.planId, planId),
    options.strategicOnly ? eq(plans.kind, 'strategic') : undefined,
  );
  const rows = await db
    .select({
      id: planActions.id,
      reference: planActions.reference,
      title: planActions.title,
      planId: plans.id,
      planTitle: plans.title,
    })
    .from(planActions)
    .innerJoin(plans, eq(plans.id, planActions.planId))
    .where(options.including.length ? or(open, inArray(planActions.id, options.including)) : open);
  return rows.sort((a, b) => a.planTitle.localeCompare(b.planTitle) || a.planId - b.planId || byReference(a, b));
}

/**
 * Everything the action form offers. `planId` is undefined when the plan is chosen on the form.
 * CTLP documents are those the user may know exist: need-to-know applies to the list itself.
 */
export async function actionFormOptions(
  db: Queryable,
  user: CurrentUser,
  planId: number | undefined,
  values: Partial<ActionInput> = {},
) {
  const [objectives, organisationOptions, peopleOptions, documents, strategicActions, sourceActions, decisions] =
    await Promise.all([
      objectiveOptions(db, planId),
      listOrganisationOptions(db),
      listPeopleOptions(db),
      listVisibleDocuments(db, user),
      otherPlansActions(db, planId, { strategicOnly: true, including: values.implementsActionIds ?? [] }),
      otherPlansActions(db, planId, {
        strategicOnly: false,
        including: values.sourceActionId ? [values.sourceActionId] : [],
      }),
      decisionOptions(db, values.decisionAgendaItemId),
    ]);
  return {
    objectives,
    organisations: organisationOptions,
    people: peopleOptions,
    documents,
    strategicActions,
    sourceActions,
    decisions,
  };
}

async function partnerIdsOf(db: Queryable, actionId: number): Promise<number[]> {
  const rows = await db
    .select({ id: planActionPartners.organisationId })
    .from(planActionPartners)
    .where(eq(planActionPartners.actionId, actionId));
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** The edit form's values. A CTLP document the user may not see is neither shown nor lost. */
export async function actionForEditing(db: Queryable, user: CurrentUser, action: PlanAction) {
  const ctlpHidden = action.ctlpDocumentId !== null && !(await canSeeDocument(db, user, action.ctlpDocumentId));
  return {
    ctlpHidden,
    values: {
      reference: action.reference,
      title: action.title,
      description: given(action.description),
      strand: action.strand,
      objectiveId: given(action.objectiveId),
      leadOrganisationId: given(action.leadOrganisationId),
      leadPersonId: given(action.leadPersonId),
      partnerOrganisationIds: await partnerIdsOf(db, action.id),
      startOn: given(action.startOn),
      dueOn: given(action.dueOn),
      ctlpDocumentId: ctlpHidden ? undefined : given(action.ctlpDocumentId),
      ctlpReference: ctlpHidden ? undefined : given(action.ctlpReference),
      decisionAgendaItemId: given(action.decisionAgendaItemId),
      actionArisingId: given(action.actionArisingId),
      implementsActionIds: action.implementsActionIds,
      sourceActionId: given(action.sourceActionId),
      sourceLabel: given(action.sourceLabel),
    } satisfies ActionInput,
  };
}

// Checking an action's links.

async function checkObjective(db: Queryable, planId: number, objectiveId: number | undefined) {
  if (objectiveId === undefined) return;
  const found = await db.$count(
    planObjectives,
    and(eq(planObjectives.id, objectiveId), eq(planObjectives.planId, planId), isNull(planObjectives.withdrawnAt)),
  );
  if (!found) throw new FormError('objectiveId', 'Select an objective of this plan from the list');
}

async function checkPeopleAndPartners(db: Queryable, input: ActionInput) {
  if (!(await allExist(db, organisationNames, input.leadOrganisationId ? [input.leadOrganisationId] : [])))
    throw new FormError('leadOrganisationId', 'Select the lead organisation from the list');
  if (!(await allExist(db, peopleNames, input.leadPersonId ? [input.leadPersonId] : [])))
    throw new FormError('leadPersonId', 'Select the lead officer from the list');
  if (!(await allExist(db, organisationNames, input.partnerOrganisationIds ?? [])))
    throw new FormError('partnerOrganisationIds', 'Select the partners from the list');
}

/**
 * The CTLP link. A document the user may not see stays linked as it was (with its reference):
 * their form could not show it, so leaving it out does not mean removing it.
 */
async function checkCtlp(
  db: Queryable,
  user: CurrentUser,
  input: ActionInput,
  existing?: PlanAction,
): Promise<Pick<ActionInput, 'ctlpDocumentId' | 'ctlpReference'>> {
  const kept = existing?.ctlpDocumentId ?? null;
  if (kept !== null && input.ctlpDocumentId === undefined && !(await canSeeDocument(db, user, kept))) {
    return { ctlpDocumentId: kept, ctlpReference: given(existing!.ctlpReference) };
  }
  if (
    input.ctlpDocumentId !== undefined &&
    input.ctlpDocumentId !== kept &&
    !(await canSeeDocument(db, user, input.ctlpDocumentId))
  ) {
    throw new FormError('ctlpDocumentId', 'Select a CTLP document from the list');
  }
  return { ctlpDocumentId: input.ctlpDocumentId, ctlpReference: input.ctlpReference };
}

/** The meeting link: an action arising names its agenda item, which is the decision that created it. */
async function checkMeetingLinks(
  db: Queryable,
  input: ActionInput,
): Promise<Pick<ActionInput, 'decisionAgendaItemId' | 'actionArisingId'>> {
  if (!(await allExist(db, agendaItemTitles, input.decisionAgendaItemId ? [input.decisionAgendaItemId] : [])))
    throw new FormError('decisionAgendaItemId', 'Select the meeting decision from the list');
  if (input.actionArisingId === undefined) return { decisionAgendaItemId: input.decisionAgendaItemId };
  const arising = await actionArisingWithMeeting(db, input.actionArisingId);
  if (!arising) throw new FormError('actionArisingId', 'The action arising this came from no longer exists');
  return {
    actionArisingId: input.actionArisingId,
    decisionAgendaItemId: input.decisionAgendaItemId ?? arising.agendaItemId,
  };
}

async function checkSourceAndStrategic(db: Queryable, planId: number, input: ActionInput) {
  if (input.sourceActionId !== undefined) {
    const [source] = await db
      .select({ planId: planActions.planId })
      .from(planActions)
      .where(eq(planActions.id, input.sourceActionId));
    if (!source || source.planId === planId)
      throw new FormError('sourceActionId', 'Select an action of another plan from the list');
  }
  const strategic = [...new Set(input.implementsActionIds ?? [])];
  if (strategic.length === 0) return;
  const rows = await db
    .select({ planId: planActions.planId, kind: plans.kind })
    .from(planActions)
    .innerJoin(plans, eq(plans.id, planActions.planId))
    .where(inArray(planActions.id, strategic));
  if (rows.length !== strategic.length || rows.some((r) => r.kind !== 'strategic' || r.planId === planId)) {
    throw new FormError('implementsActionIds', 'Select strategic actions of other plans from the list');
  }
}

/** Every id on the action form names something that exists and may be linked; the input as it will be saved. */
async function checkActionInput(
  db: Queryable,
  user: CurrentUser,
  planId: number,
  input: ActionInput,
  existing?: PlanAction,
): Promise<ActionInput> {
  await checkObjective(db, planId, input.objectiveId);
  await checkPeopleAndPartners(db, input);
  const ctlp = await checkCtlp(db, user, input, existing);
  const meeting = await checkMeetingLinks(db, input);
  await checkSourceAndStrategic(db, planId, input);
  return { ...input, ...ctlp, ...meeting };
}

/** Add an action to a plan. */
export async function addAction(db: Database, user: CurrentUser, planId: number, input: ActionInput): Promise<number> {
  checkPlan(user, 'edit', await getPlan(db, planId));
  const checked = await checkActionInput(db, user, planId, input);
  return db.transaction((tx) => createAction(tx, { user }, planId, checked));
}

/** Add an action to the plan chosen on the form (an action arising taken into a plan). */
export async function addActionToChosenPlan(
  db: Database,
  user: CurrentUser,
  planId: number,
  input: ActionInput,
): Promise<number> {
  const plan = await getPlan(db, planId).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw new FormError('planId', 'Select a plan from the list');
    throw error;
  });
  checkPlan(user, 'edit', plan, 'planId');
  return addAction(db, user, planId, input);
}

/** Change an action; the core records each field that changed, partners by name. */
export async function changeAction(
  db: Database,
  user: CurrentUser,
  action: PlanAction,
  input: ActionInput,
): Promise<void> {
  checkAction(user, 'edit', { ...action, plan: await getPlan(db, action.planId) });
  const checked = await checkActionInput(db, user, action.planId, input, action);
  await db.transaction((tx) => updateAction(tx, { user }, action.id, checked));
}

export async function withdraw(db: Database, user: CurrentUser, action: PlanAction, reason: string): Promise<void> {
  checkAction(user, 'withdraw', { ...action, plan: await getPlan(db, action.planId) }, 'reason');
  await db.transaction((tx) => withdrawAction(tx, { user }, action.id, reason));
}

// Bringing an action in from another plan.

/** Actions of other open plans not yet brought into this one. */
export async function bringInOptions(db: Queryable, planId: number) {
  const [candidates, already, objectives] = await Promise.all([
    otherPlansActions(db, planId, { strategicOnly: false, including: [] }),
    db
      .select({ sourceActionId: planActions.sourceActionId })
      .from(planActions)
      .where(
        and(eq(planActions.planId, planId), isNull(planActions.withdrawnAt), isNotNull(planActions.sourceActionId)),
      ),
    listObjectives(db, planId),
  ]);
  const taken = new Set(already.map((r) => r.sourceActionId));
  return { actions: candidates.filter((a) => !taken.has(a.id)), objectives };
}

/**
 * Copy another plan's action into this one, keeping where it came from. An action of a strategic
 * plan brought into an operational or delivery plan also implements it, so its progress rolls up.
 */
export async function bringIn(
  db: Database,
  user: CurrentUser,
  planId: number,
  input: { sourceActionId: number; reference?: string; objectiveId?: number },
): Promise<number> {
  const plan = await getPlan(db, planId);
  checkPlan(user, 'edit', plan, 'sourceActionId');
  const [source] = await listPlanActions(db, { actionIds: [input.sourceActionId] });
  if (!source || source.planId === planId)
    throw new FormError('sourceActionId', 'Select an action of another plan from the list');
  const [already] = await db
    .select({ reference: planActions.reference })
    .from(planActions)
    .where(
      and(eq(planActions.planId, planId), eq(planActions.sourceActionId, source.id), isNull(planActions.withdrawnAt)),
    );
  if (already)
    throw new FormError('sourceActionId', `That action is already in this plan as action ${already.reference}`);
  await checkObjective(db, planId, input.objectiveId);
  const sourcePlan = await getPlan(db, source.planId);
  const implementsIt = sourcePlan.kind === 'strategic' && plan.kind !== 'strategic';
  const copy: ActionInput = {
    reference: input.reference,
    title: source.title,
    description: given(source.description),
    strand: source.strand,
    objectiveId: input.objectiveId,
    leadOrganisationId: given(source.leadOrganisationId),
    leadPersonId: given(source.leadPersonId),
    partnerOrganisationIds: await partnerIdsOf(db, source.id),
    startOn: given(source.startOn),
    dueOn: given(source.dueOn),
    // The CTLP link travels with the action; its marking is applied wherever it is shown.
    ctlpDocumentId: given(source.ctlpDocumentId),
    ctlpReference: given(source.ctlpReference),
    sourceActionId: source.id,
    implementsActionIds: implementsIt ? [source.id] : [],
  };
  return db.transaction((tx) => createAction(tx, { user }, planId, copy));
}

// The action page.

/** The CTLP link as this user may see it: the document named only within need-to-know. */
async function ctlpLinkFor(db: Queryable, user: CurrentUser, action: PlanAction) {
  if (action.ctlpDocumentId === null)
    return action.ctlpReference ? { cleared: true, reference: action.ctlpReference, document: null } : null;
  try {
    const document = await getDocument(db, user, action.ctlpDocumentId);
    return {
      cleared: true,
      reference: action.ctlpReference,
      document: { id: document.id, title: document.title, marking: document.marking },
    };
  } catch (error) {
    if (error instanceof NotFoundError) return { cleared: false, reference: null, document: null };
    throw error;
  }
}

async function decisionOf(db: Queryable, agendaItemId: number | null) {
  if (agendaItemId === null) return null;
  const row = await meetingDecision(db, agendaItemId);
  return row && { ...row, itemId: row.id };
}

async function arisingOf(db: Queryable, actionArisingId: number | null) {
  if (actionArisingId === null) return null;
  return (await actionArisingWithMeeting(db, actionArisingId)) ?? null;
}

/** Actions in other plans that were brought in from this one. */
async function copiesOf(db: Queryable, actionId: number) {
  const rows = await db
    .select({ id: planActions.id })
    .from(planActions)
    .where(eq(planActions.sourceActionId, actionId));
  return actionsWithPlans(
    db,
    rows.map((r) => r.id),
  );
}

/** The operational work under a strategic action: the current actions that implement it. */
async function workUnder(db: Queryable, actionId: number) {
  const rows = await db
    .select({ id: planActionImplements.actionId })
    .from(planActionImplements)
    .where(eq(planActionImplements.strategicActionId, actionId));
  return actionsWithPlans(
    db,
    rows.map((r) => r.id),
  );
}

/**
 * Why the action has its rating, in the words of the rule (plans.rag.ts), checked in the same
 * order as ragOf so the reason always names the clause that decided.
 */
export function ragReason(
  action: { state: ActionState; startOn: string | null; dueOn: string | null },
  today = todayIso(),
): string {
  if (action.state === 'completed') return 'The lead has reported it completed.';
  if (action.state === 'blocked') return 'The lead reports it blocked.';
  if (action.dueOn && action.dueOn < today)
    return `Its due date, ${formatDate(action.dueOn)}, has passed and it is not completed.`;
  if (action.state === 'at_risk') return 'The lead reports it at risk.';
  if (ragOf(action, today) === 'amber') {
    if (action.startOn && action.startOn < today)
      return `It should have started on ${formatDate(action.startOn)} and has not.`;
    return `It is due on ${formatDate(action.dueOn)}, within ${AMBER_WINDOW_DAYS} days, and has not started.`;
  }
  if (action.state === 'on_track') return 'The lead reports it on track.';
  return 'It has not started and is not yet due to start.';
}

/** Everything the action page shows, and what this user may do on it. */
export async function actionPage(db: Queryable, user: CurrentUser, actionId: number) {
  const action = await getPlanAction(db, actionId);
  const [plan, ctlp, decision, arising, source, implementsActions, workBelow, copies, progress, changes] =
    await Promise.all([
      getPlan(db, action.planId),
      ctlpLinkFor(db, user, action),
      decisionOf(db, action.decisionAgendaItemId),
      arisingOf(db, action.actionArisingId),
      action.sourceActionId === null
        ? null
        : actionsWithPlans(db, [action.sourceActionId], true).then(([s]) => s ?? null),
      actionsWithPlans(db, action.implementsActionIds, true),
      workUnder(db, actionId),
      copiesOf(db, actionId),
      listProgressUpdates(db, actionId),
      listPlanChanges(db, { planId: action.planId, actionId }),
    ]);
  const thing = { ...action, plan };
  return {
    action,
    ragReason: ragReason(action),
    plan,
    ctlp,
    decision,
    arising,
    source,
    implementsActions,
    workBelow,
    rollUp: workBelow.length
      ? rollUp(
          action.rag,
          workBelow.map((a) => a.rag),
        )
      : null,
    copies,
    progress,
    changes: await describeChanges(db, changes),
    sensitive: ctlp?.document?.marking === SENSITIVE,
    can: { edit: canAction(user, 'edit', thing), updateProgress: canAction(user, 'update-progress', thing) },
  };
}

// Progress.

/** The action, if this user may write its progress (its lead officer, or a coordinator). */
export async function actionForProgress(db: Queryable, user: CurrentUser, actionId: number): Promise<PlanAction> {
  const action = await getPlanAction(db, actionId);
  checkActionRole(user, 'update-progress', action);
  return action;
}

export async function recordProgress(
  db: Database,
  user: CurrentUser,
  actionId: number,
  input: { state: ActionState; note: string },
): Promise<void> {
  await actionForProgress(db, user, actionId);
  await addProgressUpdate(db, user, actionId, input);
}

// The history of changes, in words.

const CHANGE_WORDS: Record<string, string> = {
  created: 'Added',
  withdrawn: 'Withdrawn',
  objective: 'Objective added',
  reference: 'Reference',
  title: 'Title',
  description: 'Description',
  strand: 'CONTEST strand',
  objectiveId: 'Objective',
  leadOrganisationId: 'Lead organisation',
  leadPersonId: 'Lead officer',
  partners: 'Partners',
  startOn: 'Start date',
  dueOn: 'Due date',
  state: 'State',
  ctlpDocumentId: 'CTLP document',
  ctlpReference: 'CTLP reference',
  decisionAgendaItemId: 'Meeting decision',
  actionArisingId: 'Action arising',
  sourceActionId: 'Brought in from',
  sourceLabel: 'Outside plan it comes from',
  implementsActionIds: 'Strategic actions it implements',
  kind: 'Kind of plan',
  summary: 'Summary',
  periodStart: 'Start of the period',
  periodEnd: 'End of the period',
  ownerGroupId: 'Owner group',
  ownerOrganisationId: 'Partner whose own plan it is',
};

// CTLP values are never repeated in the history: the document may be marked, and the history is read by all.
const UNSHOWN = new Set(['ctlpDocumentId', 'ctlpReference']);
const CODED = new Set(['state', 'strand', 'kind']);
const DATED = new Set(['startOn', 'dueOn', 'periodStart', 'periodEnd']);

type NameQuery = (db: Queryable, ids: number[]) => Promise<{ id: number; name: string }[]>;
const nameOf =
  (names: (db: Queryable, ids: readonly number[]) => Promise<Map<number, string>>): NameQuery =>
  async (db, ids) =>
    [...(await names(db, ids))].map(([id, name]) => ({ id, name }));
const objectiveTitles = async (db: Queryable, ids: readonly number[]) =>
  new Map(
    (
      await db
        .select({ id: planObjectives.id, title: planObjectives.title })
        .from(planObjectives)
        .where(inArray(planObjectives.id, [...ids]))
    ).map((r) => [r.id, r.title]),
  );

/** Fields that hold ids, and how to name what they point at. */
const ID_FIELDS: Record<string, NameQuery> = {
  objectiveId: nameOf(objectiveTitles),
  leadOrganisationId: nameOf(organisationNames),
  ownerOrganisationId: nameOf(organisationNames),
  ownerGroupId: nameOf(groupNames),
  leadPersonId: nameOf(peopleNames),
  decisionAgendaItemId: nameOf(agendaItemTitles),
  actionArisingId: nameOf(actionArisingDescriptions),
  sourceActionId: async (db, ids) => [...(await actionLabels(db, ids))].map(([id, name]) => ({ id, name })),
  implementsActionIds: async (db, ids) => [...(await actionLabels(db, ids))].map(([id, name]) => ({ id, name })),
};

const idsIn = (value: string | null) => (value ? value.split(', ').map(Number).filter(Number.isInteger) : []);

/** Recorded changes with the field named in words and ids turned into names. */
export async function describeChanges(db: Queryable, changes: RecordedChange[]) {
  const names = new Map<string, Map<number, string>>();
  for (const [field, query] of Object.entries(ID_FIELDS)) {
    const ids = [
      ...new Set(changes.filter((c) => c.field === field).flatMap((c) => [...idsIn(c.before), ...idsIn(c.after)])),
    ];
    if (ids.length) names.set(field, new Map((await query(db, ids)).map((r) => [r.id, r.name])));
  }
  const shown = (field: string, value: string | null): string | null => {
    if (value === null || value === '') return null;
    if (UNSHOWN.has(field)) return 'Not shown here';
    const lookup = names.get(field);
    if (lookup)
      return idsIn(value)
        .map((id) => lookup.get(id) ?? `no longer listed (${id})`)
        .join('; ');
    if (CODED.has(field)) return label(value);
    if (DATED.has(field)) return formatDate(value);
    return value;
  };
  return changes.map((c) => ({
    ...c,
    what: CHANGE_WORDS[c.field] ?? label(c.field),
    before: shown(c.field, c.before),
    after: shown(c.field, c.after),
  }));
}

// My actions.

/** Overdue first, then soonest due (undated after dated), completed last. */
function byUrgency(a: PlanAction & { overdue: boolean }, b: PlanAction & { overdue: boolean }) {
  const rank = (x: PlanAction & { overdue: boolean }) => (x.overdue ? 0 : x.state === 'completed' ? 2 : 1);
  return rank(a) - rank(b) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || byReference(a, b);
}

/** The actions a person leads in current plans, and the open actions arising they own from meetings. */
export async function myActions(db: Queryable, user: CurrentUser, today = todayIso()) {
  const [led, allPlans, arising] = await Promise.all([
    listPlanActions(db, { leadPersonId: user.personId }, today),
    listPlans(db),
    openActionsForPerson(db, user.personId),
  ]);
  const current = new Map(allPlans.filter((p) => !isSuperseded(p)).map((p) => [p.id, p.title]));
  const actions = led
    .filter((a) => current.has(a.planId))
    .map((a) => ({ ...a, planTitle: current.get(a.planId)!, overdue: isOverdue(a, today) }))
    .sort(byUrgency);
  return { actions, arising: arising.map((a) => ({ ...a, overdue: a.dueOn !== null && a.dueOn < today })) };
}

// An action arising taken into a plan.

/** The action arising, with its meeting, and the plan actions already made from it. */
export async function actionArisingForPlan(db: Queryable, actionArisingId: number) {
  const found = await actionArisingWithMeeting(db, actionArisingId);
  const owner = found?.ownerPersonId ? await findPerson(db, found.ownerPersonId) : undefined;
  const arising = found && { ...found, ownerOrganisationId: owner?.organisationId ?? null };
  if (!arising) throw new NotFoundError('action arising');
  const made = await db
    .select({ id: planActions.id })
    .from(planActions)
    .where(and(eq(planActions.actionArisingId, actionArisingId), isNull(planActions.withdrawnAt)));
  return {
    arising,
    alreadyIn: await actionsWithPlans(
      db,
      made.map((r) => r.id),
    ),
  };
}

/** The form's first values: the action arising's words, owner and date, and the decision it came from. */
export const draftFromArising = (
  arising: Awaited<ReturnType<typeof actionArisingForPlan>>['arising'],
): Partial<ActionInput> => ({
  title: arising.description,
  strand: 'prevent',
  leadPersonId: given(arising.ownerPersonId),
  leadOrganisationId: given(arising.ownerOrganisationId),
  dueOn: given(arising.dueOn),
  actionArisingId: arising.id,
  decisionAgendaItemId: arising.agendaItemId,
});

/** Plans an action can still be added to. */
export const openPlans = (db: Queryable) => listPlans(db).then((all) => all.filter((p) => !isSuperseded(p)));
