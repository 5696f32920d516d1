import { nextTurn, quoted, rowReader, type ColumnMapping } from '../../imports/columns.ts';
import { columnLetter, type Sheet, type SheetRow } from '../../imports/spreadsheet.ts';
import {
  breakdownLabel,
  isBreakdown,
  isGeographyKind,
  isMeasure,
  parsePeriod,
  type Breakdown,
  type GeographyKind,
  type Measure,
  type Period,
} from './categories.ts';
import type { FigureField, FileShape } from './figures.forms.ts';
import {
  isTotalName,
  LEFT_OUT,
  nameKeyOf,
  readBreakdown,
  readGeographyKind,
  readMeasure,
  TOTAL,
} from './figures.names.ts';

/*
 * Reading a published table's rows into figures, through the mapping the coordinator chose. A long
 * file gives one figure a row; a wide file one figure per category column of each row. Nothing here
 * touches the database: category names are resolved through the names the caller passes in.
 */

/** What the mapping page settles for a file: its shape, its columns, and what holds for the whole file. */
export interface FigureFileSettings {
  shape: FileShape;
  mapping: ColumnMapping<FigureField>;
  /** Wide files: the (1-based) columns that hold a category each. */
  categoryColumns: number[];
  fixed: { geographyKind?: GeographyKind; geography?: string; measure?: Measure; breakdown?: Breakdown };
}

/** A figure as read from the file, before it is compared with the figures the Hub holds. */
export interface ReadFigure {
  row: number;
  period: Period;
  geographyKind: GeographyKind;
  geography: string;
  measure: Measure;
  breakdown: Breakdown | null;
  category: string | null;
  /** The category as the file names it, for the preview. */
  categoryName: string | null;
  /** Null: the table publishes no figure here ([c], -, blank): not zero, and not saved. */
  value: number | null;
}

/** A category name met in the file, for the preview's list of names. */
export interface NameInFile {
  breakdown: Breakdown;
  name: string;
}

/** Resolves a source name to a Hub category (or TOTAL, LEFT_OUT); undefined when nobody has said. */
export type CategoryResolver = (breakdown: Breakdown, name: string) => string | undefined;

export interface ReadOutcome {
  figures: ReadFigure[];
  errors: string[];
  names: NameInFile[];
}

// Numbers as published tables write them.

/** Marks a statistical table uses for a cell with no figure: suppressed, not applicable, not available. */
const NO_FIGURE = /^(?:|\[[a-z]\]|[a-z]|-|–|—|\.\.|:|\*|~|n\/a|na|not available|suppressed)$/i;
/** A footnote or revision mark after a number: "1,234 [r]", "1,234 (p)", "1,234*". */
const FOOTNOTE = /\s*(?:\[[^\]]*\]|\([a-z]\)|\*+)$/i;

/** A count of people: "1,234" or "1 234" is 1234; suppressed or missing is null; anything else an error. */
export function readCount(text: string): { value: number | null } | { problem: string } {
  const cell = text.trim();
  if (NO_FIGURE.test(cell)) return { value: null };
  const digits = cell.replace(FOOTNOTE, '').replace(/(?<=\d)[,\s](?=\d{3}\b)/g, '');
  if (/^\d+$/.test(digits) && digits.length <= 9) return { value: Number(digits) };
  if (/%$/.test(cell)) return { problem: `${quoted(cell)} is a percentage, not a number of people` };
  if (/^-\d/.test(digits)) return { problem: `${quoted(cell)} is below zero` };
  if (/^\d+\.\d+$/.test(digits)) return { problem: `${quoted(cell)} is not a whole number` };
  return { problem: `${quoted(cell)} is not a number` };
}

// One row's place: period, area and measure, from a column or the file's fixed values.

type Fail = (message: string) => void;

/** Periods as the file writes them, read once each: a file repeats a few dozen over its rows. */
const periodsSeen = new Map<string, Period | null>();
function periodOf(text: string): Period | null {
  if (periodsSeen.size > 10_000) periodsSeen.clear();
  if (!periodsSeen.has(text)) periodsSeen.set(text, parsePeriod(text));
  return periodsSeen.get(text)!;
}
type Place = Pick<ReadFigure, 'period' | 'geographyKind' | 'geography' | 'measure'>;

