import { pgTable, serial, text, timestamp, integer, date, jsonb, index } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { documents } from '../documents/documents.tables.ts';
import { organisations } from '../organisations/organisations.tables.ts';

/*
 * Resources the partnership offers its organisations (the "Trust your Instincts" DVD, leaflets,
 * e-learning, lesson plans) and the record of their use, so a board can see who has used one
 * and who has not yet (seed 001 §6 and recommendation 2). Nothing is deleted: a resource is
 * withdrawn and stays on record; a use once recorded stays.
 */

export const RESOURCE_FORMATS = ['dvd', 'leaflet', 'e_learning', 'lesson_plan', 'video', 'other'] as const;
export type ResourceFormat = (typeof RESOURCE_FORMATS)[number];
export const RESOURCE_STATUSES = ['active', 'withdrawn'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
/** A use typed in by an organisation, or e-learning completions read from a spreadsheet. */
export const USE_SOURCES = ['recorded', 'imported'] as const;

export const resources = pgTable('resources', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  description: text('description'),
  /** Who it is for, in the words the events module uses for audiences reached. */
  audiences: jsonb('audiences').$type<string[]>().notNull().default([]),
  format: text('format', { enum: RESOURCE_FORMATS }).notNull(),
  /** Where to find it: a web address, or a page of the Hub's library ("/documents/12"). */
  link: text('link'),
  /** Its file (a DVD's leaflet, a lesson plan), kept in the library: each upload a new version. */
  documentId: integer('document_id').references(() => documents.id),
  ownerOrganisationId: integer('owner_organisation_id').references(() => organisations.id),
  reviewOn: date('review_on', { mode: 'string' }),
  status: text('status', { enum: RESOURCE_STATUSES }).notNull().default('active'),
  withdrawnReason: text('withdrawn_reason'),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  withdrawnBy: integer('withdrawn_by').references(() => accounts.id),
  createdBy: integer('created_by')
    .notNull()
    .references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: integer('updated_by').references(() => accounts.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
});

/** A staged spreadsheet of e-learning completions: its rows as read, until a coordinator confirms them. */
export const resourceCompletionImports = pgTable('resource_completion_imports', {
  id: serial('id').primaryKey(),
  resourceId: integer('resource_id')
    .notNull()
    .references(() => resources.id),
  filename: text('filename').notNull(),
  sheet: jsonb('sheet').$type<{ headers: string[]; rows: { number: number; cells: string[] }[] }>().notNull(),
  uploadedBy: integer('uploaded_by')
    .notNull()
    .references(() => accounts.id),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
  committedUses: integer('committed_uses'),
});

/** One use of a resource by an organisation: "shown at team briefing, 40 staff". */
export const resourceUses = pgTable(
  'resource_uses',
  {
    id: serial('id').primaryKey(),
    resourceId: integer('resource_id')
      .notNull()
      .references(() => resources.id),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    usedOn: date('used_on', { mode: 'string' }).notNull(),
    /** A period the figure covers when it is not one day ("2009/10"), as the spreadsheet wrote it. */
    period: text('period'),
    howUsed: text('how_used').notNull(),
    peopleReached: integer('people_reached').notNull(),
    source: text('source', { enum: USE_SOURCES }).notNull().default('recorded'),
    importId: integer('import_id').references(() => resourceCompletionImports.id),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('resource_uses_resource_idx').on(t.resourceId, t.organisationId)],
);
