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
 * chain_seq, prev_hash and hash are written by the database as the entry is inserted (migrations
 * 0023 and 0033 describe the canonical texts): whatever an insert puts in them is replaced.
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
 * The end of the audit chain: one row, moved on by the insert trigger while it holds the chain
 * (migrations 0023, 0027, 0033), so entries are chained one at a time whoever writes them.
 * prev_hash is the hash before the last entry's: the trigger's one UPDATE hands it back to the entry.
 */
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    id: integer('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash'),
    prevHash: text('prev_hash'),
  },
  (t) => [check('audit_chain_head_one_row', sql`${t.id} = 1`)],
);

/**
 * Which canonical text an entry's hash covers, by its place in the chain: version 1 (migration
 * 0023) up to the entry before `first_seq` of version 2 (migration 0033), and so on.
 */
export const auditChainVersions = pgTable('audit_chain_versions', {
  version: integer('version').primaryKey(),
  firstSeq: bigint('first_seq', { mode: 'number' }).notNull(),
});

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
