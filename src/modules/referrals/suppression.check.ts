/*
 * The tests' own judge of a suppressed table, written apart from suppression.ts so that a mistake
 * there is not repeated here: exact fractions (BigInt) and the null space of the published sums
 * rather than modular elimination. A hidden cell can be worked out exactly when every set of
 * values that fits what is shown gives it the same value: when no null-space vector moves it.
 */

export interface Equation {
  /** Cell keys with their coefficients (+1 for a total, -1 for its parts). */
  terms: [string, number][];
}

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y) [x, y] = [y, x % y];
  return x;
};

function normalise(row: bigint[]): bigint[] {
  const g = row.reduce((acc, v) => gcd(acc, v), 0n);
  return g > 1n ? row.map((v) => v / g) : row;
}

/** Reduced row echelon form (integer rows scaled so the pivot divides nothing): pivot column per row. */
function echelon(rows: bigint[][], width: number): { rows: bigint[][]; pivots: number[] } {
  const done: bigint[][] = [];
  const pivots: number[] = [];
  let remaining = rows.map((r) => [...r]);
  for (let col = 0; col < width && remaining.length; col++) {
    const at = remaining.findIndex((r) => r[col] !== 0n);
    if (at < 0) continue;
    const pivot = remaining[at]!;
    remaining = remaining.filter((_, i) => i !== at);
    const clear = (r: bigint[]) =>
      r[col] === 0n ? r : normalise(r.map((v, j) => v * pivot[col]! - pivot[j]! * r[col]!));
    remaining = remaining.map(clear).filter((r) => r.some((v) => v !== 0n));
    for (let i = 0; i < done.length; i++) done[i] = clear(done[i]!);
    done.push(pivot);
    pivots.push(col);
  }
  return { rows: done, pivots };
}

/** Hidden cells whose value the shown cells and the equations give away (shown cells are known). */
export function workedOut(equations: Equation[], hidden: ReadonlySet<string>): string[] {
  const unknowns = [...new Set(equations.flatMap((e) => e.terms.map(([k]) => k)))].filter((k) => hidden.has(k));
  const index = new Map(unknowns.map((k, i) => [k, i]));
  const rows = equations
    .map((e) => {
      const row = unknowns.map(() => 0n);
      for (const [k, c] of e.terms) if (index.has(k)) row[index.get(k)!]! += BigInt(c);
      return row;
    })
    .filter((r) => r.some((v) => v !== 0n));
  const { rows: reduced, pivots } = echelon(rows, unknowns.length);
  const free = unknowns.map((_, i) => i).filter((i) => !pivots.includes(i));
  // A pivot cell moves with a free cell exactly when its row has a non-zero in that free column.
  return reduced.flatMap((row, i) => (free.every((f) => row[f] === 0n) ? [unknowns[pivots[i]!]!] : []));
}

/** A row of the statistics download, by its column headings. */
export type DownloadRow = Record<
  'Source' | 'Geography type' | 'Geography' | 'Period' | 'Measure' | 'Breakdown' | 'Category' | 'Value',
  string
>;

const placeOf = (r: DownloadRow) => [r.Source, r['Geography type'], r.Geography].join('|');
const cellOf = (r: DownloadRow) => [placeOf(r), r.Period, r.Measure, r.Breakdown, r.Category].join('|');
const YEAR = /^\d{4}\/\d{2}$/;

/** Rows grouped by a key. */
function grouped(rows: DownloadRow[], keyOf: (r: DownloadRow) => string): Map<string, DownloadRow[]> {
  const groups = new Map<string, DownloadRow[]>();
  for (const r of rows) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return groups;
}

/**
 * The sums a reader of the download knows without being told, in the download's own words: each
 * breakdown adds up to its "All" row; a year is its four quarters; the partnership's total is its
 * cities and counties; the register's adopted cases are its outcome "Adopted as a Channel case".
 */
export function downloadEquations(rows: DownloadRow[]): Equation[] {
  const equations: Equation[] = [];
  const keys = new Set(rows.map(cellOf));
  const sum = (total: string, parts: string[]) =>
    keys.has(total) && parts.every((p) => keys.has(p))
      ? equations.push({ terms: [[total, 1], ...parts.map((p): [string, number] => [p, -1])] })
      : 0;
  for (const [, group] of grouped(
    rows.filter((r) => r.Breakdown),
    (r) => [placeOf(r), r.Period, r.Measure, r.Breakdown].join('|'),
  )) {
    const r = group[0]!;
    sum([placeOf(r), r.Period, r.Measure, '', 'All'].join('|'), group.map(cellOf));
  }
  for (const r of rows.filter((row) => YEAR.test(row.Period)))
    sum(
      cellOf(r),
      [1, 2, 3, 4].map((q) => [placeOf(r), `${r.Period} Q${q}`, r.Measure, r.Breakdown, r.Category].join('|')),
    );
  const cities = rows.filter(
    (r) => r['Geography type'] === 'City or county' && !r.Breakdown && r.Measure === 'Referred',
  );
  for (const total of rows.filter((r) => r['Geography type'].startsWith('Partnership (its cities')))
    sum(cellOf(total), cities.filter((c) => c.Period === total.Period).map(cellOf));
  for (const adopted of rows.filter(
    (r) => r.Source.startsWith('Register') && r.Measure === 'Adopted as a Channel case' && YEAR.test(r.Period),
  ))
    sum(cellOf(adopted), [
      [placeOf(adopted), adopted.Period, 'Referred', 'Outcome', 'Adopted as a Channel case'].join('|'),
    ]);
  return equations;
}

/** Hidden ([c]) cells of a download, or of several downloads read together, that can be worked out. */
export function workedOutFromDownload(rows: DownloadRow[]): string[] {
  const unique = [...new Map(rows.map((r) => [cellOf(r), r])).values()];
  const hidden = new Set(unique.filter((r) => r.Value === '[c]').map(cellOf));
  return workedOut(downloadEquations(unique), hidden);
}
