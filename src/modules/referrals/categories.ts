// The Hub's words for referral figures: where a figure is counted, what it counts, how it is broken
// down and over which period. The published figures, the register and the statistics page all use
// these lists, so a figure imported from a Home Office table and one counted from the register meet
// under the same category.
//
// Categories follow the Home Office statistical release "Individuals referred to and supported
// through the Prevent Programme" (annual, April to March, from 2015/16).

/** Where a figure is counted, from the whole country down to the partnership's city and county. */
export const GEOGRAPHY_KINDS = [
  { id: 'national', label: 'National' },
  { id: 'region', label: 'Region' },
  { id: 'police_force_area', label: 'Police force area' },
  { id: 'local_authority', label: 'Local authority' },
  { id: 'city_county', label: 'City or county' },
] as const;
export type GeographyKind = (typeof GEOGRAPHY_KINDS)[number]['id'];

/** What a figure counts: the stages of the Channel journey the release reports. */
export const MEASURES = [
  { id: 'referred', label: 'Referred', sentence: 'referrals' },
  { id: 'discussed_at_panel', label: 'Discussed at a Channel panel', sentence: 'discussed at a Channel panel' },
  { id: 'adopted', label: 'Adopted as a Channel case', sentence: 'adopted as Channel cases' },
  { id: 'signposted', label: 'Signposted to other services', sentence: 'signposted to other services' },
  { id: 'no_further_action', label: 'No further action', sentence: 'needing no further action' },
] as const;
export type Measure = (typeof MEASURES)[number]['id'];

/** How a figure is broken down; a figure has at most one breakdown. */
export const BREAKDOWNS = [
  { id: 'sector', label: 'Sector of referral' },
  { id: 'concern', label: 'Type of concern' },
  { id: 'age_band', label: 'Age band' },
  { id: 'gender', label: 'Gender' },
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number]['id'];

export const SECTORS = [
  { id: 'education', label: 'Education' },
  { id: 'police', label: 'Police' },
  { id: 'local_authority', label: 'Local authority' },
  { id: 'health', label: 'Health' },
  { id: 'community', label: 'Community' },
  { id: 'family_friends', label: 'Family / friends' },
  { id: 'prisons_probation', label: 'Prisons / probation' },
  { id: 'other', label: 'Other' },
] as const;

/**
 * Types of concern. "Conflicted" is what the release called "Mixed, unstable or unclear" until
 * 2019/20; the import mapping carries the old name onto it.
 */
export const CONCERNS = [
  { id: 'islamist', label: 'Islamist' },
  { id: 'extreme_right_wing', label: 'Extreme right-wing' },
  { id: 'left_wing_single_issue', label: 'Left wing / anarchist / single issue' },
  { id: 'conflicted', label: 'Conflicted' },
  { id: 'vulnerability_no_ideology', label: 'Vulnerability present but no ideology or counter-terrorism risk' },
  { id: 'school_massacre', label: 'School massacre' },
  { id: 'incel', label: 'Incel' },
  { id: 'other', label: 'Other' },
] as const;

export const AGE_BANDS = [
  { id: 'under_15', label: 'Under 15' },
  { id: '15_to_20', label: '15 to 20' },
  { id: '21_to_30', label: '21 to 30' },
  { id: '31_to_40', label: '31 to 40' },
  { id: '41_to_50', label: '41 to 50' },
  { id: 'over_50', label: 'Over 50' },
] as const;

export const GENDERS = [
  { id: 'male', label: 'Male' },
  { id: 'female', label: 'Female' },
  { id: 'other_not_known', label: 'Other / not known' },
] as const;

export type Sector = (typeof SECTORS)[number]['id'];
export type Concern = (typeof CONCERNS)[number]['id'];
export type AgeBand = (typeof AGE_BANDS)[number]['id'];
export type Gender = (typeof GENDERS)[number]['id'];
export type Category = Sector | Concern | AgeBand | Gender;

/** The categories of each breakdown, in the order the release lists them. */
export const CATEGORIES_OF = {
  sector: SECTORS,
  concern: CONCERNS,
  age_band: AGE_BANDS,
  gender: GENDERS,
} as const satisfies Record<Breakdown, readonly { id: string; label: string }[]>;

type Labelled = readonly { readonly id: string; readonly label: string }[];

function labelIn(list: Labelled, id: string): string {
  return list.find((item) => item.id === id)?.label ?? id;
}

export const geographyKindLabel = (id: string): string => labelIn(GEOGRAPHY_KINDS, id);
export const measureLabel = (id: string): string => labelIn(MEASURES, id);
export const breakdownLabel = (id: string): string => labelIn(BREAKDOWNS, id);

/** The label of a category within its breakdown ("other" is a sector and a concern). */
export function categoryLabel(breakdown: string, category: string): string {
  const list = (CATEGORIES_OF as Record<string, Labelled>)[breakdown];
  return list ? labelIn(list, category) : category;
}

export function isGeographyKind(value: string): value is GeographyKind {
  return GEOGRAPHY_KINDS.some((item) => item.id === value);
}
export function isMeasure(value: string): value is Measure {
  return MEASURES.some((item) => item.id === value);
}
export function isBreakdown(value: string): value is Breakdown {
  return BREAKDOWNS.some((item) => item.id === value);
}
export function isCategoryOf(breakdown: Breakdown, value: string): boolean {
  return (CATEGORIES_OF[breakdown] as Labelled).some((item) => item.id === value);
}

