import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { buildTestHub, signedIn, withPartnership } from '../../test/helpers.ts';
import { samplePlan } from '../../test/factories.ts';
import { addProgressUpdate } from '../modules/plans/plans.service.ts';
import { csvCell, csvStream, csvText } from './csv.ts';

const HOSTILE = [
  '=HYPERLINK("http://evil.example","Click")',
  '+44 1642 000000',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
];

test('the CSV writer keeps formula-looking text as text, and leaves everything else as it was', async () => {
  for (const text of HOSTILE) assert.equal(csvCell(text), `'${text}`, JSON.stringify(text));
  for (const text of [
    'Plain words',
    '',
    '2027-03-31',
    '-3',
    '-0.5',
    '42',
    "'=already kept as text",
    'a = b',
    'name@example.org',
  ]) {
    assert.equal(csvCell(text), text, JSON.stringify(text));
  }

  const written = csvText([
    ['text', 'number', 'date', 'empty'],
    ...HOSTILE.map((text) => [text, -7, new Date(Date.UTC(2027, 2, 31)), null]),
  ]);
  const table: string[][] = parse(written, { relax_column_count: true });
  const [header, ...rows] = table;
  assert.deepEqual(header, ['text', 'number', 'date', 'empty']);
  assert.deepEqual(
    rows.map((row) => row[0]),
    HOSTILE.map((text) => `'${text}`),
  );
  assert.ok(rows.every((row) => row[1] === '-7' && row[2] === '2027-03-31T00:00:00.000Z' && row[3] === ''));

  // Streamed row by row, the same.
  const stream = csvStream(['who', 'what']);
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  stream.write(['=HYPERLINK("http://evil.example")', 'sign_in.failed']);
  stream.end();
  await ended;
  assert.deepEqual(parse(Buffer.concat(chunks).toString()), [
    ['who', 'what'],
    [`'=HYPERLINK("http://evil.example")`, 'sign_in.failed'],
  ]);
});

/** The XML of one file in an XLSX (a zip), found through the central directory. */
function xlsxPart(archive: Buffer, name: string): string {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = archive.readUInt32LE(end + 16);
  for (let i = 0; i < archive.readUInt16LE(end + 10); i++) {
    const nameLength = archive.readUInt16LE(at + 28);
    if (archive.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const local = archive.readUInt32LE(at + 42);
      const dataAt = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
      const data = archive.subarray(dataAt, dataAt + archive.readUInt32LE(at + 20));
      return (archive.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
  }
  throw new Error(`${name} is not in the archive`);
}

test('an XLSX export writes formula-looking text as text, never as a formula', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { planId, coordinator, actionIds } = await samplePlan(hub);
  const note = '=HYPERLINK("http://evil.example","Click")';
  await addProgressUpdate(hub.database.db, coordinator, actionIds[0]!, { state: 'on_track', note });
  const { browser } = await signedIn(hub, 'viewer');

  const xlsx = (await browser.get(`/plans/${planId}/export.xlsx`)).rawPayload;
  assert.doesNotMatch(xlsxPart(xlsx, 'xl/worksheets/sheet1.xml'), /<f[ >]/, 'the sheet holds no formula');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  const cell = workbook.worksheets[0]!.getRow(2).getCell('M');
  assert.equal(cell.type, ExcelJS.ValueType.String);
  assert.equal(cell.value, note);

  const csv: string[][] = parse((await browser.get(`/plans/${planId}/export.csv`)).body);
  assert.equal(csv[1]![12], `'${note}`);
});
