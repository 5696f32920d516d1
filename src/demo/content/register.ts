// The demo's referral register: ~150 fictional referrals over three years for the Leicester,
// Leicestershire and Rutland partnership. Illustrative only: no real case stands behind any of
// them. The shares follow what the Leicestershire board paper of June 2019 reports (its paragraph
// 3 and 7): education makes roughly a third of referrals; the county's share rose to 41% in the
// last 12 months from 20% before; extreme right-wing concerns are the county's most common.

import type { AgeBand, Concern, Gender, Sector } from '../../modules/referrals/categories.ts';

/** Said on every demo case, so nobody mistakes it for a real one. */
export const ILLUSTRATIVE_NOTE = 'Illustrative referral for the demo: fictional, not a real case.';

/** Referrals received in each of the three years, oldest first (the last is the last 12 months). */
export const REFERRALS_PER_YEAR = [44, 50, 56] as const;

/** Area names as the demo partnership lists them, and their share of referrals in each year, oldest first. */
export const AREA_SHARES: { area: string; shares: readonly [number, number, number] }[] = [
  { area: 'Leicester', shares: [77, 77, 56] },
  { area: 'Leicestershire', shares: [20, 20, 41] },
  { area: 'Rutland', shares: [3, 3, 3] },
];

/** The area whose share the board paper quotes as "county referrals". */
export const COUNTY_AREA = 'Leicestershire';

export const SECTOR_SHARES: Record<Sector, number> = {
  education: 33,
  police: 20,
  local_authority: 12,
  health: 12,
  family_friends: 8,
  community: 6,
  prisons_probation: 4,
  other: 5,
};

/** Concerns in the city and in the county and Rutland: extreme right-wing leads in the county. */
export const CONCERN_SHARES: { city: Record<Concern, number>; county: Record<Concern, number> } = {
  city: {
    islamist: 38,
    extreme_right_wing: 24,
    conflicted: 12,
    vulnerability_no_ideology: 16,
    left_wing_single_issue: 3,
    school_massacre: 3,
    incel: 2,
    other: 2,
  },
  county: {
    extreme_right_wing: 44,
    islamist: 14,
    conflicted: 13,
    vulnerability_no_ideology: 18,
    left_wing_single_issue: 2,
    school_massacre: 4,
    incel: 3,
    other: 2,
  },
};

export const AGE_SHARES: Record<AgeBand, number> = {
  under_15: 28,
  '15_to_20': 34,
  '21_to_30': 16,
  '31_to_40': 10,
  '41_to_50': 7,
  over_50: 5,
};

/** Gender, with a few left unrecorded (null), as a referral form sometimes arrives. */
export const GENDER_SHARES: [Gender | null, number][] = [
  ['male', 84],
  ['female', 11],
  ['other_not_known', 2],
  [null, 3],
];

/**
 * Where a closed referral left the journey, in shares: most leave at screening (signposted to
 * other services or no further action), some after the vulnerability assessment, about a
 * quarter reach the Channel panel, which adopts a little under half of those it discusses.
 */
export const JOURNEY_SHARES = {
  closedAtScreening: 52,
  closedAfterAssessment: 22,
  discussedAtPanel: 26,
  adoptedOfDiscussed: 45,
  signpostedOfNotAdopted: 60,
};

/** Days between stages: [fewest, most]. */
export const STAGE_DAYS = {
  toScreening: [1, 7],
  toAssessment: [7, 28],
  toPanel: [7, 35],
  supportLength: [120, 300],
} as const;

/** Stage details the demo writes: general, never about a person. */
export const STAGE_DETAILS = {
  screening: 'Information gathered from the referrer and partner agencies.',
  assessment: 'Vulnerability assessment framework completed by the police Prevent team.',
  panel: 'Discussed by the multi-agency panel.',
  signposted: 'Signposted to early help and the school’s safeguarding lead.',
  noFurtherAction: 'No vulnerability to radicalisation found; no further action.',
  exit: 'Support plan completed; the panel agreed the risk is reduced.',
  review: 'Review held: no further concerns.',
};

export const SUPPORT_PLANS = [
  'Mentoring with a Home Office intervention provider and a college placement.',
  'Theological and ideological mentoring, with family support.',
  'Mentoring, a youth project place and help with online safety.',
  'Mental health support alongside ideological mentoring.',
];

export const INTERVENTION_PROVIDERS = ['Intervention provider A', 'Intervention provider B', 'Intervention provider C'];
