import { columnLetter, type Sheet, type SheetRow } from './spreadsheet.parse.ts';

/*
 * The parts of a spreadsheet import every importer shares: guessing which column fills which of
 * the Hub's fields from the header row, reading a row's cells through the chosen mapping with its
 * problems numbered by row, and the words of the mapping page and the preview's summary.
 */

/** Header names a field is known by, best first, and words in a header that give it away. */
export interface ColumnGuess {
  names: string[];
  words: string[];
}

/** A mapping: the Hub's field → the (1-based) number of the file's column that fills it. */
export type ColumnMapping<F extends string> = Partial<Record<F, number>>;

/** "Target date (dd/mm/yyyy)" → "target date". */
export const headerWords = (header: string) =>
  header
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Each field gets the column whose header best names it: exact names first (in the order given),
 * then headers containing a telling word. A column fills one field at most.
 */
export function guessColumns<F extends string>(
  headers: string[],
  fields: readonly F[],
  guesses: Record<F, ColumnGuess>,
): ColumnMapping<F> {
  const names = headers.map(headerWords);
  const candidates: { field: F; column: number; rank: number }[] = [];
  for (const field of fields) {
    const { names: known, words } = guesses[field];
    names.forEach((name, column) => {
      const exact = known.indexOf(name);
      if (exact >= 0) candidates.push({ field, column, rank: exact });
      const word = words.findIndex((w) => name.split(' ').includes(w));
      if (word >= 0) candidates.push({ field, column, rank: 100 + word });
    });
  }
  candidates.sort((a, b) => a.rank - b.rank);
  const mapping: ColumnMapping<F> = {};
  const used = new Set<number>();
  for (const { field, column } of candidates) {
    if (mapping[field] !== undefined || used.has(column)) continue;
    mapping[field] = column + 1;
    used.add(column);
  }
  return mapping;
}

// Stored mappings are field → column number, kept as text in a jsonb column.
export const storedMapping = <F extends string>(mapping: ColumnMapping<F>): Record<string, string> =>
  Object.fromEntries(Object.entries(mapping).map(([field, column]) => [field, String(column)]));

export const readMapping = <F extends string>(
  stored: Record<string, unknown> | null | undefined,
  fields: readonly F[],
): ColumnMapping<F> =>
  Object.fromEntries(
    Object.entries(stored ?? {})
      .filter(([field, column]) => (fields as readonly string[]).includes(field) && Number(column) > 0)
      .map(([field, column]) => [field, Number(column)]),
  ) as ColumnMapping<F>;

/** The columns chosen on a mapping form, as numbers (what was sent, even when it is wrong). */
export function mappingFromForm<F extends string>(body: unknown, fields: readonly F[]): ColumnMapping<F> {
  const record = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    fields
      .filter((name) => record[name] !== undefined && record[name] !== '')
      .map((name) => [name, Number(record[name])]),
  ) as ColumnMapping<F>;
}

/*
 * A cell can hold up to MAX_CELL_LENGTH characters and a file thousands of rows: messages and the
 * preview quote a cell only as far as a reader needs, never megabytes of it.
 */
export const shortened = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;
export const quoted = (text: string) => `'${shortened(text, 60)}'`;

/** Names compare without regard to case or doubled spaces, as people type them. */
export const nameKey = (name: string) => name.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * A turn of the event loop for pages and live events, between steps of a long import. (A query's
 * promise may settle without one: awaiting it alone can keep the loop for a whole transaction.)
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** One row's cells through the mapping, and the problems found in them, each in a sentence. */
export function rowReader<F extends string>(sheetRow: SheetRow, mapping: ColumnMapping<F>) {
  const errors: string[] = [];
  return {
    errors,
    fail: (message: string) => void errors.push(`Row ${sheetRow.number}: ${message}`),
    /** The cell's text; undefined when no column is mapped to the field. */
    cell: (field: F) => {
      const column = mapping[field];
      return column === undefined ? undefined : (sheetRow.cells[column - 1] ?? '').trim();
    },
  };
}

/** A column that is not the file's: the mapping form's message for it. */
export function columnOutside<F extends string>(
  mapping: ColumnMapping<F>,
  fields: readonly F[],
  sheet: Sheet,
): F | undefined {
  return fields.find((field) => {
    const column = mapping[field];
    return column !== undefined && (column < 1 || column > sheet.headers.length);
  });
}

// The mapping page.

/** The file's columns with what they hold in their first few rows, to choose by. */
export function columnsOfFile(sheet: Sheet) {
  const headers = sheet.headers.map((header) => shortened(header, 60));
  return headers.map((header, i) => ({
    number: i + 1,
    letter: columnLetter(i),
    header,
    examples: sheet.rows.slice(0, 3).flatMap((row) => (row.cells[i] ? [shortened(row.cells[i], 80)] : [])),
  }));
}

/** The options of one field's select: its columns, the chosen one selected. */
export function columnOptions(sheet: Sheet, chosen: number | undefined, blank: string) {
  return [
    { value: '', text: blank },
    ...sheet.headers.map((header, i) => ({
      value: i + 1,
      text: `${columnLetter(i)}: ${shortened(header, 60)}`,
      selected: i + 1 === Number(chosen),
    })),
  ];
}