/** The row's period, area and measure; undefined when any of them is wrong (and said so). */
function readPlace(
  cell: (field: FigureField) => string | undefined,
  settings: FigureFileSettings,
  fail: Fail,
): Place | undefined {
  const periodText = cell('period') ?? '';
  const period = periodOf(periodText);
  if (!periodText) fail('the period is empty');
  else if (!period)
    fail(`period ${quoted(periodText)} is not a financial year like 2017/18 or a quarter like 2017/18 Q1`);
  const geographyKind = fromColumnOrFixed(
    cell('geographyKind'),
    settings.fixed.geographyKind,
    readGeographyKind,
    'kind of area',
    fail,
  );
  const geography = (cell('geography') || settings.fixed.geography || '').replace(/\s+/g, ' ');
  if (!geography) fail('the area is empty');
  else if (geography.length > 120) fail('the area is longer than 120 characters');
  const measure = fromColumnOrFixed(cell('measure'), settings.fixed.measure, readMeasure, 'measure', fail);
  return period && geographyKind && geography && geography.length <= 120 && measure
    ? { period, geographyKind, geography, measure }
    : undefined;
}

function fromColumnOrFixed<T>(
  text: string | undefined,
  fixed: T | undefined,
  read: (text: string) => T | undefined,
  words: string,
  fail: Fail,
): T | undefined {
  if (text === undefined || text === '') {
    if (fixed === undefined) fail(`the ${words} is empty`);
    return fixed;
  }
  const found = read(text);
  if (!found) fail(`${words} ${quoted(text)} is not one the Hub knows`);
  return found;
}

/** The category a name stands for; an error names the breakdown so the coordinator can map it. */
function categoryOf(breakdown: Breakdown, name: string, resolve: CategoryResolver, fail: Fail): string | undefined {
  const category = resolve(breakdown, name);
  if (category === undefined)
    fail(
      `${quoted(name)} is not a ${breakdownLabel(breakdown).toLowerCase()} category the Hub knows: choose its Hub category under “Category names”`,
    );
  return category;
}

// Long files.

function readLongRow(sheetRow: SheetRow, settings: FigureFileSettings, resolve: CategoryResolver, out: ReadOutcome) {
  const { cell, fail, errors } = rowReader(sheetRow, settings.mapping);
  const place = readPlace(cell, settings, fail);
  const breakdownText = cell('breakdown');
  const breakdown = breakdownText ? (readBreakdown(breakdownText) ?? null) : (settings.fixed.breakdown ?? null);
  if (breakdownText && !breakdown) fail(`breakdown ${quoted(breakdownText)} is not one the Hub knows`);
  const categoryName = cell('category') || null;
  let category: string | undefined | null = null;
  if (categoryName && isTotalName(categoryName)) category = TOTAL;
  else if (categoryName && breakdown) {
    out.names.push({ breakdown, name: categoryName });
    category = categoryOf(breakdown, categoryName, resolve, fail);
  } else if (categoryName && !breakdownText)
    fail(`category ${quoted(categoryName)} has no breakdown: choose one for the file`);
  const count = readCount(cell('value') ?? '');
  if ('problem' in count) fail(`the number ${count.problem}`);
  out.errors.push(...errors);
  if (errors.length || !place || category === LEFT_OUT || category === undefined) return;
  const total = category === TOTAL || category === null;
  out.figures.push({
    row: sheetRow.number,
    ...place,
    breakdown: total ? null : breakdown,
    category: total ? null : category,
    categoryName,
    value: 'value' in count ? count.value : null,
  });
}

// Wide files.

