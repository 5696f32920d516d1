import { eq } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { belongsTo, canRunMeetingsOf, isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import type { PaperMarking } from '../../reports/paper.ts';
import { meetingMinutes, type MINUTES_STATUSES } from './papers.tables.ts';

/*
 * The one gate for a meeting's minutes.
 * - Reading: whoever may read the meeting (every signed-in user: its page is open to all). Minutes
 *   marked OFFICIAL-SENSITIVE, because a paper issued to the meeting was, are read as its papers
 *   are: by coordinators and the group's members only.
 * - Approving: those who run the group's meetings (src/auth/policy.ts canRunMeetingsOf), once, at
 *   a later meeting of the same group, and only for a meeting that has been held.
 */

export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

export interface MinutedMeeting {
  groupId: number;
  groupName: string;
  startsAt: Date;
  status: string;
}

export function canReadMinutes(user: CurrentUser, meeting: { groupId: number }, marking: PaperMarking): boolean {
  return marking === 'OFFICIAL' || isCoordinator(user) || belongsTo(user, meeting.groupId);
}

/** Minutes waiting to be approved (no row yet counts as a draft). */
export const isDraftMinutes = (minutes: { status: MinutesStatus } | undefined) =>
  !minutes || minutes.status === 'draft';

/** For the upsert that approves: only a row still in draft may change. */
export const draftMinutesRow = eq(meetingMinutes.status, 'draft');

const wasHeld = (meeting: { status: string }) => meeting.status === 'held';
const isCancelled = (meeting: { status: string }) => meeting.status === 'cancelled';

/** Whether the approve form is offered: to those who run the meetings, for held minutes not yet approved. */
export function canApproveMinutes(
  user: CurrentUser,
  meeting: MinutedMeeting,
  minutes: { status: MinutesStatus } | undefined,
): boolean {
  return canRunMeetingsOf(user, meeting.groupId) && wasHeld(meeting) && isDraftMinutes(minutes);
}

/** A meeting the minutes may be approved at: the same group's, later, and not called off. */
export const approvesAt = (meeting: MinutedMeeting, at: { groupId: number; startsAt: Date; status: string }) =>
  at.groupId === meeting.groupId && at.startsAt > meeting.startsAt && !isCancelled(at);

export function checkApproval(
  user: CurrentUser,
  meeting: MinutedMeeting,
  minutes: { status: MinutesStatus } | undefined,
  at: { groupId: number; startsAt: Date; status: string } | undefined,
): void {
  if (!canRunMeetingsOf(user, meeting.groupId))
    throw new ForbiddenError('Only coordinators and members of this group can approve its minutes');
  if (!isDraftMinutes(minutes)) throw new FormError('approvedAtMeetingId', 'These minutes have already been approved');
  if (!wasHeld(meeting))
    throw new FormError(
      'approvedAtMeetingId',
      'This meeting has not been held yet: mark it as held before its minutes are approved',
    );
  if (!at || !approvesAt(meeting, at))
    throw new FormError('approvedAtMeetingId', `Select a later meeting of ${meeting.groupName}`);
}
