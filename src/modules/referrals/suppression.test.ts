import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SUPPRESSED, isSmall, recoverable, shownCount, suppress, type Publication, type Sum } from './suppression.ts';
import { workedOut, workedOutFromDownload, type DownloadRow, type Equation } from './suppression.check.ts';
import { financialQuarter, financialYear, type Period } from './categories.ts';
import type { Figure } from './statistics.publication.ts';
import { statisticsFrom, type Counted, type RegisterCounts } from './statistics.service.ts';
import { exportRows, statisticsView, type ExportRow } from './statistics.view.ts';

/** A seeded generator (mulberry32): the same tables on every run, and a failing seed can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const equationsOf = (sums: Sum[]): Equation[] =>
  sums.map((s) => ({ terms: [[s.total, 1], ...s.parts.map((p): [string, number] => [p, -1])] }));

const publication = (cells: Record<string, number>, sums: Sum[]): Publication => ({
  cells: new Map(Object.entries(cells)),
  sums,
});

test('the checker finds a hidden cell that a row total gives back', () => {
  const sums = [{ total: 'T', parts: ['a', 'b', 'c'] }];
  assert.deepEqual(workedOut(equationsOf(sums), new Set(['b'])), ['b']);
  assert.deepEqual(workedOut(equationsOf(sums), new Set(['b', 'c'])), []);
});

test('the checker finds cells pinned only by combining sums (three pairs over three cells)', () => {
  // x + y, x + z and y + z each hide two cells, yet together they give all three.
  const sums = [
    { total: 'R1', parts: ['x', 'y', 'p'] },
    { total: 'R2', parts: ['x', 'z', 'q'] },
    { total: 'R3', parts: ['y', 'z', 'r'] },
  ];
  const hidden = new Set(['x', 'y', 'z']);
  assert.deepEqual(workedOut(equationsOf(sums), hidden).sort(), ['x', 'y', 'z']);
  const cells = { R1: 9, R2: 10, R3: 11, x: 2, y: 3, z: 4, p: 4, q: 4, r: 4 };
  assert.deepEqual(recoverable(publication(cells, sums), hidden).sort(), ['x', 'y', 'z']);
});

test('the checker passes a 2×2 block hidden inside shown margins', () => {
  const sums = [
    { total: 'R1', parts: ['a', 'b'] },
    { total: 'R2', parts: ['c', 'd'] },
    { total: 'C1', parts: ['a', 'c'] },
    { total: 'C2', parts: ['b', 'd'] },
  ];
  assert.deepEqual(workedOut(equationsOf(sums), new Set(['a', 'b', 'c', 'd'])), []);
  assert.deepEqual(
    recoverable(
      publication({ R1: 9, R2: 9, C1: 9, C2: 9, a: 3, b: 6, c: 6, d: 3 }, sums),
      new Set(['a', 'b', 'c', 'd']),
    ),
    [],
  );
});

test('suppression: 1 to 4 hidden, 0 and 5 shown, and the row total cannot give a hidden cell back', () => {
  const sums = [{ total: 'T', parts: ['a', 'b', 'c', 'd'] }];
  const pub = publication({ T: 20, a: 3, b: 0, c: 5, d: 12 }, sums);
  const hidden = suppress(pub);
  assert.ok(hidden.has('a'));
  assert.ok(!hidden.has('b'), '0 is shown');
  assert.ok(hidden.has('c'), 'the smallest non-zero cell is hidden beside the 3');
  assert.equal(shownCount(3, 'a', hidden), SUPPRESSED);
  assert.equal(shownCount(12, 'd', hidden), '12');
  assert.deepEqual(workedOut(equationsOf(sums), hidden), []);
});

/**
 * A random publication shaped like the statistics page: for each year, quarters; for each of
 * several breakdowns, a table of categories by quarter with row totals (the quarter's total, one
 * cell shared by every breakdown's table), year rows that sum their quarters, and a partnership
 * made of areas.
 */
