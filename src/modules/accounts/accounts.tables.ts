import { pgTable, serial, text, timestamp, integer, boolean, index } from 'drizzle-orm/pg-core';
import { people } from '../organisations/organisations.tables.ts';

export const ROLES = ['administrator', 'coordinator', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const accounts = pgTable('accounts', {
  id: serial('id').primaryKey(),
  personId: integer('person_id')
    .notNull()
    .unique()
    .references(() => people.id),
  // Stored lower-cased: sign-in is case-insensitive on email.
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Password checks for one email in the current hour, from every source together. One
 * statement counts a check and returns the count, so parallel guesses cannot race past the limit.
 */
export const signInChecks = pgTable('sign_in_checks', {
  email: text('email').primaryKey(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  checks: integer('checks').notNull().default(0),
});

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    // Signed in with a password alone by someone who must have a second factor: only its set-up is open.
    secondFactorDue: boolean('second_factor_due').notNull().default(false),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);
