import { eq, sql } from 'drizzle-orm';
import type { TObject } from 'typebox';
import { Value } from 'typebox/value';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Queryable } from '../../db/client.ts';
import { ForbiddenError, FormError, NotFoundError } from '../../errors.ts';
import { formatDate, isoDate, label } from '../../views/filters.ts';
import type {
  AnyLiveBlock,
  Appendix,
  BlockContent,
  BlockContext,
  Paper,
  PaperItem,
  PaperSection,
} from '../../reports/paper.ts';
import { paperAgendaItem, recommendationsOfMeeting, type PaperAgendaItem } from '../meetings/index.ts';
import { liveBlock } from './papers.blocks.ts';
import { canReadPaper } from './papers.policy.ts';
import { papers, paperTemplates, paperVersions, type DraftItem, type TemplateSection } from './papers.tables.ts';

/*
 * A draft made into a Paper: the template's sections in its order, the author's paragraphs, each
 * live block built from live data for the reader, the meeting's recommendations for the item and
 * the appendices lettered A, B, C… This only reads; the draft is changed by the compose routes.
 * Issuing freezes the Paper this returns, so everything printed comes from here.
 */

/** What building a paper needs, read in three queries (two round trips). */
export interface LoadedPaper {
  paper: {
    id: number;
    subject: string;
    marking: Paper['header']['marking'];
    audience: 'everyone' | 'groups';
    status: (typeof papers.$inferSelect)['status'];
    draft: (typeof papers.$inferSelect)['draft'];
    revision: number;
    createdBy: number;
    withdrawnAt: Date | null;
  };
  template: { sections: TemplateSection[]; notForPublication: boolean; exemptParagraph: string | null };
  item: PaperAgendaItem;
  recommendations: Awaited<ReturnType<typeof recommendationsOfMeeting>>;
  /** How many versions have been issued: the draft is the next. */
  issuedVersions: number;
}

/** The paper, its template, agenda item, meeting and the item's recommendations; NotFoundError if any is missing. */
export async function loadPaper(db: Queryable, paperId: number): Promise<LoadedPaper> {
  const [row] = await db
    .select({
      paper: {
        id: papers.id,
        subject: papers.subject,
        marking: papers.marking,
        audience: papers.audience,
        status: papers.status,
        draft: papers.draft,
        revision: papers.revision,
        createdBy: papers.createdBy,
        withdrawnAt: papers.withdrawnAt,
        meetingId: papers.meetingId,
        agendaItemId: papers.agendaItemId,
      },
      template: {
        sections: paperTemplates.sections,
        notForPublication: paperTemplates.notForPublication,
        exemptParagraph: paperTemplates.exemptParagraph,
      },
      issuedVersions: sql<number>`(select count(*) from ${paperVersions} where ${paperVersions.paperId} = ${papers.id})::int`,
    })
    .from(papers)
    .innerJoin(paperTemplates, eq(paperTemplates.id, papers.templateId))
    .where(eq(papers.id, paperId));
  if (!row) throw new NotFoundError('paper');
  const { meetingId, agendaItemId, ...paper } = row.paper;
  const [item, recommendations] = await Promise.all([
    paperAgendaItem(db, agendaItemId),
    recommendationsOfMeeting(db, meetingId),
  ]);
  if (!item) throw new NotFoundError('paper');
  return {
    paper,
    template: row.template,
    item,
    recommendations: recommendations.filter((rec) => rec.agendaItemId === agendaItemId),
    issuedVersions: Number(row.issuedVersions),
  };
}

/** The paper loaded for a reader; one they may not read is as missing as one that does not exist. */
export async function readablePaper(db: Queryable, user: CurrentUser, paperId: number): Promise<LoadedPaper> {
  const loaded = await loadPaper(db, paperId);
  if (!canReadPaper(user, { createdBy: loaded.paper.createdBy, groupId: loaded.item.groupId }))
    throw new NotFoundError('paper');
  return loaded;
}

/** Who the paper is built for, and as at when (now, for a draft's preview). */
export interface BuildContext {
  db: Queryable;
  user: CurrentUser;
  asAt: Date;
}

type StoredBlock = { key: string; settings: Record<string, string> };

/**
 * The block's stored settings (strings, as its form sent them) checked against its schema, with
 * numbers converted; null when they no longer fit (the block's options changed since).
 */
function checkedSettings(block: AnyLiveBlock, stored: Record<string, string>): Record<string, unknown> | null {
  const schema = block.settings as TObject;
  const given = Object.fromEntries(Object.entries(stored).filter(([, value]) => value !== ''));
  // Block settings are form schemas: the CSRF field is the form's, never stored with the draft.
  const withToken = '_csrf' in schema.properties ? { _csrf: '', ...given } : given;
  const values = Value.Convert(schema, withToken);
  if (!Value.Check(schema, values)) return null;
  const { _csrf, ...settings } = values as Record<string, unknown>;
  return settings;
}

/** Why a block is left out, in words for the paper's reader, or rethrown when it is a fault. */
function leftOutBecause(error: unknown): string {
  if (error instanceof ForbiddenError) return 'you may not see what it shows';
  if (error instanceof NotFoundError) return 'what it shows is no longer in the Hub';
  // A setting the block refuses as it builds (a period that ends before it starts).
  if (error instanceof FormError) return 'its settings are no longer valid';
  throw error;
}

