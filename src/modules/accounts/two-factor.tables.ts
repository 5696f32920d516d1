import { bigint, boolean, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts, ROLES } from './accounts.tables.ts';

/** Kinds of second factor. A security key's own details are in security_keys. */
export const SECOND_FACTOR_KINDS = ['authenticator', 'security key'] as const;
export type SecondFactorKind = (typeof SECOND_FACTOR_KINDS)[number];

/** A person's second factors: authenticator apps and security keys. Removed ones are kept, ended. */
export const secondFactors = pgTable(
  'second_factors',
  {
    id: serial('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    kind: text('kind', { enum: SECOND_FACTOR_KINDS }).notNull(),
    // An authenticator's shared secret, encrypted (AES-256-GCM): never shown again after set-up.
    secret: text('secret'),
    // An authenticator's last accepted time step: a code of that step or an earlier one is refused.
    lastStep: bigint('last_step', { mode: 'number' }),
    // Null while being set up: the factor counts only once a current code has confirmed it.
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('second_factors_account_idx').on(t.accountId)],
);

/** Ten single-use codes for when the second factor is lost; stored as hashes, shown once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: serial('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    codeHash: text('code_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    // New codes were made, or the factors reset: these no longer work.
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
  },
  (t) => [index('recovery_codes_account_idx').on(t.accountId)],
);

/**
 * Who must have a second factor: one row, set by an administrator. Without a row the default
 * holds (administrators and coordinators, and members of groups holding OFFICIAL-SENSITIVE papers).
 */
export const secondFactorRequirement = pgTable('second_factor_requirement', {
  id: integer('id').primaryKey().default(1),
  roles: text('roles', { enum: ROLES }).array().notNull(),
  sensitiveGroups: boolean('sensitive_groups').notNull(),
  changedBy: integer('changed_by').references(() => accounts.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});
