import { pgTable, serial, text, timestamp, integer, boolean, date, unique } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';

/** What a person wants emailed. No row: both on, as the partnership expects by default. */
export const emailPreferences = pgTable('email_preferences', {
  accountId: integer('account_id')
    .primaryKey()
    .references(() => accounts.id),
  weeklyDigest: boolean('weekly_digest').notNull().default(true),
  reminders: boolean('reminders').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What was sent: a reminder of one thing, or a person's weekly digest (its id the account, its date the week's Monday). */
export const REMINDER_SUBJECTS = ['plan_action', 'impact_assessment_review', 'weekly_digest'] as const;
export type ReminderSubject = (typeof REMINDER_SUBJECTS)[number];

/**
 * Each reminder emailed, so the same thing falling due on the same day is never sent twice; a new
 * due date (an action moved on) is a new reminder.
 */
export const sentReminders = pgTable(
  'sent_reminders',
  {
    id: serial('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    subject: text('subject', { enum: REMINDER_SUBJECTS }).notNull(),
    subjectId: integer('subject_id').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('sent_reminders_once').on(t.accountId, t.subject, t.subjectId, t.dueOn)],
);
