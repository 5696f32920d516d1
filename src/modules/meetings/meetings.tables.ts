import { pgTable, serial, text, timestamp, integer, date, index, unique } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export const ATTENDANCE = ['present', 'apologies', 'absent'] as const;
/** What a meeting decides on a recommendation; "declined" always carries its reason. */
export const RECOMMENDATION_DECISIONS = ['noted', 'approved', 'approved_with_changes', 'declined', 'deferred'] as const;
export type RecommendationDecision = (typeof RECOMMENDATION_DECISIONS)[number];

export const meetings = pgTable(
  'meetings',
  {
    id: serial('id').primaryKey(),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    location: text('location'),
    status: text('status', { enum: MEETING_STATUSES }).notNull().default('scheduled'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meetings_group_starts_idx').on(t.groupId, t.startsAt)],
);

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    presenterPersonId: integer('presenter_person_id').references(() => people.id),
    // The paper is a document (documents module); kept as a plain id to avoid a cycle between modules.
    paperDocumentId: integer('paper_document_id'),
    minute: text('minute'),
  },
  (t) => [index('agenda_items_meeting_idx').on(t.meetingId)],
);

/*
 * A meeting's recommendations, numbered 1, 2, 3… per meeting as papers number them. Each may
 * stand under an agenda item or on the meeting itself, and may name the thing decided on (a
 * funding proposal…). Undecided while `decision` is null; withdrawn ones are kept.
 */
export const meetingRecommendations = pgTable(
  'meeting_recommendations',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    agendaItemId: integer('agenda_item_id').references(() => agendaItems.id),
    number: integer('number').notNull(),
    text: text('text').notNull(),
    decision: text('decision', { enum: RECOMMENDATION_DECISIONS }),
    reason: text('reason'),
    subjectType: text('subject_type'),
    subjectId: integer('subject_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: integer('decided_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => accounts.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    unique('meeting_recommendations_number').on(t.meetingId, t.number),
    index('meeting_recommendations_item_idx').on(t.agendaItemId),
    index('meeting_recommendations_subject_idx').on(t.subjectType, t.subjectId),
  ],
);

export const actionsArising = pgTable(
  'actions_arising',
  {
    id: serial('id').primaryKey(),
    agendaItemId: integer('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id),
    description: text('description').notNull(),
    ownerPersonId: integer('owner_person_id').references(() => people.id),
    dueOn: date('due_on', { mode: 'string' }),
    completedOn: date('completed_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('actions_arising_item_idx').on(t.agendaItemId)],
);

export const attendance = pgTable(
  'attendance',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    // Recorded as at the meeting: people change organisation, the record should not.
    organisationId: integer('organisation_id').references(() => organisations.id),
    status: text('status', { enum: ATTENDANCE }).notNull(),
  },
  (t) => [unique('attendance_meeting_person').on(t.meetingId, t.personId)],
);
