import { and, asc, eq, inArray, lt, max, or, sql, type SQL } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import type { Database, Queryable, Transaction } from '../../db/client.ts';
import { ForbiddenError, FormError, NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { accountNames } from '../accounts/index.ts';
import { groupNames, listGroupOptions } from '../groups/index.ts';
import { agendaItemTitles, putOnNextAgenda } from '../meetings/index.ts';
import { organisationNames, peopleNames } from '../organisations/index.ts';
import { createAction, getPlanAction } from '../plans/index.ts';
import {
  checkCanSeeIncident,
  incidentSummaries,
  incidentsVisibleTo,
  latestTensionLevels,
  tensionLevel,
  type IncidentSummary,
} from '../tension/index.ts';
import type { AssessmentSnapshot, SnapshotAction } from './impact-assessments.compare.ts';
import {
  canChangeAssessment,
  canMakePlanAction,
  canSeeAssessmentOf,
  checkChangeAction,
  checkChangeAssessment,
  checkCloseAssessment,
  checkStartAssessment,
  isWithdrawnAction,
  openAssessment,
} from './impact-assessments.policy.ts';
import {
  impactAssessmentGroups,
  impactAssessments,
  impactAssessmentVersions,
  mitigatingActions,
  type MitigationStatus,
} from './impact-assessments.tables.ts';

/* Community Impact Assessments: rules, transactions and audit entries. */

type AuditAction = Parameters<typeof recordAudit>[1]['action'];
export type Assessment = typeof impactAssessments.$inferSelect;
export const todayInLondon = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

export async function audit(
  db: Queryable,
  user: CurrentUser,
  action: AuditAction,
  subjectId: number,
  detail?: Record<string, unknown>,
) {
  await recordAudit(db, { user, action, subjectType: 'impact_assessment', subjectId, detail });
}

interface Loaded {
  assessment: Assessment;
  incident: IncidentSummary | null;
  /** The groups that see it: the incident's named groups, or the decision's own. */
  groupIds: number[];
}

async function load(db: Queryable, assessmentId: number): Promise<Loaded> {
  const [assessment] = await db.select().from(impactAssessments).where(eq(impactAssessments.id, assessmentId));
  if (!assessment) throw new NotFoundError('assessment');
  if (assessment.incidentId !== null) {
    const [incident] = await incidentSummaries(db, [assessment.incidentId]);
    return { assessment, incident: incident ?? null, groupIds: incident?.groupIds ?? [] };
  }
  const rows = await db
    .select({ groupId: impactAssessmentGroups.groupId })
    .from(impactAssessmentGroups)
    .where(eq(impactAssessmentGroups.assessmentId, assessmentId));
  return { assessment, incident: null, groupIds: rows.map((r) => r.groupId) };
}

/** The assessment, if the user may see it: 404 for none, 403 for one outside their groups. */
export async function loadVisible(db: Queryable, user: CurrentUser, assessmentId: number): Promise<Loaded> {
  const loaded = await load(db, assessmentId);
  if (loaded.assessment.incidentId !== null) await checkCanSeeIncident(db, user, loaded.assessment.incidentId);
  else if (!canSeeAssessmentOf(user, loaded.groupIds)) throw new ForbiddenError();
  return loaded;
}

/** Which assessments the user may see, as a query condition: by the incident's groups, or the decision's own. */
async function visibleCondition(db: Queryable, user: CurrentUser): Promise<SQL | undefined> {
  if (isCoordinator(user)) return undefined;
  const incidentIds = (await incidentsVisibleTo(db, user)).map((i) => i.id);
  const ownGroups = user.groupIds.length
    ? sql`exists (select 1 from ${impactAssessmentGroups} where ${impactAssessmentGroups.assessmentId} = ${impactAssessments.id} and ${inArray(impactAssessmentGroups.groupId, user.groupIds)})`
    : sql`false`;
  return or(incidentIds.length ? inArray(impactAssessments.incidentId, incidentIds) : sql`false`, ownGroups);
}

export const subjectOf = (assessment: Assessment, incident: IncidentSummary | null) =>
  incident ? incident.title : (assessment.decisionTitle ?? '');

export interface AssessmentListItem {
  id: number;
  subject: string;
  kind: 'incident' | 'decision';
  reviewOn: string;
  closed: boolean;
  ownerPersonId: number;
  ownerName: string;
}

export async function listAssessments(db: Queryable, user: CurrentUser, where?: SQL): Promise<AssessmentListItem[]> {
  const rows = await db
    .select()
    .from(impactAssessments)
    .where(and(await visibleCondition(db, user), where))
    .orderBy(
      sql`${impactAssessments.closedAt} is not null`,
      asc(impactAssessments.reviewOn),
      asc(impactAssessments.id),
    );
  const [incidents, owners] = await Promise.all([
    incidentSummaries(
      db,
      rows.flatMap((r) => (r.incidentId === null ? [] : [r.incidentId])),
    ),
    peopleNames(
      db,
      rows.map((r) => r.ownerPersonId),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    subject: subjectOf(r, incidents.find((i) => i.id === r.incidentId) ?? null),
    kind: r.incidentId === null ? 'decision' : 'incident',
    reviewOn: r.reviewOn,
    closed: r.closedAt !== null,
    ownerPersonId: r.ownerPersonId,
    ownerName: owners.get(r.ownerPersonId) ?? '',
  }));
}

export interface AssessmentInput {
  incidentId?: number;
  decisionTitle?: string;
  decisionAgendaItemId?: number;
  groupIds?: number[];
  communitiesAffected?: string;
  perceptions?: string;
  risks?: string;
  reviewOn: string;
  ownerPersonId: number;
}

export async function createAssessment(db: Database, user: CurrentUser, input: AssessmentInput): Promise<number> {
  checkStartAssessment(user);
  if (input.incidentId === undefined && !input.decisionTitle)
    throw new FormError('incidentId', 'Select the incident, or enter the decision the assessment is for');
  if (input.incidentId !== undefined && input.decisionTitle)
    throw new FormError('decisionTitle', 'An assessment is for an incident or a decision, not both');
  if (input.incidentId !== undefined && !(await incidentsVisibleTo(db, user)).some((i) => i.id === input.incidentId))
    throw new FormError('incidentId', 'Select an incident from the list');
  if (input.decisionTitle && !input.groupIds?.length)
    throw new FormError('groupIds', 'Select the groups who may see the assessment of this decision');
  const groupIds = input.incidentId === undefined ? [...new Set(input.groupIds ?? [])] : [];
  const known = new Set((await listGroupOptions(db)).map((g) => g.id));
  if (groupIds.some((id) => !known.has(id))) throw new FormError('groupIds', 'Select groups from the list');
  if (input.decisionAgendaItemId !== undefined && !(await agendaItemTitles(db, [input.decisionAgendaItemId])).size)
    throw new FormError('decisionAgendaItemId', 'Enter the number of an agenda item that exists, or leave it empty');
  if (!(await peopleNames(db, [input.ownerPersonId])).size)
    throw new FormError('ownerPersonId', 'Select the owner from the list');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(impactAssessments)
      .values({
        incidentId: input.incidentId ?? null,
        decisionTitle: input.incidentId === undefined ? (input.decisionTitle ?? null) : null,
        decisionAgendaItemId: input.incidentId === undefined ? (input.decisionAgendaItemId ?? null) : null,
        communitiesAffected: input.communitiesAffected ?? '',
        perceptions: input.perceptions ?? '',
        risks: input.risks ?? '',
        reviewOn: input.reviewOn,
        ownerPersonId: input.ownerPersonId,
        createdBy: user.accountId,
      })
      .returning({ id: impactAssessments.id });
    const id = row!.id;
    if (groupIds.length)
      await tx.insert(impactAssessmentGroups).values(groupIds.map((groupId) => ({ assessmentId: id, groupId })));
    await audit(tx, user, 'impact_assessment.created', id, { incidentId: input.incidentId, groupIds });
    // The assessment as first written is version 1: the first review compares against it.
    await freezeVersion(tx, user, id, 'Assessment started');
    return id;
  });
}

