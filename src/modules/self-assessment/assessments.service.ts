import { and, asc, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import type { Database, Queryable, Transaction } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { canSeeDocument, listVisibleDocuments } from '../documents/index.ts';
import { groupNames } from '../groups/index.ts';
import { meetingLabels } from '../meetings/index.ts';
import { peopleNames } from '../organisations/index.ts';
import { createAction, getPlanAction, listPlanActions } from '../plans/index.ts';
import { getFramework, levelOf, type Framework } from './frameworks.service.ts';
import { checkAssessment, isAgreed, isWeak, type AssessmentAction } from './self-assessment.policy.ts';
import {
  selfAssessmentEvidence,
  selfAssessmentRatings,
  selfAssessments,
  type AssessmentStatus,
} from './self-assessment.tables.ts';

/* Iterations of a framework for a body: created, rated criterion by criterion, evidenced, agreed. */

type AuditedAction = Extract<Parameters<typeof recordAudit>[1]['action'], `self_assessment.${string}`>;

const audit = (tx: Queryable, user: CurrentUser, action: AuditedAction, assessmentId: number, detail: object) =>
  recordAudit(tx, { action, user, subjectType: 'self_assessment', subjectId: assessmentId, detail: { ...detail } });

export interface Assessment {
  id: number;
  frameworkId: number;
  body: string;
  title: string;
  assessedOn: string;
  completedByPersonId: number | null;
  assessingGroupId: number;
  summary: string | null;
  status: AssessmentStatus;
  agreedByGroupId: number | null;
  agreedAtMeetingId: number | null;
  agreedAt: Date | null;
}

const columns = {
  id: selfAssessments.id,
  frameworkId: selfAssessments.frameworkId,
  body: selfAssessments.body,
  title: selfAssessments.title,
  assessedOn: selfAssessments.assessedOn,
  completedByPersonId: selfAssessments.completedByPersonId,
  assessingGroupId: selfAssessments.assessingGroupId,
  summary: selfAssessments.summary,
  status: selfAssessments.status,
  agreedByGroupId: selfAssessments.agreedByGroupId,
  agreedAtMeetingId: selfAssessments.agreedAtMeetingId,
  agreedAt: selfAssessments.agreedAt,
};

/** Need-to-know: coordinators see every iteration, others those of groups they belong to. */
const readableBy = (user: CurrentUser): SQL | undefined =>
  isCoordinator(user)
    ? undefined
    : inArray(selfAssessments.assessingGroupId, user.groupIds.length ? user.groupIds : [0]);

/** The iterations a user may read, oldest first within each framework and body. */
export async function listAssessments(
  db: Queryable,
  user: CurrentUser,
  filter: { frameworkId?: number; body?: string; ids?: number[] } = {},
): Promise<Assessment[]> {
  const conditions = [readableBy(user)];
  if (filter.frameworkId) conditions.push(eq(selfAssessments.frameworkId, filter.frameworkId));
  if (filter.body) conditions.push(eq(selfAssessments.body, filter.body));
  if (filter.ids) conditions.push(inArray(selfAssessments.id, filter.ids.length ? filter.ids : [0]));
  return db
    .select(columns)
    .from(selfAssessments)
    .where(and(...conditions))
    .orderBy(
      asc(selfAssessments.frameworkId),
      asc(selfAssessments.body),
      asc(selfAssessments.assessedOn),
      asc(selfAssessments.id),
    );
}

/** One iteration the user may read; NotFoundError if none, ForbiddenError outside its group. */
export async function getAssessment(db: Queryable, user: CurrentUser, assessmentId: number): Promise<Assessment> {
  const [row] = await db.select(columns).from(selfAssessments).where(eq(selfAssessments.id, assessmentId));
  if (!row) throw new NotFoundError('self-assessment');
  checkAssessment(user, 'read', row);
  return row;
}

export interface AssessmentInput {
  frameworkId: number;
  body: string;
  title: string;
  assessedOn: string;
  completedByPersonId?: number;
  assessingGroupId: number;
  summary?: string;
}

/** A coordinator starts an iteration: a draft with no ratings yet. */
export async function createAssessment(db: Database, user: CurrentUser, input: AssessmentInput): Promise<number> {
  checkAssessment(user, 'rate', { status: 'draft', assessingGroupId: input.assessingGroupId });
  await getFramework(db, input.frameworkId).catch(() => {
    throw new FormError('frameworkId', 'Select a framework from the list');
  });
  const values = {
    frameworkId: input.frameworkId,
    body: input.body,
    title: input.title,
    assessedOn: input.assessedOn,
    completedByPersonId: input.completedByPersonId ?? null,
    assessingGroupId: input.assessingGroupId,
    summary: input.summary ?? null,
  };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(selfAssessments)
      .values({ ...values, createdBy: user.accountId })
      .returning({ id: selfAssessments.id });
    await audit(tx, user, 'self_assessment.created', row!.id, values);
    return row!.id;
  });
}