// ---------------------------------------------------------------------------------------------
// Periods. The release counts financial years, April to March: "2017/18" runs from 1 April 2017 to
// 31 March 2018. A partnership's own returns are quarterly within that year: "2017/18 Q1" is April
// to June 2017, Q4 is January to March 2018. Dates are ISO strings (YYYY-MM-DD), as the database
// stores them.

export type PeriodKind = 'year' | 'quarter';

export interface Period {
  kind: PeriodKind;
  /** "2017/18" or "2017/18 Q1". */
  label: string;
  start: string;
  end: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** "2017/18" for the financial year starting in April 2017. */
export function financialYearLabel(startYear: number): string {
  return `${startYear}/${pad((startYear + 1) % 100)}`;
}

export function financialYear(startYear: number): Period {
  return {
    kind: 'year',
    label: financialYearLabel(startYear),
    start: `${startYear}-04-01`,
    end: `${startYear + 1}-03-31`,
  };
}

/** Quarter 1 is April to June; quarter 4 is January to March of the following calendar year. */
export function financialQuarter(startYear: number, quarter: 1 | 2 | 3 | 4): Period {
  const firstMonth = ((quarter - 1) * 3 + 3) % 12; // 0-based: April = 3, January = 0
  const year = quarter === 4 ? startYear + 1 : startYear;
  const lastMonth = firstMonth + 3; // 1-based month number of the quarter's last month
  return {
    kind: 'quarter',
    label: `${financialYearLabel(startYear)} Q${quarter}`,
    start: `${year}-${pad(firstMonth + 1)}-01`,
    end: `${year}-${pad(lastMonth)}-${pad(lastDayOf(year, lastMonth))}`,
  };
}

/** The financial year a date (YYYY-MM-DD or a Date) falls in, as its starting calendar year. */
export function financialYearStartOf(date: string | Date): number {
  const d = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  const year = d.getUTCFullYear();
  return d.getUTCMonth() >= 3 ? year : year - 1;
}

export function financialYearOf(date: string | Date): Period {
  return financialYear(financialYearStartOf(date));
}

export function financialQuarterOf(date: string | Date): Period {
  const d = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  const quarter = (Math.floor(((d.getUTCMonth() + 9) % 12) / 3) + 1) as 1 | 2 | 3 | 4;
  return financialQuarter(financialYearStartOf(d), quarter);
}

/** The period a year before (the one a year-on-year change compares with). */
export function periodYearBefore(period: Period): Period {
  const startYear = financialYearStartOf(period.start) - 1;
  if (period.kind === 'year') return financialYear(startYear);
  return financialQuarter(startYear, Number(period.label.slice(-1)) as 1 | 2 | 3 | 4);
}

// Written forms a published table uses for a financial year: "2017/18", "2017-18", "2017/2018",
// "2017 to 2018", "April 2017 to March 2018", "FY 2017/18", "Year ending March 2018".
const YEAR_PAIR = /^(?:fy\s*)?(\d{4})\s*(?:\/|-|–|to)\s*(\d{2}|\d{4})$/;
const APRIL_TO_MARCH = /^apr(?:il)?\s+(\d{4})\s*(?:-|–|to)\s*mar(?:ch)?\s+(\d{4})$/;
const YEAR_ENDING = /^(?:financial\s+)?year\s+ending\s+(?:31\s+)?mar(?:ch)?\s+(\d{4})$/;
const QUARTER = /^(?:(.+?)\s*q([1-4])|q([1-4])\s*(.+))$/;

function yearStartFrom(text: string): number | null {
  const pair = YEAR_PAIR.exec(text);
  if (pair) {
    const first = Number(pair[1]);
    const second = Number(pair[2]);
    const follows = pair[2]!.length === 2 ? second === (first + 1) % 100 : second === first + 1;
    return follows ? first : null;
  }
  const aprilToMarch = APRIL_TO_MARCH.exec(text);
  if (aprilToMarch) return Number(aprilToMarch[2]) === Number(aprilToMarch[1]) + 1 ? Number(aprilToMarch[1]) : null;
  const ending = YEAR_ENDING.exec(text);
  return ending ? Number(ending[1]) - 1 : null;
}

/**
 * Reads a period as a published table writes it: a financial year ("2017/18", "2017-18",
 * "April 2017 to March 2018") or a quarter of one ("2017/18 Q1", "Q1 2017/18"). Null when the text
 * is not a period the Hub can place; a calendar year alone ("2017") is refused because it does not
 * say which April-to-March year is meant.
 */
export function parsePeriod(text: string): Period | null {
  const clean = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const quarter = QUARTER.exec(clean);
  if (quarter) {
    const yearText = (quarter[1] ?? quarter[4] ?? '').trim();
    const startYear = yearStartFrom(yearText);
    const number = Number(quarter[2] ?? quarter[3]) as 1 | 2 | 3 | 4;
    return startYear === null ? null : financialQuarter(startYear, number);
  }
  const startYear = yearStartFrom(clean);
  return startYear === null ? null : financialYear(startYear);
}
