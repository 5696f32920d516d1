import { index, integer, pgTable, serial, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { meetings } from '../meetings/meetings.tables.ts';

/**
 * Each time a meeting's agenda and papers were emailed to its group: when, by whom, and to how
 * many members. The messages themselves are in the mail outbox.
 */
export const meetingCirculations = pgTable(
  'meeting_circulations',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    circulatedBy: integer('circulated_by')
      .notNull()
      .references(() => accounts.id),
    recipients: integer('recipients').notNull(),
    circulatedAt: timestamp('circulated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meeting_circulations_meeting_idx').on(t.meetingId)],
);
