import { pgTable, serial, text, timestamp, integer, date, index, jsonb, unique } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { documents } from '../documents/documents.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { meetings } from '../meetings/meetings.tables.ts';
import { people } from '../organisations/organisations.tables.ts';
import { planActions } from '../plans/plans.tables.ts';

/*
 * Self-assessment against a framework (seed 001 §5): a framework is data (sections, criteria with
 * the evidence expected, a rating scale with the meaning of each level); an assessment is one
 * iteration of it for a body ("on behalf of Stockton Renaissance"), rated criterion by criterion;
 * peers' published ratings sit beside ours. Nothing is deleted: links are removed by date, peer
 * ratings withdrawn by date, and an agreed assessment stays as agreed.
 */

/** GOV.UK tag colours a scale level may wear. */
export const LEVEL_COLOURS = ['grey', 'red', 'orange', 'yellow', 'green', 'turquoise', 'blue', 'purple'] as const;
export type LevelColour = (typeof LEVEL_COLOURS)[number];

export const ASSESSMENT_STATUSES = ['draft', 'agreed'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const selfAssessmentFrameworks = pgTable('self_assessment_frameworks', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  years: text('years').notNull(),
  description: text('description'),
  /** A rating at or below this value is weak: it may become a delivery plan action. */
  weakUpTo: integer('weak_up_to').notNull(),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const selfAssessmentSections = pgTable(
  'self_assessment_sections',
  {
    id: serial('id').primaryKey(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => selfAssessmentFrameworks.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
  },
  (t) => [unique('self_assessment_sections_position').on(t.frameworkId, t.position)],
);

export const selfAssessmentCriteria = pgTable(
  'self_assessment_criteria',
  {
    id: serial('id').primaryKey(),
    sectionId: integer('section_id')
      .notNull()
      .references(() => selfAssessmentSections.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    evidenceExpected: text('evidence_expected'),
  },
  (t) => [unique('self_assessment_criteria_position').on(t.sectionId, t.position)],
);

/** One level of a framework's rating scale; a coordinator may rename it and reword its meaning. */
export const selfAssessmentLevels = pgTable(
  'self_assessment_levels',
  {
    id: serial('id').primaryKey(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => selfAssessmentFrameworks.id),
    value: integer('value').notNull(),
    name: text('name').notNull(),
    meaning: text('meaning').notNull(),
    colour: text('colour', { enum: LEVEL_COLOURS }).notNull().default('grey'),
  },
  (t) => [unique('self_assessment_levels_value').on(t.frameworkId, t.value)],
);

/** One iteration of a framework for one body. */
export const selfAssessments = pgTable(
  'self_assessments',
  {
    id: serial('id').primaryKey(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => selfAssessmentFrameworks.id),
    body: text('body').notNull(),
    title: text('title').notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    completedByPersonId: integer('completed_by_person_id').references(() => people.id),
    /** Its members may read it; it usually agrees it. */
    assessingGroupId: integer('assessing_group_id')
      .notNull()
      .references(() => groups.id),
    summary: text('summary'),
    status: text('status', { enum: ASSESSMENT_STATUSES }).notNull().default('draft'),
    agreedByGroupId: integer('agreed_by_group_id').references(() => groups.id),
    agreedAtMeetingId: integer('agreed_at_meeting_id').references(() => meetings.id),
    agreedAt: timestamp('agreed_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('self_assessments_framework_idx').on(t.frameworkId, t.body)],
);

export const selfAssessmentRatings = pgTable(
  'self_assessment_ratings',
  {
    id: serial('id').primaryKey(),
    assessmentId: integer('assessment_id')
      .notNull()
      .references(() => selfAssessments.id),
    criterionId: integer('criterion_id')
      .notNull()
      .references(() => selfAssessmentCriteria.id),
    value: integer('value'),
    evidence: text('evidence'),
    updatedBy: integer('updated_by').references(() => accounts.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('self_assessment_ratings_once').on(t.assessmentId, t.criterionId)],
);

/** A document or plan action offered as evidence for a criterion; removed by date, never deleted. */
export const selfAssessmentEvidence = pgTable(
  'self_assessment_evidence',
  {
    id: serial('id').primaryKey(),
    assessmentId: integer('assessment_id')
      .notNull()
      .references(() => selfAssessments.id),
    criterionId: integer('criterion_id')
      .notNull()
      .references(() => selfAssessmentCriteria.id),
    documentId: integer('document_id').references(() => documents.id),
    planActionId: integer('plan_action_id').references(() => planActions.id),
    addedBy: integer('added_by').references(() => accounts.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('self_assessment_evidence_assessment_idx').on(t.assessmentId)],
);

/** A peer partnership's published rating of one criterion. */
export const selfAssessmentPeerRatings = pgTable(
  'self_assessment_peer_ratings',
  {
    id: serial('id').primaryKey(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => selfAssessmentFrameworks.id),
    peer: text('peer').notNull(),
    year: integer('year').notNull(),
    criterionId: integer('criterion_id')
      .notNull()
      .references(() => selfAssessmentCriteria.id),
    value: integer('value').notNull(),
    source: text('source'),
    /** The spreadsheet it came from, when it was imported rather than typed in. */
    importId: integer('import_id').references(() => selfAssessmentPeerImports.id),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('self_assessment_peer_ratings_framework_idx').on(t.frameworkId, t.peer, t.year)],
);

/** A framework spreadsheet waiting for its preview to be confirmed; kept for the record once imported. */
export const selfAssessmentFrameworkImports = pgTable('self_assessment_framework_imports', {
  id: serial('id').primaryKey(),
  filename: text('filename').notNull(),
  /** The file as base64 text, read again for the preview and the confirmation. */
  file: text('file').notNull(),
  name: text('name').notNull(),
  years: text('years').notNull(),
  uploadedBy: integer('uploaded_by')
    .notNull()
    .references(() => accounts.id),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
  frameworkId: integer('framework_id').references(() => selfAssessmentFrameworks.id),
});

/**
 * A spreadsheet of a peer partnership's published ratings, its rows as read, waiting for its
 * preview to be confirmed; kept for the record once imported.
 */
export const selfAssessmentPeerImports = pgTable('self_assessment_peer_imports', {
  id: serial('id').primaryKey(),
  frameworkId: integer('framework_id')
    .notNull()
    .references(() => selfAssessmentFrameworks.id),
  filename: text('filename').notNull(),
  sheet: jsonb('sheet').$type<{ headers: string[]; rows: { number: number; cells: string[] }[] }>().notNull(),
  /** Which column fills which field: guessed from the headers, changed on the mapping page. */
  mapping: jsonb('mapping').$type<Record<string, string>>(),
  /** The year of rows whose file gives none. */
  year: integer('year'),
  source: text('source'),
  uploadedBy: integer('uploaded_by')
    .notNull()
    .references(() => accounts.id),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
});
