import type { CurrentUser } from './sessions.ts';
import type { Role } from '../modules/accounts/accounts.tables.ts';

/*
 * Who may do what, in one place. Roles:
 * - administrator: everything, plus accounts and the audit log;
 * - coordinator: runs the partnership (organisations, people, groups, meetings, documents);
 * - member: reads, and runs the meetings and library of the groups they belong to;
 * - viewer: reads.
 * Reading marked documents is a separate rule (need-to-know), in the documents module.
 */
/** Route config for pages only coordinators (and administrators) may reach: `{ config: COORDINATORS }`. */
export const COORDINATORS: { roles: Role[] } = { roles: ['administrator', 'coordinator'] };

export const isCoordinator = (user: CurrentUser) => user.role === 'administrator' || user.role === 'coordinator';

export const canManagePartnership = isCoordinator;

export const belongsTo = (user: CurrentUser, groupId: number) => user.groupIds.includes(groupId);

/** Schedule meetings, record attendance, minutes, decisions and actions for a group. */
export const canRunMeetingsOf = (user: CurrentUser, groupId: number) =>
  isCoordinator(user) || (user.role === 'member' && belongsTo(user, groupId));

/** Add papers to a group's library or meetings (null: the partnership-wide library). */
export const canAddDocumentsTo = (user: CurrentUser, groupId: number | null) =>
  isCoordinator(user) || (user.role === 'member' && groupId !== null && belongsTo(user, groupId));

/** Edit plans and their actions, open consultation, respond to suggestions. */
export const canEditPlans = isCoordinator;

/** Write a progress update: the action's lead officer, or a coordinator. */
export const canUpdateProgress = (user: CurrentUser, leadPersonId: number | null) =>
  isCoordinator(user) || (user.role === 'member' && leadPersonId !== null && leadPersonId === user.personId);

/**
 * Approve a plan: only its owner group, through the group's chair or a coordinator who is a
 * member of it. `chairPersonIds` are the group's chair(s) as the groups module names them.
 */
export const canApprovePlan = (user: CurrentUser, ownerGroupId: number, chairPersonIds: number[]) =>
  (isCoordinator(user) && belongsTo(user, ownerGroupId)) ||
  (user.role !== 'viewer' && chairPersonIds.includes(user.personId));
