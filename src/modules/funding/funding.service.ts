import { AsyncLocalStorage } from 'node:async_hooks';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { onAnnouncement } from '../../reactions.ts';
import { recordAudit } from '../audit/index.ts';
import { eventExists, eventTitle } from '../events/index.ts';
import { organisationName } from '../organisations/index.ts';
import { listPlans } from '../plans/index.ts';
import {
  addRecommendation,
  listMeetingsOfGroup,
  recommendationsFor,
  recordRecommendationDecision,
} from '../meetings/index.ts';
import { canReadPot, checkManageFunding, checkPutToMeeting, commitsPot } from './funding.policy.ts';
import { penceFrom, potFigures, wouldOvercommit, type PotFigures } from './funding.arithmetic.ts';
import {
  fundingPots,
  fundingProjects,
  fundingProposals,
  projectSpend,
  type FundingSource,
  type ProposalDecision,
  type ProposerKind,
} from './funding.tables.ts';

type AuditName = Parameters<typeof recordAudit>[1]['action'];

export const audit = (
  tx: Queryable,
  user: CurrentUser,
  action: AuditName,
  subjectType: string,
  subjectId: number,
  detail?: Record<string, unknown>,
) => recordAudit(tx, { action, user, subjectType, subjectId, ...(detail ? { detail } : {}) });

/** An amount typed in pounds, as pence; a FormError on the field otherwise. */
export function amountOf(field: string, text: string): number {
  const pence = penceFrom(text);
  if (pence === undefined) throw new FormError(field, 'Enter an amount in pounds, for example 12,500 or 250.50');
  return pence;
}

/*
 * A picker's id that names nothing (a record archived meanwhile, or a hand-made post) fails the
 * foreign key; say which field instead of failing the page.
 */
const FIELDS_BY_COLUMN: Record<string, string> = {
  deciding_group_id: 'decidingGroupId',
  proposer_organisation_id: 'proposerOrganisationId',
  risk_id: 'riskId',
  area_id: 'areaId',
  pot_id: 'potId',
  proposal_id: 'proposalId',
  delivery_partner_id: 'deliveryPartnerId',
  document_id: 'documentId',
  organisation_id: 'organisationId',
};

export async function withKnownRecords<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; constraint?: string } }).cause ?? error;
    const { code, constraint } = cause as { code?: string; constraint?: string };
    if (code !== '23503') throw error;
    const column = Object.keys(FIELDS_BY_COLUMN).find((c) => constraint?.includes(`_${c}_`));
    throw new FormError(column ? FIELDS_BY_COLUMN[column]! : 'form', 'Select one from the list');
  }
}

// Pots.

export interface PotInput {
  name: string;
  source: FundingSource;
  amount: string;
  financialYear: string;
  conditions?: string;
  decidingGroupId: number;
  claimDeadline?: string;
  spendDeadline?: string;
}

export async function createPot(db: Queryable, user: CurrentUser, input: PotInput): Promise<number> {
  checkManageFunding(user);
  const amountPence = amountOf('amount', input.amount);
  return withKnownRecords(() =>
    db.transaction(async (tx) => {
      const [pot] = await tx
        .insert(fundingPots)
        .values({
          name: input.name,
          source: input.source,
          amountPence,
          financialYear: input.financialYear,
          conditions: input.conditions ?? null,
          decidingGroupId: input.decidingGroupId,
          claimDeadline: input.claimDeadline ?? null,
          spendDeadline: input.spendDeadline ?? null,
          createdBy: user.accountId,
        })
        .returning({ id: fundingPots.id });
      await audit(tx, user, 'funding_pot.created', 'funding_pot', pot!.id, { amountPence, source: input.source });
      return pot!.id;
    }),
  );
}

export async function getPot(db: Queryable, potId: number) {
  const [pot] = await db.select().from(fundingPots).where(eq(fundingPots.id, potId));
  if (!pot) throw new NotFoundError('funding pot');
  return pot;
}

