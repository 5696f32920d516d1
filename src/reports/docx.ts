import {
  AlignmentType,
  Bookmark,
  BookmarkEnd,
  BookmarkStart,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  Packer,
  PageNumber,
  PageReference,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
  type IStylesOptions,
  type ParagraphChild,
} from 'docx';
import { agendaPaperWords, packMarking, packPapers, RESTRICTED_WORDS, type AgendaPack } from './pack.ts';
import {
  numberItems,
  minuteLines,
  sourceLine,
  type Appendix,
  type BlockContent,
  type BlockPart,
  type NumberedItem,
  type Paper,
  type PaperMarking,
  type PaperSection,
} from './paper.ts';
import { formatDate } from '../views/filters.ts';
import { svgSize, fixedSizeSvg, svgToPng } from './raster.ts';

/*
 * A board paper as a Word document, in the seeds' house style: the header block as a table, Heading 1
 * for each section, numbered paragraphs (the numbers from numberItems, as the HTML prints them),
 * numbered recommendations, the implications table, each appendix on a page of its own, and the
 * paper's marking at the top and foot of every page. Routes load this file when a document is
 * asked for (await import), so the DOCX library does not add to every start of the Hub.
 *
 * The same Paper must give the same word/document.xml (an issued paper is printed again from its
 * frozen content): nothing here reads the clock, and each picture's drawing id is numbered here
 * rather than taken from the library's counter, which runs on across every document the process writes.
 */

type Body = (Paragraph | Table)[];

/** A chart's width on the page in pixels at 96 to the inch: the width between A4's 2 cm margins, less a little. */
const CHART_WIDTH = 620;
/** A4 with 2 cm margins, in twentieths of a point. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const HEADER_FILL = 'E7E7E7';

/** Word's own styles, set to the partnership's papers: Arial, 12pt text, bold headings. */
const STYLES: IStylesOptions = {
  default: {
    document: { run: { font: 'Arial', size: 24 }, paragraph: { spacing: { after: 120 } } },
    title: { run: { font: 'Arial', size: 36, bold: true, color: '000000' }, paragraph: { spacing: { after: 240 } } },
    heading1: {
      run: { font: 'Arial', size: 28, bold: true, color: '000000' },
      paragraph: { spacing: { before: 360, after: 120 }, keepNext: true },
    },
    heading2: {
      run: { font: 'Arial', size: 24, bold: true, color: '000000' },
      paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
    },
  },
  paragraphStyles: [
    {
      id: 'Caption',
      name: 'Caption',
      basedOn: 'Normal',
      next: 'Normal',
      run: { bold: true, size: 20 },
      paragraph: { spacing: { before: 120, after: 60 }, keepNext: true },
    },
    {
      id: 'SourceLine',
      name: 'Source line',
      basedOn: 'Normal',
      next: 'Normal',
      run: { italics: true, size: 20, color: '505A5F' },
      paragraph: { spacing: { before: 60, after: 240 } },
    },
    {
      id: 'NumberedParagraph',
      name: 'Numbered paragraph',
      basedOn: 'Normal',
      next: 'NumberedParagraph',
      // The number hangs before the text, as in the seeds ("3.  The developments ..."): Word tabs to the hanging indent.
      paragraph: { indent: { left: 567, hanging: 567 } },
    },
  ],
};

/** Counts the pictures of one document, for their drawing ids (wp:docPr id), from 1. */
class PictureIds {
  private last = 0;
  next(): string {
    this.last += 1;
    return String(this.last);
  }
}

// ——— small pieces ———

const numbered = (number: number, text: string) =>
  new Paragraph({ style: 'NumberedParagraph', children: [new TextRun({ children: [`${number}.`, new Tab(), text] })] });

const heading = (text: string, level: 1 | 2, options: { pageBreakBefore?: boolean } = {}) =>
  new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    text,
    pageBreakBefore: options.pageBreakBefore,
  });

function cell(text: string, options: { bold?: boolean; fill?: string; width?: number } = {}): TableCell {
  return new TableCell({
    children: text
      .split('\n')
      .map(
        (line) => new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text: line, bold: options.bold })] }),
      ),
    width: options.width ? { size: options.width, type: WidthType.PERCENTAGE } : undefined,
    shading: options.fill ? { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } : undefined,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
  });
}

/** A table with its head row repeated on each page it runs on to. */
function table(head: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, { bold: true, fill: HEADER_FILL })) }),
      ...rows.map((row) => new TableRow({ cantSplit: true, children: row.map((value) => cell(value)) })),
    ],
  });
}