export interface Rating {
  assessmentId: number;
  criterionId: number;
  value: number | null;
  evidence: string | null;
}

/** The ratings of several iterations in one query. */
export async function ratingsOf(db: Queryable, assessmentIds: number[]): Promise<Rating[]> {
  if (!assessmentIds.length) return [];
  return db
    .select({
      assessmentId: selfAssessmentRatings.assessmentId,
      criterionId: selfAssessmentRatings.criterionId,
      value: selfAssessmentRatings.value,
      evidence: selfAssessmentRatings.evidence,
    })
    .from(selfAssessmentRatings)
    .where(inArray(selfAssessmentRatings.assessmentId, assessmentIds));
}

const criterionOf = (framework: Framework, criterionId: number) => {
  const criterion = framework.criteria.find((c) => c.id === criterionId);
  if (!criterion) throw new NotFoundError('criterion');
  return criterion;
};

/** An iteration with its framework, for a change: locked, checked, the criterion found. */
async function assessmentToChange(
  tx: Transaction,
  user: CurrentUser,
  assessmentId: number,
  action: Exclude<AssessmentAction, 'read'>,
) {
  const [row] = await tx
    .select(columns)
    .from(selfAssessments)
    .where(eq(selfAssessments.id, assessmentId))
    .for('update');
  if (!row) throw new NotFoundError('self-assessment');
  checkAssessment(user, action, row);
  return { assessment: row, framework: await getFramework(tx, row.frameworkId) };
}

/** Rate one criterion and say why; the earlier rating is kept in the audit entry. */
export async function rateCriterion(
  db: Database,
  user: CurrentUser,
  assessmentId: number,
  criterionId: number,
  input: { value?: number; evidence?: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const { framework } = await assessmentToChange(tx, user, assessmentId, 'rate');
    criterionOf(framework, criterionId);
    if (input.value !== undefined && !levelOf(framework, input.value))
      throw new FormError('value', 'Select a rating from the scale');
    const [was] = await ratingsOf(tx, [assessmentId]).then((rows) => rows.filter((r) => r.criterionId === criterionId));
    const now = { value: input.value ?? null, evidence: input.evidence ?? null };
    await tx
      .insert(selfAssessmentRatings)
      .values({ assessmentId, criterionId, ...now, updatedBy: user.accountId })
      .onConflictDoUpdate({
        target: [selfAssessmentRatings.assessmentId, selfAssessmentRatings.criterionId],
        set: { ...now, updatedBy: user.accountId, updatedAt: new Date() },
      });
    await audit(tx, user, 'self_assessment.rated', assessmentId, {
      criterionId,
      was: was ? { value: was.value, evidence: was.evidence } : null,
      now,
    });
  });
}

export interface EvidenceLink {
  id: number;
  criterionId: number;
  documentId: number | null;
  planActionId: number | null;
  /** The document's title or the action's reference and title; hidden when the reader may not see it. */
  text: string;
  href: string | null;
}

