import { bigserial, index, integer, jsonb, text, timestamp, pgTable } from 'drizzle-orm/pg-core';

export const SIGN_IN_OUTCOMES = [
  'succeeded',
  'failed',
  'throttled',
  'second_factor_asked',
  'second_factor_failed',
] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

/**
 * Every attempt to sign in, kept for the period an administrator sets (a year unless changed)
 * and then deleted: unlike the audit log, which is kept forever. No foreign key, so an attempt
 * outlives the account it names until its own period ends.
 */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    accountId: integer('account_id'),
    email: text('email'),
    outcome: text('outcome', { enum: SIGN_IN_OUTCOMES }).notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    ip: text('ip'),
  },
  (t) => [index('sign_in_attempts_at_idx').on(t.at), index('sign_in_attempts_email_at_idx').on(t.email, t.at)],
);
