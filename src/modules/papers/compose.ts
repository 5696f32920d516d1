import type { PaperContact } from '../../reports/paper.ts';
import { FormError } from '../../errors.ts';
import type { DraftItem, PaperDraft, TemplateSection } from './papers.tables.ts';

/*
 * What an author does to a draft, as pure changes: each takes the draft as saved and returns the
 * next one, so the service can refuse a change made on an older revision before applying it.
 * Nothing here reads the database or the clock.
 */

export type Move = 'up' | 'down';
export type ItemChange = { action: 'save'; text: string } | { action: Move | 'remove' };

type SectionDraft = PaperDraft['sections'][string];

/** The draft a new paper starts from: every section of its template, empty. */
export function emptyDraft(sections: TemplateSection[], author: string): PaperDraft {
  return {
    reportOf: '',
    author,
    sections: Object.fromEntries(sections.map((section) => [section.key, {}])),
    appendices: [],
  };
}

/** The template section an author names, or a form error (a stale or altered form). */
export function sectionOf(sections: TemplateSection[], key: string, kinds: TemplateSection['kind'][]) {
  const section = sections.find((s) => s.key === key && kinds.includes(s.kind));
  if (!section) throw new FormError('section', 'That section is not in this paper’s template any more');
  return section;
}

function withSection(draft: PaperDraft, key: string, change: (section: SectionDraft) => SectionDraft): PaperDraft {
  return { ...draft, sections: { ...draft.sections, [key]: change(draft.sections[key] ?? {}) } };
}

/** A list with one entry moved one place, or removed; the index must name an entry. */
export function changeEntry<T>(list: readonly T[], index: number, action: Move | 'remove', field = 'index'): T[] {
  if (index < 0 || index >= list.length) throw new FormError(field, 'That entry is no longer in the draft');
  const out = [...list];
  if (action === 'remove') {
    out.splice(index, 1);
    return out;
  }
  const to = action === 'up' ? index - 1 : index + 1;
  if (to < 0 || to >= out.length) return out;
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

export const addItem = (draft: PaperDraft, key: string, item: DraftItem): PaperDraft =>
  withSection(draft, key, (section) => ({ ...section, items: [...(section.items ?? []), item] }));

/** Saves a paragraph's new words, or moves or removes an item (a paragraph or a live block). */
export function changeItem(draft: PaperDraft, key: string, index: number, change: ItemChange): PaperDraft {
  return withSection(draft, key, (section) => {
    const items = section.items ?? [];
    if (change.action !== 'save') return { ...section, items: changeEntry(items, index, change.action) };
    if (items[index]?.kind !== 'paragraph') throw new FormError('index', 'That paragraph is no longer in the draft');
    return {
      ...section,
      items: items.map((item, i) => (i === index ? { kind: 'paragraph', text: change.text } : item)),
    };
  });
}

/** The implications table's texts, one per row of the template's section (empty rows left out). */
export function setImplications(draft: PaperDraft, section: TemplateSection, texts: string[]): PaperDraft {
  const rows = section.rows ?? [];
  const implications = Object.fromEntries(rows.flatMap((row, i) => (texts[i]?.trim() ? [[row, texts[i].trim()]] : [])));
  return withSection(draft, section.key, (s) => ({ ...s, implications }));
}

/** Background papers, one a line. */
export const setBackgroundPapers = (draft: PaperDraft, key: string, lines: string): PaperDraft =>
  withSection(draft, key, (s) => ({ ...s, papers: linesOf(lines) }));

export const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export const addContact = (draft: PaperDraft, key: string, contact: PaperContact): PaperDraft =>
  withSection(draft, key, (s) => ({ ...s, contacts: [...(s.contacts ?? []), contact] }));

export const changeContact = (draft: PaperDraft, key: string, index: number, action: Move | 'remove') =>
  withSection(draft, key, (s) => ({ ...s, contacts: changeEntry(s.contacts ?? [], index, action) }));

export const addAppendix = (draft: PaperDraft, appendix: PaperDraft['appendices'][number]): PaperDraft => ({
  ...draft,
  appendices: [...draft.appendices, appendix],
});

export const changeAppendix = (draft: PaperDraft, index: number, action: Move | 'remove'): PaperDraft => ({
  ...draft,
  appendices: changeEntry(draft.appendices, index, action),
});

// What changed between two drafts, in words, for an author whose save came too late.

/** A block as a line: its title, or its key if no module offers it any more. */
export type BlockTitle = (key: string) => string;

function sectionLines(section: TemplateSection, saved: SectionDraft | undefined, title: BlockTitle): string[] {
  const s = saved ?? {};
  const items = (s.items ?? []).map((item) =>
    item.kind === 'paragraph' ? item.text : `Live block: ${title(item.key)}`,
  );
  const implications = Object.entries(s.implications ?? {}).map(([row, text]) => `${row}: ${text}`);
  const contacts = (s.contacts ?? []).map((c) => [c.name, c.role, c.email, c.phone].filter(Boolean).join(', '));
  return [...items, ...implications, ...(s.papers ?? []), ...contacts];
}

export interface DraftChange {
  heading: string;
  /** As it was in the revision the author started from. */
  before: string[];
  /** As it is saved now. */
  now: string[];
}

/** The parts of the paper that differ between the author's starting revision and the saved one. */
export function draftChanges(
  before: PaperDraft & { subject: string },
  now: PaperDraft & { subject: string },
  sections: TemplateSection[],
  title: BlockTitle,
): DraftChange[] {
  const details = (d: typeof before) =>
    [`Subject: ${d.subject}`, `Report of: ${d.reportOf}`, `Author: ${d.author}`].filter((l) => !l.endsWith(': '));
  const appendices = (d: PaperDraft) =>
    d.appendices.map((a) => (a.block ? `Live block: ${title(a.block.key)}` : a.title));
  const parts: DraftChange[] = [
    { heading: 'The paper’s details', before: details(before), now: details(now) },
    ...sections.map((section) => ({
      heading: section.heading,
      before: sectionLines(section, before.sections[section.key], title),
      now: sectionLines(section, now.sections[section.key], title),
    })),
    { heading: 'Appendices', before: appendices(before), now: appendices(now) },
  ];
  return parts.filter((part) => part.before.join('\n') !== part.now.join('\n'));
}
