/*
 * What the statistics page shows for a geography and a kind of period: sections of a chart, its
 * table and the notes, the sentences, and the rows of the downloads. A missing period is a gap (a
 * break in the line, "no figure" in the table) and no change is worked out across it, nor across a
 * release that is not comparable with earlier years, nor from a hidden ([c]) figure. Pure, but
 * for boardPaperSentences, which reads the figures first.
 */
import type { Queryable } from '../../db/client.ts';
import { lineChartSvg, type LinePoint } from '../../views/charts.ts';
import { geographyKindLabel, measureLabel, periodYearBefore, type Period, type PeriodKind } from './categories.ts';
import {
  CITY_COUNTY,
  PARTNERSHIP_TOTAL,
  figureKey,
  keyOf,
  periodRange,
  type Figure,
} from './statistics.publication.ts';
import {
  REGISTER_GEOGRAPHY,
  breakdownWords,
  figureCategoryLabel,
  statisticsData,
  type StatisticsData,
} from './statistics.service.ts';
import {
  changeOn,
  largestShareSentence,
  percent,
  percentChange,
  riseSentence,
  shareSentence,
} from './statistics.sentences.ts';
import { SUPPRESSED } from './suppression.ts';

export const NO_FIGURE = 'no figure';

type Place = Pick<Figure, 'source' | 'geographyKind' | 'geography'>;

/** One figure as a cell: its number when it may be shown, else why not. */
interface Cell {
  value: number | null;
  text: string;
  figure?: Figure;
}

export interface Section {
  id: string;
  title: string;
  svg: string;
  head: string[];
  rows: { label: string; cells: string[] }[];
}

export interface ExportRow {
  source: string;
  geographyType: string;
  geography: string;
  period: string;
  measure: string;
  breakdown: string;
  category: string;
  value: string;
  note: string;
}

interface Reader {
  cell(place: Place, measure: string, breakdown: string | null, category: string | null, period: Period): Cell;
}

function readerOf(data: StatisticsData, showRegister: boolean): Reader {
  const byKey = new Map(data.figures.map((f) => [keyOf(f), f]));
  return {
    cell(place, measure, breakdown, category, period) {
      const key = figureKey(place, { measure, breakdown, category }, period.label);
      const figure = byKey.get(key);
      if (!figure) return { value: null, text: NO_FIGURE };
      const open = showRegister && place.source === 'register';
      if (data.hidden.has(key) && !open) return { value: null, text: SUPPRESSED, figure };
      return { value: figure.value, text: figure.value.toLocaleString('en-GB'), figure };
    },
  };
}

const noteOf = (figure: Figure | undefined) =>
  [figure?.revised ? 'Revised' : '', figure?.notComparable ? 'Not comparable with earlier years' : '']
    .filter(Boolean)
    .join('; ');

/** The change on the same period a year before, or why there is none. */
function yearOnYear(reader: Reader, place: Place, measure: string, b: string | null, c: string | null, period: Period) {
  const now = reader.cell(place, measure, b, c, period);
  const before = periodYearBefore(period);
  const then = reader.cell(place, measure, b, c, before);
  if (now.value === null || then.value === null) return { change: null, text: '' };
  if (now.figure?.notComparable) return { change: null, text: 'Not comparable' };
  const change = percentChange(then.value, now.value);
  return change === null ? { change, text: '' } : { change, text: changeOn(change, before.label) };
}

const share = (part: Cell, whole: Cell) =>
  part.value !== null && whole.value !== null && whole.value > 0 ? (part.value / whole.value) * 100 : null;
const withShare = (part: Cell, whole: Cell) => {
  const s = share(part, whole);
  return s === null ? part.text : `${part.text} (${percent(s, 1)})`;
};

const placeName = (place: Place) => place.geography;

/** A chart point: a hidden figure breaks the line like a missing one, but is described as [c]. */
const pointOf = (period: Period, cell: Cell): LinePoint =>
  cell.text === SUPPRESSED
    ? { label: period.label, value: null, missing: SUPPRESSED }
    : { label: period.label, value: cell.value };

