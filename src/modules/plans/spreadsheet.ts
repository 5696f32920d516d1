import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { FormError } from '../../errors.ts';

/*
 * Reading an uploaded action plan: a CSV or an Excel workbook (its first sheet) becomes a header
 * row and rows of plain strings, so the import never depends on how the cells were typed.
 * Dates Excel holds as dates become ISO days; everything else is the text the user sees.
 */

export const MAX_ROWS = 5000;
export const MAX_COLUMNS = 100;

export interface SheetRow {
  /** The row's number as the spreadsheet shows it (the header is usually row 1). */
  number: number;
  cells: string[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

export const NOT_A_SPREADSHEET = 'The selected file must be a CSV or Excel spreadsheet (.csv or .xlsx)';
const EMPTY = 'The selected file is empty: it needs a header row and a row for each action';
const NO_ROWS = 'The selected file has a header row but no actions under it';
const TOO_MANY_ROWS = `The selected file has more than ${MAX_ROWS.toLocaleString('en-GB')} rows: split it into smaller files and import each one`;
const TOO_MANY_COLUMNS = `The selected file has more than ${MAX_COLUMNS} columns: keep only the columns of the action plan`;
const UNREADABLE_CSV = 'The selected file could not be read as a CSV: save it from your spreadsheet as “CSV UTF-8 (comma delimited)” and try again';

const refuse = (message: string) => new FormError('file', message);

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

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Decided by what the file holds, not only its name: a PDF renamed .xlsx is still a PDF. */
function kindOf(filename: string, content: Buffer): 'csv' | 'xlsx' | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (extension === 'xlsx') return content.subarray(0, 4).equals(ZIP_MAGIC) ? 'xlsx' : undefined;
  if (extension === 'csv') return looksLikeText(content) ? 'csv' : undefined;
  return undefined;
}

/** Text has no control characters but tabs and line ends; a PDF is text-like but not a CSV. */
function looksLikeText(content: Buffer): boolean {
  const start = content.subarray(0, 64 * 1024).toString('latin1');
  return !/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(start) && !start.startsWith('%PDF-');
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

function readCsv(content: Buffer): string[][] {
  const text = decodeText(content).replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Spreadsheets set to a European locale write semicolons.
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  try {
    const records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
    return records.map((cells) => cells.map((cell) => unguard(cell.trim())));
  } catch {
    throw refuse(UNREADABLE_CSV);
  }
}

type ExcelValue = ExcelJS.CellValue | undefined;

/** What the cell shows, as text: formulas by their result, dates as ISO days. */
function excelText(value: ExcelValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ('richText' in value) return value.richText.map((run) => run.text).join('').trim();
  if ('result' in value) return excelText(value.result as ExcelValue);
  if ('text' in value) return excelText(value.text as ExcelValue);
  if ('error' in value) return '';
  return '';
}

/**
 * The first worksheet, read in memory. (ExcelJS's streaming reader parks worksheets in temporary
 * files when the shared strings come after them, as they do in files ExcelJS and others write:
 * plan data would touch the disk, and the reader proved unreliable under load.) Uploads are
 * capped at 5 MB and only coordinators import, which bounds what a workbook can unpack to.
 */
async function readXlsx(content: Buffer): Promise<{ number: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw refuse(NOT_A_SPREADSHEET);
  }
  // Another kind of zip (a Word document renamed .xlsx) has no worksheet.
  const sheet = workbook.worksheets[0];
  if (!sheet) throw refuse(NOT_A_SPREADSHEET);
  // The header plus one row too many is enough to know.
  if (sheet.actualRowCount > MAX_ROWS + 1) throw refuse(TOO_MANY_ROWS);
  const rows: { number: number; cells: string[] }[] = [];
  sheet.eachRow((row) => {
    const values = (row.values as ExcelValue[]).slice(1);
    if (values.length > MAX_COLUMNS) throw refuse(TOO_MANY_COLUMNS);
    rows.push({ number: row.number, cells: Array.from(values, excelText) });
  });
  return rows;
}

const isBlank = (cells: string[]) => cells.every((cell) => cell === '');

/** Blank rows are dropped; the first row with anything in it is the header. */
function toSheet(rows: { number: number; cells: string[] }[]): Sheet {
  const filled = rows.filter((row) => !isBlank(row.cells));
  const [header, ...data] = filled;
  if (!header) throw refuse(EMPTY);
  if (data.length === 0) throw refuse(NO_ROWS);
  if (data.length > MAX_ROWS) throw refuse(TOO_MANY_ROWS);
  const width = Math.max(...filled.map((row) => row.cells.length));
  if (width > MAX_COLUMNS) throw refuse(TOO_MANY_COLUMNS);
  const pad = (cells: string[]) => Array.from({ length: width }, (_, i) => cells[i] ?? '');
  return {
    headers: pad(header.cells).map((name, i) => name || `Column ${columnLetter(i)}`),
    rows: data.map((row) => ({ number: row.number, cells: pad(row.cells) })),
  };
}

/**
 * Read an uploaded CSV or XLSX file. Throws a FormError on the `file` field, in words the user
 * can act on, when it is not a spreadsheet, is empty, or is too big to import in one go.
 */
export async function readSpreadsheet(filename: string, content: Buffer): Promise<Sheet> {
  if (content.length === 0) throw refuse(EMPTY);
  const kind = kindOf(filename, content);
  if (!kind) throw refuse(NOT_A_SPREADSHEET);
  if (kind === 'xlsx') return toSheet(await readXlsx(content));
  return toSheet(readCsv(content).map((cells, i) => ({ number: i + 1, cells })));
}