/** The figures of these pots in two queries: approved proposals, and spend through projects. */
export async function figuresOfPots(db: Queryable, pots: { id: number; amountPence: number }[]) {
  const ids = pots.map((p) => p.id);
  if (!ids.length) return new Map<number, PotFigures>();
  const [approved, spend] = await Promise.all([
    db
      .select({
        potId: fundingProposals.potId,
        proposalId: fundingProposals.id,
        decision: fundingProposals.decision,
        amountPence: fundingProposals.approvedAmountPence,
      })
      .from(fundingProposals)
      .where(and(inArray(fundingProposals.potId, ids), isNull(fundingProposals.withdrawnAt))),
    db
      .select({
        potId: fundingProjects.potId,
        proposalId: fundingProjects.proposalId,
        amountPence: sql<number>`sum(${projectSpend.amountPence})::int`,
      })
      .from(projectSpend)
      .innerJoin(fundingProjects, eq(fundingProjects.id, projectSpend.projectId))
      .where(inArray(fundingProjects.potId, ids))
      .groupBy(fundingProjects.potId, fundingProjects.proposalId),
  ]);
  return new Map(
    pots.map((pot) => [
      pot.id,
      potFigures({
        amountPence: pot.amountPence,
        approved: approved
          .filter((p) => p.potId === pot.id && commitsPot(p.decision))
          .map((p) => ({ proposalId: p.proposalId, amountPence: p.amountPence ?? 0 })),
        spend: spend
          .filter((s) => s.potId === pot.id)
          .map((s) => ({ proposalId: s.proposalId, amountPence: s.amountPence })),
      }),
    ]),
  );
}

/** Pots the user may read (coordinators: all; others: their deciding groups'), newest year first, with figures. */
export async function potsFor(db: Queryable, user: CurrentUser) {
  const all = await db
    .select()
    .from(fundingPots)
    .where(isNull(fundingPots.archivedAt))
    .orderBy(desc(fundingPots.financialYear), asc(fundingPots.name));
  const pots = all.filter((pot) => canReadPot(user, pot));
  const figures = await figuresOfPots(db, pots);
  return pots.map((pot) => ({ ...pot, figures: figures.get(pot.id)! }));
}

// Proposals.

export interface ProposalInput {
  title: string;
  proposerKind: ProposerKind;
  proposerOrganisationId?: number;
  proposerEventId?: number;
  proposerPlanId?: number;
  proposerReference?: string;
  amountAsked: string;
  riskId?: number;
  areaId?: number;
  outcomeSought: string;
}

export async function createProposal(db: Queryable, user: CurrentUser, potId: number, input: ProposalInput) {
  checkManageFunding(user);
  const amountAskedPence = amountOf('amountAsked', input.amountAsked);
  const source = await sourceOf(db, input);
  await getPot(db, potId);
  return withKnownRecords(() =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .insert(fundingProposals)
        .values({
          potId,
          title: input.title,
          proposerKind: input.proposerKind,
          ...source,
          amountAskedPence,
          riskId: input.riskId ?? null,
          areaId: input.areaId ?? null,
          outcomeSought: input.outcomeSought,
          createdBy: user.accountId,
        })
        .returning({ id: fundingProposals.id });
      await audit(tx, user, 'funding_proposal.created', 'funding_proposal', row!.id, { potId, amountAskedPence });
      return row!.id;
    }),
  );
}

/** Plans put out to consultation, as a picker offers them: the consultations a proposal may come from. */
export async function consultationChoices(db: Queryable) {
  const consulted = (await listPlans(db)).filter((plan) => plan.consultationClosesOn !== null);
  return consulted.map((plan) => ({
    id: plan.id,
    name: `${plan.title} (consultation to ${plan.consultationClosesOn})`,
  }));
}

/*
 * The one source the proposer kind names, checked: an organisation, a live event or a plan's
 * consultation picked from the Hub's own records, or the words of another source.
 */
async function sourceOf(db: Queryable, input: ProposalInput) {
  const none = { proposerOrganisationId: null, proposerEventId: null, proposerPlanId: null, proposerReference: null };
  switch (input.proposerKind) {
    case 'organisation':
      if (!input.proposerOrganisationId)
        throw new FormError('proposerOrganisationId', 'Select the organisation that proposes it');
      return { ...none, proposerOrganisationId: input.proposerOrganisationId };
    case 'live_event':
      if (!input.proposerEventId) throw new FormError('proposerEventId', 'Select the live event that suggested it');
      if (!(await eventExists(db, input.proposerEventId)))
        throw new FormError('proposerEventId', 'Select a live event from the list');
      return { ...none, proposerEventId: input.proposerEventId };
    case 'consultation': {
      if (!input.proposerPlanId) throw new FormError('proposerPlanId', 'Select the consultation that suggested it');
      const planId = input.proposerPlanId;
      if (!(await consultationChoices(db)).some((c) => c.id === planId))
        throw new FormError('proposerPlanId', 'Select a plan consultation from the list');
      return { ...none, proposerPlanId: planId };
    }
    case 'other':
      if (!input.proposerReference) throw new FormError('proposerReference', 'Say which source suggested it');
      return { ...none, proposerReference: input.proposerReference };
  }
}

