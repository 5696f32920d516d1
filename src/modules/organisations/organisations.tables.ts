import { pgTable, serial, text, timestamp, integer, index } from 'drizzle-orm/pg-core';
import { areas } from '../partnership/partnership.tables.ts';

export const SECTORS = [
  'local_authority',
  'police',
  'prisons',
  'probation',
  'health',
  'education',
  'faith_and_community',
  'voluntary_and_community',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

export const organisations = pgTable('organisations', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  sector: text('sector', { enum: SECTORS }).notNull(),
  areaId: integer('area_id').references(() => areas.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  // Organisations are archived, never deleted: meetings and attendance still name them.
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

/** People who take part in the partnership. Many never sign in; an account is optional. */
export const people = pgTable(
  'people',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    jobTitle: text('job_title'),
    email: text('email'),
    phone: text('phone'),
    organisationId: integer('organisation_id').references(() => organisations.id),
    // Secret for the person's own calendar subscription URL (calendar apps cannot sign in).
    calendarToken: text('calendar_token').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('people_organisation_idx').on(t.organisationId)],
);