/** Label and value rows (the header block, the implications): the label in a shaded first column. */
function labelledTable(rows: [string, string][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      ([name, value]) =>
        new TableRow({
          cantSplit: true,
          children: [cell(name, { bold: true, fill: HEADER_FILL, width: 30 }), cell(value, { width: 70 })],
        }),
    ),
  });
}

async function chart(part: Extract<BlockPart, { kind: 'chart' }>, ids: PictureIds): Promise<Paragraph> {
  const svg = fixedSizeSvg(part.svg);
  const size = svgSize(svg);
  const image = new ImageRun({
    type: 'svg',
    data: Buffer.from(svg, 'utf8'),
    fallback: { type: 'png', data: await svgToPng(svg) },
    transformation: { width: CHART_WIDTH, height: Math.round((size.height * CHART_WIDTH) / size.width) },
    altText: { id: ids.next(), name: part.caption, title: part.caption, description: part.alt },
  });
  return new Paragraph({ children: [image] });
}

/** A block's table, list or chart, under its caption where it has one. */
async function blockPart(part: Exclude<BlockPart, { kind: 'sentence' }>, ids: PictureIds): Promise<Body> {
  switch (part.kind) {
    case 'list':
      return part.items.map((item) => new Paragraph({ text: item, bullet: { level: 0 } }));
    case 'table':
      return [new Paragraph({ style: 'Caption', text: part.caption }), table(part.head, part.rows)];
    case 'chart':
      return [new Paragraph({ style: 'Caption', text: part.caption }), await chart(part, ids)];
  }
}

async function printItems(items: NumberedItem[], ids: PictureIds): Promise<Body> {
  const body: Body = [];
  for (const item of items) {
    if (item.kind === 'paragraph') body.push(numbered(item.number, item.text));
    else if (item.kind === 'source') body.push(new Paragraph({ style: 'SourceLine', text: item.text }));
    else body.push(...(await blockPart(item.part, ids)));
  }
  return body;
}

// ——— the paper's parts ———

/**
 * The header block, as the seeds open: the body and date, the subject, then who and what. In a pack
 * its first line carries the bookmark the contents' page number and link point to.
 */
function headerBlock(paper: Paper, mark?: PaperMark): Body {
  const header = paper.header;
  const rows: [string, string][] = [
    ['Report of', header.reportOf],
    ['Subject', header.subject],
    ['Meeting', `${header.body}, ${header.meetingDate}`],
    ['Author', header.author],
    ['Marking', header.marking],
    ['Version', `${paper.version}, figures as at ${formatDate(paper.asAt)}`],
  ];
  if (header.agendaItem !== null) rows.push(['Agenda item', String(header.agendaItem)]);
  const opening = new TextRun({ text: header.body.toUpperCase(), bold: true });
  const body: Body = [
    new Paragraph({ children: [mark ? bookmark(mark, [opening]) : opening] }),
    new Paragraph({ children: [new TextRun({ text: header.meetingDate.toUpperCase(), bold: true })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, text: header.subject }),
    labelledTable(rows),
  ];
  if (header.exemptParagraph)
    body.push(
      new Paragraph({
        spacing: { before: 240 },
        children: [new TextRun({ text: 'Not for publication: ', bold: true }), new TextRun(header.exemptParagraph)],
      }),
    );
  return body;
}

/** A section's body; paragraph numbers run on from `first` across the paper's paragraph sections. */
async function sectionBody(
  section: PaperSection,
  paper: Paper,
  first: number,
  ids: PictureIds,
): Promise<{ body: Body; next: number }> {
  switch (section.kind) {
    case 'paragraphs':
      return paragraphsBody(section.items, first, ids);
    case 'recommendations':
      return {
        body: [
          ...(section.intro ? [new Paragraph({ text: section.intro })] : []),
          ...(section.recommendations.length ? [] : [NONE()]),
          ...section.recommendations.flatMap((r) => [
            numbered(r.number, r.text),
            ...(r.decision
              ? [
                  new Paragraph({
                    indent: { left: 567 },
                    children: [new TextRun({ text: 'Decision: ', bold: true }), new TextRun(r.decision)],
                  }),
                ]
              : []),
          ]),
        ],
        next: first,
      };
    case 'implications':
      return { body: [labelledTable(section.rows.map((r) => [r.heading, r.text || 'None']))], next: first };
    case 'appendices':
      return { body: appendixList(paper.appendices), next: first };
    case 'background':
      return { body: bulletsOrNone(section.papers), next: first };
    case 'contact':
      return { body: section.contacts.length ? section.contacts.flatMap(contact) : [NONE()], next: first };
  }
}

/** Free text and live blocks: each block under its own heading, its sentences numbered on with the rest. */
async function paragraphsBody(
  items: Extract<PaperSection, { kind: 'paragraphs' }>['items'],
  first: number,
  ids: PictureIds,
): Promise<{ body: Body; next: number }> {
  const body: Body = items.length ? [] : [NONE()];
  let next = first;
  for (const item of items) {
    if (item.kind === 'block') body.push(heading(item.block.heading, 2));
    const numberedItems = numberItems([item], next);
    body.push(...(await printItems(numberedItems.items, ids)));
    next = numberedItems.next;
  }
  return { body, next };
}

function appendixList(appendices: Appendix[]): Body {
  return bulletsOrNone(appendices.map((a) => appendixTitle(a)));
}

/** What the HTML prints for an empty section, so both read alike. */
const NONE = () => new Paragraph({ text: 'None.' });

function bulletsOrNone(lines: string[]): Body {
  if (lines.length === 0) return [NONE()];
  return lines.map((line) => new Paragraph({ text: line, bullet: { level: 0 } }));
}

/** The person to contact: the name in bold, then each detail given on a line of its own. */
function contact(person: { name: string; role: string; email: string; phone: string }): Paragraph[] {
  const details: [string, string][] = [
    ['Role', person.role],
    ['Telephone', person.phone],
    ['Email', person.email],
  ];
  return [
    new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text: person.name, bold: true })] }),
    ...details
      .filter(([, value]) => value)
      .map(
        ([name, value]) =>
          new Paragraph({
            spacing: { after: 0 },
            children: [new TextRun({ text: `${name}: `, bold: true }), new TextRun(value)],
          }),
      ),
    new Paragraph({ spacing: { after: 120 } }),
  ];
}

