import { eq, isNull, ne } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import {
  trainingEventOffers,
  trainingRequests,
  trainingSessions,
  type RequestStatus,
  type SessionStatus,
} from './training.tables.ts';

/*
 * The one gate for training's lifecycles. A session is scheduled, or cancelled (kept, read only).
 * A request is open until the coordinator schedules a session from it or declines it with a reason.
 * Members record attendance for their own organisation's staff and ask for training; coordinators
 * manage courses, sessions, Champions, targets and requests.
 */

export type SessionAction = 'cancel' | 'recordAttendance' | 'recordFeedback';
export type RequestAction = 'schedule' | 'decline';

const isCancelled = (session: { status: SessionStatus }) => session.status === 'cancelled';
const isOpenRequest = (request: { status: RequestStatus }) => request.status === 'open';

/** Whether the user may do this to the session as it is now. */
export function canSession(
  user: CurrentUser,
  action: SessionAction,
  session: { status: SessionStatus },
  userOrganisationId?: number | null,
): boolean {
  if (isCancelled(session)) return false;
  if (action === 'recordAttendance') return isCoordinator(user) || (user.role === 'member' && !!userOrganisationId);
  return isCoordinator(user);
}

const SESSION_REFUSALS: Record<SessionAction, string> = {
  cancel: 'This session has already been cancelled',
  recordAttendance: 'This session was cancelled: attendance cannot be recorded',
  recordFeedback: 'This session was cancelled: feedback cannot be recorded',
};

/** Refuses a cancelled session in words, and anyone the action is not for. */
export function checkSession(
  user: CurrentUser,
  action: SessionAction,
  session: { status: SessionStatus },
  userOrganisationId?: number | null,
): void {
  if (isCancelled(session)) throw new FormError(action === 'cancel' ? 'reason' : 'staff', SESSION_REFUSALS[action]);
  if (!canSession(user, action, session, userOrganisationId)) throw new ForbiddenError();
}

/** Members record attendance only for staff of their own organisation. */
export function checkAttendanceFor(user: CurrentUser, organisationId: number, userOrganisationId: number | null) {
  if (!isCoordinator(user) && organisationId !== userOrganisationId) throw new ForbiddenError();
}

export const canRequest = (user: CurrentUser, action: RequestAction, request: { status: RequestStatus }) =>
  isCoordinator(user) && isOpenRequest(request);

export function checkRequest(user: CurrentUser, action: RequestAction, request: { status: RequestStatus }): void {
  if (!isCoordinator(user)) throw new ForbiddenError();
  if (!isOpenRequest(request))
    throw new FormError(
      action === 'decline' ? 'reason' : 'requestId',
      'This request has already been answered: it was scheduled or declined',
    );
}

/** Members and coordinators ask for training; members for their own organisation only. */
export function checkAskForTraining(user: CurrentUser, organisationId: number, userOrganisationId: number | null) {
  if (user.role === 'viewer') throw new ForbiddenError();
  if (!isCoordinator(user) && organisationId !== userOrganisationId)
    throw new FormError('organisationId', 'You can ask for training for your own organisation only');
}

export const canManageTraining = isCoordinator;

export function checkManageTraining(user: CurrentUser): void {
  if (!isCoordinator(user)) throw new ForbiddenError();
}

/** SQL: sessions that go ahead (not cancelled). */
export const sessionGoesAhead = ne(trainingSessions.status, 'cancelled');
/** SQL: requests still waiting for the coordinator. */
export const requestOutstanding = eq(trainingRequests.status, 'open');
/** SQL: live-event offers still on. */
export const offerOn = isNull(trainingEventOffers.endedAt);
