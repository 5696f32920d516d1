import { and, asc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { preparedFor } from '../../db/prepared.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { canSeeDocument } from '../documents/index.ts';
import type { EngagementEntry, EngagementPeriod, EventAudience } from '../events/index.ts';
import { organisationName } from '../organisations/index.ts';
import { areaName, listAreas } from '../partnership/index.ts';
import { checkAnswerHosting, checkManageFunding } from './funding.policy.ts';
import { amountOf, audit, withKnownRecords } from './funding.service.ts';
import {
  ctlpRisks,
  deliveryParticipants,
  fundingPots,
  fundingProjects,
  hostingRequests,
  projectDeliveries,
  projectPlaces,
  projectRisks,
  projectSpend,
  type ProjectStatus,
  type ProjectType,
  type RagRating,
} from './funding.tables.ts';

// CTLP risks.

export async function createRisk(
  db: Queryable,
  user: CurrentUser,
  input: { reference: string; title: string; documentId?: number },
) {
  checkManageFunding(user);
  return withKnownRecords(() =>
    db.transaction(async (tx) => {
      const [taken] = await tx
        .select({ id: ctlpRisks.id })
        .from(ctlpRisks)
        .where(eq(ctlpRisks.reference, input.reference));
      if (taken) throw new FormError('reference', 'There is already a CTLP risk with that reference');
      const [row] = await tx
        .insert(ctlpRisks)
        .values({
          reference: input.reference,
          title: input.title,
          documentId: input.documentId ?? null,
          createdBy: user.accountId,
        })
        .returning({ id: ctlpRisks.id });
      await audit(tx, user, 'ctlp_risk.created', 'ctlp_risk', row!.id, { reference: input.reference });
      return row!.id;
    }),
  );
}

export interface RiskLabel {
  id: number;
  reference: string;
  /** Null unless the user may see the CTLP document it was taken from. */
  title: string | null;
}

/*
 * The CTLP risks by id, their titles only for those who may see the CTLP document each was taken
 * from (a risk with no document: coordinators only). Showing a title is a read of
 * OFFICIAL-SENSITIVE material, so it is audited.
 */
export async function riskLabels(db: Queryable, user: CurrentUser, riskIds?: readonly number[]) {
  const rows = await db
    .select()
    .from(ctlpRisks)
    .where(riskIds ? inArray(ctlpRisks.id, riskIds.length ? [...riskIds] : [0]) : isNull(ctlpRisks.archivedAt))
    .orderBy(asc(ctlpRisks.reference));
  const documentIds = [...new Set(rows.map((r) => r.documentId).filter((id): id is number => id !== null))];
  const seen = new Set<number>();
  for (const id of documentIds) if (await canSeeDocument(db, user, id)) seen.add(id);
  const labels = rows.map((r): RiskLabel => ({
    id: r.id,
    reference: r.reference,
    title: (r.documentId === null ? isCoordinator(user) : seen.has(r.documentId)) ? r.title : null,
  }));
  const shown = labels.filter((l) => l.title !== null).map((l) => l.id);
  if (shown.length) await audit(db, user, 'ctlp_risks.viewed', 'ctlp_risk', shown[0]!, { riskIds: shown });
  return labels;
}

// Projects.

export interface ProjectInput {
  title: string;
  type: ProjectType;
  potId?: number;
  proposalId?: number;
  deliveryPartnerId?: number;
  budget: string;
  riskIds?: number[];
  areaIds?: number[];
  outputs?: string;
}

export async function createProject(db: Queryable, user: CurrentUser, input: ProjectInput): Promise<number> {
  checkManageFunding(user);
  const budgetPence = amountOf('budget', input.budget);
  return withKnownRecords(() =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .insert(fundingProjects)
        .values({
          title: input.title,
          type: input.type,
          potId: input.potId ?? null,
          proposalId: input.proposalId ?? null,
          deliveryPartnerId: input.deliveryPartnerId ?? null,
          budgetPence,
          outputs: input.outputs ?? null,
          createdBy: user.accountId,
        })
        .returning({ id: fundingProjects.id });
      const projectId = row!.id;
      const riskIds = [...new Set(input.riskIds ?? [])];
      const areaIds = [...new Set(input.areaIds ?? [])];
      if (riskIds.length) await tx.insert(projectRisks).values(riskIds.map((riskId) => ({ projectId, riskId })));
      if (areaIds.length) await tx.insert(projectPlaces).values(areaIds.map((areaId) => ({ projectId, areaId })));
      await audit(tx, user, 'funding_project.created', 'funding_project', projectId, { budgetPence, riskIds, areaIds });
      return projectId;
    }),
  );
}

