import { pgTable, serial, text, timestamp, integer, date, index, unique } from 'drizzle-orm/pg-core';
import { groups } from '../groups/groups.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export const ATTENDANCE = ['present', 'apologies', 'absent'] as const;
export const DECISIONS = ['noted', 'approved', 'approved_with_amendments', 'deferred'] as const;

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
    recommendation: text('recommendation'),
    minute: text('minute'),
    decision: text('decision', { enum: DECISIONS }),
  },
  (t) => [index('agenda_items_meeting_idx').on(t.meetingId)],
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
