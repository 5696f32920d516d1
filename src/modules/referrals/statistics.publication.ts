/*
 * The statistics page's figures as one publication: every figure it or its downloads can show,
 * keyed, with the sums that tie them (a total to its categories, a year to its quarters, the
 * partnership to its city and county). Suppression runs over the whole publication, not one page
 * view, so the year view and the quarter view, or one geography's page and another's, cannot be
 * set against each other. Pure functions, no I/O.
 */
import { financialQuarter, financialYear, financialYearStartOf, type Period, type PeriodKind } from './categories.ts';
import type { Sum } from './suppression.ts';

/** A figure as the page reads it: published (imported) or counted from the register. */
export interface Figure {
  source: 'published' | 'register';
  periodKind: PeriodKind;
  periodLabel: string;
  periodStart: string;
  geographyKind: string;
  geography: string;
  measure: string;
  breakdown: string | null;
  category: string | null;
  value: number;
  /** The release says it is not comparable with earlier years. */
  notComparable: boolean;
  /** This figure replaced one from an earlier release. */
  revised: boolean;
}

/** The geography the page derives for the partnership: the sum of its cities and counties. */
export const CITY_COUNTY = 'city_county';
export const PARTNERSHIP_TOTAL = 'partnership_total';

type Place = Pick<Figure, 'source' | 'geographyKind' | 'geography'>;
type What = Pick<Figure, 'measure' | 'breakdown' | 'category'>;

export const figureKey = (place: Place, what: What, periodLabel: string) =>
  [
    place.source,
    place.geographyKind,
    place.geography,
    what.measure,
    what.breakdown ?? '',
    what.category ?? '',
    periodLabel,
  ].join('|');

export const keyOf = (f: Figure) => figureKey(f, f, f.periodLabel);

/** The four quarters of a year's label ("2017/18" → "2017/18 Q1" …). */
const quartersOf = (yearLabel: string) => [1, 2, 3, 4].map((q) => `${yearLabel} Q${q}`);

/** A breakdown's categories sum to its total, for each place, measure and period. */
function categorySums(figures: Figure[], keys: Set<string>): Sum[] {
  const groups = new Map<string, Sum>();
  for (const f of figures) {
    if (f.breakdown === null) continue;
    const total = figureKey(f, { measure: f.measure, breakdown: null, category: null }, f.periodLabel);
    if (!keys.has(total)) continue;
    const id = `${total}#${f.breakdown}`;
    const sum = groups.get(id) ?? { total, parts: [] };
    sum.parts.push(keyOf(f));
    groups.set(id, sum);
  }
  return [...groups.values()];
}

/** A year is the sum of its four quarters, where all four are held. */
function yearSums(figures: Figure[], keys: Set<string>): Sum[] {
  return figures
    .filter((f) => f.periodKind === 'year')
    .flatMap((f) => {
      const parts = quartersOf(f.periodLabel).map((q) => figureKey(f, f, q));
      return parts.every((p) => keys.has(p)) ? [{ total: keyOf(f), parts }] : [];
    });
}

/**
 * The partnership's total per period, derived as the sum of its cities and counties (published
 * referrals, no breakdown) for the periods every one of them has a figure for.
 */
export function partnershipTotals(figures: Figure[], partnership: string): Figure[] {
  const parts = figures.filter(
    (f) => f.source === 'published' && f.geographyKind === CITY_COUNTY && f.measure === 'referred' && !f.breakdown,
  );
  const places = new Set(parts.map((f) => f.geography));
  const byPeriod = new Map<string, Figure[]>();
  for (const f of parts) byPeriod.set(f.periodLabel, [...(byPeriod.get(f.periodLabel) ?? []), f]);
  return [...byPeriod.values()]
    .filter((list) => list.length === places.size)
    .map((list) => ({
      ...list[0]!,
      geographyKind: PARTNERSHIP_TOTAL,
      geography: partnership,
      value: list.reduce((a, f) => a + f.value, 0),
      notComparable: list.some((f) => f.notComparable),
      revised: false,
    }));
}

function partnershipSums(totals: Figure[], figures: Figure[]): Sum[] {
  return totals.map((total) => ({
    total: keyOf(total),
    parts: figures
      .filter(
        (f) =>
          f.source === 'published' &&
          f.geographyKind === CITY_COUNTY &&
          f.measure === 'referred' &&
          !f.breakdown &&
          f.periodLabel === total.periodLabel,
      )
      .map(keyOf),
  }));
}

/** The publication: cells by key, and every sum between them. */
export function publicationOf(figures: Figure[], partnership: string) {
  const totals = partnershipTotals(figures, partnership);
  const all = [...figures, ...totals];
  const cells = new Map(all.map((f) => [keyOf(f), f.value]));
  const keys = new Set(cells.keys());
  const sums = [...categorySums(all, keys), ...yearSums(all, keys), ...partnershipSums(totals, figures)];
  return { figures: all, publication: { cells, sums } };
}

/** Every period of a kind from the first to the last, gaps included, in date order. */
export function periodRange(kind: PeriodKind, starts: string[]): Period[] {
  if (starts.length === 0) return [];
  const sorted = [...starts].sort();
  const first = financialYearStartOf(sorted[0]!);
  const last = financialYearStartOf(sorted[sorted.length - 1]!);
  const periods: Period[] = [];
  for (let year = first; year <= last; year++) {
    if (kind === 'year') periods.push(financialYear(year));
    else for (const q of [1, 2, 3, 4] as const) periods.push(financialQuarter(year, q));
  }
  return periods.filter((p) => p.start >= sorted[0]! && p.start <= sorted[sorted.length - 1]!);
}
