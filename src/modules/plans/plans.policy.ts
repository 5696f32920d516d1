import { inArray, isNull, ne, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { canEditPlans, canUpdateProgress } from '../../auth/policy.ts';
import { FormError, ForbiddenError } from '../../errors.ts';
import { planActions, plans, type PlanStatus } from './plans.tables.ts';

/*
 * Who may do what to a delivery plan or one of its actions, and in which state: the one gate.
 * Services call check… to refuse; pages call can… to show or hide a button. A refusal for the
 * person's role is a ForbiddenError; a refusal for the plan's or action's state is a FormError with
 * one message per state. Role rules themselves stay in src/auth/policy.ts.
 */

/** A plan as the policy needs it: its lifecycle state. */
export interface PlanState {
  status: PlanStatus;
}

/** An action as the policy needs it: withdrawn or not, its lead, and its plan's state. */
export interface ActionStateOf {
  withdrawnAt: Date | null;
  leadPersonId: number | null;
  plan: PlanState;
}

export type PlanAction =
  /** Change the plan, its objectives or actions (by form, import or a response to a suggestion). */
  | 'edit'
  | 'import'
  | 'take-snapshot'
  | 'open-consultation'
  | 'close-consultation'
  | 'bring-in-suggestions'
  | 'respond'
  /** The state part of approving; who may approve (the owner group) is asked of the database. */
  | 'approve'
  | 'supersede';

export type ActionAction = 'edit' | 'withdraw' | 'update-progress';

export const SUPERSEDED = 'This plan has been superseded: it can no longer be changed';
export const WITHDRAWN = 'This action has been withdrawn: it can no longer be changed';
const NOT_IN_CONSULTATION = 'This plan is not in consultation';
const NOT_APPROVED = 'Only an approved plan can be superseded';

/** What a coordinator-only step is called in its refusal ("Only coordinators can …"). */
const EDITOR_STEPS: Record<Exclude<PlanAction, 'approve'>, string> = {
  edit: 'change plans',
  import: 'import plans',
  'take-snapshot': 'take a snapshot of a plan',
  'open-consultation': 'open a plan for comment',
  'close-consultation': 'close a consultation',
  'bring-in-suggestions': 'bring in suggestions from events',
  respond: 'respond to suggestions',
  supersede: 'mark a plan as superseded',
};

/** Kept as it was for the record: nothing on it changes. */
export const isSuperseded = (plan: PlanState) => plan.status === 'superseded';
export const isInConsultation = (plan: PlanState) => plan.status === 'in_consultation';
export const isApproved = (plan: PlanState) => plan.status === 'approved';
export const isWithdrawn = (action: { withdrawnAt: Date | null }) => action.withdrawnAt !== null;

/** The plan's state refusal for `action`, or null: one message per state. */
function planStateRefusal(action: PlanAction, plan: PlanState): string | null {
  switch (action) {
    case 'take-snapshot':
      return null;
    case 'close-consultation':
      return isInConsultation(plan) ? null : NOT_IN_CONSULTATION;
    case 'supersede':
      return isSuperseded(plan) ? SUPERSEDED : isApproved(plan) ? null : NOT_APPROVED;
    default:
      return isSuperseded(plan) ? SUPERSEDED : null;
  }
}

/** May `user` do `action` to the plan? (For 'approve', only the state: the owner group is asked separately.) */
export function canPlan(user: CurrentUser, action: PlanAction, plan: PlanState): boolean {
  return (action === 'approve' || canEditPlans(user)) && planStateRefusal(action, plan) === null;
}

/** Refuses `action` on the plan: ForbiddenError for the role, FormError on `field` for the state. */
export function checkPlan(user: CurrentUser, action: PlanAction, plan: PlanState, field = 'title'): void {
  if (action !== 'approve' && !canEditPlans(user))
    throw new ForbiddenError(`Only coordinators can ${EDITOR_STEPS[action]}`);
  const refusal = planStateRefusal(action, plan);
  if (refusal) throw new FormError(field, refusal);
}

/** Refuses a coordinator-only step before the plan is read (creating one, say). */
export function checkPlanEditor(user: CurrentUser, action: Exclude<PlanAction, 'approve'> = 'edit'): void {
  if (!canEditPlans(user)) throw new ForbiddenError(`Only coordinators can ${EDITOR_STEPS[action]}`);
}

const mayAct = (user: CurrentUser, action: ActionAction, thing: Pick<ActionStateOf, 'leadPersonId'>) =>
  action === 'update-progress' ? canUpdateProgress(user, thing.leadPersonId) : canEditPlans(user);

function actionStateRefusal(action: ActionAction, thing: ActionStateOf): string | null {
  if (isSuperseded(thing.plan)) return SUPERSEDED;
  // Withdrawing twice changes nothing: the service returns early.
  if (action !== 'withdraw' && isWithdrawn(thing)) return WITHDRAWN;
  return null;
}

/** May `user` do `action` to the plan's action? */
export function canAction(user: CurrentUser, action: ActionAction, thing: ActionStateOf): boolean {
  return mayAct(user, action, thing) && actionStateRefusal(action, thing) === null;
}

/** Refuses `action` on the plan's action for the person's role only (a form shown before the state is known). */
export function checkActionRole(user: CurrentUser, action: ActionAction, thing: Pick<ActionStateOf, 'leadPersonId'>) {
  if (!mayAct(user, action, thing))
    throw new ForbiddenError(
      action === 'update-progress'
        ? 'Only the action’s lead officer or a coordinator can update its progress'
        : `Only coordinators can ${EDITOR_STEPS.edit}`,
    );
}

/** Refuses `action` on the plan's action: ForbiddenError for the role, FormError on `field` for the state. */
export function checkAction(user: CurrentUser, action: ActionAction, thing: ActionStateOf, field = 'title'): void {
  checkActionRole(user, action, thing);
  const refusal = actionStateRefusal(action, thing);
  if (refusal) throw new FormError(field, refusal);
}

// Conditions for queries, so the states are named here only.

/** A plan still in use: not superseded. */
export const livePlan = ne(plans.status, 'superseded');
/** Superseded plans sort last (an ORDER BY term). */
export const supersededLast = sql`${plans.status} = 'superseded'`;
/** Plans an event may be linked to: drafts and plans in consultation. */
export const linkablePlan = inArray(plans.status, ['draft', 'in_consultation']);
/** An action not withdrawn. */
export const currentAction = isNull(planActions.withdrawnAt);