export interface SectionsInput {
  communitiesAffected?: string;
  perceptions?: string;
  risks?: string;
  reviewOn: string;
  ownerPersonId: number;
}

export async function updateAssessment(db: Database, user: CurrentUser, assessmentId: number, input: SectionsInput) {
  const { assessment } = await loadVisible(db, user, assessmentId);
  checkChangeAssessment(user, assessment);
  if (!(await peopleNames(db, [input.ownerPersonId])).size)
    throw new FormError('ownerPersonId', 'Select the owner from the list');
  await db.transaction(async (tx) => {
    await tx
      .update(impactAssessments)
      .set({
        communitiesAffected: input.communitiesAffected ?? '',
        perceptions: input.perceptions ?? '',
        risks: input.risks ?? '',
        reviewOn: input.reviewOn,
        ownerPersonId: input.ownerPersonId,
        updatedAt: new Date(),
      })
      .where(eq(impactAssessments.id, assessmentId));
    await audit(tx, user, 'impact_assessment.updated', assessmentId);
  });
}

export interface ActionRow {
  id: number;
  description: string;
  ownerPersonId: number | null;
  ownerOrganisationId: number | null;
  owner: string;
  dueOn: string | null;
  status: MitigationStatus;
  planActionId: number | null;
}

export async function actionsOf(db: Queryable, assessmentId: number): Promise<ActionRow[]> {
  const rows = await db
    .select()
    .from(mitigatingActions)
    .where(eq(mitigatingActions.assessmentId, assessmentId))
    .orderBy(asc(mitigatingActions.id));
  const [persons, organisations] = await Promise.all([
    peopleNames(
      db,
      rows.flatMap((r) => (r.ownerPersonId === null ? [] : [r.ownerPersonId])),
    ),
    organisationNames(
      db,
      rows.flatMap((r) => (r.ownerOrganisationId === null ? [] : [r.ownerOrganisationId])),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    description: r.description,
    ownerPersonId: r.ownerPersonId,
    ownerOrganisationId: r.ownerOrganisationId,
    owner: [
      r.ownerPersonId === null ? null : persons.get(r.ownerPersonId),
      r.ownerOrganisationId === null ? null : organisations.get(r.ownerOrganisationId),
    ]
      .filter(Boolean)
      .join(', '),
    dueOn: r.dueOn,
    status: r.status,
    planActionId: r.planActionId,
  }));
}

