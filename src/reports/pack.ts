import { higherMarking, type Paper, type PaperMarking } from './paper.ts';

/*
 * What a meeting's agenda pack is made of: the agenda (each item with its presenter and papers),
 * then each issued paper as it was frozen. The papers module gathers one for a reader; the HTML and
 * DOCX writers in this folder print one. A paper the reader may not read is in the pack only as an
 * entry saying so, never its title or content.
 */

export type PackEntry =
  /** An issued version, frozen; `number` is its place in the pack (1, 2…), for its anchor and bookmark. */
  { kind: 'paper'; number: number; paper: Paper } | { kind: 'restricted' };

export interface PackItem {
  /** The item's number on the agenda. */
  number: number;
  title: string;
  presenter: string | null;
  entries: PackEntry[];
}

export interface AgendaPack {
  meeting: {
    /** The body that meets ("Prevent Steering Group"). */
    body: string;
    /** As printed: "2 June 2009". */
    date: string;
    /** "10:00 to 12:00". */
    time: string;
    place: string | null;
  };
  items: PackItem[];
}

export const RESTRICTED_WORDS = 'Restricted — not included';

/** The pack's marking: the highest of the papers it includes (a restricted one is not in it). */
export function packMarking(pack: AgendaPack): PaperMarking {
  return packPapers(pack).reduce<PaperMarking>(
    (marking, { paper }) => higherMarking(marking, paper.header.marking),
    'OFFICIAL',
  );
}

/** The papers in the pack, in agenda order, each with the item it is under. */
export function packPapers(pack: AgendaPack): { item: PackItem; number: number; paper: Paper }[] {
  return pack.items.flatMap((item) =>
    item.entries.flatMap((entry) =>
      entry.kind === 'paper' ? [{ item, number: entry.number, paper: entry.paper }] : [],
    ),
  );
}

/**
 * What the agenda says of an item's papers: their subjects; "Verbal" for an item a presenter
 * speaks to without a paper; "No paper" for one with neither (apologies, any other business).
 */
export function agendaPaperWords(item: PackItem): string {
  if (item.entries.length === 0) return item.presenter ? 'Verbal' : 'No paper';
  return item.entries
    .map((entry) => (entry.kind === 'paper' ? entry.paper.header.subject : RESTRICTED_WORDS))
    .join('; ');
}