function randomPublication(random: () => number): Publication {
  const cells = new Map<string, number>();
  const sums: Sum[] = [];
  const small = () => (random() < 0.5 ? Math.floor(random() * 5) : Math.floor(random() * 30));
  const years = 1 + Math.floor(random() * 3);
  const breakdowns = Array.from({ length: 1 + Math.floor(random() * 3) }, () => 2 + Math.floor(random() * 4));
  for (let y = 0; y < years; y++) {
    const quarters = 2 + Math.floor(random() * 3);
    // Breakdown 0's categories decide the totals; other breakdowns split the same totals differently.
    const byCategory = Array.from({ length: quarters }, () => Array.from({ length: breakdowns[0]! }, small));
    for (let q = 0; q < quarters; q++)
      cells.set(
        `t:${y}:${q}`,
        byCategory[q]!.reduce((a, b) => a + b, 0),
      );
    breakdowns.forEach((size, b) => {
      for (let q = 0; q < quarters; q++) {
        const total = cells.get(`t:${y}:${q}`)!;
        const split = b === 0 ? byCategory[q]! : splitRandomly(total, size, random);
        split.forEach((v, c) => cells.set(`c:${y}:${q}:${b}:${c}`, v));
        sums.push({ total: `t:${y}:${q}`, parts: split.map((_, c) => `c:${y}:${q}:${b}:${c}`) });
      }
      for (let c = 0; c < size; c++) {
        const parts = Array.from({ length: quarters }, (_, q) => `c:${y}:${q}:${b}:${c}`);
        cells.set(
          `c:${y}:year:${b}:${c}`,
          parts.reduce((a, k) => a + cells.get(k)!, 0),
        );
        sums.push({ total: `c:${y}:year:${b}:${c}`, parts });
      }
      sums.push({ total: `t:${y}:year`, parts: Array.from({ length: size }, (_, c) => `c:${y}:year:${b}:${c}`) });
    });
    const quarterTotals = Array.from({ length: quarters }, (_, q) => `t:${y}:${q}`);
    cells.set(
      `t:${y}:year`,
      quarterTotals.reduce((a, k) => a + cells.get(k)!, 0),
    );
    sums.push({ total: `t:${y}:year`, parts: quarterTotals });
  }
  return { cells, sums };
}

function splitRandomly(total: number, size: number, random: () => number): number[] {
  const parts = Array.from({ length: size }, () => 0);
  for (let i = 0; i < total; i++) parts[Math.floor(random() ** 2 * size)]! += 1;
  return parts;
}

test('property: in 400 random publications no shown cell is 1 to 4 and no hidden cell can be worked out', () => {
  const random = seeded(20190614);
  let hiddenCells = 0;
  for (let run = 0; run < 400; run++) {
    const pub = randomPublication(random);
    const hidden = suppress(pub);
    hiddenCells += hidden.size;
    for (const [key, value] of pub.cells)
      assert.ok(hidden.has(key) || !isSmall(value), `run ${run}: ${key} = ${value} is shown`);
    assert.deepEqual(workedOut(equationsOf(pub.sums), hidden), [], `run ${run}: a hidden cell can be worked out`);
  }
  assert.ok(hiddenCells > 1000, 'the random tables hide plenty of cells, so the property was tested');
});

/* ---- Random registers and published tables, through the statistics page and its downloads ---- */

const pickFrom = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)]!;

/** The register's counts as registerCounts' queries would return them, for a random register. */
function randomRegisterCounts(random: () => number): { counts: RegisterCounts; size: number } {
  const size = 5 + Math.floor(random() * 120);
  const sectors = ['education', 'police', 'health', 'community', 'other'].slice(0, 2 + Math.floor(random() * 4));
  const areas = ['Leicester City', 'Leicestershire', 'Rutland'].slice(0, 1 + Math.floor(random() * 3));
  const counts: RegisterCounts = { quarters: [], sector: [], concern: [], area: [], outcome: [] };
  const add = (
    list: Counted[],
    period: string | number,
    category: string | null,
    r: { discussed: boolean; adopted: boolean },
  ) => {
    let row = list.find((c) => c.period === period && c.category === category);
    if (!row) list.push((row = { period, category, n: 0, discussed: 0, adopted: 0 }));
    row.n += 1;
    row.discussed += r.discussed ? 1 : 0;
    row.adopted += r.adopted ? 1 : 0;
  };
  for (let i = 0; i < size; i++) {
    const year = 2019 + Math.floor(random() * 3);
    const month = Math.floor(random() * 12);
    const quarterStart =
      month < 9 ? `${year}-${String(4 + Math.floor(month / 3) * 3).padStart(2, '0')}-01` : `${year + 1}-01-01`;
    const outcome = pickFrom(random, ['adopted', 'signposted', 'no_further_action', null]);
    const r = { discussed: outcome === 'adopted' || random() < 0.3, adopted: outcome === 'adopted' };
    add(counts.quarters!, quarterStart, null, r);
    add(counts.sector!, year, pickFrom(random, sectors), r);
    add(counts.concern!, year, pickFrom(random, ['islamist', 'extreme_right_wing', 'conflicted']), r);
    add(counts.area!, year, pickFrom(random, areas), r);
    add(counts.outcome!, year, outcome ?? 'open', r);
  }
  return { counts, size };
}

