import { pgTable, serial, text, timestamp, integer, index } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.tables.ts';

/** Why a link to set a password was made: an administrator's invitation, or a person who forgot theirs. */
export const PASSWORD_LINK_PURPOSES = ['invitation', 'reset'] as const;
export type PasswordLinkPurpose = (typeof PASSWORD_LINK_PURPOSES)[number];

/**
 * Single-use links that let a person set their password. Only the SHA-256 of the token is kept:
 * a copy of the table opens no account. A link ends when used, when it expires, or when a newer
 * link is made for the same account.
 */
export const passwordLinks = pgTable(
  'password_links',
  {
    id: serial('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    purpose: text('purpose', { enum: PASSWORD_LINK_PURPOSES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('password_links_account_idx').on(t.accountId)],
);
