import { pgTable, serial, text, timestamp, integer, date, index, primaryKey } from 'drizzle-orm/pg-core';
import { areas } from '../partnership/partnership.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';

export const GROUP_KINDS = [
  'gold',
  'silver',
  'executive',
  'steering',
  'operational_leads',
  'channel_panel',
  'community_reference',
  'forum',
  'network',
  'board',
  'other',
] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export const CADENCES = ['weekly', 'monthly', 'bimonthly', 'quarterly', 'six_monthly', 'annual', 'ad_hoc'] as const;
export type Cadence = (typeof CADENCES)[number];

export const MEMBER_ROLES = ['chair', 'vice_chair', 'secretary', 'member'] as const;

export const groups = pgTable(
  'groups',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull().unique(),
    kind: text('kind', { enum: GROUP_KINDS }).notNull(),
    description: text('description'),
    areaId: integer('area_id').references(() => areas.id),
    parentGroupId: integer('parent_group_id'),
    chairPersonId: integer('chair_person_id').references(() => people.id),
    cadence: text('cadence', { enum: CADENCES }).notNull().default('quarterly'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('groups_parent_idx').on(t.parentGroupId)],
);

/** "Reports to" lines: a group reports to boards beyond its parent (e.g. Silver group → Safer Stockton Partnership). */
export const groupReportingLines = pgTable(
  'group_reporting_lines',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
    reportsToGroupId: integer('reports_to_group_id')
      .notNull()
      .references(() => groups.id),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.reportsToGroupId] })],
);

export const groupMembers = pgTable(
  'group_members',
  {
    id: serial('id').primaryKey(),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    // The organisation the person represents here; usually their own.
    organisationId: integer('organisation_id').references(() => organisations.id),
    role: text('role', { enum: MEMBER_ROLES }).notNull().default('member'),
    joinedOn: date('joined_on', { mode: 'string' }),
    // Leaving keeps the row, so past attendance still makes sense.
    leftOn: date('left_on', { mode: 'string' }),
  },
  (t) => [index('group_members_group_idx').on(t.groupId), index('group_members_person_idx').on(t.personId)],
);
