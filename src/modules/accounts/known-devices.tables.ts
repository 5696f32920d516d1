import { index, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.tables.ts';

/**
 * The browsers a person has signed in from, so a sign-in from any other one can be told to them.
 * Only the SHA-256 of the browser's long-lived cookie is kept, per account (one shared office
 * computer is a known browser to each person who signs in on it), with a coarse label such as
 * "Firefox on Windows": no address, which the audit log already keeps for each sign-in.
 */
export const knownDevices = pgTable(
  'known_devices',
  {
    id: serial('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    tokenHash: text('token_hash').notNull(),
    label: text('label').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('known_devices_account_token').on(t.accountId, t.tokenHash),
    index('known_devices_account_idx').on(t.accountId),
  ],
);
