import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.tables.ts';
import { secondFactors } from './two-factor.tables.ts';

/**
 * A security key or passkey: one second factor (its row in second_factors says whose, since when
 * and whether removed) with the public key the Hub checks its signatures against.
 */
export const securityKeys = pgTable('security_keys', {
  factorId: integer('factor_id')
    .primaryKey()
    .references(() => secondFactors.id),
  // The person's own name for it ("Blue key on my keyring").
  name: text('name').notNull(),
  // The key's credential id (base64url): the browser names the key it used by this.
  credentialId: text('credential_id').notNull().unique(),
  // The COSE public key (base64url): only signatures it verifies are accepted.
  publicKey: text('public_key').notNull(),
  // The key's signature counter: an answer with a counter not above this one may come from a clone.
  signCount: bigint('sign_count', { mode: 'number' }).notNull().default(0),
  transports: text('transports').array().notNull().default([]),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});

export const KEY_CHALLENGE_PURPOSES = ['register', 'sign-in'] as const;

/**
 * The random challenge a key must sign, kept on the server for the account it was made for:
 * taken (deleted) by the first answer that names it, and worthless after it expires.
 */
export const securityKeyChallenges = pgTable(
  'security_key_challenges',
  {
    challenge: text('challenge').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    purpose: text('purpose', { enum: KEY_CHALLENGE_PURPOSES }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('security_key_challenges_expires_idx').on(t.expiresAt)],
);