/** The current level in each of the incident's areas, as one line for the page and a frozen version. */
export async function tensionLevelsOf(db: Queryable, user: CurrentUser, incident: IncidentSummary | null) {
  if (!incident?.areas.length) return [];
  const levels = await latestTensionLevels(
    db,
    user,
    incident.areas.map((a) => a.id),
  );
  return incident.areas.flatMap((area) => {
    const latest = levels.find((l) => l.areaId === area.id);
    if (!latest) return [];
    const word = tensionLevel(latest.level)?.word ?? '';
    return [{ areaName: area.name, level: latest.level, word, periodEnd: latest.periodEnd }];
  });
}

const levelsLine = (levels: { areaName: string; level: number; word: string }[]) =>
  levels.map((l) => `${l.areaName}: ${l.level} ${l.word}`).join('; ');

async function snapshotOf(db: Queryable, user: CurrentUser, assessmentId: number): Promise<AssessmentSnapshot> {
  const { assessment, incident } = await load(db, assessmentId);
  const [actions, owner, levels] = await Promise.all([
    actionsOf(db, assessmentId),
    peopleNames(db, [assessment.ownerPersonId]),
    tensionLevelsOf(db, user, incident),
  ]);
  return {
    subject: subjectOf(assessment, incident),
    communitiesAffected: assessment.communitiesAffected,
    perceptions: assessment.perceptions,
    risks: assessment.risks,
    tensionLevels: levelsLine(levels),
    reviewOn: assessment.reviewOn,
    owner: owner.get(assessment.ownerPersonId) ?? '',
    actions: actions.map((a): SnapshotAction => ({
      id: a.id,
      description: a.description,
      owner: a.owner,
      dueOn: a.dueOn,
      status: a.status,
      planActionId: a.planActionId,
    })),
  };
}

