import {
  pgTable,
  serial,
  text,
  timestamp,
  integer,
  boolean,
  date,
  index,
  primaryKey,
  unique,
} from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { meetings } from '../meetings/meetings.tables.ts';
import { plans } from '../plans/plans.tables.ts';

/*
 * Live, anonymous engagement at events and workshops (the "10kv" system).
 * Anonymity is structural: a delegate is a random token scoped to one event, and no table
 * here has a column for an IP address, a user agent or an account of a delegate.
 */

export const EVENT_KINDS = ['conference', 'awareness_event', 'community_forum', 'workshop', 'qa_panel'] as const;
export const EVENT_STATUSES = ['draft', 'open', 'closed'] as const;
export const EVENT_AUDIENCES = [
  'councillors',
  'young_people',
  'women',
  'faith_communities',
  'schools',
  'non_school_youth_settings',
  'frontline_staff',
  'public',
] as const;
export type EventAudience = (typeof EVENT_AUDIENCES)[number];

export const events = pgTable('events', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  kind: text('kind', { enum: EVENT_KINDS }).notNull(),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  venue: text('venue'),
  meetingId: integer('meeting_id').references(() => meetings.id),
  // Seam for delivery plans: items from the event become consultation suggestions on this plan.
  planId: integer('plan_id').references(() => plans.id),
  status: text('status', { enum: EVENT_STATUSES }).notNull().default('draft'),
  // Short code delegates type; unique among all events, kept after closing so links stay valid.
  joinCode: text('join_code').notNull().unique(),
  premoderation: boolean('premoderation').notNull().default(true),
  submissionsOpen: boolean('submissions_open').notNull().default(true),
  // Words that send an item to moderation even when pre-moderation is off.
  filterWords: text('filter_words').array().notNull().default([]),
  attendance: integer('attendance'),
  createdBy: integer('created_by')
    .notNull()
    .references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  openedAt: timestamp('opened_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  // Set when the retention period after closing has passed and the event was reduced (retention.ts).
  reducedAt: timestamp('reduced_at', { withTimezone: true }),
});

/** Who the event reached: the engagement log compares these across a period. */
export const eventAudiences = pgTable(
  'event_audiences',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    audience: text('audience', { enum: EVENT_AUDIENCES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.audience] })],
);

/** Named helpers who may moderate one event (the coordinator who created it always may). */
export const eventModerators = pgTable(
  'event_moderators',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.accountId] })],
);

/** Panel speakers questions can be directed to. */
export const eventSpeakers = pgTable('event_speakers', {
  id: serial('id').primaryKey(),
  eventId: integer('event_id')
    .notNull()
    .references(() => events.id),
  name: text('name').notNull(),
  role: text('role'),
});

/** A delegate: only the SHA-256 of a random cookie token, for one event. Nothing else. */
export const delegates = pgTable(
  'delegates',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    tokenHash: text('token_hash').notNull().unique(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('delegates_event_idx').on(t.eventId)],
);

export const ITEM_KINDS = ['question', 'comment'] as const;
export const ITEM_STATES = ['pending', 'shown', 'hidden', 'answered', 'merged'] as const;

/** Questions and comments sent by delegates. */
export const eventItems = pgTable(
  'event_items',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    delegateId: integer('delegate_id')
      .notNull()
      .references(() => delegates.id),
    kind: text('kind', { enum: ITEM_KINDS }).notNull().default('question'),
    body: text('body').notNull(),
    // The delegate's own words, kept when a moderator corrects a typo.
    originalBody: text('original_body').notNull(),
    // Optional, given by the delegate; anonymous by default.
    displayName: text('display_name'),
    state: text('state', { enum: ITEM_STATES }).notNull().default('pending'),
    pinned: boolean('pinned').notNull().default(false),
    speakerId: integer('speaker_id').references(() => eventSpeakers.id),
    // Merged duplicates point at the item that carries on; their wording stays on the record.
    mergedIntoId: integer('merged_into_id'),
    filterMatched: boolean('filter_matched').notNull().default(false),
    // Safeguarding flag: who flagged it and when; never who wrote it.
    flaggedAt: timestamp('flagged_at', { withTimezone: true }),
    flaggedBy: integer('flagged_by').references(() => accounts.id),
    flagNote: text('flag_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    // Votes counted here when an event is reduced and its item_votes rows deleted: every count of
    // an item's votes adds these to the rows still in item_votes.
    votesKept: integer('votes_kept').notNull().default(0),
  },
  (t) => [index('event_items_event_idx').on(t.eventId, t.state)],
);

