/**
 * What the statistics page is measured against in `npm run bench:pages -- --pages group,statistics`:
 * a register of 50,000 referrals over 10 years and 10,000 imported figures (a national series,
 * regions, police force areas and the partnership's city and county, by year with sector and
 * concern breakdowns and Channel measures, and by quarter). Counts are spread unevenly, so some
 * are small and the page has suppression to do.
 */
import type { Database } from '../src/db/client.ts';
import {
  CONCERNS,
  SECTORS,
  financialQuarter,
  financialYear,
  type Period,
} from '../src/modules/referrals/categories.ts';
import { referralFigures } from '../src/modules/referrals/figures.tables.ts';
import { referrals } from '../src/modules/referrals/register.tables.ts';

const FIRST_YEAR = 2015;
const YEARS = 10;
const AREAS = ['Leicester City', 'Leicestershire', 'Rutland', 'Melton', 'Charnwood'];
const OUTCOMES = ['adopted', 'signposted', 'no_further_action', null] as const;

/** A fixed sequence, so every run seeds the same figures. */
function sequence(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

async function seedRegister(db: Database, accountId: number, count: number) {
  const random = sequence(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() ** 1.6 * list.length)]!;
  const rows = Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.UTC(FIRST_YEAR, 3, 1) + Math.floor(random() * YEARS * 365) * 86_400_000);
    const outcome = pick(OUTCOMES);
    return {
      reference: `PR-BENCH-${i + 1}`,
      receivedOn: day.toISOString().slice(0, 10),
      referringSector: pick(SECTORS).id,
      area: pick(AREAS),
      concern: pick(CONCERNS).id,
      ageBand: '15_to_20',
      stage: 'referred' as const,
      outcome,
      panelOn: outcome === 'adopted' || random() < 0.2 ? day.toISOString().slice(0, 10) : null,
      createdBy: accountId,
    };
  });
  for (let i = 0; i < rows.length; i += 2000) await db.insert(referrals).values(rows.slice(i, i + 2000));
}

/** The figures one geography has: 10 years with breakdowns and Channel measures, and 40 quarters. */
function figuresOf(kind: string, geography: string, scale: number, random: () => number) {
  const figure = (period: Period, measure: string, value: number, breakdown?: string, category?: string) => ({
    periodKind: period.kind,
    periodLabel: period.label,
    periodStart: period.start,
    periodEnd: period.end,
    geographyKind: kind,
    geography,
    measure,
    breakdown: breakdown ?? null,
    category: category ?? null,
    value,
    sourceTitle: 'Individuals referred to and supported through the Prevent Programme',
    release: 'Home Office, 14 December 2023',
    releaseDate: '2023-12-14',
    notComparable: period.label === '2019/20',
  });
  const rows = [];
  for (let y = 0; y < YEARS; y++) {
    const year = financialYear(FIRST_YEAR + y);
    const total = Math.round(scale * (0.8 + random() * 0.4));
    rows.push(figure(year, 'referred', total));
    rows.push(figure(year, 'discussed_at_panel', Math.round(total * 0.2)));
    rows.push(figure(year, 'adopted', Math.round(total * 0.06)));
    for (const [breakdown, list] of [
      ['sector', SECTORS],
      ['concern', CONCERNS],
    ] as const)
      for (const c of list)
        rows.push(figure(year, 'referred', Math.round((total / list.length) * random()), breakdown, c.id));
    for (const q of [1, 2, 3, 4] as const)
      rows.push(figure(financialQuarter(FIRST_YEAR + y, q), 'referred', Math.round(total / 4)));
  }
  return rows;
}

export async function seedStatistics(db: Database, accountId: number) {
  await seedRegister(db, accountId, 50_000);
  const random = sequence(7);
  const places: [string, string, number][] = [
    ['national', 'England and Wales', 7000],
    ['city_county', 'Leicester City', 120],
    ['city_county', 'Leicestershire', 60],
    ...Array.from({ length: 9 }, (_, i): [string, string, number] => ['region', `Region ${i + 1}`, 700]),
    ...Array.from({ length: 34 }, (_, i): [string, string, number] => [
      'police_force_area',
      `Force area ${i + 1}`,
      150,
    ]),
  ];
  const rows = places.flatMap(([kind, name, scale]) => figuresOf(kind, name, scale, random)).slice(0, 10_000);
  for (let i = 0; i < rows.length; i += 2000) await db.insert(referralFigures).values(rows.slice(i, i + 2000));
  return { path: '/referrals/statistics', figures: rows.length };
}
