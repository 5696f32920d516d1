import type { CurrentUser } from '../../auth/sessions.ts';
import { belongsTo, isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import type { AssessmentStatus } from './self-assessment.tables.ts';

/*
 * Who may do what to a self-assessment. Coordinators write; members of the assessing group read.
 * An agreed iteration is the record of what a group agreed at a meeting: its ratings and evidence
 * no longer change (a new iteration carries the next view), though weak criteria may still
 * become plan actions.
 */

export interface AssessmentState {
  status: AssessmentStatus;
  assessingGroupId: number;
}

export type AssessmentAction = 'read' | 'rate' | 'agree' | 'plan';

export const AGREED = 'This iteration has been agreed: start a new iteration to change its ratings';

export const isAgreed = (assessment: { status: AssessmentStatus }) => assessment.status === 'agreed';

export function canAssessment(user: CurrentUser, action: AssessmentAction, assessment: AssessmentState): boolean {
  if (action === 'read') return isCoordinator(user) || belongsTo(user, assessment.assessingGroupId);
  if (!isCoordinator(user)) return false;
  return action === 'plan' || !isAgreed(assessment);
}

/** Refuses a reader outside the group with a 403 and a change to an agreed iteration with its reason. */
export function checkAssessment(user: CurrentUser, action: AssessmentAction, assessment: AssessmentState): void {
  if (canAssessment(user, action, assessment)) return;
  if (action !== 'read' && isCoordinator(user)) throw new FormError('value', AGREED);
  throw new ForbiddenError();
}

/** Frameworks, their scales and peers' published ratings are a coordinator's to change. */
export const canManageFrameworks = isCoordinator;

export function checkManageFrameworks(user: CurrentUser): void {
  if (!isCoordinator(user)) throw new ForbiddenError();
}

/** A rating at or below the framework's threshold is weak. */
export const isWeak = (value: number | null | undefined, weakUpTo: number) =>
  value !== null && value !== undefined && value <= weakUpTo;
