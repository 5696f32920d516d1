import { and, asc, count, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Database, Queryable, Transaction } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { canApprovePlan } from '../../auth/policy.ts';
import { FormError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { formatDate, label } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { approvedItemsOf, eventItemNotWithheld, eventTitle, eventsLinkedToPlan, planOfEvent } from '../events/index.ts';
import { accountName } from '../accounts/index.ts';
import { groupChairIds } from '../groups/index.ts';
import {
  findPerson,
  listOrganisationOptions,
  organisationExists,
  organisationName,
  organisationNames,
  peopleNames,
} from '../organisations/index.ts';
import type { ResponseInput, SuggestionFilter, SuggestionInput } from './consultation.forms.ts';
import {
  createAction,
  freezeActions,
  getPlan,
  listObjectives,
  listPlanActions,
  listPlanChanges,
  recordPlanChanges,
  todayIso,
  updateAction,
  type ActionInput,
  type ChangeContext,
  type Plan,
} from './plans.service.ts';
import {
  planActionImplements,
  planActionPartners,
  planActions,
  planObjectives,
  plans,
  planSuggestions,
  planVersions,
  SUGGESTION_RESPONSES,
  type FrozenAction,
  type PlanStatus,
} from './plans.tables.ts';
import {
  canPlan,
  checkPlan,
  checkPlanEditor,
  isApproved,
  isInConsultation,
  isSuperseded,
  linkablePlan,
} from './plans.policy.ts';
import { compareFrozen } from './versions.ts';

/*
 * Consultation on a draft plan (seed 001 §10–11: delegates "feed in suggestions for amendments
 * and additions ... and the action plan amended where appropriate"), its approval as a numbered
 * version, the comparison of versions, and "you said, we did".
 *
 * Closing a consultation returns the plan to draft: the plan is then being finished off, and
 * the status should not tell readers they can still comment. When the closing date simply passes,
 * the status stays "in consultation" and comments are refused by the date; the pages say
 * "closed for comment". Either way the coordinator answers every suggestion, then the owner group approves.
 */

const ACCEPTED = ['accepted', 'accepted_with_changes'] as const;

/** The plan row, locked for a change of status. */
async function lockPlan(tx: Transaction, planId: number) {
  const [plan] = await tx.select().from(plans).where(eq(plans.id, planId)).for('update');
  if (!plan) throw new NotFoundError('plan');
  return plan;
}

/** Change the plan's status (and closing date), each change recorded with who made it. */
async function setStatus(
  tx: Transaction,
  user: CurrentUser,
  plan: { id: number; status: PlanStatus; consultationClosesOn: string | null },
  status: PlanStatus,
  closesOn = plan.consultationClosesOn,
) {
  await tx.update(plans).set({ status, consultationClosesOn: closesOn }).where(eq(plans.id, plan.id));
  const changes = [
    ...(status === plan.status ? [] : [{ field: 'status', before: plan.status, after: status }]),
    ...(closesOn === plan.consultationClosesOn
      ? []
      : [{ field: 'consultationClosesOn', before: plan.consultationClosesOn, after: closesOn }]),
  ];
  await recordPlanChanges(tx, { user }, plan.id, null, changes);
}

// The consultation itself.

export type ConsultationState = 'not_open' | 'open' | 'ended';

/** Open: in consultation and on or before its closing date. Ended: in consultation, but the date has passed. */
export function consultationState(
  plan: { status: PlanStatus; consultationClosesOn: string | null },
  today = todayIso(),
): ConsultationState {
  if (!isInConsultation(plan)) return 'not_open';
  return plan.consultationClosesOn && today <= plan.consultationClosesOn ? 'open' : 'ended';
}

/** Open the plan for comment until a date (or move the date of an open consultation). */
export async function openConsultation(
  db: Database,
  user: CurrentUser,
  planId: number,
  closesOn: string,
  today = todayIso(),
): Promise<void> {
  checkPlanEditor(user, 'open-consultation');
  if (closesOn <= today) throw new FormError('closesOn', 'The closing date must be in the future');
  await db.transaction(async (tx) => {
    const plan = await lockPlan(tx, planId);
    checkPlan(user, 'open-consultation', plan, 'consultation');
    await setStatus(tx, user, plan, 'in_consultation', closesOn);
    await recordAudit(tx, {
      action: 'plan.consultation_opened',
      user,
      subjectType: 'plan',
      subjectId: planId,
      detail: { closesOn },
    });
  });
}

/** Stop taking comments now: back to draft, keeping the date it closed. */
export async function closeConsultation(
  db: Database,
  user: CurrentUser,
  planId: number,
  today = todayIso(),
): Promise<void> {
  checkPlanEditor(user, 'close-consultation');
  await db.transaction(async (tx) => {
    const plan = await lockPlan(tx, planId);
    checkPlan(user, 'close-consultation', plan, 'consultation');
    const closedOn = plan.consultationClosesOn && plan.consultationClosesOn < today ? plan.consultationClosesOn : today;
    await setStatus(tx, user, plan, 'draft', closedOn);
    await recordAudit(tx, {
      action: 'plan.consultation_closed',
      user,
      subjectType: 'plan',
      subjectId: planId,
      detail: { closedOn },
    });
  });
}

// Suggestions.

/** Why a partner cannot comment today, or null if they can. */
export function commentRefusal(plan: Pick<Plan, 'status' | 'consultationClosesOn'>, today = todayIso()): string | null {
  const state = consultationState(plan, today);
  if (state === 'open') return null;
  if (state === 'ended')
    return `This consultation closed on ${formatDate(plan.consultationClosesOn)}. Comments can no longer be added.`;
  return 'This plan is not open for comment at the moment.';
}

async function checkSuggestionAction(db: Queryable, planId: number, input: SuggestionInput): Promise<number | null> {
  if (input.kind === 'new_action') {
    if (!input.proposedTitle) throw new FormError('proposedTitle', 'Enter the title of the new action you propose');
    return null;
  }
  if (input.actionId === undefined) {
    if (input.kind === 'amendment') throw new FormError('actionId', 'Select the action you propose to amend');
    return null;
  }
  const [action] = await db
    .select({ id: planActions.id })
    .from(planActions)
    .where(and(eq(planActions.id, input.actionId), eq(planActions.planId, planId), isNull(planActions.withdrawnAt)));
  if (!action) throw new FormError('actionId', 'Select the action from the list');
  return action.id;
}

/** A partner's comment, proposed amendment or proposed new action, while the plan is open for comment. */
export async function addSuggestion(
  db: Database,
  user: CurrentUser,
  planId: number,
  input: SuggestionInput,
  today = todayIso(),
): Promise<number> {
  if (user.role === 'viewer') throw new ForbiddenError('Viewers can read the plan but cannot comment on it');
  const plan = await getPlan(db, planId);
  const refusal = commentRefusal(plan, today);
  if (refusal) throw new FormError('text', refusal);
  const actionId = await checkSuggestionAction(db, planId, input);
  const author = await findPerson(db, user.personId);
  const [row] = await db
    .insert(planSuggestions)
    .values({
      planId,
      actionId,
      kind: input.kind,
      text: input.text,
      proposedTitle: input.kind === 'new_action' ? input.proposedTitle! : null,
      fromAccountId: user.accountId,
      fromOrganisationId: author?.organisationId ?? null,
    })
    .returning({ id: planSuggestions.id });
  return row!.id;
}

/** How many suggestions each linked event added. */
export interface BroughtIn {
  eventId: number;
  title: string;
  added: number;
}

/**
 * The approved questions and comments of the plan's linked events (or of the events named)
 * become anonymous suggestions. The delegate and any name they gave stay behind: only the words
 * and the event travel. The unique from_event_item_id makes a second run add nothing.
 */
async function bringInEventItems(tx: Queryable, planId: number, eventIds?: number[]): Promise<BroughtIn[]> {
  const linked = await eventsLinkedToPlan(tx, planId, eventIds);
  const result: BroughtIn[] = [];
  for (const event of linked) {
    const items = await approvedItemsOf(tx, event.id);
    const added = items.length
      ? await tx
          .insert(planSuggestions)
          .values(
            items.map((item) => ({
              planId,
              kind: 'comment' as const,
              text: item.body,
              fromEventId: event.id,
              fromEventItemId: item.id,
            })),
          )
          .onConflictDoNothing({ target: planSuggestions.fromEventItemId })
          .returning({ id: planSuggestions.id })
      : [];
    result.push({ eventId: event.id, title: event.title, added: added.length });
  }
  return result;
}

/** The coordinator's "Bring in suggestions from linked events". */
export async function bringInSuggestions(db: Database, user: CurrentUser, planId: number): Promise<BroughtIn[]> {
  checkPlanEditor(user, 'bring-in-suggestions');
  checkPlan(user, 'bring-in-suggestions', await getPlan(db, planId), 'linked-events');
  return db.transaction((tx) => bringInEventItems(tx, planId));
}

/** Called as an event closes: its approved items flow into the linked plan, if it still takes suggestions. */
export async function bringInFromClosedEvent(tx: Queryable, eventId: number): Promise<void> {
  const planId = await planOfEvent(tx, eventId);
  if (planId === null) return;
  const [plan] = await tx.select({ status: plans.status }).from(plans).where(eq(plans.id, planId));
  if (plan && !isSuperseded(plan)) await bringInEventItems(tx, planId, [eventId]);
}

/** Plans an event can be linked to: drafts and plans in consultation, plus the one it is linked to now. */
export function linkablePlanOptions(db: Queryable, including?: number | null) {
  return db
    .select({ id: plans.id, title: plans.title, status: plans.status })
    .from(plans)
    .where(including ? or(linkablePlan, eq(plans.id, including)) : linkablePlan)
    .orderBy(asc(plans.title));
}

/** A plan's suggestions (or one of them), oldest first, with what each is about and who it came from. */
/**
 * A room's item flagged for safeguarding after it arrived is withheld from the consultation (and
 * from "you said, we did"): kept on record, but its words go no further than the moderators.
 */
const notWithheld = eventItemNotWithheld(planSuggestions.fromEventItemId);

export async function listSuggestions(
  db: Queryable,
  planId: number,
  filter: { show?: SuggestionFilter; suggestionId?: number } = {},
) {
  const rows = await db
    .select({
      id: planSuggestions.id,
      kind: planSuggestions.kind,
      text: planSuggestions.text,
      proposedTitle: planSuggestions.proposedTitle,
      actionId: planSuggestions.actionId,
      actionReference: planActions.reference,
      actionTitle: planActions.title,
      fromName: accountName(planSuggestions.fromAccountId),
      fromOrganisation: organisationName(planSuggestions.fromOrganisationId),
      fromEventTitle: eventTitle(planSuggestions.fromEventId),
      createdAt: planSuggestions.createdAt,
      response: planSuggestions.response,
      responseText: planSuggestions.responseText,
      respondedBy: accountName(planSuggestions.respondedBy),
      respondedAt: planSuggestions.respondedAt,
      inVersion: planSuggestions.inVersion,
    })
    .from(planSuggestions)
    .leftJoin(planActions, eq(planActions.id, planSuggestions.actionId))
    .where(
      and(
        eq(planSuggestions.planId, planId),
        notWithheld,
        filter.suggestionId === undefined ? undefined : eq(planSuggestions.id, filter.suggestionId),
        filter.show === 'awaiting'
          ? isNull(planSuggestions.response)
          : filter.show === 'responded'
            ? isNotNull(planSuggestions.response)
            : undefined,
      ),
    )
    .orderBy(asc(planSuggestions.createdAt), asc(planSuggestions.id));
  return rows.map(({ fromName, fromOrganisation, fromEventTitle, ...s }) => ({
    ...s,
    about: s.actionReference
      ? `Action ${s.actionReference}: ${s.actionTitle}`
      : s.kind === 'new_action'
        ? 'New action'
        : 'The plan as a whole',
    // A delegate is never named, even if they gave a name in the room.
    from: fromEventTitle
      ? `Anonymous, from ${fromEventTitle}`
      : [fromName, fromOrganisation].filter(Boolean).join(', '),
  }));
}

export type Suggestion = Awaited<ReturnType<typeof listSuggestions>>[number];

async function getSuggestion(db: Queryable, planId: number, suggestionId: number): Promise<Suggestion> {
  const [suggestion] = await listSuggestions(db, planId, { suggestionId });
  if (!suggestion) throw new NotFoundError('suggestion');
  return suggestion;
}

async function countAwaiting(db: Queryable, planId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(planSuggestions)
    .where(and(eq(planSuggestions.planId, planId), isNull(planSuggestions.response), notWithheld));
  return Number(row?.n ?? 0);
}

// Responses and tracked amendments.

/** An action's full input as it stands, so an amendment changes only the fields the form shows. */
async function actionInputOf(tx: Queryable, actionId: number): Promise<ActionInput> {
  const [row] = await tx.select().from(planActions).where(eq(planActions.id, actionId));
  if (!row) throw new NotFoundError('action');
  const [partners, strategic] = await Promise.all([
    tx
      .select({ id: planActionPartners.organisationId })
      .from(planActionPartners)
      .where(eq(planActionPartners.actionId, actionId)),
    tx
      .select({ id: planActionImplements.strategicActionId })
      .from(planActionImplements)
      .where(eq(planActionImplements.actionId, actionId)),
  ]);
  const given = <T>(value: T | null) => value ?? undefined;
  return {
    reference: row.reference,
    title: row.title,
    description: given(row.description),
    strand: row.strand,
    objectiveId: given(row.objectiveId),
    leadOrganisationId: given(row.leadOrganisationId),
    leadPersonId: given(row.leadPersonId),
    partnerOrganisationIds: partners.map((p) => p.id),
    startOn: given(row.startOn),
    dueOn: given(row.dueOn),
    ctlpDocumentId: given(row.ctlpDocumentId),
    ctlpReference: given(row.ctlpReference),
    decisionAgendaItemId: given(row.decisionAgendaItemId),
    actionArisingId: given(row.actionArisingId),
    sourceActionId: given(row.sourceActionId),
    sourceLabel: given(row.sourceLabel),
    implementsActionIds: strategic.map((s) => s.id),
  };
}

function checkResponseText(input: ResponseInput) {
  if (input.response === 'declined' && !input.responseText)
    throw new FormError('responseText', 'Enter the reason for declining the suggestion');
  if (input.response === 'accepted_with_changes' && !input.responseText)
    throw new FormError('responseText', 'Say what was changed from the suggestion');
}

async function checkActionChoices(tx: Queryable, planId: number, input: ResponseInput) {
  if (!input.title) throw new FormError('title', 'Enter the title of the action');
  if (input.objectiveId !== undefined) {
    const [objective] = await tx
      .select({ id: planObjectives.id })
      .from(planObjectives)
      .where(and(eq(planObjectives.id, input.objectiveId), eq(planObjectives.planId, planId)));
    if (!objective) throw new FormError('objectiveId', 'Select the objective from the list');
  }
  if (input.leadOrganisationId !== undefined) {
    if (!(await organisationExists(tx, input.leadOrganisationId)))
      throw new FormError('leadOrganisationId', 'Select the lead organisation from the list');
  }
}

/**
 * Accepting a proposed new action adds it; accepting an amendment changes the action. Either
 * way the change carries the suggestion's id: these are the tracked amendments. Returns the action.
 */
async function applyAcceptance(
  tx: Transaction,
  context: ChangeContext,
  planId: number,
  suggestion: { kind: string; actionId: number | null },
  input: ResponseInput,
): Promise<number | null> {
  if (suggestion.kind === 'comment') return suggestion.actionId;
  await checkActionChoices(tx, planId, input);
  const fields = {
    title: input.title!,
    description: input.description,
    leadOrganisationId: input.leadOrganisationId,
    dueOn: input.dueOn,
  };
  if (suggestion.kind === 'new_action') {
    if (!input.strand) throw new FormError('strand', 'Select the CONTEST strand of the new action');
    return createAction(tx, context, planId, { ...fields, strand: input.strand, objectiveId: input.objectiveId });
  }
  // Only the fields the amendment form shows change; the rest of the action stays as it is.
  const current = await actionInputOf(tx, suggestion.actionId!);
  await updateAction(tx, context, suggestion.actionId!, { ...current, ...fields });
  return suggestion.actionId;
}

/** The coordinator's response; one per suggestion. Declining needs a reason, accepting with changes says what changed. */
export async function respondToSuggestion(
  db: Database,
  user: CurrentUser,
  planId: number,
  suggestionId: number,
  input: ResponseInput,
): Promise<void> {
  checkPlanEditor(user, 'respond');
  await db.transaction(async (tx) => {
    const [suggestion] = await tx
      .select()
      .from(planSuggestions)
      .where(and(eq(planSuggestions.id, suggestionId), eq(planSuggestions.planId, planId)))
      .for('update');
    if (!suggestion) throw new NotFoundError('suggestion');
    if (suggestion.response) throw new FormError('response', 'This suggestion already has a response');
    checkResponseText(input);
    const actionId =
      input.response === 'declined'
        ? suggestion.actionId
        : await applyAcceptance(tx, { user, suggestionId }, planId, suggestion, input);
    await tx
      .update(planSuggestions)
      .set({
        response: input.response,
        responseText: input.responseText ?? null,
        respondedBy: user.accountId,
        respondedAt: sql`now()`,
        actionId,
      })
      .where(eq(planSuggestions.id, suggestionId));
  });
}

/** What the response form shows: the suggestion, and the action fields to start from. */
export async function responseFormContext(db: Queryable, planId: number, suggestionId: number) {
  const [plan, suggestion, objectives, organisationOptions] = await Promise.all([
    getPlan(db, planId),
    getSuggestion(db, planId, suggestionId),
    listObjectives(db, planId),
    listOrganisationOptions(db),
  ]);
  const action =
    suggestion.kind === 'amendment' && suggestion.actionId ? await actionInputOf(db, suggestion.actionId) : undefined;
  const values: Partial<ResponseInput> = action
    ? {
        title: action.title,
        description: action.description,
        leadOrganisationId: action.leadOrganisationId,
        dueOn: action.dueOn,
      }
    : suggestion.kind === 'new_action'
      ? { title: suggestion.proposedTitle ?? undefined, description: suggestion.text }
      : {};
  return { plan, suggestion, objectives, organisationOptions, values };
}

const CHANGE_FIELD_LABELS: Record<string, string> = {
  created: 'Added',
  withdrawn: 'Withdrawn',
  reference: 'Reference',
  title: 'Title',
  description: 'Description',
  strand: 'CONTEST strand',
  objectiveId: 'Objective',
  leadOrganisationId: 'Lead organisation',
  leadPersonId: 'Lead officer',
  startOn: 'Start date',
  dueOn: 'Due date',
};

/** Names for the ids a change row stores, so readers see "Stockton Council", not "12". */
async function namesForChanges(
  db: Queryable,
  changes: { field: string; before: string | null; after: string | null }[],
) {
  const idsOf = (field: string) => [
    ...new Set(
      changes
        .filter((c) => c.field === field)
        .flatMap((c) => [c.before, c.after])
        .filter((v): v is string => v !== null)
        .map(Number),
    ),
  ];
  const [orgs, persons, objectives] = await Promise.all([
    organisationNames(db, idsOf('leadOrganisationId')),
    peopleNames(db, idsOf('leadPersonId')),
    idsOf('objectiveId').length
      ? db
          .select({ id: planObjectives.id, name: planObjectives.title })
          .from(planObjectives)
          .where(inArray(planObjectives.id, idsOf('objectiveId')))
      : [],
  ]);
  const byField: Record<string, Map<string, string>> = {
    leadOrganisationId: new Map([...orgs].map(([id, name]) => [String(id), name])),
    leadPersonId: new Map([...persons].map(([id, name]) => [String(id), name])),
    objectiveId: new Map(objectives.map((o) => [String(o.id), o.name])),
  };
  return (field: string, value: string | null): string => {
    if (value === null) return 'None';
    if (byField[field]) return byField[field].get(value) ?? value;
    if (field === 'startOn' || field === 'dueOn') return formatDate(value);
    if (field === 'strand') return label(value);
    return value;
  };
}

/** Changes made in answer to suggestions since the last approved version: the tracked amendments. */
export async function trackedAmendments(db: Queryable, plan: Pick<Plan, 'id' | 'currentVersion'>) {
  const [latest] = plan.currentVersion
    ? await db
        .select({ approvedAt: planVersions.approvedAt })
        .from(planVersions)
        .where(and(eq(planVersions.planId, plan.id), eq(planVersions.number, plan.currentVersion)))
    : [];
  const changes = (await listPlanChanges(db, { planId: plan.id, since: latest?.approvedAt }))
    .filter((c) => c.suggestionId !== null)
    .reverse();
  const actionIds = [...new Set(changes.map((c) => c.actionId).filter((id): id is number => id !== null))];
  const [actions, readable] = await Promise.all([
    listPlanActions(db, { actionIds, includeWithdrawn: true }),
    namesForChanges(db, changes),
  ]);
  const actionsById = new Map(actions.map((a) => [a.id, a]));
  return changes.map((c) => {
    const action = c.actionId ? actionsById.get(c.actionId) : undefined;
    return {
      ...c,
      action: action ? `${action.reference} ${action.title}` : 'The plan',
      fieldLabel: CHANGE_FIELD_LABELS[c.field] ?? c.field,
      before: c.field === 'created' ? null : readable(c.field, c.before),
      after: c.field === 'created' ? null : readable(c.field, c.after),
    };
  });
}

// Approval and versions.

export async function mayApprove(db: Queryable, user: CurrentUser, plan: Pick<Plan, 'ownerGroupId'>): Promise<boolean> {
  return canApprovePlan(user, plan.ownerGroupId, await groupChairIds(db, plan.ownerGroupId));
}

const suggestionsWord = (n: number) => (n === 1 ? '1 suggestion has' : `${n} suggestions have`);

/**
 * Approve the working copy as the next version: its actions frozen as they stand, accepted
 * suggestions marked as gone into it. Only the owner group, through its chair or a coordinator
 * who is a member; not while comments are still being taken, nor with suggestions unanswered.
 */
export async function approvePlan(
  db: Database,
  user: CurrentUser,
  planId: number,
  note?: string,
  today = todayIso(),
): Promise<number> {
  return db.transaction(async (tx) => {
    const plan = await lockPlan(tx, planId);
    if (!(await mayApprove(tx, user, plan)))
      throw new ForbiddenError(
        'Only the plan’s owner group can approve it, through its chair or a coordinator who is a member of the group',
      );
    checkPlan(user, 'approve', plan, 'approve');
    if (consultationState(plan, today) === 'open')
      throw new FormError(
        'approve',
        `The plan is open for comment until ${formatDate(plan.consultationClosesOn)}. Close the consultation before approving it.`,
      );
    const awaiting = await countAwaiting(tx, planId);
    if (awaiting)
      throw new FormError(
        'approve',
        `${suggestionsWord(awaiting)} no response yet. Respond to every suggestion before approving the plan.`,
      );
    const number = plan.currentVersion + 1;
    const actions = freezeActions(await listPlanActions(tx, { planId }, today));
    await tx.insert(planVersions).values({ planId, number, actions, approvedBy: user.accountId, note: note ?? null });
    await tx.update(plans).set({ status: 'approved', currentVersion: number }).where(eq(plans.id, planId));
    await tx
      .update(planSuggestions)
      .set({ inVersion: number })
      .where(
        and(
          eq(planSuggestions.planId, planId),
          inArray(planSuggestions.response, [...ACCEPTED]),
          isNull(planSuggestions.inVersion),
        ),
      );
    await recordPlanChanges(tx, { user }, planId, null, [
      ...(isApproved(plan) ? [] : [{ field: 'status', before: plan.status, after: 'approved' }]),
      { field: 'currentVersion', before: plan.currentVersion, after: number },
    ]);
    await recordAudit(tx, {
      action: 'plan.approved',
      user,
      subjectType: 'plan',
      subjectId: planId,
      detail: { version: number, actions: actions.length },
    });
    return number;
  });
}

/** A newer plan replaces this approved one: it is kept for the record and can no longer change. */
export async function supersedePlan(db: Database, user: CurrentUser, planId: number): Promise<void> {
  checkPlanEditor(user, 'supersede');
  await db.transaction(async (tx) => {
    const plan = await lockPlan(tx, planId);
    if (isSuperseded(plan)) return;
    checkPlan(user, 'supersede', plan, 'consultation');
    await setStatus(tx, user, plan, 'superseded');
    await recordAudit(tx, {
      action: 'plan.superseded',
      user,
      subjectType: 'plan',
      subjectId: planId,
      detail: { version: plan.currentVersion },
    });
  });
}

/** Approved versions, newest first, with who approved each and how many suggestions went into it. */
export async function listVersions(db: Queryable, planId: number) {
  return db
    .select({
      number: planVersions.number,
      approvedAt: planVersions.approvedAt,
      approvedBy: accountName(planVersions.approvedBy),
      note: planVersions.note,
      actionCount: sql<number>`jsonb_array_length(${planVersions.actions})::int`,
      suggestionCount: sql<number>`(select count(*)::int from plan_suggestions s where s.plan_id = ${planVersions.planId} and s.in_version = ${planVersions.number})`,
    })
    .from(planVersions)
    .where(eq(planVersions.planId, planId))
    .orderBy(desc(planVersions.number));
}

/** A version's frozen actions, or the working copy's ("current") as they stand today. */
export async function frozenActionsOf(
  db: Queryable,
  planId: number,
  which: number | 'current',
  field = 'from',
): Promise<FrozenAction[]> {
  if (which === 'current') return freezeActions(await listPlanActions(db, { planId }));
  const [version] = await db
    .select({ actions: planVersions.actions })
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.number, which)));
  if (!version) throw new FormError(field, `There is no version ${which} of this plan`);
  return version.actions;
}

