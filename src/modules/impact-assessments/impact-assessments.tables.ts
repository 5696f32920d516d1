import { pgTable, serial, text, timestamp, integer, date, index, primaryKey, jsonb } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { agendaItems } from '../meetings/meetings.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';
import { planActions } from '../plans/plans.tables.ts';
import { incidents } from '../tension/tension.tables.ts';

/*
 * Community Impact Assessments (seed 002 §16): for an incident or a decision, the communities
 * affected, the perceptions and risks to community confidence, and the actions that mitigate them.
 * Each review freezes a version. Nothing is deleted: assessments are closed, actions withdrawn.
 */

export const MITIGATION_STATUSES = ['not_started', 'in_progress', 'done', 'withdrawn'] as const;
export type MitigationStatus = (typeof MITIGATION_STATUSES)[number];

export const impactAssessments = pgTable(
  'impact_assessments',
  {
    id: serial('id').primaryKey(),
    // One of the two: the incident assessed, or a decision (its title, and the agenda item it was taken under).
    incidentId: integer('incident_id').references(() => incidents.id),
    decisionTitle: text('decision_title'),
    decisionAgendaItemId: integer('decision_agenda_item_id').references(() => agendaItems.id),
    communitiesAffected: text('communities_affected').notNull().default(''),
    perceptions: text('perceptions').notNull().default(''),
    risks: text('risks').notNull().default(''),
    reviewOn: date('review_on', { mode: 'string' }).notNull(),
    ownerPersonId: integer('owner_person_id')
      .notNull()
      .references(() => people.id),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedReason: text('closed_reason'),
  },
  (t) => [
    index('impact_assessments_incident_idx').on(t.incidentId),
    index('impact_assessments_owner_idx').on(t.ownerPersonId),
  ],
);

/** A decision's assessment names its own groups: with coordinators, the only people who see it. */
export const impactAssessmentGroups = pgTable(
  'impact_assessment_groups',
  {
    assessmentId: integer('assessment_id')
      .notNull()
      .references(() => impactAssessments.id),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.groupId] })],
);

export const mitigatingActions = pgTable(
  'impact_assessment_actions',
  {
    id: serial('id').primaryKey(),
    assessmentId: integer('assessment_id')
      .notNull()
      .references(() => impactAssessments.id),
    description: text('description').notNull(),
    // The owner: a person, an organisation, or both.
    ownerPersonId: integer('owner_person_id').references(() => people.id),
    ownerOrganisationId: integer('owner_organisation_id').references(() => organisations.id),
    dueOn: date('due_on', { mode: 'string' }),
    status: text('status', { enum: MITIGATION_STATUSES }).notNull().default('not_started'),
    planActionId: integer('plan_action_id').references(() => planActions.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('impact_assessment_actions_assessment_idx').on(t.assessmentId)],
);

/** Each review freezes the whole assessment as it then stood. */
export const impactAssessmentVersions = pgTable(
  'impact_assessment_versions',
  {
    id: serial('id').primaryKey(),
    assessmentId: integer('assessment_id')
      .notNull()
      .references(() => impactAssessments.id),
    number: integer('number').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    whatChanged: text('what_changed').notNull(),
    reviewedBy: integer('reviewed_by').references(() => accounts.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('impact_assessment_versions_assessment_idx').on(t.assessmentId, t.number)],
);