/** One vote per delegate per item. A merge moves votes to the surviving item, keeping one per delegate. */
export const itemVotes = pgTable(
  'item_votes',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => eventItems.id),
    delegateId: integer('delegate_id')
      .notNull()
      .references(() => delegates.id),
    votedAt: timestamp('voted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.delegateId] })],
);

export const POLL_KINDS = ['single_choice', 'multiple_choice', 'rating', 'open_text'] as const;
export const POLL_STATES = ['draft', 'open', 'closed'] as const;

export const polls = pgTable('polls', {
  id: serial('id').primaryKey(),
  eventId: integer('event_id')
    .notNull()
    .references(() => events.id),
  question: text('question').notNull(),
  kind: text('kind', { enum: POLL_KINDS }).notNull(),
  state: text('state', { enum: POLL_STATES }).notNull().default('draft'),
  // Hidden until the poll closes, to avoid group-think; or shown live.
  resultsLive: boolean('results_live').notNull().default(true),
  ratingMax: integer('rating_max').notNull().default(5),
  position: integer('position').notNull().default(0),
  openedAt: timestamp('opened_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  // People who answered before the event was reduced and its responses lost their delegates.
  respondentsKept: integer('respondents_kept').notNull().default(0),
});

export const pollOptions = pgTable('poll_options', {
  id: serial('id').primaryKey(),
  pollId: integer('poll_id')
    .notNull()
    .references(() => polls.id),
  label: text('label').notNull(),
  position: integer('position').notNull(),
});

/** One row per choice (several for multiple choice), rating or open-text answer. */
export const pollResponses = pgTable(
  'poll_responses',
  {
    id: serial('id').primaryKey(),
    pollId: integer('poll_id')
      .notNull()
      .references(() => polls.id),
    // Null once the event is reduced after its retention period: the answer stays, its author goes.
    delegateId: integer('delegate_id').references(() => delegates.id),
    optionId: integer('option_id').references(() => pollOptions.id),
    rating: integer('rating'),
    text: text('text'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('poll_responses_poll_idx').on(t.pollId),
    unique('poll_responses_once').on(t.pollId, t.delegateId, t.optionId),
  ],
);

/** Timed workshop questions ("three questions, ten minutes each"). */
export const workshopQuestions = pgTable('workshop_questions', {
  id: serial('id').primaryKey(),
  eventId: integer('event_id')
    .notNull()
    .references(() => events.id),
  position: integer('position').notNull(),
  text: text('text').notNull(),
  minutes: integer('minutes').notNull().default(10),
  startedAt: timestamp('started_at', { withTimezone: true }),
  endsAt: timestamp('ends_at', { withTimezone: true }),
  // "Key suggestions noted", written from the themes for the minutes.
  summary: text('summary'),
});

export const workshopThemes = pgTable('workshop_themes', {
  id: serial('id').primaryKey(),
  questionId: integer('question_id')
    .notNull()
    .references(() => workshopQuestions.id),
  title: text('title').notNull(),
  position: integer('position').notNull(),
});

export const workshopAnswers = pgTable(
  'workshop_answers',
  {
    id: serial('id').primaryKey(),
    questionId: integer('question_id')
      .notNull()
      .references(() => workshopQuestions.id),
    // Null once the event is reduced after its retention period, as for poll responses.
    delegateId: integer('delegate_id').references(() => delegates.id),
    body: text('body').notNull(),
    themeId: integer('theme_id').references(() => workshopThemes.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('workshop_answers_question_idx').on(t.questionId)],
);
