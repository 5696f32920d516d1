/*
 * Small-number suppression for referral tables shown outside the register's need-to-know and in
 * every download. A count of 1 to 4 could point at a person ("the 2 referrals from Rutland's
 * schools this quarter"), so it is shown as [c]. Hiding it is not enough when a total is shown
 * beside it: 17 = 6 + [c] + 8 gives it back. So the tables of a page are one publication, its
 * cells and the sums that tie them together (a row to its total, a year to its quarters, a
 * partnership to its city and county); more cells are hidden until no hidden cell can be worked
 * out by adding and subtracting what is shown. Pure functions, no I/O.
 */

/** What the page and every download print where a number is hidden. */
export const SUPPRESSED = '[c]';

/** The rule in one sentence, printed on the page and in the downloads. */
export const SUPPRESSION_RULE =
  'Numbers from 1 to 4 are shown as [c] so that no one can be picked out, and so are some larger numbers beside them, so that a hidden number cannot be worked out from a total or from another table on this page or in its downloads; 0 is shown, because it counts no one.';

/** Counts the rule hides. Zero is shown: it counts no person, so it cannot point at one. */
export const isSmall = (value: number): boolean => value >= 1 && value <= 4;

/** A sum the publication shows or implies: `total` is the sum of `parts` (cell keys). */
export interface Sum {
  total: string;
  parts: string[];
}

/** Every cell of a page's tables (by a key unique on the page) and the sums between them. */
export interface Publication {
  cells: Map<string, number>;
  sums: Sum[];
}

// Modular arithmetic keeps elimination exact and fast: products stay below 2^53.
const PRIME = 67_108_859;
const mod = (n: number) => ((n % PRIME) + PRIME) % PRIME;
function inverse(a: number): number {
  let [r0, r1, s0, s1] = [PRIME, mod(a), 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0);
}

/** A sum as an equation in the hidden cells: +1 for a hidden total, -1 for each hidden part. */
function equationOf(sum: Sum, column: Map<string, number>): Map<number, number> {
  const row = new Map<number, number>();
  const add = (key: string, coefficient: number) => {
    const c = column.get(key);
    if (c !== undefined) row.set(c, mod((row.get(c) ?? 0) + coefficient));
  };
  add(sum.total, 1);
  for (const part of sum.parts) add(part, -1);
  for (const [c, v] of row) if (v === 0) row.delete(c);
  return row;
}

/**
 * Hidden cells whose value the shown ones pin down: a hidden cell is recoverable when some
 * combination of the sums leaves it alone on one side. Reduced row echelon form over the hidden
 * cells (sparse rows): a cell is pinned exactly when a reduced row has it as its only entry.
 */
export function recoverable(publication: Publication, hidden: ReadonlySet<string>): string[] {
  const keys = [...hidden].filter((k) => publication.cells.has(k));
  const column = new Map(keys.map((k, i) => [k, i]));
  const pivots = new Map<number, Map<number, number>>();
  for (const sum of publication.sums) {
    const row = equationOf(sum, column);
    for (const [pc, prow] of pivots) eliminate(row, pc, prow);
    if (row.size === 0) continue;
    const pc = Math.min(...row.keys());
    scale(row, inverse(row.get(pc)!));
    for (const other of pivots.values()) eliminate(other, pc, row);
    pivots.set(pc, row);
  }
  return [...pivots].filter(([, row]) => row.size === 1).map(([pc]) => keys[pc]!);
}

/** row -= row[pc] * pivotRow, where pivotRow has 1 at pc. */
function eliminate(row: Map<number, number>, pc: number, pivotRow: Map<number, number>): void {
  const factor = row.get(pc);
  if (factor === undefined) return;
  for (const [c, v] of pivotRow) {
    const next = mod((row.get(c) ?? 0) - factor * v);
    if (next === 0) row.delete(c);
    else row.set(c, next);
  }
}

function scale(row: Map<number, number>, by: number): void {
  for (const [c, v] of row) row.set(c, mod(v * by));
}

/**
 * The cell to hide beside a lone hidden one in a sum: the smallest non-zero shown part (a zero
 * hides nothing: the sum would still give the other back), else a shown part, else the total.
 */
function complement(sum: Sum, publication: Publication, hidden: ReadonlySet<string>): string | undefined {
  const shown = sum.parts.filter((p) => !hidden.has(p) && publication.cells.has(p));
  const value = (k: string) => publication.cells.get(k)!;
  const byValue = [...shown].sort((a, b) => value(a) - value(b));
  const pick = byValue.find((k) => value(k) > 0) ?? byValue[0];
  if (pick !== undefined) return pick;
  return hidden.has(sum.total) || !publication.cells.has(sum.total) ? undefined : sum.total;
}

/** Hides, in every sum with exactly one hidden cell, one more; until no sum has a lone hidden cell. */
function hideLoneCells(publication: Publication, hidden: Set<string>): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const sum of publication.sums) {
      const cells = [sum.total, ...sum.parts].filter((k) => publication.cells.has(k));
      if (cells.filter((k) => hidden.has(k)).length !== 1) continue;
      const extra = complement(sum, publication, hidden);
      if (extra !== undefined) {
        hidden.add(extra);
        changed = true;
      }
    }
  }
}

/** One more cell to hide for a recoverable one: a shown cell of a sum it is in, else any shown cell. */
function widen(publication: Publication, hidden: Set<string>, cell: string): void {
  for (const sum of publication.sums) {
    if (sum.total !== cell && !sum.parts.includes(cell)) continue;
    const extra = complement(sum, publication, hidden);
    if (extra !== undefined) return void hidden.add(extra);
  }
  const anyShown = [...publication.cells.keys()].find((k) => !hidden.has(k));
  if (anyShown !== undefined) hidden.add(anyShown);
}

/**
 * The cells to show as [c]: every count of 1 to 4, then (secondary suppression) more cells until
 * no hidden one can be worked out from what is shown. Lone hidden cells in a sum are covered
 * first, as that is cheap and almost always enough; the exact check then catches combinations
 * (three sums over three hidden cells can pin all three), hiding one more cell at a time.
 */
export function suppress(publication: Publication): Set<string> {
  const hidden = new Set([...publication.cells].filter(([, v]) => isSmall(v)).map(([k]) => k));
  if (hidden.size === 0) return hidden;
  for (;;) {
    hideLoneCells(publication, hidden);
    const pinned = recoverable(publication, hidden);
    const before = hidden.size;
    if (pinned.length > 0) widen(publication, hidden, pinned[0]!);
    if (hidden.size === before) return hidden;
  }
}

/** A count as the page prints it: the number, or [c] when it is hidden. */
export function shownCount(value: number, key: string, hidden: ReadonlySet<string>): string {
  return hidden.has(key) ? SUPPRESSED : value.toLocaleString('en-GB');
}
