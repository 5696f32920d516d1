import {
  pgTable,
  serial,
  bigserial,
  text,
  timestamp,
  integer,
  date,
  jsonb,
  index,
  primaryKey,
  unique,
  customType,
} from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';
import { actionsArising, agendaItems } from '../meetings/meetings.tables.ts';

/*
 * Delivery plans (seed 001 §4, seed 002 §4): strategic, operational and delivery action plans,
 * their objectives and actions, dated progress, consultation on drafts and approved versions.
 * Nothing is deleted: actions are withdrawn (withdrawn_at), plans superseded.
 */

export const PLAN_KINDS = ['strategic', 'operational', 'delivery'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_STATUSES = ['draft', 'in_consultation', 'approved', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
/** CONTEST's four Ps (seed 001 §1). */
export const STRANDS = ['prevent', 'pursue', 'protect', 'prepare'] as const;
export type Strand = (typeof STRANDS)[number];
/** What the action's lead reports; the RAG rating is worked out from it and the dates (plans.rag.ts). */
export const ACTION_STATES = ['not_started', 'on_track', 'at_risk', 'blocked', 'completed'] as const;
export type ActionState = (typeof ACTION_STATES)[number];
export const SUGGESTION_KINDS = ['comment', 'amendment', 'new_action'] as const;
export const SUGGESTION_RESPONSES = ['accepted', 'accepted_with_changes', 'declined'] as const;
export type SuggestionResponse = (typeof SUGGESTION_RESPONSES)[number];

export const plans = pgTable(
  'plans',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    kind: text('kind', { enum: PLAN_KINDS }).notNull(),
    summary: text('summary'),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    // The group that owns the plan and alone approves it (through its chair or a coordinator).
    ownerGroupId: integer('owner_group_id')
      .notNull()
      .references(() => groups.id),
    // A plan written by one partner, e.g. "Cleveland Police Strategic Plan", whose actions others bring in.
    ownerOrganisationId: integer('owner_organisation_id').references(() => organisations.id),
    status: text('status', { enum: PLAN_STATUSES }).notNull().default('draft'),
    // Approved versions so far; the working copy becomes version current_version + 1 when approved.
    currentVersion: integer('current_version').notNull().default(0),
    consultationClosesOn: date('consultation_closes_on', { mode: 'string' }),
    createdBy: integer('created_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plans_owner_group_idx').on(t.ownerGroupId)],
);

export const planObjectives = pgTable(
  'plan_objectives',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    strand: text('strand', { enum: STRANDS }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('plan_objectives_plan_idx').on(t.planId)],
);

export const planActions = pgTable(
  'plan_actions',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    objectiveId: integer('objective_id').references(() => planObjectives.id),
    // The plan's own numbering ("2.3"); a re-import matches on it. Unique among a plan's actions.
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    strand: text('strand', { enum: STRANDS }).notNull(),
    leadOrganisationId: integer('lead_organisation_id').references(() => organisations.id),
    leadPersonId: integer('lead_person_id').references(() => people.id),
    startOn: date('start_on', { mode: 'string' }),
    dueOn: date('due_on', { mode: 'string' }),
    state: text('state', { enum: ACTION_STATES }).notNull().default('not_started'),
    // Set with each progress update, so "no update for 90 days" is one indexed comparison.
    lastProgressAt: timestamp('last_progress_at', { withTimezone: true }),
    // A risk or theme of a Counter-Terrorism Local Profile, by reference: the document keeps its marking.
    ctlpDocumentId: integer('ctlp_document_id'),
    ctlpReference: text('ctlp_reference'),
    // The meeting decision (agenda item) or action arising that created it.
    decisionAgendaItemId: integer('decision_agenda_item_id').references(() => agendaItems.id),
    actionArisingId: integer('action_arising_id').references(() => actionsArising.id),
    // Brought in from another plan: the action there, or a named outside plan that is not in the Hub.
    sourceActionId: integer('source_action_id'),
    sourceLabel: text('source_label'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    unique('plan_actions_reference').on(t.planId, t.reference),
    index('plan_actions_plan_idx').on(t.planId),
    index('plan_actions_lead_person_idx').on(t.leadPersonId),
  ],
);

export const planActionPartners = pgTable(
  'plan_action_partners',
  {
    actionId: integer('action_id')
      .notNull()
      .references(() => planActions.id),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.organisationId] })],
);

