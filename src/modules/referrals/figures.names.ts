import {
  BREAKDOWNS,
  CATEGORIES_OF,
  GEOGRAPHY_KINDS,
  MEASURES,
  type Breakdown,
  type GeographyKind,
  type Measure,
} from './categories.ts';

/*
 * The names published tables give to the Hub's geography kinds, measures, breakdowns and
 * categories. Releases rename categories ("Extreme Right Wing", then "Extreme right-wing"; "Mixed,
 * unstable or unclear", then "Conflicted"): the renames the Hub knows are here, and coordinators
 * add others (referral_category_names), which win over these.
 */

/** Names compare by their letters and digits only: "Extreme Right-Wing" is "extreme right wing". */
export const nameKeyOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** A column or row naming no category: the total for its period, area and measure. */
export const TOTAL = 'total';
/** What a coordinator can map a name to when its figures are not wanted ("Unknown" age). */
export const LEFT_OUT = 'left_out';

function lookup<T extends string>(items: readonly { id: T; label: string }[], more: Record<string, T>) {
  const map = new Map<string, T>();
  for (const item of items) {
    map.set(nameKeyOf(item.id), item.id);
    map.set(nameKeyOf(item.label), item.id);
  }
  for (const [name, id] of Object.entries(more)) map.set(nameKeyOf(name), id);
  // Files repeat the same few words on every row: each text is normalised once.
  const seen = new Map<string, T | undefined>();
  return (text: string): T | undefined => {
    if (seen.size > 10_000) seen.clear();
    if (!seen.has(text)) seen.set(text, map.get(nameKeyOf(text)));
    return seen.get(text);
  };
}

export const readGeographyKind = lookup<GeographyKind>(GEOGRAPHY_KINDS, {
  country: 'national',
  nation: 'national',
  'police force': 'police_force_area',
  force: 'police_force_area',
  pfa: 'police_force_area',
  la: 'local_authority',
  'local authority district': 'local_authority',
  city: 'city_county',
  county: 'city_county',
  'city county': 'city_county',
});

export const readMeasure = lookup<Measure>(MEASURES, {
  referrals: 'referred',
  'number of referrals': 'referred',
  'individuals referred': 'referred',
  'referred to prevent': 'referred',
  discussed: 'discussed_at_panel',
  'discussed at panel': 'discussed_at_panel',
  'discussed at channel panel': 'discussed_at_panel',
  'channel panel': 'discussed_at_panel',
  adopted: 'adopted',
  'adopted as channel case': 'adopted',
  'adopted as a channel case': 'adopted',
  'channel cases': 'adopted',
  'channel case': 'adopted',
  signposted: 'signposted',
  'signposted to other services': 'signposted',
  'referred to other services': 'signposted',
  nfa: 'no_further_action',
  'no further action': 'no_further_action',
});

export const readBreakdown = lookup<Breakdown>(BREAKDOWNS, {
  sector: 'sector',
  'referral sector': 'sector',
  'referring sector': 'sector',
  concern: 'concern',
  'type of concern': 'concern',
  'concern type': 'concern',
  ideology: 'concern',
  age: 'age_band',
  'age group': 'age_band',
  sex: 'gender',
});

/** Known names of each breakdown's categories beyond the Hub's own labels, renames included. */
const KNOWN_NAMES: Record<Breakdown, Record<string, string>> = {
  sector: {
    'family friends': 'family_friends',
    family: 'family_friends',
    friends: 'family_friends',
    'friends family': 'family_friends',
    'prisons probation': 'prisons_probation',
    prison: 'prisons_probation',
    prisons: 'prisons_probation',
    probation: 'prisons_probation',
    'higher education': 'education',
    'further education': 'education',
    'local authorities': 'local_authority',
    nhs: 'health',
  },
  concern: {
    'extreme right wing': 'extreme_right_wing',
    'extreme right': 'extreme_right_wing',
    'right wing': 'extreme_right_wing',
    'islamist extremism': 'islamist',
    'left wing': 'left_wing_single_issue',
    'left wing anarchist or single issue': 'left_wing_single_issue',
    'left wing anarchist single issue': 'left_wing_single_issue',
    'mixed unstable or unclear': 'conflicted',
    'mixed unclear or unstable': 'conflicted',
    'mixed unclear unstable': 'conflicted',
    'mixed unstable unclear': 'conflicted',
    'vulnerability present but no ideology': 'vulnerability_no_ideology',
    'vulnerability present but no ideology or ct risk': 'vulnerability_no_ideology',
    'no ideology or ct risk': 'vulnerability_no_ideology',
    'other radicalisation': 'other',
  },
  age_band: {
    'under 15': 'under_15',
    '14 and under': 'under_15',
    '15 20': '15_to_20',
    '21 30': '21_to_30',
    '31 40': '31_to_40',
    '41 50': '41_to_50',
    '50': 'over_50',
    '51 and over': 'over_50',
    '50 and over': 'over_50',
    'over 50': 'over_50',
  },
  gender: {
    men: 'male',
    women: 'female',
    other: 'other_not_known',
    'not known': 'other_not_known',
    unknown: 'other_not_known',
    'not stated': 'other_not_known',
  },
};

const TOTAL_NAMES = new Set(['total', 'all', 'all referrals', 'total referrals', 'grand total', 'all individuals']);

/** How a name was matched: the Hub's own label, a rename it knows, or a coordinator's choice. */
export type NameMatch = 'hub' | 'known' | 'saved';

/** The Hub category a source name stands for in a breakdown, before any coordinator's choice. */
export function builtInCategory(
  breakdown: Breakdown,
  name: string,
): { category: string; match: NameMatch } | undefined {
  const key = nameKeyOf(name);
  if (TOTAL_NAMES.has(key)) return { category: TOTAL, match: 'known' };
  const own = CATEGORIES_OF[breakdown].find((c) => nameKeyOf(c.label) === key || nameKeyOf(c.id) === key);
  if (own) return { category: own.id, match: 'hub' };
  const known = KNOWN_NAMES[breakdown][key];
  return known ? { category: known, match: 'known' } : undefined;
}

/** The breakdown whose categories a name belongs to, for guessing a wide file's breakdown. */
export function breakdownsNaming(name: string): Breakdown[] {
  const key = nameKeyOf(name);
  if (TOTAL_NAMES.has(key)) return [];
  return BREAKDOWNS.map((b) => b.id).filter((b) => {
    const found = builtInCategory(b, name);
    return found !== undefined && found.category !== TOTAL && key !== 'other';
  });
}

export const isTotalName = (name: string) => TOTAL_NAMES.has(nameKeyOf(name));
