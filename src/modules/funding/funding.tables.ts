import { pgTable, serial, text, timestamp, integer, date, boolean, index, primaryKey } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/accounts.tables.ts';
import { documents } from '../documents/documents.tables.ts';
import { EVENT_AUDIENCES, events } from '../events/events.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { organisations } from '../organisations/organisations.tables.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { plans } from '../plans/plans.tables.ts';

/*
 * Funding pots, the proposals put to a pot's deciding group, the projects they pay for, the CTLP
 * risks those projects address, and partners' requests to host a project (seed 001 §9, seed 004
 * §4 and §8). Money is held in pence as whole numbers. Nothing is deleted: pots and projects are
 * archived, proposals withdrawn, requests declined, and each keeps who did it.
 */

export const FUNDING_SOURCES = ['home_office_prevent', 'pathfinder', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const fundingPots = pgTable('funding_pots', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  source: text('source', { enum: FUNDING_SOURCES }).notNull(),
  amountPence: integer('amount_pence').notNull(),
  // As the papers write it: "2010/11".
  financialYear: text('financial_year').notNull(),
  conditions: text('conditions'),
  decidingGroupId: integer('deciding_group_id')
    .notNull()
    .references(() => groups.id),
  claimDeadline: date('claim_deadline', { mode: 'string' }),
  spendDeadline: date('spend_deadline', { mode: 'string' }),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

/*
 * A CTLP risk: the short reference and title a coordinator copies from the Counter Terrorism
 * Local Profile. The title is OFFICIAL-SENSITIVE: shown only to those who may see the linked
 * CTLP document; everyone else sees the reference.
 */
export const ctlpRisks = pgTable('ctlp_risks', {
  id: serial('id').primaryKey(),
  reference: text('reference').notNull().unique(),
  title: text('title').notNull(),
  documentId: integer('document_id').references(() => documents.id),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

/** Where a proposal came from: a partner organisation, a suggestion at a live event, a consultation, or elsewhere. */
export const PROPOSER_KINDS = ['organisation', 'live_event', 'consultation', 'other'] as const;
export type ProposerKind = (typeof PROPOSER_KINDS)[number];
/** The decisions a meeting makes on a proposal (the meetings module's words, less "noted"). */
export const PROPOSAL_DECISIONS = ['approved', 'approved_with_changes', 'declined', 'deferred'] as const;
export type ProposalDecision = (typeof PROPOSAL_DECISIONS)[number];

export const fundingProposals = pgTable(
  'funding_proposals',
  {
    id: serial('id').primaryKey(),
    potId: integer('pot_id')
      .notNull()
      .references(() => fundingPots.id),
    title: text('title').notNull(),
    proposerKind: text('proposer_kind', { enum: PROPOSER_KINDS }).notNull(),
    proposerOrganisationId: integer('proposer_organisation_id').references(() => organisations.id),
    // The live event that suggested it, or the plan whose consultation did; picked from the Hub's own.
    proposerEventId: integer('proposer_event_id').references(() => events.id),
    proposerPlanId: integer('proposer_plan_id').references(() => plans.id),
    // The words of another source; proposals made before the pickers keep their typed event or consultation here.
    proposerReference: text('proposer_reference'),
    amountAskedPence: integer('amount_asked_pence').notNull(),
    riskId: integer('risk_id').references(() => ctlpRisks.id),
    areaId: integer('area_id').references(() => areas.id),
    outcomeSought: text('outcome_sought').notNull(),
    // The meeting's latest decision, copied here by the 'recommendation.decided' reaction.
    decision: text('decision', { enum: PROPOSAL_DECISIONS }),
    approvedAmountPence: integer('approved_amount_pence'),
    decisionReason: text('decision_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    overcommitConfirmed: boolean('overcommit_confirmed').notNull().default(false),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('funding_proposals_pot_idx').on(t.potId)],
);

export const PROJECT_TYPES = [
  'youth_workshop',
  'outreach',
  'training',
  'sports_engagement',
  'schools_workshop',
  'other',
] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];
export const PROJECT_STATUSES = ['planned', 'delivering', 'completed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const RAG_RATINGS = ['red', 'amber', 'green'] as const;
export type RagRating = (typeof RAG_RATINGS)[number];

export const fundingProjects = pgTable(
  'funding_projects',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    type: text('type', { enum: PROJECT_TYPES }).notNull(),
    potId: integer('pot_id').references(() => fundingPots.id),
    // The approved proposal that pays for it: its spend draws on that commitment.
    proposalId: integer('proposal_id').references(() => fundingProposals.id),
    deliveryPartnerId: integer('delivery_partner_id').references(() => organisations.id),
    budgetPence: integer('budget_pence').notNull().default(0),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('planned'),
    rag: text('rag', { enum: RAG_RATINGS }).notNull().default('green'),
    outputs: text('outputs'),
    outcomes: text('outcomes'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('funding_projects_pot_idx').on(t.potId)],
);

export const projectRisks = pgTable(
  'funding_project_risks',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => fundingProjects.id),
    riskId: integer('risk_id')
      .notNull()
      .references(() => ctlpRisks.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.riskId] })],
);

export const projectPlaces = pgTable(
  'funding_project_places',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => fundingProjects.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.areaId] })],
);

/** Spend recorded against a project for a quarter of a financial year ("2010/11 Q3"); charged to the project's pot. */
export const projectSpend = pgTable(
  'funding_project_spend',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => fundingProjects.id),
    quarter: text('quarter').notNull(),
    amountPence: integer('amount_pence').notNull(),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('funding_project_spend_project_idx').on(t.projectId)],
);

export const projectDeliveries = pgTable(
  'funding_project_deliveries',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => fundingProjects.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    areaId: integer('area_id').references(() => areas.id),
    place: text('place'),
    recordedBy: integer('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('funding_project_deliveries_project_idx').on(t.projectId)],
);

/** Participants of one delivery by audience (the events module's audiences). */
export const deliveryParticipants = pgTable(
  'funding_delivery_participants',
  {
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => projectDeliveries.id),
    audience: text('audience', { enum: EVENT_AUDIENCES }).notNull(),
    participants: integer('participants').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.audience] })],
);

export const HOSTING_STATUSES = ['requested', 'accepted', 'declined'] as const;
export type HostingStatus = (typeof HOSTING_STATUSES)[number];

/** A partner asking to host a project in their area (seed 004 §8). Accepted, it becomes a delivery. */
export const hostingRequests = pgTable(
  'funding_hosting_requests',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => fundingProjects.id),
    organisationId: integer('organisation_id').references(() => organisations.id),
    areaId: integer('area_id').references(() => areas.id),
    place: text('place').notNull(),
    preferredOn: date('preferred_on', { mode: 'string' }),
    audience: text('audience', { enum: EVENT_AUDIENCES }),
    contact: text('contact').notNull(),
    status: text('status', { enum: HOSTING_STATUSES }).notNull().default('requested'),
    reason: text('reason'),
    deliveryId: integer('delivery_id').references(() => projectDeliveries.id),
    decidedBy: integer('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('funding_hosting_requests_project_idx').on(t.projectId)],
);