/** An operational action implements one or more strategic actions; a strategic action rolls up its operational work. */
export const planActionImplements = pgTable(
  'plan_action_implements',
  {
    actionId: integer('action_id')
      .notNull()
      .references(() => planActions.id),
    strategicActionId: integer('strategic_action_id')
      .notNull()
      .references(() => planActions.id),
  },
  (t) => [
    primaryKey({ columns: [t.actionId, t.strategicActionId] }),
    index('plan_action_implements_strategic_idx').on(t.strategicActionId),
  ],
);

/** Dated progress, written by the action's lead or a coordinator. Never edited. */
export const planProgressUpdates = pgTable(
  'plan_progress_updates',
  {
    id: serial('id').primaryKey(),
    actionId: integer('action_id')
      .notNull()
      .references(() => planActions.id),
    state: text('state', { enum: ACTION_STATES }).notNull(),
    note: text('note').notNull(),
    writtenBy: integer('written_by')
      .notNull()
      .references(() => accounts.id),
    writtenAt: timestamp('written_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_progress_action_idx').on(t.actionId, t.writtenAt)],
);

/**
 * Every change to a plan or an action, field by field: who, when, and (during consultation)
 * the suggestion it answers. The tracked amendments of a draft are the rows since the last version.
 */
export const planChanges = pgTable(
  'plan_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    actionId: integer('action_id').references(() => planActions.id),
    // 'created', 'withdrawn', or the name of the field that changed.
    field: text('field').notNull(),
    before: text('before'),
    after: text('after'),
    suggestionId: integer('suggestion_id'),
    changedBy: integer('changed_by')
      .notNull()
      .references(() => accounts.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_changes_plan_idx').on(t.planId, t.changedAt)],
);

/** What an approved version or a quarterly snapshot froze: the plan's actions as they stood. */
export interface FrozenAction {
  id: number;
  reference: string;
  title: string;
  description: string | null;
  strand: Strand;
  objective: string | null;
  leadOrganisation: string | null;
  leadPerson: string | null;
  startOn: string | null;
  dueOn: string | null;
  state: ActionState;
  rag: string;
  latestUpdate: string | null;
}

/** Approving a plan freezes it as a numbered version; any two can be compared action by action. */
export const planVersions = pgTable(
  'plan_versions',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    number: integer('number').notNull(),
    actions: jsonb('actions').$type<FrozenAction[]>().notNull(),
    approvedBy: integer('approved_by')
      .notNull()
      .references(() => accounts.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull().defaultNow(),
    note: text('note'),
  },
  (t) => [unique('plan_versions_number').on(t.planId, t.number)],
);

/** A quarterly snapshot for a board paper; two can be compared (what moved, what slipped). */
export const planSnapshots = pgTable(
  'plan_snapshots',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    label: text('label').notNull(),
    actions: jsonb('actions').$type<FrozenAction[]>().notNull(),
    takenBy: integer('taken_by')
      .notNull()
      .references(() => accounts.id),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('plan_snapshots_plan_idx').on(t.planId)],
);

/**
 * Consultation on a draft: a partner's comment or proposal, or an anonymous item from a live
 * event linked to the plan (from_event_item_id; the delegate is never known). Each gets a response.
 */
export const planSuggestions = pgTable(
  'plan_suggestions',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    actionId: integer('action_id').references(() => planActions.id),
    kind: text('kind', { enum: SUGGESTION_KINDS }).notNull(),
    text: text('text').notNull(),
    proposedTitle: text('proposed_title'),
    fromAccountId: integer('from_account_id').references(() => accounts.id),
    fromOrganisationId: integer('from_organisation_id').references(() => organisations.id),
    fromEventId: integer('from_event_id'),
    // One suggestion per event item, so bringing an event's items in twice adds nothing.
    fromEventItemId: integer('from_event_item_id').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    response: text('response', { enum: SUGGESTION_RESPONSES }),
    responseText: text('response_text'),
    respondedBy: integer('responded_by').references(() => accounts.id),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    // The version the accepted change went into, filled when the plan is approved.
    inVersion: integer('in_version'),
  },
  (t) => [index('plan_suggestions_plan_idx').on(t.planId)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * A spreadsheet waiting for its column mapping and confirmation. Staging only: no plan data is
 * written until the user confirms, and a committed or abandoned import keeps its file for the record.
 */
export const planImports = pgTable('plan_imports', {
  id: serial('id').primaryKey(),
  planId: integer('plan_id')
    .notNull()
    .references(() => plans.id),
  filename: text('filename').notNull(),
  file: bytea('file').notNull(),
  mapping: jsonb('mapping').$type<Record<string, string>>(),
  uploadedBy: integer('uploaded_by')
    .notNull()
    .references(() => accounts.id),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
});