/** An iteration's current evidence links, named through the documents and plans doors. */
export async function evidenceOf(db: Queryable, user: CurrentUser, assessmentId: number): Promise<EvidenceLink[]> {
  const links = await db
    .select({
      id: selfAssessmentEvidence.id,
      criterionId: selfAssessmentEvidence.criterionId,
      documentId: selfAssessmentEvidence.documentId,
      planActionId: selfAssessmentEvidence.planActionId,
    })
    .from(selfAssessmentEvidence)
    .where(and(eq(selfAssessmentEvidence.assessmentId, assessmentId), isNull(selfAssessmentEvidence.removedAt)))
    .orderBy(asc(selfAssessmentEvidence.id));
  if (!links.length) return [];
  const actionIds = links.flatMap((l) => (l.planActionId ? [l.planActionId] : []));
  const [documents, actions] = await Promise.all([
    links.some((l) => l.documentId) ? listVisibleDocuments(db, user) : [],
    actionIds.length ? listPlanActions(db, { actionIds, includeWithdrawn: true }) : [],
  ]);
  return links.map((link) => {
    const document = documents.find((d) => d.id === link.documentId);
    const action = actions.find((a) => a.id === link.planActionId);
    if (document) return { ...link, text: document.title, href: `/documents/${document.id}` };
    if (action)
      return {
        ...link,
        text: `${action.reference} ${action.title}`,
        href: `/plans/${action.planId}/actions/${action.id}`,
      };
    return { ...link, text: 'A document you do not have access to', href: null };
  });
}

/** Link a document or a plan action to a criterion as evidence. */
export async function linkEvidence(
  db: Database,
  user: CurrentUser,
  assessmentId: number,
  criterionId: number,
  input: { documentId?: number; planActionId?: number },
): Promise<void> {
  if (!input.documentId && !input.planActionId)
    throw new FormError('documentId', 'Select a document or a plan action to link as evidence');
  if (input.documentId && !(await canSeeDocument(db, user, input.documentId)))
    throw new FormError('documentId', 'Select a document from the list');
  if (input.planActionId)
    await getPlanAction(db, input.planActionId).catch(() => {
      throw new FormError('planActionId', 'Select a plan action from the list');
    });
  await db.transaction(async (tx) => {
    const { framework } = await assessmentToChange(tx, user, assessmentId, 'rate');
    criterionOf(framework, criterionId);
    const values = { documentId: input.documentId ?? null, planActionId: input.planActionId ?? null };
    await tx.insert(selfAssessmentEvidence).values({ assessmentId, criterionId, ...values, addedBy: user.accountId });
    await audit(tx, user, 'self_assessment.evidence_linked', assessmentId, { criterionId, ...values });
  });
}

/** Remove a link: it stays on record with the date it was removed. */
export async function removeEvidence(db: Database, user: CurrentUser, assessmentId: number, evidenceId: number) {
  await db.transaction(async (tx) => {
    await assessmentToChange(tx, user, assessmentId, 'rate');
    const [removed] = await tx
      .update(selfAssessmentEvidence)
      .set({ removedAt: new Date() })
      .where(
        and(
          eq(selfAssessmentEvidence.id, evidenceId),
          eq(selfAssessmentEvidence.assessmentId, assessmentId),
          isNull(selfAssessmentEvidence.removedAt),
        ),
      )
      .returning();
    if (!removed) throw new NotFoundError('evidence link');
    await audit(tx, user, 'self_assessment.evidence_removed', assessmentId, {
      criterionId: removed.criterionId,
      documentId: removed.documentId,
      planActionId: removed.planActionId,
    });
  });
}