async function freezeVersion(tx: Transaction, user: CurrentUser, assessmentId: number, whatChanged: string) {
  const [last] = await tx
    .select({ number: max(impactAssessmentVersions.number) })
    .from(impactAssessmentVersions)
    .where(eq(impactAssessmentVersions.assessmentId, assessmentId));
  const number = (last?.number ?? 0) + 1;
  await tx.insert(impactAssessmentVersions).values({
    assessmentId,
    number,
    snapshot: await snapshotOf(tx, user, assessmentId),
    whatChanged,
    reviewedBy: user.accountId,
  });
  return number;
}

/** A review freezes the assessment as it now stands, with what changed, and sets the next review. */
export async function reviewAssessment(
  db: Database,
  user: CurrentUser,
  assessmentId: number,
  input: { whatChanged: string; nextReviewOn: string },
  today = todayInLondon(),
) {
  const { assessment } = await loadVisible(db, user, assessmentId);
  checkChangeAssessment(user, assessment);
  if (input.nextReviewOn <= today) throw new FormError('nextReviewOn', 'The next review must be after today');
  return db.transaction(async (tx) => {
    await tx
      .update(impactAssessments)
      .set({ reviewOn: input.nextReviewOn, updatedAt: new Date() })
      .where(eq(impactAssessments.id, assessmentId));
    const number = await freezeVersion(tx, user, assessmentId, input.whatChanged);
    await audit(tx, user, 'impact_assessment.reviewed', assessmentId, { version: number });
    return number;
  });
}

export async function closeAssessment(db: Database, user: CurrentUser, assessmentId: number, reason: string) {
  const { assessment } = await loadVisible(db, user, assessmentId);
  checkCloseAssessment(user, assessment);
  await db.transaction(async (tx) => {
    await tx
      .update(impactAssessments)
      .set({ closedAt: new Date(), closedReason: reason, updatedAt: new Date() })
      .where(eq(impactAssessments.id, assessmentId));
    await audit(tx, user, 'impact_assessment.closed', assessmentId, { reason });
  });
}

export async function versionsOf(db: Queryable, assessmentId: number) {
  return db
    .select({
      number: impactAssessmentVersions.number,
      whatChanged: impactAssessmentVersions.whatChanged,
      reviewedAt: impactAssessmentVersions.reviewedAt,
      reviewedBy: impactAssessmentVersions.reviewedBy,
      snapshot: impactAssessmentVersions.snapshot,
    })
    .from(impactAssessmentVersions)
    .where(eq(impactAssessmentVersions.assessmentId, assessmentId))
    .orderBy(asc(impactAssessmentVersions.number));
}

export interface MitigationInput {
  description: string;
  ownerPersonId?: number;
  ownerOrganisationId?: number;
  dueOn?: string;
  status: MitigationStatus;
}

async function checkOwner(db: Queryable, input: MitigationInput) {
  if (input.ownerPersonId === undefined && input.ownerOrganisationId === undefined)
    throw new FormError('ownerPersonId', 'Select the person or organisation who owns the action');
  if (input.ownerPersonId !== undefined && !(await peopleNames(db, [input.ownerPersonId])).size)
    throw new FormError('ownerPersonId', 'Select the owner from the list');
  if (input.ownerOrganisationId !== undefined && !(await organisationNames(db, [input.ownerOrganisationId])).size)
    throw new FormError('ownerOrganisationId', 'Select the organisation from the list');
}

const mitigationValues = (input: MitigationInput) => ({
  description: input.description,
  ownerPersonId: input.ownerPersonId ?? null,
  ownerOrganisationId: input.ownerOrganisationId ?? null,
  dueOn: input.dueOn ?? null,
  status: input.status,
});

export async function addMitigation(db: Database, user: CurrentUser, assessmentId: number, input: MitigationInput) {
  const { assessment } = await loadVisible(db, user, assessmentId);
  checkChangeAssessment(user, assessment);
  await checkOwner(db, input);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(mitigatingActions)
      .values({ assessmentId, ...mitigationValues(input) })
      .returning({ id: mitigatingActions.id });
    await audit(tx, user, 'impact_assessment.action_added', assessmentId, { actionId: row!.id });
  });
}

