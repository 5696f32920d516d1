import { FormError } from '../errors.ts';
import { NOT_A_SPREADSHEET, type Sheet, type SpreadsheetRules } from './spreadsheet.parse.ts';
import { READ_LIMITS, readInWorker, type ReadLimits } from './spreadsheet.thread.ts';
import { zipEntries, type ZipEntry } from './spreadsheet.zip.ts';

/*
 * Reading an uploaded spreadsheet (CSV or XLSX) safely: a 390 KB workbook can unpack to a single
 * 400 MB cell. What an XLSX declares it unpacks to is checked here, before anything is inflated;
 * the file is then read in a worker thread with its own memory ceiling and time budget
 * (spreadsheet.thread.ts), capped in rows and cell length (spreadsheet.parse.ts).
 */

export {
  columnLetter,
  MAX_CELL_LENGTH,
  NOT_A_SPREADSHEET,
  type Sheet,
  type SheetRow,
  type SpreadsheetRules,
} from './spreadsheet.parse.ts';

/**
 * A 5,000-row plan with long descriptions unpacks to under 10 MB; a 50,000-row table of figures,
 * one figure a row, to about 20 MB.
 */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;
/**
 * Spreadsheet XML packs ten to twenty times smaller, very repetitive text up to 130 times; deflate
 * cannot pack tighter than about 1,030 to 1, which a part nearly all padding reaches.
 */
export const MAX_PACKING_RATIO = 400;
/** Small parts (styles, the workbook's own list) may pack tightly; only big ones are judged by ratio. */
const RATIO_FROM_BYTES = 1024 * 1024;

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)}MB`;
const tooBigUnpacked = ({ file }: SpreadsheetRules) =>
  `The selected file unpacks to more than ${megabytes(MAX_UNPACKED_BYTES)}, far more than ${file}: check it is the right file, or split it into smaller files`;
const packedTooTightly = ({ rows }: SpreadsheetRules) =>
  `The selected file is packed far more tightly than a spreadsheet of ${rows} could be: check it is the right file, and save it again from your spreadsheet`;
const TOO_SLOW =
  'The selected file took too long to read: check it is the right file, or split it into smaller files and import each one';
const TOO_MUCH_MEMORY =
  'The selected file is too big to read: check it is the right file, or split it into smaller files and import each one';

const refuse = (message: string) => new FormError('file', message);

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
  // eslint-disable-next-line no-control-regex -- finding control characters is the point of this test
  return !/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(start) && !start.startsWith('%PDF-');
}

/** The workbook's declared sizes, from its central directory: nothing is inflated here. */
function checkDeclaredSizes(entries: ZipEntry[] | undefined, rules: SpreadsheetRules) {
  if (!entries) throw refuse(NOT_A_SPREADSHEET);
  const unpacked = entries.reduce((total, entry) => total + entry.unpackedBytes, 0);
  if (unpacked > MAX_UNPACKED_BYTES) throw refuse(tooBigUnpacked(rules));
  const tight = entries.some(
    (entry) => entry.unpackedBytes > RATIO_FROM_BYTES && entry.unpackedBytes > MAX_PACKING_RATIO * entry.packedBytes,
  );
  if (tight) throw refuse(packedTooTightly(rules));
}

/**
 * Read an uploaded CSV or XLSX file under the importer's rules (its row cap, its words). Throws a
 * FormError on the `file` field, in words the user can act on, when it is not a spreadsheet, is
 * empty, or is too big to import in one go. (`limits` are the worker's; tests lower them.)
 */
export async function readSpreadsheet(
  filename: string,
  content: Buffer,
  rules: SpreadsheetRules,
  limits: ReadLimits = READ_LIMITS,
): Promise<Sheet> {
  const kind = content.length === 0 ? 'csv' : kindOf(filename, content);
  if (!kind) throw refuse(NOT_A_SPREADSHEET);
  if (kind === 'xlsx') checkDeclaredSizes(zipEntries(content), rules);
  const outcome = await readInWorker(kind, content, rules, limits);
  if ('sheet' in outcome) return outcome.sheet;
  if ('refused' in outcome) throw refuse(outcome.refused);
  throw refuse(outcome.over === 'time' ? TOO_SLOW : TOO_MUCH_MEMORY);
}