export interface ProgressInput {
  status: ProjectStatus;
  rag: RagRating;
  outputs?: string;
  outcomes?: string;
}

export async function updateProgress(db: Queryable, user: CurrentUser, projectId: number, input: ProgressInput) {
  checkManageFunding(user);
  await db.transaction(async (tx) => {
    const before = await getProject(tx, projectId);
    const after = {
      status: input.status,
      rag: input.rag,
      outputs: input.outputs ?? null,
      outcomes: input.outcomes ?? null,
    };
    await tx.update(fundingProjects).set(after).where(eq(fundingProjects.id, projectId));
    await audit(tx, user, 'funding_project.updated', 'funding_project', projectId, {
      from: { status: before.status, rag: before.rag, outputs: before.outputs, outcomes: before.outcomes },
      to: after,
    });
  });
}

/** "2010/11 Q3": the financial year as papers write it and its quarter (Q1 April to June). */
export const QUARTER_PATTERN = '^[0-9]{4}/[0-9]{2} Q[1-4]$';

export async function recordSpend(
  db: Queryable,
  user: CurrentUser,
  projectId: number,
  input: { quarter: string; amount: string },
) {
  checkManageFunding(user);
  const amountPence = amountOf('amount', input.amount);
  await db.transaction(async (tx) => {
    await getProject(tx, projectId);
    const [row] = await tx
      .insert(projectSpend)
      .values({ projectId, quarter: input.quarter, amountPence, recordedBy: user.accountId })
      .returning({ id: projectSpend.id });
    await audit(tx, user, 'funding_project.spend_recorded', 'funding_project', projectId, {
      spendId: row!.id,
      quarter: input.quarter,
      amountPence,
    });
  });
}

export interface DeliveryInput {
  heldOn: string;
  areaId?: number;
  place?: string;
  participants: Partial<Record<EventAudience, number>>;
}

async function insertDelivery(tx: Queryable, user: CurrentUser, projectId: number, input: DeliveryInput) {
  const [row] = await tx
    .insert(projectDeliveries)
    .values({
      projectId,
      heldOn: input.heldOn,
      areaId: input.areaId ?? null,
      place: input.place ?? null,
      recordedBy: user.accountId,
    })
    .returning({ id: projectDeliveries.id });
  const counts = Object.entries(input.participants).filter(([, n]) => n !== undefined && n > 0);
  if (counts.length)
    await tx.insert(deliveryParticipants).values(
      counts.map(([audience, participants]) => ({
        deliveryId: row!.id,
        audience: audience as EventAudience,
        participants: participants,
      })),
    );
  await audit(tx, user, 'funding_project.delivery_recorded', 'funding_project', projectId, {
    deliveryId: row!.id,
    heldOn: input.heldOn,
  });
  return row!.id;
}

export async function recordDelivery(db: Queryable, user: CurrentUser, projectId: number, input: DeliveryInput) {
  checkManageFunding(user);
  return db.transaction(async (tx) => {
    await getProject(tx, projectId);
    return insertDelivery(tx, user, projectId, input);
  });
}

