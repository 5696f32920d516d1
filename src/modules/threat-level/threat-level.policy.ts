import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';

/*
 * Who may record the threat level and disrupted plots, and which records can still be corrected.
 * A record a later one has corrected stays as it was: correct the newer record instead.
 */

/** Coordinators record changes; a record already corrected cannot be corrected again. */
export const canRecordThreatLevel = (user: CurrentUser, record?: { correctedAt: Date | null }) =>
  isCoordinator(user) && !record?.correctedAt;

/** Refuses anyone but a coordinator, and a correction of a record already corrected. */
export function checkRecordThreatLevel(user: CurrentUser, alreadyCorrected = false): void {
  if (!isCoordinator(user)) throw new ForbiddenError();
  if (alreadyCorrected)
    throw new FormError('correctsId', 'This record has already been corrected: correct the newer record instead');
}
