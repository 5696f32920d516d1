/*
 * The statistics page (issue 12, items 2 and 4): published figures for a geography and the
 * partnership's own figures counted from the register, as tables, charts and sentences, with
 * small numbers suppressed outside the register's need-to-know and in every download.
 *
 * The figures and their suppression are worked out once per change of data and kept: the
 * suppression runs over every figure at once (see statistics.publication.ts), which is far more
 * work than a page view should do, and a page view only checks that nothing has changed.
 */
import { isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { preparedFor } from '../../db/prepared.ts';
import { getPartnershipName } from '../partnership/index.ts';
import {
  GEOGRAPHY_KINDS,
  breakdownLabel,
  categoryLabel,
  financialQuarter,
  financialYear,
  financialYearStartOf,
  type Period,
  type PeriodKind,
} from './categories.ts';
import { referralFigures } from './figures.tables.ts';
import { REGISTER_OUTCOMES, referrals } from './register.tables.ts';
import { figureKey, keyOf, publicationOf, type Figure } from './statistics.publication.ts';
import { suppress } from './suppression.ts';

export interface StatisticsData {
  version: string;
  partnership: string;
  figures: Figure[];
  /** Keys of cells shown as [c] to everyone outside the register's need-to-know, and in downloads. */
  hidden: Set<string>;
  geographies: { kind: string; name: string }[];
  registerCount: number;
}

const kept = new WeakMap<Queryable, { version: string; data: Promise<StatisticsData> }>();

/**
 * Changes whenever a figure is imported or revised (a revision is a new row), or a referral is
 * added, moves on a stage or is corrected. Highest ids, not counts: each is one step down an index,
 * where counting 50,000 referrals on every page view took longer than drawing the page.
 */
const versionQuery = preparedFor((db) =>
  db
    .select({
      version: sql<string>`concat_ws(':',
        (select max(id) from referral_figures), (select max(id) from referrals), (select max(id) from referral_stages),
        (select max(id) from referral_corrections), (select max(name) from partnership))`,
    })
    .from(sql`(select 1) as once`)
    .prepare('referral_statistics_version'),
);

async function versionOf(db: Queryable): Promise<string> {
  const [row] = await versionQuery(db).execute();
  return row!.version;
}

type PackedFigure = [
  PeriodKind,
  string,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  number,
  boolean,
  boolean,
];

const f = referralFigures;
const revised = sql`exists (select 1 from referral_figures later where later.superseded_by = ${f.id})`;

/**
 * Current published figures, each marked revised when it replaced one from an earlier release.
 * They come back as one JSON value rather than a row each: on PGlite, 10,000 rows crossing from
 * the database one by one take half a second, the JSON a tenth of that (as the plan dashboard).
 */
async function publishedFigures(db: Queryable): Promise<Figure[]> {
  const packed = sql`json_build_array(${f.periodKind}, ${f.periodLabel}, ${f.periodStart}, ${f.geographyKind}, ${f.geography},
    ${f.measure}, ${f.breakdown}, ${f.category}, ${f.value}, ${f.notComparable}, ${revised})`;
  const [result] = await db
    .select({ figures: sql<string>`coalesce(json_agg(${packed}), '[]')::text` })
    .from(f)
    .where(isNull(f.supersededBy));
  return (JSON.parse(result!.figures) as PackedFigure[]).map((p) => ({
    source: 'published',
    periodKind: p[0],
    periodLabel: p[1],
    periodStart: p[2],
    geographyKind: p[3],
    geography: p[4],
    measure: p[5],
    breakdown: p[6],
    category: p[7],
    value: p[8],
    notComparable: p[9],
    revised: p[10],
  }));
}

const yearStart = sql<number>`(extract(year from ${referrals.receivedOn} - interval '3 months'))::int`;
const quarterStart = sql<string>`to_char(date_trunc('quarter', ${referrals.receivedOn}), 'YYYY-MM-DD')`;

/** The register's counts as registerCounts reads them: `quarters`, then `sector`, `concern`, `area`, `outcome` by year. */
export type RegisterCounts = Record<string, Counted[]>;

export interface Counted {
  period: string | number;
  category: string | null;
  n: number;
  discussed: number;
  adopted: number;
}

/** Register counts: per quarter, and per year by sector, concern, area and outcome. */
async function registerCounts(db: Queryable) {
  const counts = {
    n: sql<number>`count(*)::int`,
    discussed: sql<number>`count(${referrals.panelOn})::int`,
    adopted: sql<number>`(count(*) filter (where ${referrals.outcome} = 'adopted'))::int`,
  };
  const perYear = (column: typeof referrals.referringSector | typeof referrals.concern | typeof referrals.area) =>
    db
      .select({ period: yearStart, category: sql<string>`${column}`, ...counts })
      .from(referrals)
      .groupBy(yearStart, column);
  const [quarters, sector, concern, area, outcome] = await Promise.all([
    db
      .select({ period: quarterStart, category: sql<null>`null`, ...counts })
      .from(referrals)
      .groupBy(quarterStart),
    perYear(referrals.referringSector),
    perYear(referrals.concern),
    perYear(referrals.area),
    db
      .select({ period: yearStart, category: sql<string>`coalesce(${referrals.outcome}, 'open')`, ...counts })
      .from(referrals)
      .groupBy(yearStart, referrals.outcome),
  ]);
  return { quarters, sector, concern, area, outcome } as RegisterCounts;
}

export const REGISTER_GEOGRAPHY = 'register';
/** How a register case stands, for the outcome breakdown: open until the panel decides. */
export const REGISTER_OUTCOME_CATEGORIES = [...REGISTER_OUTCOMES, 'open'] as const;

const REGISTER_MEASURES = ['referred', 'discussed_at_panel', 'adopted'] as const;
const REGISTER_BREAKDOWNS = ['sector', 'concern', 'area', 'outcome'] as const;

/** The register's counts as figures of the partnership, with every year's four quarters (0 where none). */
export function registerFigures(counts: RegisterCounts, partnership: string): Figure[] {
  const place = { source: 'register' as const, geographyKind: REGISTER_GEOGRAPHY, geography: partnership };
  const figure = (
    period: Period,
    measure: string,
    value: number,
    breakdown: string | null = null,
    category: string | null = null,
  ): Figure => ({
    ...place,
    periodKind: period.kind,
    periodStart: period.start,
    periodLabel: period.label,
    measure,
    breakdown,
    category,
    value,
    notComparable: false,
    revised: false,
  });
  const byQuarter = new Map(counts.quarters!.map((c) => [String(c.period), c]));
  const years = [...new Set(counts.quarters!.map((c) => financialYearStartOf(String(c.period))))].sort();
  return years.flatMap((startYear) => {
    const year = financialYear(startYear);
    const quarters = ([1, 2, 3, 4] as const).map((q) => financialQuarter(startYear, q));
    const counted = (q: Period) => byQuarter.get(q.start) ?? { n: 0, discussed: 0, adopted: 0 };
    const value = (c: { n: number; discussed: number; adopted: number }, m: (typeof REGISTER_MEASURES)[number]) =>
      m === 'referred' ? c.n : m === 'discussed_at_panel' ? c.discussed : c.adopted;
    return [
      ...quarters.flatMap((q) => REGISTER_MEASURES.map((m) => figure(q, m, value(counted(q), m)))),
      ...REGISTER_MEASURES.map((m) =>
        figure(
          year,
          m,
          quarters.reduce((sum, q) => sum + value(counted(q), m), 0),
        ),
      ),
      ...REGISTER_BREAKDOWNS.flatMap((breakdown) => {
        const values = new Map(
          counts[breakdown]!.filter((c) => Number(c.period) === startYear).map((c) => [c.category ?? '', c.n]),
        );
        const categories = breakdown === 'outcome' ? REGISTER_OUTCOME_CATEGORIES : [...values.keys()].sort();
        return categories.map((c) => figure(year, 'referred', values.get(c) ?? 0, breakdown, c));
      }),
    ];
  });
}

/** Adopted cases are the outcome "adopted": the two figures are one number and must be hidden together. */
function registerSums(figures: Figure[]) {
  return figures
    .filter((f) => f.source === 'register' && f.measure === 'adopted' && f.periodKind === 'year')
    .map((f) => ({
      total: keyOf(f),
      parts: [figureKey(f, { measure: 'referred', breakdown: 'outcome', category: 'adopted' }, f.periodLabel)],
    }));
}

async function loadStatistics(db: Queryable, version: string): Promise<StatisticsData> {
  const [partnership, published, counts, [register]] = await Promise.all([
    getPartnershipName(db),
    publishedFigures(db),
    registerCounts(db),
    db.select({ count: sql<number>`count(*)::int` }).from(referrals),
  ]);
  return statisticsFrom({ published, counts, partnership, registerCount: register?.count ?? 0, version });
}

/** The page's figures and what to hide of them, from published figures and the register's counts. */
export function statisticsFrom(input: {
  published: Figure[];
  counts: RegisterCounts;
  partnership: string | null;
  registerCount: number;
  version: string;
}): StatisticsData {
  const name = input.partnership ?? 'the partnership';
  const { figures, publication } = publicationOf([...input.published, ...registerFigures(input.counts, name)], name);
  publication.sums.push(...registerSums(figures));
  const geographies = new Map<string, { kind: string; name: string }>();
  for (const f of input.published)
    geographies.set(`${f.geographyKind}|${f.geography}`, { kind: f.geographyKind, name: f.geography });
  const order = (kind: string) => GEOGRAPHY_KINDS.findIndex((k) => k.id === kind);
  return {
    version: input.version,
    partnership: name,
    figures,
    hidden: suppress(publication),
    geographies: [...geographies.values()].sort(
      (a, b) => order(a.kind) - order(b.kind) || a.name.localeCompare(b.name),
    ),
    registerCount: input.registerCount,
  };
}

/**
 * The figures and their suppression, worked out again only when the data has changed. Requests
 * that arrive while they are being worked out wait for that one piece of work.
 */
export async function statisticsData(db: Queryable): Promise<StatisticsData> {
  const version = await versionOf(db);
  const known = kept.get(db);
  if (known?.version === version) return known.data;
  const entry = { version, data: loadStatistics(db, version) };
  kept.set(db, entry);
  entry.data.catch(() => kept.get(db) === entry && kept.delete(db));
  return entry.data;
}

/** The category label for a register breakdown: areas are named as recorded, outcomes in words. */
export function figureCategoryLabel(breakdown: string, category: string): string {
  if (breakdown === 'area') return category;
  if (breakdown === 'outcome') return OUTCOME_WORDS[category] ?? category;
  return categoryLabel(breakdown, category);
}
const OUTCOME_WORDS: Record<string, string> = {
  adopted: 'Adopted as a Channel case',
  signposted: 'Signposted to other services',
  no_further_action: 'No further action',
  open: 'Not yet decided',
};

/** A breakdown in words; the register adds area and outcome to the published ones. */
export const breakdownWords = (breakdown: string) =>
  breakdown === 'area' ? 'Area' : breakdown === 'outcome' ? 'Outcome' : breakdownLabel(breakdown);