/** One approved version as it was frozen, with who approved it. */
export async function getVersion(db: Queryable, planId: number, number: number) {
  const version = (await listVersions(db, planId)).find((v) => v.number === number);
  if (!version) throw new NotFoundError('version');
  return { ...version, actions: await frozenActionsOf(db, planId, number) };
}

/** Two versions (or a version and the working copy) compared action by action. */
export async function compareVersions(db: Queryable, planId: number, from: number, to: number | 'current') {
  const [before, after] = await Promise.all([
    frozenActionsOf(db, planId, from, 'from'),
    frozenActionsOf(db, planId, to, 'to'),
  ]);
  return compareFrozen(before, after);
}

// Pages.

/** Everything the consultation page shows. */
export async function consultationPage(
  db: Queryable,
  user: CurrentUser,
  planId: number,
  show?: SuggestionFilter,
  today = todayIso(),
) {
  const plan = await getPlan(db, planId);
  const [all, amendments, linkedEvents, canApprove] = await Promise.all([
    listSuggestions(db, planId),
    trackedAmendments(db, plan),
    eventsLinkedToPlan(db, planId),
    mayApprove(db, user, plan),
  ]);
  const awaiting = all.filter((s) => !s.response);
  const state = consultationState(plan, today);
  return {
    plan,
    state,
    today,
    suggestions: show === 'awaiting' ? awaiting : show === 'responded' ? all.filter((s) => s.response) : all,
    counts: { all: all.length, awaiting: awaiting.length, responded: all.length - awaiting.length },
    awaitingMessage: awaiting.length ? `${suggestionsWord(awaiting.length)} no response yet` : null,
    amendments,
    linkedEvents,
    can: {
      edit: canPlan(user, 'edit', plan),
      comment: user.role !== 'viewer' && state === 'open',
      approve: canApprove && canPlan(user, 'approve', plan),
    },
  };
}

/** "You said, we did": every suggestion with its response and the version it went into, grouped by response. */
export async function youSaidWeDid(db: Queryable, planId: number) {
  const [plan, suggestions] = await Promise.all([getPlan(db, planId), listSuggestions(db, planId)]);
  const sections = [...SUGGESTION_RESPONSES, null].map((response) => ({
    response,
    suggestions: suggestions.filter((s) => s.response === response),
  }));
  return { plan, count: suggestions.length, sections: sections.filter((s) => s.suggestions.length > 0) };
}