function totalsSection(reader: Reader, place: Place, periods: Period[], prefix: string): Section {
  const cells = periods.map((p) => reader.cell(place, 'referred', null, null, p));
  return {
    id: `${prefix}-totals`,
    title: `Referrals by ${periods[0]?.kind === 'quarter' ? 'quarter' : 'year'}: ${placeName(place)}`,
    svg: lineChartSvg({
      id: `${prefix}-totals-chart`,
      title: `Referrals by ${periods[0]?.kind === 'quarter' ? 'quarter' : 'year'}: ${placeName(place)}`,
      description: 'Referrals counted in each period; a break in the line is a period with no figure.',
      series: [{ name: 'Referrals', points: periods.map((p, i) => pointOf(p, cells[i]!)) }],
      yLabel: 'Referrals',
    }),
    head: ['Period', 'Referrals', 'Change on a year before', 'Note'],
    rows: periods.map((p, i) => ({
      label: p.label,
      cells: [cells[i]!.text, yearOnYear(reader, place, 'referred', null, null, p).text, noteOf(cells[i]!.figure)],
    })),
  };
}

function breakdownSection(
  reader: Reader,
  place: Place,
  periods: Period[],
  breakdown: string,
  categories: string[],
  prefix: string,
): Section {
  const title = `Referrals by ${breakdownWords(breakdown).toLowerCase()}: ${placeName(place)}`;
  const names = categories.map((c) => figureCategoryLabel(breakdown, c));
  return {
    id: `${prefix}-${breakdown}`,
    title,
    svg: lineChartSvg({
      id: `${prefix}-${breakdown}-chart`,
      title,
      description: `Referrals in each period by ${breakdownWords(breakdown).toLowerCase()}.`,
      series: categories.map((c, i) => ({
        name: names[i]!,
        points: periods.map((p) => pointOf(p, reader.cell(place, 'referred', breakdown, c, p))),
      })),
    }),
    head: ['Period', ...names.map((n) => `${n} (share)`)],
    rows: periods.map((p) => {
      const whole = reader.cell(place, 'referred', null, null, p);
      return {
        label: p.label,
        cells: categories.map((c) => withShare(reader.cell(place, 'referred', breakdown, c, p), whole)),
      };
    }),
  };
}

function conversionSection(reader: Reader, place: Place, periods: Period[], prefix: string): Section {
  const of = (measure: string, p: Period) => reader.cell(place, measure, null, null, p);
  const title = `Channel conversion: ${placeName(place)}`;
  const rate = (measure: string, p: Period) => share(of(measure, p), of('referred', p));
  return {
    id: `${prefix}-conversion`,
    title,
    svg: lineChartSvg({
      id: `${prefix}-conversion-chart`,
      title,
      description: 'Referrals discussed at a Channel panel and adopted as Channel cases, as a percentage of referrals.',
      series: ['discussed_at_panel', 'adopted'].map((m) => ({
        name: `${measureLabel(m)} (% of referrals)`,
        points: periods.map((p) => ({
          label: p.label,
          value: rate(m, p) === null ? null : Math.round(rate(m, p)! * 10) / 10,
        })),
      })),
      yLabel: '% of referrals',
    }),
    head: [
      'Period',
      'Referred',
      'Discussed at a Channel panel',
      'Discussed / referred',
      'Adopted as a Channel case',
      'Adopted / referred',
    ],
    rows: periods.map((p) => {
      const pct = (m: string) => (rate(m, p) === null ? '' : percent(rate(m, p)!, 1));
      return {
        label: p.label,
        cells: [
          of('referred', p).text,
          of('discussed_at_panel', p).text,
          pct('discussed_at_panel'),
          of('adopted', p).text,
          pct('adopted'),
        ],
      };
    }),
  };
}

