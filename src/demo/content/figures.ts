// The published referral figures the demo loads: the national figures the Leicestershire board
// paper of June 2019 quotes (seed: "Prevent referrals have risen by 20% to 7,318 in 2017/18
// (including a 36% rise in extreme right-related referrals)"; "the majority of Prevent referrals
// come from the education sector (roughly 1/3)"). The Hub ships no national series of its own:
// a partnership imports the published tables. Figures the paper does not give as numbers are
// marked illustrative in their source.

import type { Category, Breakdown, Measure } from '../../modules/referrals/categories.ts';

export interface DemoFigure {
  /** Financial year, April to March, by its starting calendar year (2017 is 2017/18). */
  year: number;
  measure: Measure;
  breakdown: Breakdown | null;
  category: Category | null;
  value: number;
  illustrative: boolean;
}

export const DEMO_GEOGRAPHY = { kind: 'national', name: 'England and Wales' } as const;

export const DEMO_SOURCE = {
  title: 'Individuals referred to and supported through the Prevent Programme, April 2017 to March 2018',
  url: 'https://www.gov.uk/government/collections/individuals-referred-to-and-supported-through-the-prevent-programme',
  release: 'Home Office, 13 December 2018',
  releaseDate: '2018-12-13',
};

/** Said in the source of every figure the board paper does not give as a number. */
export const ILLUSTRATIVE_SOURCE = 'Illustrative figure for the demo, consistent with the board paper of June 2019';

export const DEMO_FIGURES: DemoFigure[] = [
  // 7,318 is the paper's; 6,093 the year before (a 20.1% rise, the paper's "20%").
  { year: 2017, measure: 'referred', breakdown: null, category: null, value: 7318, illustrative: false },
  { year: 2016, measure: 'referred', breakdown: null, category: null, value: 6093, illustrative: true },
  // The paper's "36% rise in extreme right-related referrals": 968 to 1,312 is 35.5%.
  {
    year: 2016,
    measure: 'referred',
    breakdown: 'concern',
    category: 'extreme_right_wing',
    value: 968,
    illustrative: true,
  },
  {
    year: 2017,
    measure: 'referred',
    breakdown: 'concern',
    category: 'extreme_right_wing',
    value: 1312,
    illustrative: true,
  },
  // "Roughly 1/3" from education: 2,462 of 7,318 is 33.6%.
  { year: 2017, measure: 'referred', breakdown: 'sector', category: 'education', value: 2462, illustrative: true },
];