/** The action and its assessment, if the user may change them. */
export async function mitigationToChange(db: Queryable, user: CurrentUser, assessmentId: number, actionId: number) {
  const { assessment } = await loadVisible(db, user, assessmentId);
  const [action] = await db
    .select()
    .from(mitigatingActions)
    .where(and(eq(mitigatingActions.id, actionId), eq(mitigatingActions.assessmentId, assessmentId)));
  if (!action) throw new NotFoundError('action');
  checkChangeAssessment(user, assessment);
  return { assessment, action };
}

export async function updateMitigation(
  db: Database,
  user: CurrentUser,
  assessmentId: number,
  actionId: number,
  input: MitigationInput,
) {
  const { action } = await mitigationToChange(db, user, assessmentId, actionId);
  checkChangeAction(action);
  await checkOwner(db, input);
  await db.transaction(async (tx) => {
    await tx
      .update(mitigatingActions)
      .set({ ...mitigationValues(input), updatedAt: new Date() })
      .where(eq(mitigatingActions.id, actionId));
    const event = input.status === action.status ? 'impact_assessment.action_updated' : statusEvent(input.status);
    await audit(tx, user, event, assessmentId, { actionId, status: input.status });
  });
}

const statusEvent = (status: MitigationStatus): AuditAction =>
  isWithdrawnAction(status) ? 'impact_assessment.action_withdrawn' : 'impact_assessment.action_updated';

/** A mitigating action becomes a delivery plan action, through the one function that writes a plan's history. */
export async function mitigationToPlanAction(
  db: Database,
  user: CurrentUser,
  assessmentId: number,
  actionId: number,
  input: { planId: number; strand: 'prevent' | 'pursue' | 'protect' | 'prepare' },
) {
  const { action } = await mitigationToChange(db, user, assessmentId, actionId);
  if (!canMakePlanAction(action))
    throw new FormError('planId', 'This action is withdrawn or already in a delivery plan');
  return db.transaction(async (tx) => {
    const planActionId = await createAction(tx, { user }, input.planId, {
      title: action.description.slice(0, 200),
      strand: input.strand,
      leadPersonId: action.ownerPersonId ?? undefined,
      leadOrganisationId: action.ownerOrganisationId ?? undefined,
      dueOn: action.dueOn ?? undefined,
      sourceLabel: 'Community Impact Assessment',
    });
    await tx
      .update(mitigatingActions)
      .set({ planActionId, updatedAt: new Date() })
      .where(eq(mitigatingActions.id, actionId));
    await audit(tx, user, 'impact_assessment.action_to_plan', assessmentId, { actionId, planActionId });
    return planActionId;
  });
}

export async function planActionLabels(db: Queryable, ids: number[]) {
  const actions = await Promise.all(ids.map((id) => getPlanAction(db, id)));
  return new Map(actions.map((a) => [a.id, { reference: a.reference, planId: a.planId }]));
}

/**
 * Puts the assessment on a group's next meeting. Every signed-in person reads agenda titles, so the
 * title is neutral; the minute points to the assessment's page, which checks who may see it.
 */
export async function putAssessmentOnAgenda(db: Database, user: CurrentUser, assessmentId: number, groupId: number) {
  const { assessment } = await loadVisible(db, user, assessmentId);
  checkChangeAssessment(user, assessment);
  const meetingId = await putOnNextAgenda(db, groupId, {
    title: `Community Impact Assessment ${assessment.id}: review`,
    minute: `For those who may see it: /impact-assessments/${assessment.id}`,
  });
  await audit(db, user, 'impact_assessment.put_on_agenda', assessmentId, { meetingId });
  return meetingId;
}

/** Reviews past their date, of open assessments the user owns: for their home page. */
export async function overdueImpactReviews(db: Queryable, user: CurrentUser, today = todayInLondon()) {
  return listAssessments(
    db,
    user,
    and(openAssessment, eq(impactAssessments.ownerPersonId, user.personId), lt(impactAssessments.reviewOn, today)),
  );
}

export interface ImpactAssessmentSummary {
  id: number;
  subject: string;
  kind: 'incident' | 'decision';
  nextReviewOn: string;
  actions: Record<MitigationStatus, number>;
}