function cityCountySection(reader: Reader, data: StatisticsData, periods: Period[], areas: string[]): Section {
  const place = (name: string): Place => ({ source: 'published', geographyKind: CITY_COUNTY, geography: name });
  const whole: Place = { source: 'published', geographyKind: PARTNERSHIP_TOTAL, geography: data.partnership };
  const title = `City and county: ${data.partnership}`;
  return {
    id: 'published-city-county',
    title,
    svg: lineChartSvg({
      id: 'published-city-county-chart',
      title,
      description: `Referrals in each city and county of ${data.partnership}.`,
      series: areas.map((a) => ({
        name: a,
        points: periods.map((p) => pointOf(p, reader.cell(place(a), 'referred', null, null, p))),
      })),
    }),
    head: ['Period', ...areas.map((a) => `${a} (share)`), 'Total'],
    rows: periods.map((p) => {
      const total = reader.cell(whole, 'referred', null, null, p);
      return {
        label: p.label,
        cells: [...areas.map((a) => withShare(reader.cell(place(a), 'referred', null, null, p), total)), total.text],
      };
    }),
  };
}

const has = (figures: Figure[], test: (f: Figure) => boolean) => figures.some(test);
const samePlace = (a: Place) => (f: Figure) =>
  f.source === a.source && f.geographyKind === a.geographyKind && f.geography === a.geography;

/** Categories of a breakdown held for a place, in the Hub's order (or as recorded, for areas). */
function categoriesOf(figures: Figure[], breakdown: string): string[] {
  return [...new Set(figures.filter((f) => f.breakdown === breakdown).map((f) => f.category!))];
}

function placeSections(
  reader: Reader,
  figures: Figure[],
  place: Place,
  kind: PeriodKind,
  prefix: string,
  breakdowns: string[],
  until = '9999-12-31',
) {
  // Quarters still to come hold a zero each (so a year still sums) but are not shown.
  const own = figures.filter((f) => samePlace(place)(f) && f.periodStart <= until);
  const periods = periodRange(
    kind,
    own.filter((f) => f.periodKind === kind).map((f) => f.periodStart),
  );
  if (periods.length === 0) return [];
  const sections = [totalsSection(reader, place, periods, prefix)];
  const years = periodRange(
    'year',
    own.filter((f) => f.periodKind === 'year').map((f) => f.periodStart),
  );
  // Breakdowns and conversion by quarter where the figures have quarters, else by year (the register's are).
  const periodsOf = (test: (f: Figure) => boolean) =>
    has(own, (f) => f.periodKind === kind && test(f)) ? periods : years;
  for (const breakdown of breakdowns) {
    const categories = categoriesOf(own, breakdown);
    const of = periodsOf((f) => f.breakdown === breakdown);
    if (categories.length) sections.push(breakdownSection(reader, place, of, breakdown, categories, prefix));
  }
  const channel = (f: Figure) => f.measure === 'discussed_at_panel' || f.measure === 'adopted';
  if (has(own, channel)) sections.push(conversionSection(reader, place, periodsOf(channel), prefix));
  return sections;
}

/** Sentences a board paper can quote, from shown figures only. */
function sentencesFor(
  reader: Reader,
  data: StatisticsData,
  place: Place,
  periods: Period[],
  areas: string[],
): string[] {
  const out: string[] = [];
  const latest = [...periods].reverse();
  for (const p of latest) {
    const total = yearOnYear(reader, place, 'referred', null, null, p);
    if (total.change === null) continue;
    const rises = categoriesOf(data.figures.filter(samePlace(place)), 'concern')
      .map((c) => ({ c, change: yearOnYear(reader, place, 'referred', 'concern', c, p).change }))
      .filter((r): r is { c: string; change: number } => r.change !== null && r.change > 0)
      .sort((a, b) => b.change - a.change);
    out.push(
      riseSentence({
        what: 'Prevent referrals',
        periodLabel: p.label,
        value: reader.cell(place, 'referred', null, null, p).value!,
        change: total.change,
        including: rises[0] && {
          words: figureCategoryLabel('concern', rises[0].c).toLowerCase(),
          change: rises[0].change,
        },
      }),
    );
    break;
  }
  for (const p of latest) {
    const whole = reader.cell(place, 'referred', null, null, p);
    const shares = categoriesOf(data.figures.filter(samePlace(place)), 'sector')
      .map((c) => ({ c, share: share(reader.cell(place, 'referred', 'sector', c, p), whole) }))
      .filter((s): s is { c: string; share: number } => s.share !== null)
      .sort((a, b) => b.share - a.share);
    if (!shares[0]) continue;
    const source = `the ${figureCategoryLabel('sector', shares[0].c).toLowerCase()} sector`;
    out.push(largestShareSentence({ source, share: shares[0].share, periodLabel: p.label }));
    break;
  }
  const areaSentence = cityCountySentence(reader, data, periods, areas);
  if (areaSentence) out.push(areaSentence);
  return out;
}

