import type { Static, TObject } from 'typebox';
import type { CurrentUser } from '../auth/sessions.ts';
import type { Queryable } from '../db/client.ts';
import { formatDate, isoDate } from '../views/filters.ts';
import { field } from '../views/forms.ts';

/*
 * What a board paper is made of, as the seeds lay it out (a header block, numbered paragraphs under
 * headings, numbered recommendations, an implications table, appendices, background papers, the
 * person to contact). The papers module composes one; the HTML and DOCX writers in this folder
 * print one. An issued paper is stored as this shape, built, so printing it again later gives the
 * same document: nothing here may be computed from "now".
 */

/** Government Security Classifications a paper can bear, lowest first. */
export const PAPER_MARKINGS = ['OFFICIAL', 'OFFICIAL-SENSITIVE'] as const;
export type PaperMarking = (typeof PAPER_MARKINGS)[number];

/** The higher of two markings: a paper must bear at least the highest marking of what it contains. */
export function higherMarking(a: PaperMarking, b: PaperMarking): PaperMarking {
  return PAPER_MARKINGS.indexOf(a) >= PAPER_MARKINGS.indexOf(b) ? a : b;
}

/** One piece of a live block: sentences become numbered paragraphs; the rest print under them. */
export type BlockPart =
  | { kind: 'sentence'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; head: string[]; rows: string[][] }
  /** One of the Hub's own SVG charts (src/views/charts.ts), with the text a screen reader gets. */
  | { kind: 'chart'; caption: string; svg: string; alt: string };

/** What a live block puts into a paper: built from live data, then frozen when the paper is issued. */
export interface BlockContent {
  /** The block's kind (LiveBlock.key), kept so a frozen paper says where each part came from. */
  key: string;
  heading: string;
  /** Where the figures come from ("Home Office, Individuals referred to Prevent"). */
  source: string;
  /** The date the figures are as at (YYYY-MM-DD). */
  asAt: string;
  marking: PaperMarking;
  parts: BlockPart[];
}

export type PaperItem = { kind: 'paragraph'; text: string } | { kind: 'block'; block: BlockContent };

export interface PaperContact {
  name: string;
  role: string;
  email: string;
  phone: string;
}

/** The sections a template may place, in any order, each under its own heading. */
export type PaperSection =
  | { kind: 'paragraphs'; heading: string; items: PaperItem[] }
  | {
      kind: 'recommendations';
      heading: string;
      intro: string;
      recommendations: { number: number; text: string; decision: string | null }[];
    }
  | { kind: 'implications'; heading: string; rows: { heading: string; text: string }[] }
  | { kind: 'appendices'; heading: string }
  | { kind: 'background'; heading: string; papers: string[] }
  | { kind: 'contact'; heading: string; contacts: PaperContact[] };

export interface PaperHeader {
  /** The body the paper goes to ("Stockton Renaissance Partnership Board"). */
  body: string;
  reportOf: string;
  subject: string;
  /** The meeting's date as printed ("2 June 2009"). */
  meetingDate: string;
  author: string;
  marking: PaperMarking;
  agendaItem: number | null;
  /** For a paper not for publication: the exempt-information paragraph it is withheld under. */
  exemptParagraph: string | null;
}

export interface Appendix {
  letter: string;
  title: string;
  /** A live appendix (a delivery plan as today's "Appendix B"); absent for one attached by hand. */
  block: BlockContent | null;
}

export interface Paper {
  header: PaperHeader;
  sections: PaperSection[];
  appendices: Appendix[];
  version: number;
  /** When the figures were taken (YYYY-MM-DD): the issue date for an issued paper. */
  asAt: string;
}

export type NumberedItem =
  | { kind: 'paragraph'; number: number; text: string }
  | { kind: 'part'; part: Exclude<BlockPart, { kind: 'sentence' }> }
  | { kind: 'source'; text: string };

/**
 * A paragraphs section's items as printed: paragraphs (and a block's sentences) numbered on from
 * `first`, a block's tables, lists and charts unnumbered, then the block's source line. The HTML
 * and DOCX writers both print from this, so their numbers always agree.
 */
