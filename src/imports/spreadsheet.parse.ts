import { parse } from 'csv-parse/sync';
import type { CellValue } from 'exceljs';
import { unpackEntry, zipEntries } from './spreadsheet.zip.ts';

/*
 * Reading an uploaded spreadsheet (an action plan, a table of published figures): a CSV or an
 * Excel workbook (its first sheet) becomes a header row and rows of plain strings, so an import
 * never depends on how the cells were typed. Dates Excel holds as dates become ISO days;
 * everything else is the text the user sees.
 *
 * This runs in a worker thread (spreadsheet.thread.ts): parsing a workbook is a few seconds of
 * uninterrupted work that would otherwise stop every page and live event of the Hub. It imports
 * nothing of the Hub but the zip reader, so the worker starts quickly.
 */

/**
 * What one importer accepts and how its messages name things: each importer has its own row cap
 * (an action plan has a few thousand rows, a table of published figures up to 50,000).
 */
export interface SpreadsheetRules {
  maxRows: number;
  /** What each row holds, one and many: "action", "actions". */
  row: string;
  rows: string;
  /** What the whole file is, with its article: "an action plan". */
  file: string;
}

export const MAX_COLUMNS = 100;
/** Excel's own limit is 32,767; an action plan's longest field, the description, takes 4,000. */
export const MAX_CELL_LENGTH = 10_000;
/** All the cells' text together: some five times a 5,000-row plan with long descriptions. */
const MAX_CHARACTERS = 20_000_000;
/** Rows a workbook's sheets may hold in all before it is read: blank and formatted rows count too. */
const rowsScannedFor = (rules: SpreadsheetRules) => 10 * rules.maxRows;

export interface SheetRow {
  /** The row's number as the spreadsheet shows it (the header is usually row 1). */
  number: number;
  cells: string[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

/** A file refused in words the user can act on; the worker passes the message back. */
export class Refusal extends Error {}

const grouped = (n: number) => n.toLocaleString('en-GB');
export const NOT_A_SPREADSHEET = 'The selected file must be a CSV or Excel spreadsheet (.csv or .xlsx)';
const UNREADABLE_CSV =
  'The selected file could not be read as a CSV: save it from your spreadsheet as “CSV UTF-8 (comma delimited)” and try again';
const DAMAGED =
  'The selected file is damaged: its contents are not what it says they are. Save it again from your spreadsheet and try again';

/** The refusals that name what the importer reads. */
function messagesFor(rules: SpreadsheetRules) {
  const { maxRows, row, rows, file } = rules;
  return {
    empty: `The selected file is empty: it needs a header row and a row for each ${row}`,
    noRows: `The selected file has a header row but no ${rows} under it`,
    tooManyRows: `The selected file has more than ${grouped(maxRows)} rows: split it into smaller files and import each one`,
    tooManyRowsScanned: `The selected file has more than ${grouped(rowsScannedFor(rules))} rows in its sheets: keep only the sheet of ${rows}, of ${grouped(maxRows)} rows or fewer, and try again`,
    tooManyColumns: `The selected file has more than ${MAX_COLUMNS} columns: keep only the columns of the ${rows}`,
    tooMuchText: `The selected file holds far more text than ${file}: check it is the right file, or split it into smaller files`,
    cellTooLong: (number: number, column: number) =>
      `Row ${grouped(number)}, column ${columnLetter(column)} of the selected file has more than ${grouped(MAX_CELL_LENGTH)} characters: the cells of ${file} are shorter. Check it is the right file, or shorten that cell`,
  };
}
type Messages = ReturnType<typeof messagesFor>;

/** A spreadsheet's column name: A, B, … Z, AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** UTF-8 when it is valid UTF-8; otherwise Windows-1252, which Excel's plain "CSV" uses. */
function decodeText(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('windows-1252').decode(content);
  }
}

/** A cell exported with a leading apostrophe to stop a spreadsheet running it as a formula. */
const unguard = (text: string) => (/^'[=+\-@]/.test(text) ? text.slice(1) : text);

const isBlank = (cells: string[]) => cells.every((cell) => cell === '');

/**
 * Every cell within the length limit, and the whole file within its total, checked as each row
 * is read. (A workbook's shared strings let one long text fill every row of a small file.)
 */
function cellChecker(messages: Messages) {
  let characters = 0;
  return (number: number, cells: string[]) => {
    const long = cells.findIndex((cell) => cell.length > MAX_CELL_LENGTH);
    if (long >= 0) throw new Refusal(messages.cellTooLong(number, long));
    characters += cells.reduce((total, cell) => total + cell.length, 0);
    if (characters > MAX_CHARACTERS) throw new Refusal(messages.tooMuchText);
  };
}

function readCsv(content: Buffer, rules: SpreadsheetRules): SheetRow[] {
  const messages = messagesFor(rules);
  const text = decodeText(content).replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Spreadsheets set to a European locale write semicolons.
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const checkCells = cellChecker(messages);
  let filled = 0;
  let number = 0;
  try {
    const records: string[][] = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // Checked record by record, so a file of half a million rows stops at the first one too many.
      on_record: (cells: string[]) => {
        number += 1;
        if (cells.length > MAX_COLUMNS) throw new Refusal(messages.tooManyColumns);
        checkCells(number, cells);
        if (!isBlank(cells.map((cell) => cell.trim())) && ++filled > rules.maxRows + 1)
          throw new Refusal(messages.tooManyRows);
        return cells;
      },
    });
    return records.map((cells, i) => ({ number: i + 1, cells: cells.map((cell) => unguard(cell.trim())) }));
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal(UNREADABLE_CSV);
  }
}

