import type { CurrentUser } from '../../auth/sessions.ts';
import { belongsTo, isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import type { HostingStatus, ProposalDecision } from './funding.tables.ts';

/*
 * Who may do what with pots, proposals, projects and hosting requests, and in what state.
 * Coordinators manage everything; members of a pot's deciding group read the pot and its
 * proposals; everyone signed in reads projects and may ask to host one.
 */

export const canManageFunding = isCoordinator;

export function checkManageFunding(user: CurrentUser): void {
  if (!isCoordinator(user)) throw new ForbiddenError('Only coordinators can change funding pots and projects');
}

/** Coordinators and members of the pot's deciding group. */
export const canReadPot = (user: CurrentUser, pot: { decidingGroupId: number }) =>
  isCoordinator(user) || belongsTo(user, pot.decidingGroupId);

export function checkReadPot(user: CurrentUser, pot: { decidingGroupId: number }): void {
  if (!canReadPot(user, pot)) throw new ForbiddenError("Only coordinators and members of the pot's deciding group");
}

/** Decisions that commit the pot's money. */
export const commitsPot = (decision: string | null): boolean =>
  decision === 'approved' || decision === 'approved_with_changes';

/** A proposal can be put to a meeting until it is approved or declined (a deferred one goes again). */
export const canPutToMeeting = (user: CurrentUser, proposal: { decision: ProposalDecision | null }) =>
  isCoordinator(user) && (proposal.decision === null || proposal.decision === 'deferred');

export function checkPutToMeeting(user: CurrentUser, proposal: { decision: ProposalDecision | null }): void {
  checkManageFunding(user);
  if (!canPutToMeeting(user, proposal))
    throw new FormError(
      'meetingId',
      'This proposal has been decided: only a deferred proposal goes to a meeting again',
    );
}

/** A hosting request is answered once: accepted (into a delivery) or declined with a reason. */
export const canAnswerHosting = (user: CurrentUser, request: { status: HostingStatus }) =>
  isCoordinator(user) && request.status === 'requested';

export function checkAnswerHosting(user: CurrentUser, request: { status: HostingStatus }): void {
  checkManageFunding(user);
  if (!canAnswerHosting(user, request)) throw new FormError('decision', 'This request has been answered already');
}

/** Requests still waiting for the coordinator's answer, for lists. */
export const isWaiting = (request: { status: HostingStatus }) => request.status === 'requested';