/** Published figures that add up: a national series with sectors, a city and a county with quarters. */
function randomPublished(random: () => number): Figure[] {
  const figures: Figure[] = [];
  const figure = (
    period: Period,
    geographyKind: string,
    geography: string,
    value: number,
    breakdown?: string,
    category?: string,
  ) =>
    figures.push({
      source: 'published',
      periodKind: period.kind,
      periodLabel: period.label,
      periodStart: period.start,
      geographyKind,
      geography,
      measure: 'referred',
      breakdown: breakdown ?? null,
      category: category ?? null,
      value,
      notComparable: false,
      revised: false,
    });
  const small = () => (random() < 0.4 ? Math.floor(random() * 5) : 5 + Math.floor(random() * 40));
  for (let year = 2019; year <= 2021; year++) {
    if (random() < 0.2) continue; // a missing year
    const sectors = ['education', 'police', 'health'].map((c) => [c, small()] as const);
    figure(
      financialYear(year),
      'national',
      'England and Wales',
      sectors.reduce((a, [, v]) => a + v, 0),
    );
    for (const [c, v] of sectors) figure(financialYear(year), 'national', 'England and Wales', v, 'sector', c);
    for (const place of ['Leicester City', 'Leicestershire']) {
      const quarters = [1, 2, 3, 4].map(small);
      figure(
        financialYear(year),
        'city_county',
        place,
        quarters.reduce((a, v) => a + v, 0),
      );
      quarters.forEach((v, q) => figure(financialQuarter(year, (q + 1) as 1 | 2 | 3 | 4), 'city_county', place, v));
    }
  }
  return figures;
}

const downloadRow = (r: ExportRow): DownloadRow => ({
  Source: r.source,
  'Geography type': r.geographyType,
  Geography: r.geography,
  Period: r.period,
  Measure: r.measure,
  Breakdown: r.breakdown,
  Category: r.category,
  Value: r.value,
});

test('property: 300 random registers and published tables: no 1 to 4 shown or downloaded, nothing worked out across views', () => {
  const random = seeded(4112017);
  let hidden = 0;
  for (let run = 0; run < 300; run++) {
    const { counts, size } = randomRegisterCounts(random);
    const data = statisticsFrom({
      published: randomPublished(random),
      counts,
      partnership: 'LLR',
      registerCount: size,
      version: `${run}`,
    });
    hidden += data.hidden.size;
    const downloads: DownloadRow[] = [];
    for (const geography of [undefined, ...data.geographies])
      for (const kind of ['year', 'quarter'] as const) {
        const choice = { geography, kind, showRegister: false };
        const view = statisticsView(data, choice);
        for (const section of [...view.published, ...view.register])
          for (const row of section.rows)
            for (const cell of row.cells)
              assert.doesNotMatch(cell, /^[1-4]( \(|$)/, `run ${run}: ${section.title}, ${row.label} shows ${cell}`);
        for (const sentence of view.sentences) assert.doesNotMatch(sentence, / [1-4] /, `run ${run}: ${sentence}`);
        downloads.push(...exportRows(data, choice).map(downloadRow));
      }
    for (const r of downloads) assert.doesNotMatch(r.Value, /^[1-4]$/, `run ${run}: ${JSON.stringify(r)}`);
    assert.deepEqual(
      workedOutFromDownload(downloads),
      [],
      `run ${run}: a hidden figure can be worked out from the downloads`,
    );
  }
  assert.ok(hidden > 1000, 'the random registers hide plenty of figures');
});
