import { pgTable, serial, text, timestamp, integer, date, boolean, index, unique } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { events } from '../events/events.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';

/*
 * Training (seed 003, seed 004 §3): courses, the sessions that deliver them, who attended from which
 * organisation, feedback, Prevent Champions (people trained as trainers) and requests for training.
 * Nothing is deleted: sessions are cancelled, requests declined, Champions' records ended.
 */

export const COURSE_KINDS = [
  'prevent_awareness',
  'wrap_workshop',
  'home_office_elearning',
  'train_the_trainer',
  'other',
] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

export const trainingCourses = pgTable('training_courses', {
  id: serial('id').primaryKey(),
  title: text('title').notNull().unique(),
  kind: text('kind', { enum: COURSE_KINDS }).notNull(),
  description: text('description'),
  // Sessions of a course that trains trainers make their named attendees Prevent Champions.
  trainsTrainers: boolean('trains_trainers').notNull().default(false),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const REQUEST_STATUSES = ['open', 'scheduled', 'declined'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** Asked by a signed-in member, or by a delegate at a live event where the coordinator offered the form. */
export const REQUEST_SOURCES = ['member', 'live_event'] as const;

export const trainingRequests = pgTable(
  'training_requests',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').references(() => organisations.id),
    // As a delegate typed it: a live-event request names its organisation in words.
    organisationText: text('organisation_text'),
    topic: text('topic').notNull(),
    audience: text('audience').notNull(),
    numbers: integer('numbers').notNull(),
    preferredDates: text('preferred_dates'),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone'),
    source: text('source', { enum: REQUEST_SOURCES }).notNull(),
    // The event whose offer it came through: never the delegate who sent it.
    eventId: integer('event_id').references(() => events.id),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('open'),
    declineReason: text('decline_reason'),
    requestedBy: integer('requested_by').references(() => accounts.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('training_requests_status_idx').on(t.status)],
);

export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: serial('id').primaryKey(),
    courseId: integer('course_id')
      .notNull()
      .references(() => trainingCourses.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    // A person in the Hub (a Champion or the coordinator), or a trainer from outside named in words.
    trainerPersonId: integer('trainer_person_id').references(() => people.id),
    externalTrainer: text('external_trainer'),
    capacity: integer('capacity').notNull(),
    status: text('status', { enum: SESSION_STATUSES }).notNull().default('scheduled'),
    cancelReason: text('cancel_reason'),
    requestId: integer('request_id').references(() => trainingRequests.id),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    cancelledBy: integer('cancelled_by').references(() => accounts.id),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('training_sessions_held_idx').on(t.heldOn),
    index('training_sessions_trainer_idx').on(t.trainerPersonId),
  ],
);

/** Attendance by organisation: a number of staff, or one named person in the Hub (staff = 1). */
export const trainingAttendance = pgTable(
  'training_attendance',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    personId: integer('person_id').references(() => people.id),
    staff: integer('staff').notNull(),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('training_attendance_session_idx').on(t.sessionId),
    unique('training_attendance_person_once').on(t.sessionId, t.personId),
  ],
);

/** Feedback as collected on paper or online: how many gave each score from 1 to 5. */
export const trainingFeedback = pgTable(
  'training_feedback',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    score: integer('score').notNull(),
    responses: integer('responses').notNull(),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('training_feedback_session_idx').on(t.sessionId)],
);

/** Prevent Champions: people trained as trainers, by their attendance at a Train the Trainer session or directly. */
export const preventChampions = pgTable('prevent_champions', {
  id: serial('id').primaryKey(),
  personId: integer('person_id')
    .notNull()
    .unique()
    .references(() => people.id),
  organisationId: integer('organisation_id').references(() => organisations.id),
  trainedOn: date('trained_on', { mode: 'string' }).notNull(),
  trainedAtSessionId: integer('trained_at_session_id').references(() => trainingSessions.id),
  recordedBy: integer('recorded_by').references(() => accounts.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Staff each organisation aims to have trained, entered by coordinators. */
export const trainingTargets = pgTable('training_targets', {
  organisationId: integer('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  staff: integer('staff').notNull(),
  setBy: integer('set_by').references(() => accounts.id),
  setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Events where delegates are offered the training request form; ended, never deleted. */
export const trainingEventOffers = pgTable('training_event_offers', {
  eventId: integer('event_id')
    .primaryKey()
    .references(() => events.id),
  offeredBy: integer('offered_by').references(() => accounts.id),
  offeredAt: timestamp('offered_at', { withTimezone: true }).notNull().defaultNow(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
});
