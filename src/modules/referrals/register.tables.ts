import { pgTable, serial, text, timestamp, integer, date, index } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { meetings } from '../meetings/meetings.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';

/**
 * Where a referral stands on the Channel journey. A case leaves before the panel (screened out),
 * after the panel's decision (not adopted) or after its support ends (an adopted case); adopted
 * cases are then reviewed 6 and 12 months after they exit.
 */
export const REGISTER_STAGES = [
  'referred',
  'screening',
  'assessment',
  'panel',
  'adopted',
  'exited',
  'review_6',
  'review_12',
] as const;
export type RegisterStage = (typeof REGISTER_STAGES)[number];

/** How a referral ended: adopted as a Channel case, signposted to other services, or no further action. */
export const REGISTER_OUTCOMES = ['adopted', 'signposted', 'no_further_action'] as const;
export type RegisterOutcome = (typeof REGISTER_OUTCOMES)[number];

/**
 * The partnership's own register: pseudonymised on purpose. There is no column for a name, a date
 * of birth, an address or anything else that identifies a person; the reference is the Hub's own.
 * The statistical columns (received_on … exited_on) are what the partnership's figures count.
 */
export const referrals = pgTable(
  'referrals',
  {
    id: serial('id').primaryKey(),
    reference: text('reference').notNull().unique(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    referringSector: text('referring_sector').notNull(),
    // The area's name as recorded; area_id when it was chosen from the partnership's own list.
    area: text('area').notNull(),
    areaId: integer('area_id').references(() => areas.id),
    concern: text('concern').notNull(),
    ageBand: text('age_band').notNull(),
    gender: text('gender'),
    stage: text('stage', { enum: REGISTER_STAGES }).notNull().default('referred'),
    outcome: text('outcome', { enum: REGISTER_OUTCOMES }),
    notes: text('notes'),
    screeningOn: date('screening_on', { mode: 'string' }),
    assessmentOn: date('assessment_on', { mode: 'string' }),
    panelOn: date('panel_on', { mode: 'string' }),
    adoptedOn: date('adopted_on', { mode: 'string' }),
    exitedOn: date('exited_on', { mode: 'string' }),
    review6On: date('review_6_on', { mode: 'string' }),
    review12On: date('review_12_on', { mode: 'string' }),
    // An adopted case's support: cleared when the retention period ends.
    supportPlan: text('support_plan'),
    consentOn: date('consent_on', { mode: 'string' }),
    interventionProvider: text('intervention_provider'),
    // Set when the retention period ended and the case was reduced to its statistical fields.
    reducedAt: timestamp('reduced_at', { withTimezone: true }),
    createdBy: integer('created_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('referrals_received_idx').on(t.receivedOn), index('referrals_exited_idx').on(t.exitedOn)],
);

/** The journey: one row per stage reached (or review held). Never updated except to clear details at retention. */
export const referralStages = pgTable(
  'referral_stages',
  {
    id: serial('id').primaryKey(),
    referralId: integer('referral_id')
      .notNull()
      .references(() => referrals.id),
    stage: text('stage', { enum: REGISTER_STAGES }).notNull(),
    happenedOn: date('happened_on', { mode: 'string' }).notNull(),
    details: text('details'),
    // The Channel panel meeting at which the case was discussed.
    meetingId: integer('meeting_id').references(() => meetings.id),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('referral_stages_referral_idx').on(t.referralId), index('referral_stages_meeting_idx').on(t.meetingId)],
);

/** A correction to a recorded field: what it said, what it says now, who changed it and when. */
export const referralCorrections = pgTable(
  'referral_corrections',
  {
    id: serial('id').primaryKey(),
    referralId: integer('referral_id')
      .notNull()
      .references(() => referrals.id),
    field: text('field').notNull(),
    before: text('before'),
    after: text('after'),
    correctedBy: integer('corrected_by')
      .notNull()
      .references(() => accounts.id),
    correctedAt: timestamp('corrected_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('referral_corrections_referral_idx').on(t.referralId)],
);

/** People an administrator names as needing to know the register. Removal ends a row; rows stay. */
export const registerAccess = pgTable(
  'register_access',
  {
    id: serial('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    addedBy: integer('added_by')
      .notNull()
      .references(() => accounts.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    removedBy: integer('removed_by').references(() => accounts.id),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('register_access_account_idx').on(t.accountId)],
);

/** The register's one settings row (id 1): how long a case keeps its details after exit. */
export const registerSettings = pgTable('register_settings', {
  id: integer('id').primaryKey().default(1),
  retentionYears: integer('retention_years').notNull().default(6),
  updatedBy: integer('updated_by').references(() => accounts.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