function readWideRow(
  sheet: Sheet,
  sheetRow: SheetRow,
  settings: FigureFileSettings,
  resolve: CategoryResolver,
  out: ReadOutcome,
) {
  const { cell, fail, errors } = rowReader(sheetRow, settings.mapping);
  const place = readPlace(cell, settings, fail);
  const breakdown = settings.fixed.breakdown ?? null;
  const figures: ReadFigure[] = [];
  for (const column of settings.categoryColumns) {
    const name = sheet.headers[column - 1] ?? '';
    // Without a breakdown every column is a total (checkWideColumns refused any other).
    const category = breakdown ? resolve(breakdown, name) : TOTAL;
    const count = readCount(sheetRow.cells[column - 1] ?? '');
    const where = `column ${columnLetter(column - 1)} (${quoted(name)})`;
    if ('problem' in count) fail(`${where}: the number ${count.problem}`);
    if (!place || category === LEFT_OUT || category === undefined || 'problem' in count) continue;
    const total = category === TOTAL;
    figures.push({
      row: sheetRow.number,
      ...place,
      breakdown: total ? null : breakdown,
      category: total ? null : category,
      categoryName: name,
      value: count.value,
    });
  }
  out.errors.push(...errors);
  if (!errors.length) out.figures.push(...figures);
}

/** The wide file's category columns, checked once: every header must name a category or the total. */
function checkWideColumns(sheet: Sheet, settings: FigureFileSettings, resolve: CategoryResolver, out: ReadOutcome) {
  const breakdown = settings.fixed.breakdown;
  for (const column of settings.categoryColumns) {
    const name = sheet.headers[column - 1] ?? '';
    const fail = (message: string) => out.errors.push(`Column ${columnLetter(column - 1)}: ${message}`);
    if (!breakdown) {
      if (nameKeyOf(name) !== TOTAL) fail(`${quoted(name)} is a category, so the file needs a breakdown: choose one`);
      continue;
    }
    out.names.push({ breakdown, name });
    categoryOf(breakdown, name, resolve, fail);
  }
}

/** Rows read between two turns of the event loop: a thousand take about 10 ms. */
const ROWS_A_TURN = 1000;

/**
 * Every figure the file gives through the settings, with row-by-row errors. Saves nothing. A
 * 50,000-row file is read a thousand rows at a time, so pages and live events are answered between.
 */
export async function readFigures(
  sheet: Sheet,
  settings: FigureFileSettings,
  resolve: CategoryResolver,
): Promise<ReadOutcome> {
  const out: ReadOutcome = { figures: [], errors: [], names: [] };
  if (settings.shape === 'wide') checkWideColumns(sheet, settings, resolve, out);
  if (out.errors.length) return out;
  for (const [i, row] of sheet.rows.entries()) {
    if (i % ROWS_A_TURN === ROWS_A_TURN - 1) await nextTurn();
    if (settings.shape === 'wide') readWideRow(sheet, row, settings, resolve, out);
    else readLongRow(row, settings, resolve, out);
  }
  return out;
}

/** Settings as stored in the import's jsonb, read defensively: a stored value that is not the Hub's is dropped. */
export function settingsFrom(
  stored: Record<string, unknown> | null,
  fields: readonly FigureField[],
): FigureFileSettings {
  const s = (stored ?? {}) as Partial<FigureFileSettings>;
  const fixed = s.fixed ?? {};
  const mapping: ColumnMapping<FigureField> = {};
  for (const field of fields) {
    const column = Number(s.mapping?.[field]);
    if (Number.isInteger(column) && column > 0) mapping[field] = column;
  }
  return {
    shape: s.shape === 'wide' ? 'wide' : 'long',
    mapping,
    categoryColumns: (s.categoryColumns ?? []).filter((c) => Number.isInteger(c) && c > 0),
    fixed: {
      geographyKind: fixed.geographyKind && isGeographyKind(fixed.geographyKind) ? fixed.geographyKind : undefined,
      geography: typeof fixed.geography === 'string' && fixed.geography ? fixed.geography : undefined,
      measure: fixed.measure && isMeasure(fixed.measure) ? fixed.measure : undefined,
      breakdown: fixed.breakdown && isBreakdown(fixed.breakdown) ? fixed.breakdown : undefined,
    },
  };
}
