import { stringify as stringifyStream, type Stringifier } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';

/*
 * Every CSV the Hub writes goes through here. A spreadsheet opening a CSV runs a cell that starts
 * with = + - @ (or with a tab or carriage return) as a formula: an email typed at sign-in as
 * "=HYPERLINK(…)", or a delegate's question, would become a live link or worse on the screen of
 * whoever opens the export. Such cells are written with a leading apostrophe, which spreadsheets
 * show as text; the plan import takes the apostrophe off again.
 */

const FORMULA_LEADER = /^[=+\-@\t\r]/;
/** A plain number ("-3", "-0.5") is read as that number, never as a formula: it is left alone. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The text as a spreadsheet should show it, never run it. */
export function csvCell(text: string): string {
  return FORMULA_LEADER.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

export type CsvValue = string | number | boolean | Date | null | undefined;

const OPTIONS = {
  cast: {
    string: csvCell,
    // csv-stringify would write a date as milliseconds.
    date: (value: Date) => value.toISOString(),
  },
};

/** A whole CSV, header row first. */
export function csvText(rows: CsvValue[][]): string {
  return stringify(rows, OPTIONS);
}

/** A CSV written row by row (`.write([...])`, then `.end()`), for exports too long to hold in memory. */
export function csvStream(columns: string[]): Stringifier {
  return stringifyStream({ ...OPTIONS, header: true, columns });
}

/**
 * A CSV of rows read from the database a page at a time (`page(0)`, `page(1)`, … until a page
 * comes back short), so an export of years of records never sits in memory. A failed read ends
 * the download with the error rather than a file that looks whole.
 */
export function csvFromPages<T>(
  columns: string[],
  pageSize: number,
  page: (index: number) => Promise<T[]>,
  row: (item: T) => CsvValue[],
): Stringifier {
  const csv = csvStream(columns);
  void (async () => {
    for (let index = 0; ; index++) {
      const items = await page(index);
      for (const item of items) csv.write(row(item));
      if (items.length < pageSize) break;
    }
    csv.end();
  })().catch((error: unknown) => csv.destroy(error as Error));
  return csv;
}
