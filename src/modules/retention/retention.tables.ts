import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';

/** The kinds of record whose period is set on the retention page (the register keeps its own). */
export const RETENTION_KINDS = ['event_delegates', 'sign_in_attempts'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** A period an administrator changed; a kind without a row keeps its default. */
export const retentionSettings = pgTable('retention_settings', {
  kind: text('kind', { enum: RETENTION_KINDS }).primaryKey(),
  days: integer('days').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: integer('updated_by').references(() => accounts.id),
});