/** The city or county whose share of the partnership's referrals rose most on a year before. */
function cityCountySentence(reader: Reader, data: StatisticsData, periods: Period[], areas: string[]) {
  const whole: Place = { source: 'published', geographyKind: PARTNERSHIP_TOTAL, geography: data.partnership };
  const shareIn = (a: string, p: Period) =>
    share(
      reader.cell({ source: 'published', geographyKind: CITY_COUNTY, geography: a }, 'referred', null, null, p),
      reader.cell(whole, 'referred', null, null, p),
    );
  for (const p of [...periods].reverse()) {
    const moves = areas
      .map((a) => ({ a, now: shareIn(a, p), then: shareIn(a, periodYearBefore(p)) }))
      .filter((m): m is { a: string; now: number; then: number | null } => m.now !== null)
      .sort((x, y) => y.now - (y.then ?? y.now) - (x.now - (x.then ?? x.now)));
    const top = moves[0];
    if (!top) continue;
    return shareSentence({
      part: top.a,
      whole: data.partnership,
      periodLabel: p.label,
      share: top.now,
      previous: top.then === null ? undefined : { share: top.then },
    });
  }
  return null;
}

export interface PageChoice {
  geography?: { kind: string; name: string };
  kind: PeriodKind;
  /** The register's need-to-know sees its figures unsuppressed on the page (never in downloads). */
  showRegister: boolean;
}

const PUBLISHED_BREAKDOWNS = ['sector', 'concern', 'age_band', 'gender'];
const REGISTER_BREAKDOWNS = ['sector', 'concern', 'area', 'outcome'];

/** Everything the page shows for a choice of geography and period. */
export function statisticsView(data: StatisticsData, choice: PageChoice) {
  const reader = readerOf(data, choice.showRegister);
  const geography = choice.geography ?? data.geographies[0];
  const place: Place | null = geography
    ? { source: 'published', geographyKind: geography.kind, geography: geography.name }
    : null;
  const published = place
    ? placeSections(reader, data.figures, place, choice.kind, 'published', PUBLISHED_BREAKDOWNS)
    : [];
  const areas = [
    ...new Set(data.figures.filter((f) => f.geographyKind === CITY_COUNTY).map((f) => f.geography)),
  ].sort();
  const areaPeriods = periodRange(
    choice.kind,
    data.figures
      .filter((f) => f.geographyKind === PARTNERSHIP_TOTAL && f.periodKind === choice.kind)
      .map((f) => f.periodStart),
  );
  if (areas.length > 1 && areaPeriods.length) published.push(cityCountySection(reader, data, areaPeriods, areas));
  const registerPlace: Place = { source: 'register', geographyKind: REGISTER_GEOGRAPHY, geography: data.partnership };
  const today = new Date().toISOString().slice(0, 10);
  const register = placeSections(
    reader,
    data.figures,
    registerPlace,
    choice.kind,
    'register',
    REGISTER_BREAKDOWNS,
    today,
  );
  const periods = place
    ? periodRange(
        choice.kind,
        data.figures
          .filter(samePlace(place))
          .filter((f) => f.periodKind === choice.kind)
          .map((f) => f.periodStart),
      )
    : [];
  return {
    geography,
    published,
    register,
    sentences: place ? sentencesFor(reader, data, place, periods, areas) : [],
  };
}

