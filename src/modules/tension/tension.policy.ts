import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';

/*
 * Who may do what with incidents and tension reports, and in which state. Incidents: coordinators
 * record; coordinators and members of the groups named on an incident read it (and its 14-day
 * plans and assessments). Reports: any signed-in member or coordinator submits; coordinators and
 * the members of the groups chosen on the settings page read; the author edits or withdraws until
 * the period closes.
 */

export const canRecordIncidents = isCoordinator;

export function checkRecordIncidents(user: CurrentUser): void {
  if (!canRecordIncidents(user)) throw new ForbiddenError();
}

/** A national incident is localised once per local record; a local record is not localised again. */
export const canLocaliseIncident = (incident: { scope: string; localisedFromId: number | null }) =>
  incident.scope === 'national' && incident.localisedFromId === null;

/** `groupIds`: the groups named on the incident. */
export const canSeeIncidentOf = (user: CurrentUser, groupIds: readonly number[]) =>
  isCoordinator(user) || groupIds.some((id) => user.groupIds.includes(id));

/** Viewers read; members and coordinators report. */
export const canSubmitTensionReports = (user: CurrentUser) => user.role !== 'viewer';

export function checkSubmitTensionReports(user: CurrentUser): void {
  if (!canSubmitTensionReports(user)) throw new ForbiddenError('Viewers cannot submit tension reports');
}

/** `readerGroupIds`: the groups chosen on the tension settings page. */
export const canReadTensionReports = (user: CurrentUser, readerGroupIds: readonly number[]) =>
  isCoordinator(user) || readerGroupIds.some((id) => user.groupIds.includes(id));

export function checkReadTensionReports(user: CurrentUser, readerGroupIds: readonly number[]): void {
  if (!canReadTensionReports(user, readerGroupIds))
    throw new ForbiddenError('Tension reports are seen by coordinators and the groups chosen in the tension settings');
}

export interface ReportState {
  authorId: number;
  periodEnd: string;
  withdrawnAt: Date | null;
}

/** Its author changes a report while its period is open and it is not withdrawn. */
export const canChangeTensionReport = (user: CurrentUser, report: ReportState, today: string) =>
  report.authorId === user.accountId && report.withdrawnAt === null && today <= report.periodEnd;

export function checkChangeTensionReport(user: CurrentUser, report: ReportState, today: string): void {
  if (report.authorId !== user.accountId) throw new ForbiddenError('Only the author of a report can change it');
  if (report.withdrawnAt !== null) throw new FormError('summary', 'This report has been withdrawn');
  if (today > report.periodEnd)
    throw new FormError('summary', 'This report’s period has closed: it can no longer be changed');
}

/** A withdrawn report stays on the timeline, marked, and no longer counts as the area's level. */
export const isWithdrawn = (report: { withdrawnAt: Date | null }) => report.withdrawnAt !== null;