const appendixTitle = (appendix: Appendix) => `Appendix ${appendix.letter} – ${appendix.title}`;

/** An appendix on a page of its own: a live one prints its block, unnumbered (its paragraphs are its own). */
async function appendixBody(appendix: Appendix, ids: PictureIds): Promise<Body> {
  const body: Body = [heading(appendixTitle(appendix), 1, { pageBreakBefore: true })];
  body.push(
    ...(appendix.block ? await blockBody(appendix.block, ids) : [new Paragraph({ text: 'Attached separately.' })]),
  );
  return body;
}

async function blockBody(block: BlockContent, ids: PictureIds): Promise<Body> {
  const body: Body = [];
  for (const part of block.parts)
    body.push(...(part.kind === 'sentence' ? [new Paragraph({ text: part.text })] : await blockPart(part, ids)));
  body.push(new Paragraph({ style: 'SourceLine', text: sourceLine(block) }));
  return body;
}

/** The marking, centred and bold, as the Government Security Classifications ask at top and foot. */
const markingLine = (marking: string) =>
  new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: marking, bold: true })] });

function pageFooter(marking: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
      }),
      markingLine(marking),
    ],
  });
}

/** The whole document's body: header block, sections in the template's order, then the appendices. */
async function paperBody(paper: Paper, ids: PictureIds, mark?: PaperMark): Promise<Body> {
  const body = headerBlock(paper, mark);
  let next = 1;
  for (const section of paper.sections) {
    body.push(heading(section.heading, 1));
    const printed = await sectionBody(section, paper, next, ids);
    body.push(...printed.body);
    next = printed.next;
  }
  for (const appendix of paper.appendices) body.push(...(await appendixBody(appendix, ids)));
  return body;
}

/** A4 with the house margins, for every section of a paper or pack. */
const PAGE_PROPERTIES: ISectionOptions['properties'] = {
  page: {
    size: { width: PAGE.width, height: PAGE.height },
    margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
  },
};

/** A paper as a Word document (A4, the marking at the top and foot of every page, page numbers). */
export async function paperDocx(paper: Paper): Promise<Buffer> {
  const marking = paper.header.marking;
  const document = new Document({
    creator: 'Prevent Partnership Hub',
    title: paper.header.subject,
    description: `${paper.header.body}, ${paper.header.meetingDate}`,
    styles: STYLES,
    sections: [
      {
        properties: PAGE_PROPERTIES,
        headers: { default: new Header({ children: [markingLine(marking)] }) },
        footers: { default: pageFooter(marking) },
        children: await paperBody(paper, new PictureIds()),
      },
    ],
  });
  return Packer.toBuffer(document);
}

// ——— the agenda pack ———

/** Where a paper starts in a pack: its place in the pack, which names and numbers its bookmark. */
type PaperMark = number;

const bookmarkName = (mark: PaperMark) => `paper_${mark}`;

/**
 * A bookmark numbered by the pack itself: the library numbers bookmarks from a counter that runs on
 * across every document the process writes (as it does pictures), and the same pack must give the
 * same word/document.xml.
 */
