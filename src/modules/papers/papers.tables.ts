import { pgTable, serial, text, timestamp, integer, jsonb, boolean, index, unique } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { agendaItems, meetings } from '../meetings/meetings.tables.ts';
import { documents, documentFiles } from '../documents/documents.tables.ts';
import { PAPER_MARKINGS, type Paper, type PaperContact } from '../../reports/paper.ts';

/** A template's section: where it stands, its heading, and what the author is told to write there. */
export interface TemplateSection {
  key: string;
  kind: 'paragraphs' | 'recommendations' | 'implications' | 'appendices' | 'background' | 'contact';
  heading: string;
  guidance: string;
  /** The implications table's rows (Financial, Legal, Equality Impact Assessment…). */
  rows?: string[];
}

/** What an author has written in a draft: paragraphs of text and live blocks by key and settings. */
export type DraftItem =
  { kind: 'paragraph'; text: string } | { kind: 'block'; key: string; settings: Record<string, string> };

export interface PaperDraft {
  reportOf: string;
  author: string;
  /** Per template section key: its items, implication texts by row, background papers, contacts. */
  sections: Record<
    string,
    { items?: DraftItem[]; implications?: Record<string, string>; papers?: string[]; contacts?: PaperContact[] }
  >;
  appendices: { title: string; block: { key: string; settings: Record<string, string> } | null }[];
}

export const PAPER_STATUSES = ['draft', 'signed_off', 'issued'] as const;
export const MINUTES_STATUSES = ['draft', 'approved'] as const;

/*
 * Templates are data: the Hub ships one in the seeds' layout (shipped = true, never edited in
 * place); a coordinator copies one and edits the copy's order, headings and guidance.
 */
export const paperTemplates = pgTable('paper_templates', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  sections: jsonb('sections').$type<TemplateSection[]>().notNull(),
  // "Not for publication": papers from it carry the exempt-information paragraph.
  notForPublication: boolean('not_for_publication').notNull().default(false),
  exemptParagraph: text('exempt_paragraph'),
  shipped: boolean('shipped').notNull().default(false),
  basedOnId: integer('based_on_id'),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: integer('updated_by').references(() => accounts.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

/*
 * A paper for an agenda item. `revision` counts saves of the draft: a save names the revision it
 * was based on, and one based on an older revision is refused and shown what changed, so two
 * authors never silently overwrite each other. Every saved draft is kept in paper_drafts.
 */
export const papers = pgTable(
  'papers',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    agendaItemId: integer('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id),
    templateId: integer('template_id')
      .notNull()
      .references(() => paperTemplates.id),
    subject: text('subject').notNull(),
    marking: text('marking', { enum: PAPER_MARKINGS }).notNull().default('OFFICIAL'),
    // Issued papers become a document with this need-to-know: everyone, or the meeting's group only.
    audience: text('audience', { enum: ['everyone', 'groups'] })
      .notNull()
      .default('everyone'),
    status: text('status', { enum: PAPER_STATUSES }).notNull().default('draft'),
    draft: jsonb('draft').$type<PaperDraft>().notNull(),
    revision: integer('revision').notNull().default(1),
    approverAccountId: integer('approver_account_id').references(() => accounts.id),
    signedOffBy: integer('signed_off_by').references(() => accounts.id),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    documentId: integer('document_id').references(() => documents.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => accounts.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('papers_meeting_idx').on(t.meetingId), index('papers_agenda_item_idx').on(t.agendaItemId)],
);

/** Every saved revision of a draft, so nothing an author wrote is lost and a conflict can show what changed. */
export const paperDrafts = pgTable(
  'paper_drafts',
  {
    id: serial('id').primaryKey(),
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id),
    revision: integer('revision').notNull(),
    subject: text('subject').notNull(),
    draft: jsonb('draft').$type<PaperDraft>().notNull(),
    savedBy: integer('saved_by')
      .notNull()
      .references(() => accounts.id),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('paper_drafts_revision').on(t.paperId, t.revision)],
);

/*
 * An issued version: the paper built and frozen (figures as they were, with their "as at" date),
 * and the DOCX stored in the document library. Printing `paper` again gives the same document.
 */
export const paperVersions = pgTable(
  'paper_versions',
  {
    id: serial('id').primaryKey(),
    paperId: integer('paper_id')
      .notNull()
      .references(() => papers.id),
    version: integer('version').notNull(),
    paper: jsonb('paper').$type<Paper>().notNull(),
    marking: text('marking', { enum: PAPER_MARKINGS }).notNull(),
    asAt: timestamp('as_at', { withTimezone: true }).notNull(),
    signedOffBy: integer('signed_off_by')
      .notNull()
      .references(() => accounts.id),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }).notNull(),
    issuedBy: integer('issued_by')
      .notNull()
      .references(() => accounts.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    documentFileId: integer('document_file_id').references(() => documentFiles.id),
  },
  (t) => [unique('paper_versions_version').on(t.paperId, t.version)],
);

/** Papers are due a number of working days before a group's meetings (default 7). */
export const groupPaperSettings = pgTable('group_paper_settings', {
  groupId: integer('group_id')
    .primaryKey()
    .references(() => groups.id),
  dueWorkingDays: integer('due_working_days').notNull().default(7),
  updatedBy: integer('updated_by').references(() => accounts.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A meeting's minutes: draft until approved at a later meeting of the group. */
export const meetingMinutes = pgTable('meeting_minutes', {
  meetingId: integer('meeting_id')
    .primaryKey()
    .references(() => meetings.id),
  status: text('status', { enum: MINUTES_STATUSES }).notNull().default('draft'),
  approvedAtMeetingId: integer('approved_at_meeting_id').references(() => meetings.id),
  approvedBy: integer('approved_by').references(() => accounts.id),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
});
