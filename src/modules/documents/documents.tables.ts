import { pgTable, serial, text, timestamp, integer, date, index, primaryKey, customType } from 'drizzle-orm/pg-core';
import { groups } from '../groups/groups.tables.ts';
import { meetings } from '../meetings/meetings.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { accounts } from '../accounts/accounts.tables.ts';

export const MARKINGS = ['OFFICIAL', 'OFFICIAL-SENSITIVE'] as const;
export type Marking = (typeof MARKINGS)[number];
export const AUDIENCES = ['everyone', 'groups'] as const;

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

export const documents = pgTable(
  'documents',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description'),
    marking: text('marking', { enum: MARKINGS }).notNull().default('OFFICIAL'),
    // 'groups': only members of document_groups (and the uploader) know it exists.
    audience: text('audience', { enum: AUDIENCES }).notNull().default('everyone'),
    groupId: integer('group_id').references(() => groups.id),
    meetingId: integer('meeting_id').references(() => meetings.id),
    areaId: integer('area_id').references(() => areas.id),
    // A document listed before it exists ("expected in early June").
    expectedOn: date('expected_on', { mode: 'string' }),
    createdBy: integer('created_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('documents_group_idx').on(t.groupId), index('documents_meeting_idx').on(t.meetingId)],
);

export const documentGroups = pgTable(
  'document_groups',
  {
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.groupId] })],
);

/** Every upload is a new version; none is overwritten. */
export const documentFiles = pgTable(
  'document_files',
  {
    id: serial('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => accounts.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('document_files_document_idx').on(t.documentId)],
);