function bookmark(mark: PaperMark, children: ParagraphChild[]): Bookmark {
  const name = bookmarkName(mark);
  return Object.assign(new Bookmark({ id: name, children }), {
    start: new BookmarkStart(name, mark),
    end: new BookmarkEnd(mark),
  });
}

/** The pack's opening: the meeting, when and where, and the pack's marking. */
function packHeader(pack: AgendaPack, marking: string): Body {
  const { meeting } = pack;
  return [
    new Paragraph({ children: [new TextRun({ text: meeting.body.toUpperCase(), bold: true })] }),
    new Paragraph({ children: [new TextRun({ text: meeting.date.toUpperCase(), bold: true })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, text: 'Agenda pack' }),
    labelledTable([
      ['Meeting', meeting.body],
      ['Date', `${meeting.date}, ${meeting.time}`],
      ['Place', meeting.place ?? 'To be confirmed'],
      ['Marking', marking],
    ]),
  ];
}

/** The agenda: each item numbered, with its presenter and its papers' subjects (or "Verbal", "No paper"). */
function agendaBody(pack: AgendaPack): Body {
  return [
    heading('Agenda', 1),
    table(
      ['Item', 'Business', 'Presenter', 'Paper'],
      pack.items.map((item) => [String(item.number), item.title, item.presenter ?? '', agendaPaperWords(item)]),
    ),
  ];
}

/** The contents' columns (item, paper, marking, page) in percent: room for a subject on a line. */
const CONTENTS_WIDTHS = [10, 56, 22, 12];

/** A contents row: plain cells, but the paper's subject links to it and its page is Word's own page reference. */
function contentsRow(item: number, entry: AgendaPack['items'][number]['entries'][number]): TableRow {
  const plain = (text: string) => new Paragraph({ spacing: { after: 0 }, text });
  const cellOf = (paragraph: Paragraph, i: number) =>
    new TableCell({
      children: [paragraph],
      width: { size: CONTENTS_WIDTHS[i]!, type: WidthType.PERCENTAGE },
      margins: { top: 60, bottom: 60, left: 100, right: 100 },
    });
  if (entry.kind === 'restricted')
    return new TableRow({
      cantSplit: true,
      children: [plain(String(item)), plain(RESTRICTED_WORDS), plain(''), plain('')].map(cellOf),
    });
  const anchor = bookmarkName(entry.number);
  const subject = new InternalHyperlink({ anchor, children: [new TextRun(entry.paper.header.subject)] });
  const page = new Paragraph({ spacing: { after: 0 }, children: [new PageReference(anchor)] });
  return new TableRow({
    cantSplit: true,
    children: [
      plain(String(item)),
      new Paragraph({ spacing: { after: 0 }, children: [subject] }),
      plain(entry.paper.header.marking),
      page,
    ].map(cellOf),
  });
}

/** The contents, on a page of its own: each paper with its item number and the page it starts on. */
function contentsBody(pack: AgendaPack): Body {
  const rows = pack.items.flatMap((item) => item.entries.map((entry) => contentsRow(item.number, entry)));
  const head = new TableRow({
    tableHeader: true,
    children: ['Item', 'Paper', 'Marking', 'Page'].map((h, i) =>
      cell(h, { bold: true, fill: HEADER_FILL, width: CONTENTS_WIDTHS[i] }),
    ),
  });
  return [
    heading('Contents', 1, { pageBreakBefore: true }),
    rows.length
      ? new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [head, ...rows] })
      : new Paragraph({ text: 'No papers have been issued for this meeting.' }),
  ];
}

/** A paper's running header in a pack: the pack's marking, then the paper's own under it. */
const packPaperHeader = (marking: string, item: number, own: string) =>
  new Header({
    children: [
      markingLine(marking),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: `Agenda item ${item}: paper marked ${own}`, size: 18 })],
      }),
    ],
  });

/**
 * A meeting's agenda pack as one Word document: the agenda and contents, then each paper in a
 * section of its own (so from a new page), written by the same writers as a paper alone, its
 * paragraph numbers its own. The pack's marking (its papers' highest) is at the top and foot of
 * every page, each paper's own under it in its pages; page numbers run through the pack.
 */