type ExcelValue = CellValue | undefined;

/** What the cell shows, as text: formulas by their result, dates as ISO days. */
function excelText(value: ExcelValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ('richText' in value)
    return value.richText
      .map((run) => run.text)
      .join('')
      .trim();
  if ('result' in value) return excelText(value.result);
  if ('text' in value) return excelText(value.text);
  if ('error' in value) return '';
  return '';
}

/** How many rows a worksheet's XML holds (<row …> elements), counted without decoding it. */
function rowsIn(xml: Buffer): number {
  let rows = 0;
  for (let at = xml.indexOf('<row'); at >= 0; at = xml.indexOf('<row', at + 4)) {
    const next = xml[at + 4];
    // Not <rowBreaks>.
    if (next === 0x20 || next === 0x3e || next === 0x2f) rows += 1;
  }
  return rows;
}

/**
 * Before ExcelJS sees the workbook: every part unpacks to no more than the directory declared
 * (which the Hub checked before starting this), and the sheets do not hold so many rows that
 * reading them would take the worker's whole time budget.
 */
function checkWorkbookParts(content: Buffer, rules: SpreadsheetRules) {
  const entries = zipEntries(content);
  if (!entries) throw new Refusal(NOT_A_SPREADSHEET);
  let rows = 0;
  for (const entry of entries) {
    let unpacked: Buffer;
    try {
      unpacked = unpackEntry(content, entry);
    } catch {
      throw new Refusal(DAMAGED);
    }
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) rows += rowsIn(unpacked);
  }
  if (rows > rowsScannedFor(rules)) throw new Refusal(messagesFor(rules).tooManyRowsScanned);
}

/**
 * The first worksheet, read in memory. (ExcelJS's streaming reader parks worksheets in temporary
 * files when the shared strings come after them, as they do in files ExcelJS and others write:
 * plan data would touch the disk, and the reader proved unreliable under load.) What a workbook
 * can unpack to is checked before this runs; the worker's memory and time limits do the rest.
 */
async function readXlsx(content: Buffer, rules: SpreadsheetRules): Promise<SheetRow[]> {
  checkWorkbookParts(content, rules);
  const messages = messagesFor(rules);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new Refusal(NOT_A_SPREADSHEET);
  }
  // Another kind of zip (a Word document renamed .xlsx) has no worksheet.
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Refusal(NOT_A_SPREADSHEET);
  // The header plus one row too many is enough to know.
  if (sheet.actualRowCount > rules.maxRows + 1) throw new Refusal(messages.tooManyRows);
  const checkCells = cellChecker(messages);
  const rows: SheetRow[] = [];
  sheet.eachRow((row) => {
    const values = (row.values as ExcelValue[]).slice(1);
    if (values.length > MAX_COLUMNS) throw new Refusal(messages.tooManyColumns);
    const cells = Array.from(values, excelText);
    checkCells(row.number, cells);
    rows.push({ number: row.number, cells });
  });
  return rows;
}

/** Blank rows are dropped; the first row with anything in it is the header. */
function toSheet(rows: SheetRow[], rules: SpreadsheetRules): Sheet {
  const messages = messagesFor(rules);
  const filled = rows.filter((row) => !isBlank(row.cells));
  const [header, ...data] = filled;
  if (!header) throw new Refusal(messages.empty);
  if (data.length === 0) throw new Refusal(messages.noRows);
  if (data.length > rules.maxRows) throw new Refusal(messages.tooManyRows);
  // Not Math.max(...): a spread of 50,000 arguments can overflow the stack.
  const width = filled.reduce((widest, row) => Math.max(widest, row.cells.length), 0);
  if (width > MAX_COLUMNS) throw new Refusal(messages.tooManyColumns);
  const pad = (cells: string[]) => Array.from({ length: width }, (_, i) => cells[i] ?? '');
  return {
    headers: pad(header.cells).map((name, i) => name || `Column ${columnLetter(i)}`),
    rows: data.map((row) => ({ number: row.number, cells: pad(row.cells) })),
  };
}

/** A CSV or XLSX file's first sheet; throws a Refusal saying why it cannot be imported. */
export async function parseSpreadsheet(kind: 'csv' | 'xlsx', content: Buffer, rules: SpreadsheetRules): Promise<Sheet> {
  if (content.length === 0) throw new Refusal(messagesFor(rules).empty);
  return toSheet(kind === 'xlsx' ? await readXlsx(content, rules) : readCsv(content, rules), rules);
}