export function numberItems(items: PaperItem[], first: number): { items: NumberedItem[]; next: number } {
  const out: NumberedItem[] = [];
  let number = first;
  for (const item of items) {
    if (item.kind === 'paragraph') {
      out.push({ kind: 'paragraph', number: number++, text: item.text });
      continue;
    }
    for (const part of item.block.parts)
      out.push(
        part.kind === 'sentence' ? { kind: 'paragraph', number: number++, text: part.text } : { kind: 'part', part },
      );
    out.push({ kind: 'source', text: sourceLine(item.block) });
  }
  return { items: out, next: number };
}

/** A minute's paragraphs, as the minutes print them in Word and on the page: its non-blank lines. */
export const minuteLines = (minute: string | null): string[] =>
  (minute ?? '').split('\n').filter((line) => line.trim());

/** "Source: Home Office, Individuals referred to Prevent; as at 31 March 2018." */
export function sourceLine(block: BlockContent): string {
  const asAt = new Date(`${block.asAt}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
  return `Source: ${block.source}; as at ${asAt}.`;
}

/** The highest marking of anything a paper embeds, with the block that raised it (for the refusal's words). */
export function contentMarking(paper: Pick<Paper, 'sections' | 'appendices'>): {
  marking: PaperMarking;
  raisedBy: string | null;
} {
  let marking: PaperMarking = 'OFFICIAL';
  let raisedBy: string | null = null;
  const blocks = [
    ...paper.sections
      .flatMap((s) => (s.kind === 'paragraphs' ? s.items : []))
      .flatMap((i) => (i.kind === 'block' ? [i.block] : [])),
    ...paper.appendices.flatMap((a) => (a.block ? [a.block] : [])),
  ];
  for (const block of blocks)
    if (higherMarking(marking, block.marking) !== marking) {
      marking = block.marking;
      raisedBy = block.heading;
    }
  return { marking, raisedBy };
}

/** What a block is built for: the meeting the paper goes to, by whom, and as at when. */
export interface BlockContext {
  db: Queryable;
  user: CurrentUser;
  meeting: { id: number; groupId: number; startsAt: Date };
  /** Figures are taken as at this moment (now, for a draft's preview). */
  asAt: Date;
}

export interface BlockChoice {
  value: string;
  text: string;
}

/**
 * A live block: what a module contributes to board papers. Each module exports its own from its
 * `index.ts` (`<module>.blocks.ts`); the papers module lists them. `settings` is a closed form
 * schema (formSchema from src/views/forms.ts) of the block's options, stored with the draft as
 * strings; `choices` offers the values a select field may take (the plans, the geographies).
 * `build` must never show what `ctx.user` may not see: it throws ForbiddenError instead, and it
 * applies small-number suppression to anything drawn from the referral register.
 */
export interface LiveBlock<S extends TObject = TObject> {
  key: string;
  title: string;
  /** One line on what it inserts, shown when an author chooses a block. */
  description: string;
  settings: S;
  choices?(ctx: BlockContext): Promise<Partial<Record<string, BlockChoice[]>>>;
  build(ctx: BlockContext, settings: BlockSettings<S>): Promise<BlockContent>;
}

/** A block's settings as `build` reads them: the form's fields without its CSRF token. */
export type BlockSettings<S extends TObject> = Omit<Static<S>, '_csrf'>;

/** A list of blocks of different settings, as the papers module holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLiveBlock = LiveBlock<any>;

/** The settings of a block that covers a period: both days optional (see blockPeriod). */
export const PERIOD_SETTINGS = {
  from: field.optionalDate('First day of the period', 'Enter the first day of the period as a date'),
  to: field.optionalDate('Last day of the period', 'Enter the last day of the period as a date'),
};

export interface BlockPeriod {
  from: string;
  to: string;
}

/**
 * The period a block covers (YYYY-MM-DD, both days included): as chosen, else the three months up
 * to the meeting, or up to the as-at date when the paper is written before the meeting.
 */
export function blockPeriod(ctx: BlockContext, chosen: { from?: string; to?: string }): BlockPeriod {
  const meetingDay = isoDate(ctx.meeting.startsAt);
  const asAtDay = isoDate(ctx.asAt);
  const to = chosen.to ?? (asAtDay < meetingDay ? asAtDay : meetingDay);
  const start = new Date(`${to}T12:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - 3);
  start.setUTCDate(start.getUTCDate() + 1);
  return { from: chosen.from ?? start.toISOString().slice(0, 10), to };
}

/** "1 January 2026 to 31 March 2026", as a block's sentences name its period. */
export const periodWords = (period: BlockPeriod) => `${formatDate(period.from)} to ${formatDate(period.to)}`;
