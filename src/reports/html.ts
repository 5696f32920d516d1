import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { sourceDir } from '../paths.ts';
import { formatDate } from '../views/filters.ts';
import type { MinutesDocument } from './docx.ts';
import { agendaPaperWords, packMarking, packPapers, RESTRICTED_WORDS, type AgendaPack } from './pack.ts';
import { minuteLines, numberItems, PAPER_MARKINGS, type NumberedItem, type Paper, type PaperMarking } from './paper.ts';

/*
 * A board paper as a printable HTML page: a page of its own, not the Hub's GOV.UK layout, with
 * print CSS for A4 (running header and footer with the marking, page numbers in @page margin
 * boxes). The style sheet is inline so a saved or sent page still prints the same. Pure: the
 * same Paper gives the same bytes, so an issued paper printed again is the paper that was issued.
 */

const views = path.join(sourceDir, 'reports', 'views');
// A small environment of its own: the paper uses none of the GOV.UK macros or page globals.
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(views), { autoescape: true });

const BASE_STYLE = readFileSync(path.join(views, 'paper.css'), 'utf8');

/** The margin boxes that print a marking at the top and foot of every page. */
const marginBoxes = (marking: PaperMarking) => `
@page {
  @top-center { content: "${marking}"; }
  @bottom-center { content: "${marking}"; }
}
`;

/**
 * The margin boxes print the marking on every page. A marking is one of PAPER_MARKINGS, never
 * free text, so it is safe inside a CSS string; one style sheet per marking keeps each page's
 * inline style fixed, and so allowed by its hash.
 */
const STYLES = new Map<PaperMarking, string>(
  PAPER_MARKINGS.map((marking) => [marking, `${BASE_STYLE}${marginBoxes(marking)}`]),
);

/** A paper's class in a pack, naming the pages it prints on. */
const pageClass = (marking: PaperMarking) => `marked-${marking.toLowerCase()}`;

/**
 * A pack's style sheet: the pack's marking at the top and foot of every page, as a paper's, and
 * each paper's own marking at the top right of its pages (a named page per marking).
 */
const PACK_STYLES = new Map<PaperMarking, string>(
  PAPER_MARKINGS.map((marking) => [
    marking,
    `${BASE_STYLE}${readFileSync(path.join(views, 'pack.css'), 'utf8')}${marginBoxes(marking)}${PAPER_MARKINGS.map(
      (own) => `
.${pageClass(own)} { page: ${pageClass(own)}; }
@page ${pageClass(own)} {
  @top-right { content: "Paper: ${own}"; font: 9pt Arial, Helvetica, sans-serif; }
}
`,
    ).join('')}`,
  ]),
);

/** The CSP sources that allow the paper and pack pages' inline style sheets (the Hub allows no other inline style). */
export const PAPER_STYLE_SOURCES = [...STYLES.values(), ...PACK_STYLES.values()].map(
  (style) => `'sha256-${createHash('sha256').update(style).digest('base64')}'`,
);

type PrintedSection = Paper['sections'][number] | { kind: 'paragraphs'; heading: string; items: NumberedItem[] };

/**
 * A chart's ids made unique on the page: the same block may be in the body and an appendix, and
 * two charts must not share the ids their titles are named by. Numbered in order, so deterministic.
 */
function uniqueChartIds(items: NumberedItem[], charts: { count: number }): NumberedItem[] {
  return items.map((item) => {
    if (item.kind !== 'part' || item.part.kind !== 'chart') return item;
    const prefix = `paper-chart-${++charts.count}-`;
    const svg = item.part.svg.replace(
      /\b(id|aria-labelledby|aria-describedby)="([^"]*)"/g,
      (_, name: string, ids: string) =>
        `${name}="${ids
          .split(' ')
          .map((id) => `${prefix}${id}`)
          .join(' ')}"`,
    );
    return { ...item, part: { ...item.part, svg } };
  });
}

/**
 * Paragraphs are numbered on across sections, as the seeds number them (1. Purpose… 9.
 * Recommendations…); recommendations keep the numbers the meeting gave them.
 */
function printedSections(paper: Paper, charts: { count: number }): PrintedSection[] {
  let next = 1;
  return paper.sections.map((section) => {
    if (section.kind !== 'paragraphs') return section;
    const numbered = numberItems(section.items, next);
    next = numbered.next;
    return { kind: 'paragraphs', heading: section.heading, items: uniqueChartIds(numbered.items, charts) };
  });
}

/** Appendices print their blocks unnumbered: the paper's numbers belong to its body. */
function printedAppendices(paper: Paper, charts: { count: number }) {
  return paper.appendices.map((appendix) => ({
    letter: appendix.letter,
    title: appendix.title,
    items: appendix.block
      ? uniqueChartIds(numberItems([{ kind: 'block', block: appendix.block }], 1).items, charts)
      : null,
  }));
}

/** What the paper templates print of one paper; `charts` numbers its charts on from those printed before it. */
function printedPaper(paper: Paper, charts: { count: number }) {
  return {
    header: paper.header,
    version: paper.version,
    asAt: formatDate(paper.asAt),
    sections: printedSections(paper, charts),
    appendices: printedAppendices(paper, charts),
  };
}

/** The paper as a standalone printable HTML page. */
export function paperHtml(paper: Paper): string {
  const printed = printedPaper(paper, { count: 0 });
  return env.render('paper.njk', { style: STYLES.get(paper.header.marking), header: paper.header, paper: printed });
}

/**
 * A meeting's agenda pack as one printable page: the agenda, the contents (each paper linked, a
 * restricted one named as not included), then each paper from a new page as it prints alone, its
 * ids prefixed so that no two papers share one. Pure, as paperHtml is.
 */
export function packHtml(pack: AgendaPack): string {
  const marking = packMarking(pack);
  const charts = { count: 0 };
  const papers = packPapers(pack).map(({ number, paper }) => ({
    number,
    pageClass: pageClass(paper.header.marking),
    paper: printedPaper(paper, charts),
  }));
  const contents = pack.items.flatMap((item) =>
    item.entries.map((entry) =>
      entry.kind === 'paper'
        ? {
            item: item.number,
            number: entry.number,
            subject: entry.paper.header.subject,
            marking: entry.paper.header.marking,
          }
        : { item: item.number },
    ),
  );
  return env.render('pack.njk', {
    style: PACK_STYLES.get(marking),
    marking,
    meeting: pack.meeting,
    items: pack.items.map((item) => ({ ...item, paperWords: agendaPaperWords(item) })),
    contents,
    restricted: RESTRICTED_WORDS,
    papers,
  });
}

/**
 * A meeting's minutes as a printable page, with what minutesDocx writes, in the papers' style
 * sheet (so the paper pages' policy allows it). A minute's lines are its paragraphs.
 */
export function minutesHtml(minutes: MinutesDocument): string {
  const items = minutes.items.map((item) => ({ ...item, lines: minuteLines(item.minute) }));
  return env.render('minutes.njk', { style: STYLES.get(minutes.marking), minutes: { ...minutes, items } });
}
