import { constants, crc32, deflateRawSync } from 'node:zlib';

/*
 * Hostile spreadsheets for the import's tests and bench, written by hand so each says exactly
 * what it holds and what its zip directory declares.
 */

/** Text repeated `times` over, as one part of a file: the repeats cost nothing to hold or pack. */
export type Piece = { text: Buffer; times: number };
export const piece = (text: string, times = 1): Piece => ({ text: Buffer.from(text), times });

/** A zip entry packed with deflate, piece by piece: a repeated piece is packed once and its packing repeated. */
function packed(name: string, pieces: Piece[]) {
  const segments: Buffer[] = [];
  let crc = 0;
  let unpackedBytes = 0;
  // A sync flush ends each segment on a byte boundary, so segments can follow one another.
  const pack = (block: Buffer) => {
    segments.push(deflateRawSync(block, { level: 9, finishFlush: constants.Z_SYNC_FLUSH }));
    crc = crc32(block, crc);
  };
  for (const { text, times } of pieces) {
    // Short texts are repeated into blocks of about a megabyte, each block packed once.
    const perBlock = Math.max(1, Math.min(times, Math.floor((1024 * 1024) / text.length)));
    const block = Buffer.concat(Array<Buffer>(perBlock).fill(text));
    const segment = deflateRawSync(block, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
    for (let i = 0; i < Math.floor(times / perBlock); i++) {
      segments.push(segment);
      crc = crc32(block, crc);
    }
    if (times % perBlock) pack(Buffer.concat(Array<Buffer>(times % perBlock).fill(text)));
    unpackedBytes += text.length * times;
  }
  segments.push(deflateRawSync(Buffer.alloc(0)));
  return { name, data: Buffer.concat(segments), crc, unpackedBytes };
}

/** The archive, its central directory declaring each entry's size (or what `declared` says). */
function zipArchive(entries: ReturnType<typeof packed>[], declared: Record<string, number> = {}): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const size = declared[entry.name] ?? entry.unpackedBytes;
    const header = (signature: number, length: number) => {
      const h = Buffer.alloc(length);
      h.writeUInt32LE(signature, 0);
      return h;
    };
    const local = header(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = header(0x02014b50, 46);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    directory.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const centralBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE = 'http://schemas.openxmlformats.org/package/2006';

/** The smallest workbook Excel writes: one sheet, its rows' cells pointing into the shared strings. */
export function handMadeXlsx(rows: Piece[], sharedStrings: Piece[], declared: Record<string, number> = {}) {
  const type = (part: string, kind: string) =>
    `<Override PartName="/xl/${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${kind}+xml"/>`;
  const content = zipArchive(
    [
      packed('[Content_Types].xml', [
        piece(
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${PACKAGE}/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${type('workbook.xml', 'sheet.main')}${type('worksheets/sheet1.xml', 'worksheet')}${type('sharedStrings.xml', 'sharedStrings')}</Types>`,
        ),
      ]),
      packed('_rels/.rels', [
        piece(
          `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE}/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
        ),
      ]),
      packed('xl/workbook.xml', [
        piece(
          `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        ),
      ]),
      packed('xl/_rels/workbook.xml.rels', [
        piece(
          `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE}/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
        ),
      ]),
      packed('xl/worksheets/sheet1.xml', [
        piece(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`),
        ...rows,
        piece('</sheetData></worksheet>'),
      ]),
      packed('xl/sharedStrings.xml', [
        piece(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">`),
        ...sharedStrings,
        piece('</sst>'),
      ]),
    ],
    declared,
  );
  return {
    field: 'file',
    filename: 'action-plan.xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content,
  };
}

/** Shared strings 0 and 1 are the headers "Action" and "Strand"; a row points at two of them. */
export const headerStrings = [piece('<si><t>Action</t></si><si><t>Strand</t></si>')];
export const headerRow = piece('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>');
/** `count` rows from row 2, each pointing at the same two shared strings. */
export const sharedRows = (action: number, strand: number, count = 1) =>
  piece(
    Array.from(
      { length: count },
      (_, i) =>
        `<row r="${i + 2}"><c r="A${i + 2}" t="s"><v>${action}</v></c><c r="B${i + 2}" t="s"><v>${strand}</v></c></row>`,
    ).join(''),
  );

const MEGABYTE = 'A'.repeat(1024 * 1024);

/** About 400 KB on the wire; its one shared string unpacks to `megabytes` of the letter A. */
export const hugeCellXlsx = (megabytes = 400, declared: Record<string, number> = {}) =>
  handMadeXlsx(
    [headerRow, sharedRows(2, 1)],
    [...headerStrings, piece('<si><t>'), piece(MEGABYTE, megabytes), piece('</t></si>')],
    declared,
  );

/** A header and `count` rows of one short cell each, numbered as a spreadsheet numbers them. */
export const manyRowsXlsx = (count: number) =>
  handMadeXlsx(
    [
      headerRow,
      piece(
        Array.from({ length: count }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="s"><v>0</v></c></row>`).join(''),
      ),
    ],
    headerStrings,
  );

export const manyRowsCsv = (count: number) => ({
  field: 'file',
  filename: 'plan.csv',
  contentType: 'text/csv',
  content: Buffer.from(`Action,Strand\n${'A,P\n'.repeat(count)}`),
});
