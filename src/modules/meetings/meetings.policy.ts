import { eq } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { canRunMeetingsOf } from '../../auth/policy.ts';
import { ForbiddenError } from '../../errors.ts';
import { attendance, meetings, type ATTENDANCE, type MEETING_STATUSES } from './meetings.tables.ts';

/*
 * Who may do what with a group's meetings, in one place. The role rule (coordinators, and
 * members of the group) is src/auth/policy.ts's canRunMeetingsOf; this file adds what the
 * meeting itself decides. Today a cancelled or past meeting can still be corrected (its
 * minutes, attendance and status are written up afterwards), so no action is refused by state.
 */

export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export type MeetingAction =
  /** Schedule meetings of the group. */
  | 'schedule'
  /** Change the date, times and place. */
  | 'edit'
  /** Mark it held or cancelled, or scheduled again. */
  | 'setStatus'
  /** Add, change and reorder agenda items and their papers. */
  | 'editAgenda'
  /** Minutes and decisions of its agenda items. */
  | 'minute'
  /** Actions arising: add them, mark them done. */
  | 'recordActions'
  /** The register. */
  | 'recordAttendance';

/** What the rules look at: the group the meeting belongs to (for 'schedule', the group itself). */
export interface MeetingFacts {
  groupId: number;
}

export function canMeeting(user: CurrentUser, _action: MeetingAction, meeting: MeetingFacts): boolean {
  return canRunMeetingsOf(user, meeting.groupId);
}

export function checkMeeting(user: CurrentUser, action: MeetingAction, meeting: MeetingFacts): void {
  if (!canMeeting(user, action, meeting))
    throw new ForbiddenError('Only coordinators and members of this group can change its meetings');
}

/** A meeting called off: calendars show it as cancelled. */
export const isCancelled = (meeting: { status: string }) => meeting.status === 'cancelled';

/** Meetings that took place: attendance over a period counts only these. */
export const heldMeeting = eq(meetings.status, 'held');

/** Someone who came: attendance figures count only these. */
export const wasPresent = (record: { status: (typeof ATTENDANCE)[number] }) => record.status === 'present';

/** The same, for queries on the attendance table. */
export const presentAttendance = eq(attendance.status, 'present');

/** A meeting to put an item on: still to come and not called off. */
export const isComingMeeting = (meeting: { startsAt: Date; status: string }, now: Date) =>
  meeting.startsAt > now && meeting.status === 'scheduled';
