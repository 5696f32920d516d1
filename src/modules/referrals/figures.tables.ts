import {
  pgTable,
  serial,
  text,
  timestamp,
  integer,
  date,
  boolean,
  jsonb,
  index,
  uniqueIndex,
  unique,
  customType,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { accounts } from '../accounts/accounts.tables.ts';
import type { PeriodKind } from './categories.ts';

/*
 * Published referral figures (seed 004 §3, §7): aggregate tables the partnership imports, such as
 * the Home Office series "Individuals referred to and supported through the Prevent Programme",
 * regional or local figures and the partnership's own quarterly returns. Nothing is deleted: a later
 * release replaces a figure by pointing the earlier one at it (superseded_by), and the earlier keeps
 * its source. Geography kinds, measures, breakdowns and categories are the ids in categories.ts.
 */

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** What the user chose on the mapping page for a staged file; the import service reads it. */
export type FigureImportSettings = Record<string, unknown>;

/** What a committed import did, kept for the record and shown on its page. */
export interface FigureImportOutcome {
  added: number;
  revised: number;
  unchanged: number;
  /** Figures from an older release than the one already held: kept, already superseded. */
  older: number;
  noFigure: number;
}

/**
 * A published file waiting for its mapping and confirmation. Staging only: no figure is written until
 * a coordinator confirms, and a committed or abandoned import keeps its file for the record.
 */
export const referralFigureImports = pgTable('referral_figure_imports', {
  id: serial('id').primaryKey(),
  filename: text('filename').notNull(),
  file: bytea('file').notNull(),
  settings: jsonb('settings').$type<FigureImportSettings>(),
  uploadedBy: integer('uploaded_by')
    .notNull()
    .references(() => accounts.id),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
  outcome: jsonb('outcome').$type<FigureImportOutcome>(),
});

/**
 * One published figure. The current figures are those with superseded_by null; the statistics page
 * reads them directly. A figure with no breakdown is a total for its period, geography and measure.
 */
export const referralFigures = pgTable(
  'referral_figures',
  {
    id: serial('id').primaryKey(),
    periodKind: text('period_kind').$type<PeriodKind>().notNull(),
    /** "2017/18" or "2017/18 Q1" (categories.ts periods). */
    periodLabel: text('period_label').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    geographyKind: text('geography_kind').notNull(),
    /** "England and Wales", "East Midlands", "Leicestershire", "Leicester City"… */
    geography: text('geography').notNull(),
    measure: text('measure').notNull(),
    breakdown: text('breakdown'),
    category: text('category'),
    value: integer('value').notNull(),
    sourceTitle: text('source_title').notNull(),
    sourceUrl: text('source_url'),
    /** Who published it and when, as a board paper cites it: "Home Office, 14 December 2023". */
    release: text('release').notNull(),
    /** Orders releases: a figure from a later release replaces one from an earlier. */
    releaseDate: date('release_date').notNull(),
    /** The release says its figures are not comparable with earlier years: no change is computed across it. */
    notComparable: boolean('not_comparable').notNull().default(false),
    supersededBy: integer('superseded_by').references((): AnyPgColumn => referralFigures.id),
    importId: integer('import_id').references(() => referralFigureImports.id),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One current figure per period, geography, measure, breakdown and category; the statistics page
    // reads current figures by geography and measure over periods, which this index serves too.
    uniqueIndex('referral_figures_current')
      .on(
        t.geographyKind,
        t.geography,
        t.measure,
        t.periodStart,
        t.periodKind,
        sql`coalesce(${t.breakdown}, '')`,
        sql`coalesce(${t.category}, '')`,
      )
      .where(sql`${t.supersededBy} is null`),
    index('referral_figures_place_idx').on(t.geographyKind, t.geography, t.measure, t.periodStart),
    index('referral_figures_superseded_by_idx').on(t.supersededBy),
    index('referral_figures_import_idx').on(t.importId),
  ],
);

/**
 * How a published table's category names map to the Hub's categories, per breakdown ("Extreme
 * Right Wing" → extreme_right_wing; "Mixed, unstable or unclear" → conflicted). Coordinators edit it
 * from the import preview; names the Hub already knows are built in (figures.service.ts) and a row
 * here overrides them.
 */
export const referralCategoryNames = pgTable(
  'referral_category_names',
  {
    id: serial('id').primaryKey(),
    breakdown: text('breakdown').notNull(),
    /** The name as compared: lower case, spaces collapsed. */
    sourceKey: text('source_key').notNull(),
    /** The name as first seen in a file. */
    sourceName: text('source_name').notNull(),
    category: text('category').notNull(),
    updatedBy: integer('updated_by').references(() => accounts.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('referral_category_names_source').on(t.breakdown, t.sourceKey)],
);