export async function packDocx(pack: AgendaPack): Promise<Buffer> {
  const marking = packMarking(pack);
  const ids = new PictureIds();
  const footer = pageFooter(marking);
  const papers: ISectionOptions[] = [];
  for (const { item, number, paper } of packPapers(pack))
    papers.push({
      properties: PAGE_PROPERTIES,
      headers: { default: packPaperHeader(marking, item.number, paper.header.marking) },
      footers: { default: footer },
      children: await paperBody(paper, ids, number),
    });
  const document = new Document({
    creator: 'Prevent Partnership Hub',
    title: `Agenda pack – ${pack.meeting.body}, ${pack.meeting.date}`,
    styles: STYLES,
    sections: [
      {
        properties: PAGE_PROPERTIES,
        headers: { default: new Header({ children: [markingLine(marking)] }) },
        footers: { default: footer },
        children: [...packHeader(pack, marking), ...agendaBody(pack), ...contentsBody(pack)],
      },
      ...papers,
    ],
  });
  return Packer.toBuffer(document);
}

// ——— minutes ———

/** A meeting's minutes as printed: the meetings module's records, gathered by the papers module. */
export interface MinutesDocument {
  /** The group that met ("Stockton Renaissance Partnership Board"). */
  body: string;
  meetingDate: string;
  time: string;
  place: string;
  marking: PaperMarking;
  /** "Draft", or "Approved at the meeting on 7 July 2009". */
  status: string;
  attendance: { organisation: string; present: string[]; apologies: string[]; absent: string[] }[];
  items: {
    number: number;
    title: string;
    presenter: string | null;
    minute: string | null;
    decisions: { number: number; text: string; decision: string }[];
  }[];
  /** Decisions on recommendations put to the meeting itself rather than under an item. */
  meetingDecisions: { number: number; text: string; decision: string }[];
  actions: { item: number; description: string; owner: string; due: string; status: string }[];
}

const namesOrNone = (names: string[]) => (names.length ? names.join(', ') : 'None');

function minutesBody(minutes: MinutesDocument): Body {
  const decisions = (rows: MinutesDocument['meetingDecisions']) =>
    table(
      ['No.', 'Recommendation', 'Decision'],
      rows.map((r) => [String(r.number), r.text, r.decision]),
    );
  const body: Body = [
    new Paragraph({ children: [new TextRun({ text: minutes.body.toUpperCase(), bold: true })] }),
    new Paragraph({ children: [new TextRun({ text: minutes.meetingDate.toUpperCase(), bold: true })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, text: 'Minutes' }),
    labelledTable([
      ['Meeting', `${minutes.body}, ${minutes.meetingDate}`],
      ['Time', minutes.time],
      ['Place', minutes.place],
      ['Marking', minutes.marking],
      ['Status', minutes.status],
    ]),
    heading('Attendance', 1),
    minutes.attendance.length
      ? table(
          ['Organisation', 'Present', 'Apologies', 'Absent'],
          minutes.attendance.map((o) => [
            o.organisation,
            namesOrNone(o.present),
            namesOrNone(o.apologies),
            namesOrNone(o.absent),
          ]),
        )
      : new Paragraph({ text: 'No attendance was recorded.' }),
  ];
  for (const item of minutes.items) {
    body.push(heading(`${item.number}. ${item.title}`, 1));
    if (item.presenter) body.push(new Paragraph({ style: 'SourceLine', text: `Presented by ${item.presenter}` }));
    for (const line of minuteLines(item.minute)) body.push(new Paragraph({ text: line }));
    if (item.decisions.length)
      body.push(
        new Paragraph({ style: 'Caption', text: `Decisions on item ${item.number}` }),
        decisions(item.decisions),
      );
    if (!item.minute && !item.decisions.length) body.push(new Paragraph({ text: 'No minute recorded.' }));
  }
  if (minutes.meetingDecisions.length)
    body.push(heading('Decisions on recommendations to the meeting', 1), decisions(minutes.meetingDecisions));
  body.push(heading('Actions arising', 1));
  body.push(
    minutes.actions.length
      ? table(
          ['Item', 'Action', 'Owner', 'Due', 'Status'],
          minutes.actions.map((a) => [String(a.item), a.description, a.owner, a.due, a.status]),
        )
      : NONE(),
  );
  body.push(heading('Approval of these minutes', 1), new Paragraph({ text: minutes.status }));
  return body;
}

/** A meeting's minutes as a Word document, in the papers' house style and page set-up. */
export async function minutesDocx(minutes: MinutesDocument): Promise<Buffer> {
  const document = new Document({
    creator: 'Prevent Partnership Hub',
    title: `Minutes: ${minutes.body}, ${minutes.meetingDate}`,
    description: minutes.status,
    styles: STYLES,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        headers: { default: new Header({ children: [markingLine(minutes.marking)] }) },
        footers: { default: pageFooter(minutes.marking) },
        children: minutesBody(minutes),
      },
    ],
  });
  return Packer.toBuffer(document);
}
