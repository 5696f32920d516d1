import { eq, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import { resources } from './resources.tables.ts';

/*
 * Who may do what to a resource and its record of use. Coordinators manage resources (add,
 * change, withdraw, reinstate, import completions); members record use for their own
 * organisation, coordinators for any. A withdrawn resource stays on record, shown marked, and
 * takes no new uses.
 */

type Stated = { status: string };

export const isWithdrawn = (resource: Stated) => resource.status === 'withdrawn';
/** The query condition for resources still offered. */
export const activeResource = eq(resources.status, 'active');
/** Ordered first in lists: resources still offered before withdrawn ones. */
export const withdrawnLast = sql`(${resources.status} = 'withdrawn')`;

/** Past its review date (`today` as YYYY-MM-DD): flagged on the list and its page. */
export const isPastReview = (resource: { reviewOn: string | null }, today: string) =>
  resource.reviewOn !== null && resource.reviewOn < today;

export const canManageResources = (user: CurrentUser) => isCoordinator(user);

export function checkManageResources(user: CurrentUser): void {
  if (!canManageResources(user)) throw new ForbiddenError();
}

export function checkWithdraw(user: CurrentUser, resource: Stated): void {
  checkManageResources(user);
  if (isWithdrawn(resource)) throw new FormError('reason', 'This resource has already been withdrawn');
}

export function checkReinstate(user: CurrentUser, resource: Stated): void {
  checkManageResources(user);
  if (!isWithdrawn(resource)) throw new FormError('reason', 'This resource is already offered');
}

/**
 * Whether the user may record use of a resource at all (viewers never; nothing on a withdrawn
 * one), and for which organisations: every one for coordinators, their own for members.
 */
export function canRecordUse(user: CurrentUser, resource: Stated, ownOrganisationId: number | null): boolean {
  if (isWithdrawn(resource)) return false;
  return isCoordinator(user) || (user.role === 'member' && ownOrganisationId !== null);
}

export function checkRecordUse(
  user: CurrentUser,
  resource: Stated,
  ownOrganisationId: number | null,
  organisationId: number,
): void {
  if (!canRecordUse(user, resource, ownOrganisationId) && !isWithdrawn(resource)) throw new ForbiddenError();
  if (isWithdrawn(resource))
    throw new FormError('organisationId', 'This resource has been withdrawn: its use can no longer be recorded');
  if (!isCoordinator(user) && organisationId !== ownOrganisationId)
    throw new FormError('organisationId', 'You can record use for your own organisation only');
}