export async function getProposal(db: Queryable, proposalId: number) {
  const [row] = await db
    .select({ proposal: fundingProposals, pot: fundingPots })
    .from(fundingProposals)
    .innerJoin(fundingPots, eq(fundingPots.id, fundingProposals.potId))
    .where(eq(fundingProposals.id, proposalId));
  if (!row) throw new NotFoundError('funding proposal');
  return row;
}

/** Where a proposal came from, as its page shows it: the organisation, a link to the event or the plan's consultation, or the words typed. */
export async function sourceOfProposal(
  db: Queryable,
  proposal: Pick<
    typeof fundingProposals.$inferSelect,
    'id' | 'proposerOrganisationId' | 'proposerEventId' | 'proposerPlanId' | 'proposerReference'
  >,
): Promise<{ name: string; href?: string } | null> {
  const { proposerEventId: eventId, proposerPlanId: planId } = proposal;
  if (eventId !== null || proposal.proposerOrganisationId !== null) {
    const [row] = await db
      .select({
        event: eventTitle(fundingProposals.proposerEventId),
        organisation: organisationName(fundingProposals.proposerOrganisationId),
      })
      .from(fundingProposals)
      .where(eq(fundingProposals.id, proposal.id));
    if (eventId === null) return { name: row?.organisation ?? 'An organisation' };
    return { name: row?.event ?? 'A live event', href: `/events/${eventId}` };
  }
  if (planId !== null) {
    const plan = (await listPlans(db)).find((p) => p.id === planId);
    return { name: `${plan?.title ?? 'A plan'} consultation`, href: `/plans/${planId}/consultation` };
  }
  return proposal.proposerReference ? { name: proposal.proposerReference } : null;
}

export const PROPOSAL_SUBJECT = 'funding_proposal';

/** Puts the proposal to a meeting of the pot's deciding group, as one of its recommendations. */
export async function putToMeeting(db: Queryable, user: CurrentUser, proposalId: number, meetingId: number) {
  const { proposal, pot } = await getProposal(db, proposalId);
  checkPutToMeeting(user, proposal);
  const meetings = await meetingsOfPot(db, pot.decidingGroupId);
  if (!meetings.some((m) => m.id === meetingId))
    throw new FormError('meetingId', "Select a meeting of the pot's deciding group");
  await db.transaction(async (tx) => {
    const recommendationId = await addRecommendation(tx, user, {
      meetingId,
      text: `That the group funds “${proposal.title}” from the ${pot.name}.`,
      subject: { type: PROPOSAL_SUBJECT, id: proposal.id },
    });
    await audit(tx, user, 'funding_proposal.put_to_meeting', PROPOSAL_SUBJECT, proposal.id, {
      meetingId,
      recommendationId,
    });
  });
}

/** The group's meetings a proposal may go to. */
export const meetingsOfPot = (db: Queryable, groupId: number) => listMeetingsOfGroup(db, groupId);

/*
 * A decision's terms the meeting's own form does not carry: the amount approved with changes,
 * and the confirmation that over-committing the pot is meant. The decision form on a proposal's
 * page sets them around recordRecommendationDecision; the reaction below reads them. A decision
 * recorded on the meeting's page has none: approved means the amount asked, and an
 * over-commitment is refused there, to be confirmed here.
 */
const decisionTerms = new AsyncLocalStorage<{ approvedAmountPence?: number; confirmOvercommit: boolean }>();

export interface DecisionInput {
  decision: ProposalDecision;
  approvedAmount?: string;
  reason?: string;
  confirmOvercommit?: boolean;
}