type Built = { ok: true; content: BlockContent } | { ok: false; placeholder: string };

/**
 * One live block, built for the reader. A block no module offers any more, settings that no
 * longer fit, or content the reader may not see become a placeholder naming the block: never its
 * content, and never an error page for the whole paper.
 */
async function buildBlock(ctx: BlockContext, stored: StoredBlock): Promise<Built> {
  const block = liveBlock(stored.key);
  const placeholder = (name: string, why: string): Built => ({
    ok: false,
    placeholder: `[The live block "${name}" is left out: ${why}.]`,
  });
  if (!block) return placeholder(stored.key, 'no part of the Hub offers it any more');
  const settings = checkedSettings(block, stored.settings);
  if (settings === null) return placeholder(block.title, 'its settings are no longer valid');
  try {
    return { ok: true, content: await block.build(ctx, settings) };
  } catch (error) {
    return placeholder(block.title, leftOutBecause(error));
  }
}

/** Every block of the draft (sections' and appendices'), built together, in a map by the stored item. */
async function buildBlocks(ctx: BlockContext, loaded: LoadedPaper): Promise<Map<StoredBlock, Built>> {
  const stored: StoredBlock[] = [
    ...Object.values(loaded.paper.draft.sections)
      .flatMap((section) => section.items ?? [])
      .filter((item): item is Extract<DraftItem, { kind: 'block' }> => item.kind === 'block'),
    ...loaded.paper.draft.appendices.flatMap((appendix) => (appendix.block ? [appendix.block] : [])),
  ];
  const built = await Promise.all(stored.map((block) => buildBlock(ctx, block)));
  return new Map(stored.map((block, i) => [block, built[i]!]));
}

const paperItem = (item: DraftItem, built: Map<StoredBlock, Built>): PaperItem => {
  if (item.kind === 'paragraph') return { kind: 'paragraph', text: item.text };
  const block = built.get(item)!;
  return block.ok ? { kind: 'block', block: block.content } : { kind: 'paragraph', text: block.placeholder };
};

/** "Approved with changes: the second project starts in April", or null while undecided. */
const decisionWords = (rec: LoadedPaper['recommendations'][number]) =>
  rec.decision ? `${label(rec.decision)}${rec.reason ? `: ${rec.reason}` : ''}` : null;

function section(template: TemplateSection, loaded: LoadedPaper, built: Map<StoredBlock, Built>): PaperSection {
  const written = loaded.paper.draft.sections[template.key] ?? {};
  const heading = template.heading;
  switch (template.kind) {
    case 'paragraphs':
      return { kind: 'paragraphs', heading, items: (written.items ?? []).map((item) => paperItem(item, built)) };
    case 'recommendations': {
      const intro = written.items?.find((item) => item.kind === 'paragraph');
      return {
        kind: 'recommendations',
        heading,
        intro: intro?.kind === 'paragraph' ? intro.text : 'It is recommended that:',
        recommendations: loaded.recommendations.map((rec) => ({
          number: rec.number,
          text: rec.text,
          decision: decisionWords(rec),
        })),
      };
    }
    case 'implications':
      return {
        kind: 'implications',
        heading,
        rows: (template.rows ?? []).map((row) => ({ heading: row, text: written.implications?.[row] ?? '' })),
      };
    case 'appendices':
      return { kind: 'appendices', heading };
    case 'background':
      return { kind: 'background', heading, papers: written.papers ?? [] };
    case 'contact':
      return { kind: 'contact', heading, contacts: written.contacts ?? [] };
  }
}

/** A, B, … Z, then AA, AB…: more than 26 appendices is unheard of, but must not print "[". */
export function appendixLetter(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : `${appendixLetter(Math.floor(index / 26) - 1)}${letter}`;
}

function appendices(loaded: LoadedPaper, built: Map<StoredBlock, Built>): Appendix[] {
  return loaded.paper.draft.appendices.map((appendix, i) => {
    const block = appendix.block ? built.get(appendix.block)! : null;
    const letter = appendixLetter(i);
    if (!block) return { letter, title: appendix.title, block: null };
    if (block.ok) return { letter, title: appendix.title, block: block.content };
    return { letter, title: `${appendix.title} ${block.placeholder}`, block: null };
  });
}

/**
 * The draft as a Paper for `ctx.user`, figures as at `ctx.asAt`. The header bears the marking the
 * author chose; `contentMarking` (src/reports/paper.ts) says whether what it embeds needs more.
 */
export async function buildPaper(ctx: BuildContext, loaded: LoadedPaper): Promise<Paper> {
  const { item, paper, template } = loaded;
  const blockContext: BlockContext = {
    ...ctx,
    meeting: { id: item.meetingId, groupId: item.groupId, startsAt: item.startsAt },
  };
  const built = await buildBlocks(blockContext, loaded);
  return {
    header: {
      body: item.groupName,
      reportOf: paper.draft.reportOf,
      subject: paper.subject,
      meetingDate: formatDate(item.startsAt),
      author: paper.draft.author,
      marking: paper.marking,
      agendaItem: item.position,
      exemptParagraph: template.notForPublication ? template.exemptParagraph : null,
    },
    sections: template.sections.map((s) => section(s, loaded, built)),
    appendices: appendices(loaded, built),
    version: loaded.issuedVersions + 1,
    asAt: isoDate(ctx.asAt),
  };
}