/** A named group agreed the iteration at one of its meetings: from now on it is the record. */
export async function agreeAssessment(
  db: Database,
  user: CurrentUser,
  assessmentId: number,
  input: { groupId: number; meetingId: number },
): Promise<void> {
  const meeting = (await meetingLabels(db, [input.meetingId])).get(input.meetingId);
  if (!meeting) throw new FormError('meetingId', 'Select the meeting that agreed it');
  if (meeting.groupId !== input.groupId)
    throw new FormError(
      'meetingId',
      `Select a meeting of the group that agreed it: that was a meeting of ${meeting.groupName}`,
    );
  await db.transaction(async (tx) => {
    await assessmentToChange(tx, user, assessmentId, 'agree');
    await tx
      .update(selfAssessments)
      .set({
        status: 'agreed',
        agreedByGroupId: input.groupId,
        agreedAtMeetingId: input.meetingId,
        agreedAt: new Date(),
      })
      .where(eq(selfAssessments.id, assessmentId));
    await audit(tx, user, 'self_assessment.agreed', assessmentId, { ...input });
  });
}

/**
 * A weak criterion becomes a delivery plan action in one step, through the plans door (which
 * records it in the plan's history); the action is linked back as the criterion's evidence.
 */
export async function weakCriterionToAction(
  db: Database,
  user: CurrentUser,
  assessmentId: number,
  criterionId: number,
  input: { planId: number; title?: string; dueOn?: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const { assessment, framework } = await assessmentToChange(tx, user, assessmentId, 'plan');
    const criterion = criterionOf(framework, criterionId);
    const [rating] = (await ratingsOf(tx, [assessmentId])).filter((r) => r.criterionId === criterionId);
    if (!isWeak(rating?.value, framework.weakUpTo))
      throw new FormError('planId', 'Only a criterion rated at the bottom of the scale becomes a plan action here');
    const actionId = await createAction(tx, { user }, input.planId, {
      title: input.title ?? `Improve: ${criterion.title}`,
      description: [
        criterion.description,
        criterion.evidenceExpected && `Evidence expected: ${criterion.evidenceExpected}`,
      ]
        .filter(Boolean)
        .join('\n'),
      strand: 'prevent',
      dueOn: input.dueOn,
      sourceLabel: `${framework.name}: ${criterion.title} (${assessment.body}, ${assessment.title}, rated ${levelOf(framework, rating?.value)?.name})`,
    });
    await tx
      .insert(selfAssessmentEvidence)
      .values({ assessmentId, criterionId, planActionId: actionId, addedBy: user.accountId });
    await audit(tx, user, 'self_assessment.action_created', assessmentId, {
      criterionId,
      planId: input.planId,
      actionId,
    });
    return actionId;
  });
}

/** Names for an iteration's page: who completed it, the groups and the meeting. */
export async function namesFor(db: Queryable, assessments: Assessment[]) {
  const [people, groups, meetings] = await Promise.all([
    peopleNames(
      db,
      assessments.flatMap((a) => (a.completedByPersonId ? [a.completedByPersonId] : [])),
    ),
    groupNames(
      db,
      assessments.flatMap((a) => [a.assessingGroupId, ...(a.agreedByGroupId ? [a.agreedByGroupId] : [])]),
    ),
    meetingLabels(
      db,
      assessments.flatMap((a) => (a.agreedAtMeetingId ? [a.agreedAtMeetingId] : [])),
    ),
  ]);
  return { people, groups, meetings };
}

/** The bodies assessed against a framework, for the comparison's picker. */
export async function bodiesOf(db: Queryable, user: CurrentUser, frameworkId: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ body: selfAssessments.body })
    .from(selfAssessments)
    .where(and(eq(selfAssessments.frameworkId, frameworkId), readableBy(user)))
    .orderBy(asc(selfAssessments.body));
  return rows.map((r) => r.body);
}

/** Ours to set beside peers: the latest agreed iteration of a framework for a body, else the latest draft. */
export async function latestAssessment(db: Queryable, user: CurrentUser, frameworkId: number, body: string) {
  const rows = await db
    .select(columns)
    .from(selfAssessments)
    .where(and(eq(selfAssessments.frameworkId, frameworkId), eq(selfAssessments.body, body), readableBy(user)))
    .orderBy(desc(selfAssessments.assessedOn), desc(selfAssessments.id));
  return rows.find(isAgreed) ?? rows[0];
}
