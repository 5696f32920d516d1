import {
  pgTable,
  serial,
  text,
  timestamp,
  integer,
  date,
  index,
  primaryKey,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { groups } from '../groups/groups.tables.ts';

/*
 * Community tension (seed 002 §5–9, §14–16): the incidents that trigger a response, the communities
 * they affect, and the tension reports partners send per area and period. Nothing is deleted:
 * incidents and communities are archived, reports withdrawn and kept.
 */

export const INCIDENT_SCOPES = ['national', 'regional', 'local'] as const;
export type IncidentScope = (typeof INCIDENT_SCOPES)[number];

export const COMMUNITY_KINDS = ['place', 'faith', 'ethnicity', 'age', 'interest'] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];

/** The police tension-monitoring terms for how sure a report is of an indicator. */
export const INDICATOR_CERTAINTIES = ['evidenced', 'experienced', 'potential'] as const;
export type IndicatorCertainty = (typeof INDICATOR_CERTAINTIES)[number];

/** Weekly periods start on a Monday; daily ones while a 14-day plan is in force in the area. */
export const REPORT_PERIODS = ['weekly', 'daily'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export const incidents = pgTable(
  'incidents',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    scope: text('scope', { enum: INCIDENT_SCOPES }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    sourceUrl: text('source_url'),
    // A national incident is recorded once; each partnership's local record of it points at it.
    localisedFromId: integer('localised_from_id').references((): AnyPgColumn => incidents.id),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('incidents_occurred_idx').on(t.occurredOn), index('incidents_localised_idx').on(t.localisedFromId)],
);

export const incidentAreas = pgTable(
  'incident_areas',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.areaId] })],
);

/** The editable list of communities an incident may affect. */
export const communities = pgTable('communities', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: COMMUNITY_KINDS }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

export const incidentCommunities = pgTable(
  'incident_communities',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.communityId] })],
);

/** The groups named on an incident: with coordinators, the only people who see its plans and assessments. */
export const incidentGroups = pgTable(
  'incident_groups',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.groupId] }), index('incident_groups_group_idx').on(t.groupId)],
);

/** The editable list of what partners may have observed (hate incidents, graffiti, protest planned…). */
export const tensionIndicators = pgTable('tension_indicators', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

export const tensionReports = pgTable(
  'tension_reports',
  {
    id: serial('id').primaryKey(),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    period: text('period', { enum: REPORT_PERIODS }).notNull(),
    // The first and last day of the period, both included.
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    level: integer('level').notNull(),
    summary: text('summary').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // Withdrawn by its author: kept, and shown as withdrawn.
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('tension_reports_area_period_idx').on(t.areaId, t.periodStart)],
);

export const tensionReportIndicators = pgTable(
  'tension_report_indicators',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => tensionReports.id),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => tensionIndicators.id),
    certainty: text('certainty', { enum: INDICATOR_CERTAINTIES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.indicatorId] })],
);

/**
 * Which groups' members see tension reports (with coordinators). No row yet: the Prevent Steering
 * Group and the Community Reference Group, found by their kind.
 */
export const tensionSettings = pgTable('tension_settings', {
  id: integer('id').primaryKey().default(1),
  readerGroupIds: integer('reader_group_ids').array().notNull(),
  changedBy: integer('changed_by').references(() => accounts.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});
