import { isNull } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { canRunMeetingsOf } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import { meetingRecommendations, type RecommendationDecision } from './meetings.tables.ts';

/*
 * Who may do what with a meeting's recommendations, and in what state. Those who run the
 * group's meetings write them. The words stay open to change until the meeting decides; a
 * decision can be revisited (a deferred one decided later) until the recommendation is
 * withdrawn; only an undecided one can be withdrawn, since a decision is part of the record.
 */

export type RecommendationAction = 'add' | 'edit' | 'decide' | 'withdraw';

export interface RecommendationFacts {
  groupId: number;
  decision: RecommendationDecision | null;
  withdrawnAt: Date | null;
}

const REFUSALS: Record<Exclude<RecommendationAction, 'add'>, string> = {
  edit: 'This recommendation has been decided or withdrawn: its words can no longer change',
  decide: 'This recommendation has been withdrawn: it can no longer be decided',
  withdraw: 'This recommendation has been decided or withdrawn already',
};

function allowedInState(action: RecommendationAction, facts: RecommendationFacts): boolean {
  if (facts.withdrawnAt) return false;
  return action === 'decide' || action === 'add' || facts.decision === null;
}

export function canRecommendation(user: CurrentUser, action: RecommendationAction, facts: RecommendationFacts) {
  return canRunMeetingsOf(user, facts.groupId) && allowedInState(action, facts);
}

export function checkRecommendation(user: CurrentUser, action: RecommendationAction, facts: RecommendationFacts) {
  if (!canRunMeetingsOf(user, facts.groupId))
    throw new ForbiddenError("Only coordinators and members of this group can change its meetings' recommendations");
  if (action !== 'add' && !allowedInState(action, facts)) throw new FormError('recommendation', REFUSALS[action]);
}

/** A decision that must say why. */
export function checkReason(decision: RecommendationDecision, reason: string | undefined) {
  if (decision === 'declined' && !reason?.trim()) throw new FormError('reason', 'Enter the reason it was declined');
}

/** Recommendations still standing: papers and decisions read only these. */
export const standingRecommendation = isNull(meetingRecommendations.withdrawnAt);

/** For templates: a withdrawn recommendation is shown as such. */
export const isWithdrawn = (facts: { withdrawnAt: Date | null }) => facts.withdrawnAt !== null;