/** A place's kind in a download's words; the partnership's total says how it was made. */
export const geographyType = (place: Place) =>
  place.geographyKind === PARTNERSHIP_TOTAL
    ? 'Partnership (its cities and counties added up)'
    : place.source === 'register'
      ? 'Partnership (its register)'
      : geographyKindLabel(place.geographyKind);

/**
 * The sentences the statistics page shows for a geography (the first one held when none is named),
 * for a board paper: built from figures shown to everyone, so never from a hidden one.
 */
export async function boardPaperSentences(
  db: Queryable,
  geography?: { kind: string; name: string },
  kind: PeriodKind = 'year',
): Promise<string[]> {
  const data = await statisticsData(db);
  return viewFor(data, { geography, kind, showRegister: false }).sentences;
}

export type StatisticsView = ReturnType<typeof statisticsView>;
const views = new WeakMap<StatisticsData, Map<string, StatisticsView>>();

/**
 * The view for a choice, built once per change of data (and per day, as the register's periods
 * end today): building one reads every figure, which is more than a page view should do each time.
 */
export function viewFor(data: StatisticsData, choice: PageChoice): StatisticsView {
  const today = new Date().toISOString().slice(0, 10);
  const key = [choice.geography?.kind, choice.geography?.name, choice.kind, choice.showRegister, today].join('|');
  const built = views.get(data) ?? new Map<string, StatisticsView>();
  views.set(data, built);
  const known = built.get(key);
  if (known) return known;
  const view = statisticsView(data, choice);
  built.set(key, view);
  return view;
}

/**
 * The rows of a download: every figure of the page's sections, suppressed whoever asks, and a
 * "no figure" row for each missing period of a total, so the gaps travel with the figures.
 */
export function exportRows(data: StatisticsData, choice: PageChoice): ExportRow[] {
  const view = statisticsView(data, { ...choice, showRegister: false });
  const places: Place[] = [
    ...(view.geography
      ? [{ source: 'published' as const, geographyKind: view.geography.kind, geography: view.geography.name }]
      : []),
    { source: 'published', geographyKind: PARTNERSHIP_TOTAL, geography: data.partnership },
    { source: 'register', geographyKind: REGISTER_GEOGRAPHY, geography: data.partnership },
  ];
  const shownPlace = (f: Figure) =>
    places.some((p) => samePlace(p)(f)) || (f.source === 'published' && f.geographyKind === CITY_COUNTY);
  const reader = readerOf(data, false);
  return data.figures
    .filter((f) => shownPlace(f) && (f.periodKind === choice.kind || (f.periodKind === 'year' && f.breakdown !== null)))
    .map((f): ExportRow => {
      const cell = reader.cell(f, f.measure, f.breakdown, f.category, {
        kind: f.periodKind,
        label: f.periodLabel,
        start: f.periodStart,
        end: '',
      });
      return {
        source: f.source === 'register' ? 'Register (counted by the Hub)' : 'Published',
        geographyType: geographyType(f),
        geography: f.geography,
        period: f.periodLabel,
        measure: measureLabel(f.measure),
        breakdown: f.breakdown ? breakdownWords(f.breakdown) : '',
        category: f.breakdown && f.category ? figureCategoryLabel(f.breakdown, f.category) : 'All',
        value: cell.text,
        note: noteOf(f),
      };
    })
    .concat(gapRows(data, places.slice(0, 1), choice.kind));
}

/** A "no figure" row for each period missing from a place's totals between its first and last. */
function gapRows(data: StatisticsData, places: Place[], kind: PeriodKind): ExportRow[] {
  return places.flatMap((place) => {
    const own = data.figures.filter(
      (f) => samePlace(place)(f) && f.periodKind === kind && f.measure === 'referred' && !f.breakdown,
    );
    const held = new Set(own.map((f) => f.periodLabel));
    return periodRange(
      kind,
      own.map((f) => f.periodStart),
    )
      .filter((p) => !held.has(p.label))
      .map((p) => ({
        source: 'Published',
        geographyType: geographyType(place),
        geography: place.geography,
        period: p.label,
        measure: measureLabel('referred'),
        breakdown: '',
        category: 'All',
        value: NO_FIGURE,
        note: '',
      }));
  });
}
