import {
  pgTable,
  serial,
  text,
  timestamp,
  integer,
  date,
  boolean,
  index,
  unique,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';

/*
 * The national terrorism threat level (seed 004 §3) and the disrupted late-stage attack plots a
 * board paper quotes beside it. Nothing is deleted or changed: a correction is a new row naming
 * the row it corrects (`corrects_id`), so the earlier record stays with who replaced it and when.
 * The published history since August 2006 ships with the Hub (a migration of INSERTs made from threat-levels.csv).
 */

/** Lowest first: the order of the chart's level axis. */
export const THREAT_LEVELS = ['LOW', 'MODERATE', 'SUBSTANTIAL', 'SEVERE', 'CRITICAL'] as const;
export type ThreatLevel = (typeof THREAT_LEVELS)[number];
/** Until 23 July 2019 the level covered international terrorism only; since then, all forms. */
export const THREAT_SCOPES = ['international_terrorism', 'all_forms_of_terrorism'] as const;
export type ThreatScope = (typeof THREAT_SCOPES)[number];
/** Shipped with the Hub from MI5's published history, or recorded by a coordinator. */
export const PROVENANCES = ['published', 'recorded'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export const threatLevelChanges = pgTable(
  'threat_level_changes',
  {
    id: serial('id').primaryKey(),
    inForceFrom: date('in_force_from', { mode: 'string' }).notNull(),
    level: text('level', { enum: THREAT_LEVELS }).notNull(),
    scope: text('scope', { enum: THREAT_SCOPES }).notNull(),
    note: text('note'),
    provenance: text('provenance', { enum: PROVENANCES }).notNull().default('recorded'),
    // A row taken from news coverage rather than MI5's own page, until someone checks it there.
    toConfirm: boolean('to_confirm').notNull().default(false),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    correctsId: integer('corrects_id').references((): AnyPgColumn => threatLevelChanges.id),
  },
  (t) => [
    index('threat_level_changes_from_idx').on(t.inForceFrom),
    unique('threat_level_changes_corrects_once').on(t.correctsId),
  ],
);

export const PLOT_IDEOLOGIES = ['islamist', 'extreme_right_wing', 'left_wing_anarchist_single_issue', 'other'] as const;
export type PlotIdeology = (typeof PLOT_IDEOLOGIES)[number];

export const disruptedPlots = pgTable(
  'disrupted_plots',
  {
    id: serial('id').primaryKey(),
    // As the source words it ("the past 2 years", "March 2017 to March 2019"); the dates when it gives them.
    periodLabel: text('period_label').notNull(),
    periodFrom: date('period_from', { mode: 'string' }),
    periodTo: date('period_to', { mode: 'string' }),
    ideology: text('ideology', { enum: PLOT_IDEOLOGIES }).notNull(),
    plots: integer('plots').notNull(),
    source: text('source').notNull(),
    publishedOn: date('published_on', { mode: 'string' }),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    correctsId: integer('corrects_id').references((): AnyPgColumn => disruptedPlots.id),
  },
  (t) => [unique('disrupted_plots_corrects_once').on(t.correctsId)],
);
