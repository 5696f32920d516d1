import type { CurrentUser } from '../../auth/sessions.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import type { RegisterOutcome, RegisterStage } from './register.tables.ts';

/*
 * Who may see and change the register, and which step a referral may take next: the one gate.
 *
 * Need-to-know: members of a Channel panel group and the people an administrator names on the
 * access page. Administrators manage that list but do not read the register unless named.
 * Everyone else is refused with 403 at every register address, before any case is looked up, so
 * a refusal says nothing about whether a reference exists: the register's existence is no
 * secret (the Hub has one for every partnership), its contents are.
 */

/** What the register knows about the person asking: which of their routes in is open. */
export interface RegisterAccess {
  onChannelPanel: boolean;
  named: boolean;
}

export type RegisterAction = 'read' | 'write';

export const hasRegisterAccess = (access: RegisterAccess) => access.onChannelPanel || access.named;

export function canRegister(user: CurrentUser, action: RegisterAction, access: RegisterAccess): boolean {
  if (!hasRegisterAccess(access)) return false;
  return action === 'read' || user.role !== 'viewer';
}

export function checkRegister(user: CurrentUser, action: RegisterAction, access: RegisterAccess): void {
  if (canRegister(user, action, access)) return;
  throw new ForbiddenError(
    hasRegisterAccess(access)
      ? 'Your account can read the referral register but not change it'
      : 'The referral register is open only to the Channel panel and the people an administrator names',
  );
}

/** Only administrators name who may read the register and set how long cases are kept. */
export const canManageRegisterAccess = (user: CurrentUser) => user.role === 'administrator';

// The Channel journey. Each step is what a user records; it moves the referral to a stage.

export interface JourneyStep {
  to: RegisterStage;
  from: readonly RegisterStage[];
  /** The button and page heading. */
  title: string;
  /** Only adopted cases are reviewed after they exit. */
  adoptedOnly?: boolean;
}

export const JOURNEY_STEPS = {
  screening: { to: 'screening', from: ['referred'], title: 'Start screening and information gathering' },
  assessment: { to: 'assessment', from: ['screening'], title: 'Record the vulnerability assessment' },
  panel: { to: 'panel', from: ['assessment'], title: 'Record the Channel panel discussion' },
  adopted: { to: 'adopted', from: ['panel'], title: 'Adopt as a Channel case' },
  not_adopted: {
    to: 'exited',
    from: ['screening', 'assessment', 'panel'],
    title: 'Close as not adopted (signposted or no further action)',
  },
  exit: { to: 'exited', from: ['adopted'], title: 'Record exit from Channel support' },
  review_6: { to: 'review_6', from: ['exited'], title: 'Record the 6-month review', adoptedOnly: true },
  review_12: { to: 'review_12', from: ['review_6'], title: 'Record the 12-month review', adoptedOnly: true },
} as const satisfies Record<string, JourneyStep>;

export type JourneyStepName = keyof typeof JOURNEY_STEPS;
export const JOURNEY_STEP_NAMES = Object.keys(JOURNEY_STEPS) as JourneyStepName[];

/** A referral as the journey needs it. */
export interface ReferralState {
  stage: RegisterStage;
  outcome: RegisterOutcome | null;
  reducedAt: Date | null;
}

export function canTakeStep(referral: ReferralState, name: JourneyStepName): boolean {
  const step: JourneyStep = JOURNEY_STEPS[name];
  if (referral.reducedAt) return false;
  if (step.adoptedOnly && referral.outcome !== 'adopted') return false;
  return step.from.includes(referral.stage);
}

/** The steps open to a referral now, in journey order. */
export const nextSteps = (referral: ReferralState) => JOURNEY_STEP_NAMES.filter((name) => canTakeStep(referral, name));

export const REDUCED = 'This case has passed its retention period and was reduced to its statistical fields';

export function checkStep(referral: ReferralState, name: JourneyStepName): void {
  if (referral.reducedAt) throw new FormError('step', REDUCED);
  if (canTakeStep(referral, name)) return;
  const open = nextSteps(referral).map((step) => JOURNEY_STEPS[step].title.toLowerCase());
  throw new FormError(
    'step',
    open.length
      ? `This referral cannot take that step now. Next: ${open.join(', or ')}`
      : 'This referral’s journey is complete: no further step can be recorded',
  );
}

export function checkCorrectable(referral: ReferralState): void {
  if (referral.reducedAt) throw new FormError('receivedOn', REDUCED);
}
