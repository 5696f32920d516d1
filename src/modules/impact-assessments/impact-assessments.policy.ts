import { isNotNull, isNull, ne } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import { impactAssessments, mitigatingActions, type MitigationStatus } from './impact-assessments.tables.ts';

/*
 * Who may do what with a Community Impact Assessment, and in which state. Coordinators and the
 * members of the groups named on its incident (or, for a decision, on the assessment) read it;
 * coordinators and its owner change and review it while it is open; only coordinators close it.
 * A closed assessment and a withdrawn action are kept and no longer change.
 */

export interface AssessmentState {
  ownerPersonId: number;
  closedAt: Date | null;
}

/** `groupIds`: the groups named on the incident, or on the assessment of a decision. */
export const canSeeAssessmentOf = (user: CurrentUser, groupIds: readonly number[]) =>
  isCoordinator(user) || groupIds.some((id) => user.groupIds.includes(id));

export const canStartAssessment = isCoordinator;

export function checkStartAssessment(user: CurrentUser): void {
  if (!canStartAssessment(user)) throw new ForbiddenError('Coordinators start Community Impact Assessments');
}

export const isOpenAssessment = (assessment: { closedAt: Date | null }) => assessment.closedAt === null;

export const canChangeAssessment = (user: CurrentUser, assessment: AssessmentState) =>
  isOpenAssessment(assessment) &&
  user.role !== 'viewer' &&
  (isCoordinator(user) || assessment.ownerPersonId === user.personId);

export function checkChangeAssessment(user: CurrentUser, assessment: AssessmentState): void {
  if (user.role === 'viewer' || (!isCoordinator(user) && assessment.ownerPersonId !== user.personId))
    throw new ForbiddenError('Coordinators and the assessment’s owner change it');
  if (!isOpenAssessment(assessment))
    throw new FormError('perceptions', 'This assessment has been closed: it can no longer change');
}

export const canCloseAssessment = (user: CurrentUser, assessment: AssessmentState) =>
  isCoordinator(user) && isOpenAssessment(assessment);

export function checkCloseAssessment(user: CurrentUser, assessment: AssessmentState): void {
  if (!isCoordinator(user)) throw new ForbiddenError('Coordinators close assessments');
  if (!isOpenAssessment(assessment)) throw new FormError('reason', 'This assessment is already closed');
}

/** An action still to do: neither done nor withdrawn. */
export const isOpenAction = (status: MitigationStatus) => status !== 'done' && status !== 'withdrawn';
export const isWithdrawnAction = (status: MitigationStatus) => status === 'withdrawn';

export function checkChangeAction(action: { status: MitigationStatus }): void {
  if (isWithdrawnAction(action.status))
    throw new FormError('description', 'This action has been withdrawn: it is kept as it was');
}

/** A mitigating action becomes a delivery plan action once, while it is not withdrawn. */
export const canMakePlanAction = (action: { status: MitigationStatus; planActionId: number | null }) =>
  !isWithdrawnAction(action.status) && action.planActionId === null;

/** Open assessments, and actions that count (withdrawn ones kept but not counted as to do). */
export const openAssessment = isNull(impactAssessments.closedAt);
export const closedAssessment = isNotNull(impactAssessments.closedAt);
export const liveAction = ne(mitigatingActions.status, 'withdrawn');
