import { sql } from 'drizzle-orm';
import {
  pgTable,
  bigint,
  bigserial,
  check,
  text,
  timestamp,
  integer,
  jsonb,
  index,
  serial,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Append-only: a trigger (migration 0001) refuses UPDATE and DELETE.
 * No foreign keys, so an entry outlives anything it names.
 * chain_seq, prev_hash and hash are written by the database as the entry is inserted (migration
 * 0023, where the canonical form is described): whatever an insert puts in them is replaced.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    accountId: integer('account_id'),
    actor: text('actor'),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    ip: text('ip'),
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_action_at_idx').on(t.action, t.at),
    uniqueIndex('audit_log_chain_seq_idx').on(t.chainSeq),
  ],
);

/**
 * The end of the audit chain: one row, locked by the insert trigger (migration 0023) while an
 * entry joins the chain, so entries are chained one at a time whoever writes them.
 */
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    id: integer('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash'),
  },
  (t) => [check('audit_chain_head_one_row', sql`${t.id} = 1`)],
);

/**
 * Chain heads handed to someone outside the Hub (printed, downloaded to sign off). The latest one
 * lets a check tell whether the chain still holds it, which a whole rewritten log would not.
 */
export const auditChainExports = pgTable('audit_chain_exports', {
  id: serial('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  exportedAt: timestamp('exported_at', { withTimezone: true }).notNull().defaultNow(),
  accountId: integer('account_id'),
  exportedBy: text('exported_by'),
});

/**
 * The officer outside the Hub who keeps the chain's heads: an administrator names their email
 * address, and "Email the latest hash" sends them the head (place, hash and time, never content).
 */
export const auditChainOfficer = pgTable(
  'audit_chain_officer',
  {
    id: integer('id').primaryKey(),
    email: text('email').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changedBy: text('changed_by'),
  },
  (t) => [check('audit_chain_officer_one_row', sql`${t.id} = 1`)],
);