/**
 * For board papers: the open assessments the user may see that were started or reviewed between
 * `from` and `to` (ISO dates, both included), with their actions' status counts and next review.
 */
export async function impactAssessmentSummaries(
  db: Queryable,
  user: CurrentUser,
  period: { from: string; to: string },
): Promise<ImpactAssessmentSummary[]> {
  const touched = sql`exists (select 1 from ${impactAssessmentVersions} where ${impactAssessmentVersions.assessmentId} = ${impactAssessments.id} and (${impactAssessmentVersions.reviewedAt} at time zone 'Europe/London')::date between ${period.from} and ${period.to})`;
  const list = await listAssessments(db, user, and(openAssessment, touched));
  if (!list.length) return [];
  const counts = await db
    .select({
      assessmentId: mitigatingActions.assessmentId,
      status: mitigatingActions.status,
      n: sql<number>`count(*)::int`,
    })
    .from(mitigatingActions)
    .where(
      inArray(
        mitigatingActions.assessmentId,
        list.map((a) => a.id),
      ),
    )
    .groupBy(mitigatingActions.assessmentId, mitigatingActions.status);
  return list.map((a) => {
    const actions = { not_started: 0, in_progress: 0, done: 0, withdrawn: 0 };
    for (const c of counts.filter((row) => row.assessmentId === a.id)) actions[c.status] = c.n;
    return { id: a.id, subject: a.subject, kind: a.kind, nextReviewOn: a.reviewOn, actions };
  });
}

/** The assessment's page: every read of it is recorded. */
export async function assessmentPage(db: Database, user: CurrentUser, assessmentId: number) {
  const { assessment, incident, groupIds } = await loadVisible(db, user, assessmentId);
  const [actions, owner, levels, versions, groups, agendaTitles] = await Promise.all([
    actionsOf(db, assessmentId),
    peopleNames(db, [assessment.ownerPersonId]),
    tensionLevelsOf(db, user, incident),
    versionsOf(db, assessmentId),
    groupNames(db, groupIds),
    agendaItemTitles(db, assessment.decisionAgendaItemId === null ? [] : [assessment.decisionAgendaItemId]),
  ]);
  const planned = await planActionLabels(
    db,
    actions.flatMap((a) => (a.planActionId === null ? [] : [a.planActionId])),
  );
  const reviewers = await accountNames(
    db,
    versions.flatMap((v) => (v.reviewedBy === null ? [] : [v.reviewedBy])),
  );
  await audit(db, user, 'impact_assessment.viewed', assessmentId);
  return {
    assessment,
    incident,
    subject: subjectOf(assessment, incident),
    ownerName: owner.get(assessment.ownerPersonId) ?? '',
    groupNames: groupIds.map((id) => groups.get(id) ?? ''),
    agendaItemTitle:
      assessment.decisionAgendaItemId === null ? null : (agendaTitles.get(assessment.decisionAgendaItemId) ?? null),
    overdue: assessment.closedAt === null && assessment.reviewOn < todayInLondon(),
    levels,
    actions: actions.map((a) => ({
      ...a,
      plan: a.planActionId === null ? null : (planned.get(a.planActionId) ?? null),
    })),
    versions: versions.map((v) => ({
      number: v.number,
      whatChanged: v.whatChanged,
      reviewedAt: v.reviewedAt,
      reviewedBy: v.reviewedBy === null ? '' : (reviewers.get(v.reviewedBy) ?? ''),
    })),
  };
}

/** The assessment, if the user may change it now (403 otherwise; a closed one is a form error). */
export async function assessmentToChange(db: Queryable, user: CurrentUser, assessmentId: number) {
  const loaded = await loadVisible(db, user, assessmentId);
  if (!canChangeAssessment(user, loaded.assessment)) throw new ForbiddenError();
  return loaded;
}

/** The frozen versions, for the comparison page: a read of the assessment, recorded. */
export async function versionsToCompare(db: Queryable, user: CurrentUser, assessmentId: number) {
  await loadVisible(db, user, assessmentId);
  await audit(db, user, 'impact_assessment.compared', assessmentId);
  return versionsOf(db, assessmentId);
}
