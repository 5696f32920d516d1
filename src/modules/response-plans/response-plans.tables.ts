import { pgTable, serial, text, timestamp, integer, date, index, primaryKey, unique } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { events } from '../events/events.tables.ts';
import { organisations } from '../organisations/organisations.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { planActions } from '../plans/plans.tables.ts';
import { incidents } from '../tension/tension.tables.ts';

/*
 * 14-day response plans (seed 002 §14–15): after an incident, partners track and respond to
 * community sentiment through positive messaging, vigils, high-visibility policing and multi-faith
 * events, day 0 to day 14. Plans start from a template (the national plan's headings, seeded by the
 * migration); nothing is deleted: a plan is extended or closed with its reason, and kept.
 */

export const ACTIVITY_STATUSES = ['planned', 'under_way', 'done', 'not_needed'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** How a plan came to close: at its end (with a summary), or early (with a reason and a summary). */
export const CLOSINGS = ['ended', 'closed_early'] as const;
export type Closing = (typeof CLOSINGS)[number];

/** The last day of a plan unless extended. */
export const PLAN_DAYS = 14;

export const responsePlanTemplates = pgTable('response_plan_templates', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

export const responsePlanTemplateActivities = pgTable(
  'response_plan_template_activities',
  {
    id: serial('id').primaryKey(),
    templateId: integer('template_id')
      .notNull()
      .references(() => responsePlanTemplates.id),
    position: integer('position').notNull(),
    heading: text('heading').notNull(),
    description: text('description').notNull(),
    day: integer('day').notNull(),
  },
  (t) => [index('response_plan_template_activities_template_idx').on(t.templateId)],
);

export const responsePlans = pgTable(
  'response_plans',
  {
    id: serial('id').primaryKey(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    title: text('title').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    // Day 14 unless extended; an extension moves it and is kept in response_plan_changes.
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    closing: text('closing', { enum: CLOSINGS }),
    summary: text('summary'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('response_plans_dates_idx').on(t.startsOn, t.endsOn),
    index('response_plans_incident_idx').on(t.incidentId),
  ],
);

export const responsePlanAreas = pgTable(
  'response_plan_areas',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => responsePlans.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
  },
  (t) => [primaryKey({ columns: [t.planId, t.areaId] })],
);

export const responsePlanActivities = pgTable(
  'response_plan_activities',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => responsePlans.id),
    heading: text('heading').notNull(),
    description: text('description').notNull(),
    leadOrganisationId: integer('lead_organisation_id').references(() => organisations.id),
    day: integer('day').notNull(),
    status: text('status', { enum: ACTIVITY_STATUSES }).notNull().default('planned'),
    // The delivery plan action this activity became, if a coordinator turned it into one.
    planActionId: integer('plan_action_id').references(() => planActions.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('response_plan_activities_plan_idx').on(t.planId, t.day)],
);

export const responsePlanCheckIns = pgTable(
  'response_plan_check_ins',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => responsePlans.id),
    on: date('on', { mode: 'string' }).notNull(),
    level: integer('level').notNull(),
    note: text('note').notNull(),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('response_plan_check_ins_plan_idx').on(t.planId, t.on)],
);

export const PLAN_CHANGE_KINDS = ['started', 'extended', 'closed_early', 'ended', 'areas_changed'] as const;

/** A plan's history: each extension and closing with its reason, who and when. */
export const responsePlanChanges = pgTable(
  'response_plan_changes',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => responsePlans.id),
    kind: text('kind', { enum: PLAN_CHANGE_KINDS }).notNull(),
    endsBefore: date('ends_before', { mode: 'string' }),
    endsAfter: date('ends_after', { mode: 'string' }),
    reason: text('reason'),
    changedBy: integer('changed_by').references(() => accounts.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('response_plan_changes_plan_idx').on(t.planId)],
);

/** Live events a coordinator linked to an incident: their approved questions join its sentiment record. */
export const responsePlanEvents = pgTable(
  'response_plan_events',
  {
    id: serial('id').primaryKey(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    linkedBy: integer('linked_by').references(() => accounts.id),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('response_plan_events_once').on(t.incidentId, t.eventId)],
);