/** The proposal's decision, recorded on its standing recommendation (the latest one). */
export async function decideProposal(db: Queryable, user: CurrentUser, proposalId: number, input: DecisionInput) {
  const { proposal } = await getProposal(db, proposalId);
  const recommendations = await recommendationsFor(db, { subjectType: PROPOSAL_SUBJECT, subjectIds: [proposal.id] });
  const latest = recommendations.at(-1);
  if (!latest) throw new FormError('decision', 'Put the proposal to a meeting of the deciding group first');
  let approvedAmountPence: number | undefined;
  if (input.decision === 'approved_with_changes') {
    if (!input.approvedAmount) throw new FormError('approvedAmount', 'Enter the amount approved');
    approvedAmountPence = amountOf('approvedAmount', input.approvedAmount);
  }
  await decisionTerms.run({ approvedAmountPence, confirmOvercommit: input.confirmOvercommit === true }, () =>
    recordRecommendationDecision(db, user, latest.id, {
      decision: input.decision,
      ...(input.reason ? { reason: input.reason } : {}),
    }),
  );
}

/** Raised inside the decision's transaction when approving would over-commit the pot unconfirmed. */
export class OvercommitError extends FormError {
  constructor(public readonly remainingPence: number) {
    super('confirmOvercommit', 'This would commit more than the pot has left: confirm to over-commit it');
  }
}

/** Records the meeting's decision on a funding proposal, in the decision's transaction. */
async function recordProposalOutcome(payload: {
  tx: Queryable;
  user: CurrentUser;
  recommendationId: number;
  meetingId: number;
  subjectType: string | null;
  subjectId: number | null;
  decision: string;
  reason: string | null;
}) {
  if (payload.subjectType !== PROPOSAL_SUBJECT || payload.subjectId === null) return;
  if (payload.decision === 'noted') return;
  const { tx, user } = payload;
  const decision = payload.decision as ProposalDecision;
  const [proposal] = await tx
    .select()
    .from(fundingProposals)
    .where(eq(fundingProposals.id, payload.subjectId))
    .for('update');
  if (!proposal) return;
  const [pot] = await tx.select().from(fundingPots).where(eq(fundingPots.id, proposal.potId)).for('update');
  const terms = decisionTerms.getStore();
  const approvedAmountPence = commitsPot(decision)
    ? decision === 'approved_with_changes'
      ? (terms?.approvedAmountPence ?? proposal.amountAskedPence)
      : proposal.amountAskedPence
    : null;
  let overcommitted = false;
  if (approvedAmountPence !== null) {
    // The pot's figures without this proposal's present commitment, then with the new one.
    const others = (await figuresOfPots(tx, [pot!])).get(pot!.id)!;
    const held = commitsPot(proposal.decision) ? (proposal.approvedAmountPence ?? 0) : 0;
    const without = { ...others, remainingPence: others.remainingPence + held };
    overcommitted = wouldOvercommit(without, approvedAmountPence);
    if (overcommitted && !terms?.confirmOvercommit) throw new OvercommitError(without.remainingPence);
  }
  await tx
    .update(fundingProposals)
    .set({
      decision,
      approvedAmountPence,
      decisionReason: payload.reason,
      decidedAt: sql`now()`,
      overcommitConfirmed: overcommitted,
    })
    .where(eq(fundingProposals.id, proposal.id));
  await audit(tx, user, 'funding_proposal.decided', PROPOSAL_SUBJECT, proposal.id, {
    meetingId: payload.meetingId,
    recommendationId: payload.recommendationId,
    decision,
    approvedAmountPence,
  });
  if (overcommitted)
    await audit(tx, user, 'funding_pot.overcommitted', 'funding_pot', pot!.id, {
      proposalId: proposal.id,
      approvedAmountPence,
    });
}

/** Funding follows the meetings' decisions on its proposals; called once from src/app.ts. */
export function registerFundingReactions(): void {
  onAnnouncement('recommendation.decided', recordProposalOutcome);
}

/** A pot's proposals, with the meeting each went to. */
export async function proposalsOfPot(db: Queryable, potId: number) {
  const rows = await db
    .select()
    .from(fundingProposals)
    .where(eq(fundingProposals.potId, potId))
    .orderBy(asc(fundingProposals.createdAt), asc(fundingProposals.id));
  return rows;
}