export async function getProject(db: Queryable, projectId: number) {
  const [row] = await db
    .select({
      ...projectColumns,
      outputs: fundingProjects.outputs,
      outcomes: fundingProjects.outcomes,
      proposalId: fundingProjects.proposalId,
    })
    .from(fundingProjects)
    .where(eq(fundingProjects.id, projectId));
  if (!row) throw new NotFoundError('project');
  return row;
}

const projectColumns = {
  id: fundingProjects.id,
  title: fundingProjects.title,
  type: fundingProjects.type,
  status: fundingProjects.status,
  rag: fundingProjects.rag,
  budgetPence: fundingProjects.budgetPence,
  potId: fundingProjects.potId,
  potName: sql<
    string | null
  >`(select ${fundingPots.name} from ${fundingPots} where ${fundingPots.id} = ${fundingProjects.potId})`,
  partnerName: organisationName(fundingProjects.deliveryPartnerId),
};

/** City or county: Leicester the city apart from the county and Rutland (seed 004: city-focused, county case by case). */
export const sideOf = (kind: string) => (kind === 'city' ? 'city' : 'county');

/** The places of these projects, by name, each with its side (city or county). */
async function placesOf(db: Queryable, projectIds: number[]) {
  const [rows, areas] = await Promise.all([
    db.select().from(projectPlaces).where(inArray(projectPlaces.projectId, projectIds)),
    listAreas(db),
  ]);
  const byId = new Map(areas.map((a) => [a.id, a]));
  return rows
    .map((r) => {
      const area = byId.get(r.areaId)!;
      return { projectId: r.projectId, id: area.id, name: area.name, kind: area.kind, side: sideOf(area.kind) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/*
 * Every current project with its risks, places, spend and participants added up by PostgreSQL in
 * one query, built once and prepared: the projects page and board papers read it on every view.
 * Each child table is added up once, grouped by project, and joined: a subquery per project and
 * per figure made the database do five lookups for every project listed.
 */
const projectsQuery = preparedFor((db) => {
  const risks = db
    .select({
      projectId: projectRisks.projectId,
      ids: sql<number[]>`json_agg(${projectRisks.riskId} order by ${projectRisks.riskId})`.as('risk_ids'),
    })
    .from(projectRisks)
    .groupBy(projectRisks.projectId)
    .as('risks');
  const places = db
    .select({
      projectId: projectPlaces.projectId,
      ids: sql<number[]>`json_agg(${projectPlaces.areaId})`.as('area_ids'),
    })
    .from(projectPlaces)
    .groupBy(projectPlaces.projectId)
    .as('places');
  const spend = db
    .select({
      projectId: projectSpend.projectId,
      pence: sql<number>`sum(${projectSpend.amountPence})`.as('spent_pence'),
    })
    .from(projectSpend)
    .groupBy(projectSpend.projectId)
    .as('spend');
  const reach = db
    .select({
      projectId: projectDeliveries.projectId,
      deliveries: sql<number>`count(distinct ${projectDeliveries.id})`.as('deliveries'),
      participants: sql<number>`coalesce(sum(${deliveryParticipants.participants}), 0)`.as('participants'),
    })
    .from(projectDeliveries)
    .leftJoin(deliveryParticipants, eq(deliveryParticipants.deliveryId, projectDeliveries.id))
    .groupBy(projectDeliveries.projectId)
    .as('reach');
  return db
    .select({
      ...projectColumns,
      riskIds: sql<number[]>`coalesce(${risks.ids}, '[]')`,
      areaIds: sql<number[]>`coalesce(${places.ids}, '[]')`,
      spentPence: sql<number>`coalesce(${spend.pence}, 0)::int`,
      deliveries: sql<number>`coalesce(${reach.deliveries}, 0)::int`,
      participants: sql<number>`coalesce(${reach.participants}, 0)::int`,
    })
    .from(fundingProjects)
    .leftJoin(risks, eq(risks.projectId, fundingProjects.id))
    .leftJoin(places, eq(places.projectId, fundingProjects.id))
    .leftJoin(spend, eq(spend.projectId, fundingProjects.id))
    .leftJoin(reach, eq(reach.projectId, fundingProjects.id))
    .where(isNull(fundingProjects.archivedAt))
    .orderBy(asc(fundingProjects.title))
    .prepare('funding_projects_list');
});

/** Every current project with its risks, places (by name, city or county), spend and participants. */
export async function listProjects(db: Queryable) {
  const [projects, areas] = await Promise.all([projectsQuery(db).execute(), listAreas(db)]);
  const byId = new Map(areas.map((a) => [a.id, a]));
  return projects.map(({ areaIds, ...p }) => ({
    ...p,
    places: areaIds
      .map((id) => byId.get(id)!)
      .map((area) => ({ projectId: p.id, id: area.id, name: area.name, kind: area.kind, side: sideOf(area.kind) }))
      .sort((x, y) => x.name.localeCompare(y.name)),
  }));
}

export type ProjectRow = Awaited<ReturnType<typeof listProjects>>[number];

/** One project's quarters of spend, deliveries with participants by audience, and hosting requests. */
export async function projectDetail(db: Queryable, projectId: number) {
  const project = await getProject(db, projectId);
  const [risks, places, spend, deliveries, requests] = await Promise.all([
    db.select().from(projectRisks).where(eq(projectRisks.projectId, projectId)),
    placesOf(db, [projectId]),
    db
      .select({ quarter: projectSpend.quarter, amountPence: sql<number>`sum(${projectSpend.amountPence})::int` })
      .from(projectSpend)
      .where(eq(projectSpend.projectId, projectId))
      .groupBy(projectSpend.quarter)
      .orderBy(asc(projectSpend.quarter)),
    deliveriesOf(db, [projectId]),
    db
      .select({
        id: hostingRequests.id,
        place: hostingRequests.place,
        areaName: areaName(hostingRequests.areaId),
        organisationName: organisationName(hostingRequests.organisationId),
        preferredOn: hostingRequests.preferredOn,
        audience: hostingRequests.audience,
        contact: hostingRequests.contact,
        status: hostingRequests.status,
        reason: hostingRequests.reason,
        deliveryId: hostingRequests.deliveryId,
      })
      .from(hostingRequests)
      .where(eq(hostingRequests.projectId, projectId))
      .orderBy(asc(hostingRequests.createdAt)),
  ]);
  return {
    project,
    riskIds: risks.map((r) => r.riskId),
    places,
    spend,
    spentPence: spend.reduce((sum, q) => sum + q.amountPence, 0),
    deliveries,
    requests,
  };
}

async function deliveriesOf(db: Queryable, projectIds: number[], period?: EngagementPeriod) {
  const rows = await db
    .select({
      id: projectDeliveries.id,
      projectId: projectDeliveries.projectId,
      title: fundingProjects.title,
      heldOn: projectDeliveries.heldOn,
      place: projectDeliveries.place,
      areaName: areaName(projectDeliveries.areaId),
    })
    .from(projectDeliveries)
    .innerJoin(fundingProjects, eq(fundingProjects.id, projectDeliveries.projectId))
    .where(
      period
        ? and(gte(projectDeliveries.heldOn, period.from), lte(projectDeliveries.heldOn, period.to))
        : inArray(projectDeliveries.projectId, projectIds.length ? projectIds : [0]),
    )
    .orderBy(asc(projectDeliveries.heldOn), asc(projectDeliveries.id));
  const counts = rows.length
    ? await db
        .select()
        .from(deliveryParticipants)
        .where(
          inArray(
            deliveryParticipants.deliveryId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((r) => {
    const mine = counts.filter((c) => c.deliveryId === r.id);
    return {
      ...r,
      byAudience: mine.map((c) => ({ audience: c.audience, participants: c.participants })),
      participants: mine.reduce((sum, c) => sum + c.participants, 0),
    };
  });
}

/** Project deliveries held in the period, for the engagement log. */
export async function engagementEntries(db: Queryable, period: EngagementPeriod): Promise<EngagementEntry[]> {
  const rows = await deliveriesOf(db, [], period);
  return rows.map((r) => ({
    kind: 'project_delivery',
    title: r.title,
    href: `/projects/${r.projectId}`,
    heldOn: r.heldOn,
    place: [r.place, r.areaName].filter(Boolean).join(', ') || null,
    attendance: r.participants,
    audiences: r.byAudience.map((a) => a.audience),
  }));
}

// Hosting requests (seed 004 §8).

export interface HostingInput {
  organisationId?: number;
  areaId?: number;
  place: string;
  preferredOn?: string;
  audience?: EventAudience;
  contact: string;
}

/** Anyone signed in may ask, for their organisation, to host a project in their area. */
export async function requestHosting(db: Queryable, user: CurrentUser, projectId: number, input: HostingInput) {
  return withKnownRecords(() =>
    db.transaction(async (tx) => {
      await getProject(tx, projectId);
      const [row] = await tx
        .insert(hostingRequests)
        .values({
          projectId,
          organisationId: input.organisationId ?? null,
          areaId: input.areaId ?? null,
          place: input.place,
          preferredOn: input.preferredOn ?? null,
          audience: input.audience ?? null,
          contact: input.contact,
          createdBy: user.accountId,
        })
        .returning({ id: hostingRequests.id });
      await audit(tx, user, 'hosting_request.made', 'hosting_request', row!.id, { projectId });
      return row!.id;
    }),
  );
}

async function requestToAnswer(tx: Queryable, requestId: number) {
  const [row] = await tx.select().from(hostingRequests).where(eq(hostingRequests.id, requestId)).for('update');
  if (!row) throw new NotFoundError('hosting request');
  return row;
}

/** Accepted: the project is delivered there on the date agreed, recorded as one of its deliveries. */
export async function acceptHosting(db: Queryable, user: CurrentUser, requestId: number, input: { heldOn: string }) {
  return db.transaction(async (tx) => {
    const request = await requestToAnswer(tx, requestId);
    checkAnswerHosting(user, request);
    const deliveryId = await insertDelivery(tx, user, request.projectId, {
      heldOn: input.heldOn,
      ...(request.areaId ? { areaId: request.areaId } : {}),
      place: request.place,
      participants: {},
    });
    await tx
      .update(hostingRequests)
      .set({ status: 'accepted', deliveryId, decidedBy: user.accountId, decidedAt: sql`now()` })
      .where(eq(hostingRequests.id, request.id));
    await audit(tx, user, 'hosting_request.accepted', 'hosting_request', request.id, {
      deliveryId,
      heldOn: input.heldOn,
    });
    return request.projectId;
  });
}

export async function declineHosting(db: Queryable, user: CurrentUser, requestId: number, input: { reason: string }) {
  return db.transaction(async (tx) => {
    const request = await requestToAnswer(tx, requestId);
    checkAnswerHosting(user, request);
    await tx
      .update(hostingRequests)
      .set({ status: 'declined', reason: input.reason, decidedBy: user.accountId, decidedAt: sql`now()` })
      .where(eq(hostingRequests.id, request.id));
    await audit(tx, user, 'hosting_request.declined', 'hosting_request', request.id, { reason: input.reason });
    return request.projectId;
  });
}

/** The project a hosting request is for (404 if there is no such request). */
export async function projectOfRequest(db: Queryable, requestId: number): Promise<number> {
  const [row] = await db
    .select({ projectId: hostingRequests.projectId })
    .from(hostingRequests)
    .where(eq(hostingRequests.id, requestId));
  if (!row) throw new NotFoundError('hosting request');
  return row.projectId;
}
