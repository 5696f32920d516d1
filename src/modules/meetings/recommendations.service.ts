import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { announce } from '../../reactions.ts';
import { NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { accountName } from '../accounts/index.ts';
import { groupName } from '../groups/index.ts';
import { agendaItems, meetingRecommendations, meetings, type RecommendationDecision } from './meetings.tables.ts';
import { checkReason, checkRecommendation, standingRecommendation } from './recommendations.policy.ts';

/*
 * A meeting's recommendations: numbered 1, 2, 3… per meeting, under an agenda item or on the
 * meeting itself, each decided by the meeting (noted, approved, approved with changes, declined
 * with a reason, deferred). Other modules put their own things to a meeting here (a funding
 * proposal) and hear the decision through the 'recommendation.decided' announcement, in the
 * same transaction. Nothing is deleted: a recommendation is withdrawn and kept.
 */

/** The thing a recommendation decides on, named by its module: `{ type: 'funding_proposal', id: 7 }`. */
export interface RecommendationSubject {
  type: string;
  id: number;
}

export interface RecommendationInput {
  meetingId: number;
  agendaItemId?: number;
  text: string;
  subject?: RecommendationSubject;
}

export interface DecisionInput {
  decision: RecommendationDecision;
  reason?: string;
}

type Audited = `recommendation.${'added' | 'updated' | 'decided' | 'withdrawn'}`;

const audit = (tx: Queryable, user: CurrentUser, action: Audited, id: number, detail: Record<string, unknown>) =>
  recordAudit(tx, { action, user, subjectType: 'meeting_recommendation', subjectId: id, detail });

/** The meeting, locked for this transaction so two recommendations never take the same number. */
async function lockedMeeting(tx: Queryable, meetingId: number) {
  const [meeting] = await tx
    .select({ id: meetings.id, groupId: meetings.groupId })
    .from(meetings)
    .where(eq(meetings.id, meetingId))
    .for('update');
  if (!meeting) throw new NotFoundError('meeting');
  return meeting;
}

/** Adds a recommendation to a meeting (under one of its agenda items, if given). Returns its id. */
export async function addRecommendation(tx: Queryable, user: CurrentUser, input: RecommendationInput): Promise<number> {
  const meeting = await lockedMeeting(tx, input.meetingId);
  checkRecommendation(user, 'add', { groupId: meeting.groupId, decision: null, withdrawnAt: null });
  if (input.agendaItemId !== undefined) {
    const [item] = await tx
      .select({ id: agendaItems.id })
      .from(agendaItems)
      .where(and(eq(agendaItems.id, input.agendaItemId), eq(agendaItems.meetingId, meeting.id)));
    if (!item) throw new NotFoundError('agenda item');
  }
  const [last] = await tx
    .select({ number: max(meetingRecommendations.number) })
    .from(meetingRecommendations)
    .where(eq(meetingRecommendations.meetingId, meeting.id));
  const [row] = await tx
    .insert(meetingRecommendations)
    .values({
      meetingId: meeting.id,
      agendaItemId: input.agendaItemId ?? null,
      number: (last?.number ?? 0) + 1,
      text: input.text,
      subjectType: input.subject?.type ?? null,
      subjectId: input.subject?.id ?? null,
      createdBy: user.accountId,
    })
    .returning({ id: meetingRecommendations.id, number: meetingRecommendations.number });
  await audit(tx, user, 'recommendation.added', row!.id, {
    meetingId: meeting.id,
    number: row!.number,
    ...(input.subject ? { subjectType: input.subject.type, subjectId: input.subject.id } : {}),
  });
  return row!.id;
}

/** A recommendation with its meeting's group, locked for the change; checked to be this meeting's when given. */
async function recommendationToChange(tx: Queryable, recommendationId: number, meetingId?: number) {
  const [row] = await tx
    .select({
      id: meetingRecommendations.id,
      meetingId: meetingRecommendations.meetingId,
      groupId: meetings.groupId,
      number: meetingRecommendations.number,
      text: meetingRecommendations.text,
      decision: meetingRecommendations.decision,
      reason: meetingRecommendations.reason,
      subjectType: meetingRecommendations.subjectType,
      subjectId: meetingRecommendations.subjectId,
      withdrawnAt: meetingRecommendations.withdrawnAt,
    })
    .from(meetingRecommendations)
    .innerJoin(meetings, eq(meetings.id, meetingRecommendations.meetingId))
    .where(eq(meetingRecommendations.id, recommendationId))
    .for('update', { of: meetingRecommendations });
  if (!row || (meetingId !== undefined && row.meetingId !== meetingId)) throw new NotFoundError('recommendation');
  return row;
}

/**
 * Records the meeting's decision. Declined needs a reason. Announced inside the transaction, so
 * the module whose thing was decided (funding) changes it with the decision, or not at all.
 */
export async function recordRecommendationDecision(
  db: Queryable,
  user: CurrentUser,
  recommendationId: number,
  input: DecisionInput,
  meetingId?: number,
): Promise<void> {
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  await db.transaction(async (tx) => {
    const rec = await recommendationToChange(tx, recommendationId, meetingId);
    checkRecommendation(user, 'decide', { ...rec });
    checkReason(input.decision, input.reason);
    await tx
      .update(meetingRecommendations)
      .set({ decision: input.decision, reason, decidedAt: sql`now()`, decidedBy: user.accountId })
      .where(eq(meetingRecommendations.id, rec.id));
    await audit(tx, user, 'recommendation.decided', rec.id, {
      meetingId: rec.meetingId,
      number: rec.number,
      from: rec.decision,
      to: input.decision,
      ...(reason ? { reason } : {}),
    });
    await announce('recommendation.decided', {
      tx,
      user,
      recommendationId: rec.id,
      meetingId: rec.meetingId,
      subjectType: rec.subjectType,
      subjectId: rec.subjectId,
      decision: input.decision,
      reason,
    });
  });
}

/** Changes the words of a recommendation not yet decided. */
export async function editRecommendation(
  db: Queryable,
  user: CurrentUser,
  meetingId: number,
  recommendationId: number,
  input: { text: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const rec = await recommendationToChange(tx, recommendationId, meetingId);
    checkRecommendation(user, 'edit', rec);
    if (rec.text === input.text) return;
    await tx.update(meetingRecommendations).set({ text: input.text }).where(eq(meetingRecommendations.id, rec.id));
    await audit(tx, user, 'recommendation.updated', rec.id, { meetingId, from: rec.text, to: input.text });
  });
}

/** Withdraws a recommendation not yet decided: kept, with its number, marked withdrawn. */
export async function withdrawRecommendation(
  db: Queryable,
  user: CurrentUser,
  meetingId: number,
  recommendationId: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const rec = await recommendationToChange(tx, recommendationId, meetingId);
    checkRecommendation(user, 'withdraw', rec);
    await tx
      .update(meetingRecommendations)
      .set({ withdrawnAt: sql`now()` })
      .where(eq(meetingRecommendations.id, rec.id));
    await audit(tx, user, 'recommendation.withdrawn', rec.id, { meetingId, number: rec.number });
  });
}

// Reads.

const columns = {
  id: meetingRecommendations.id,
  meetingId: meetingRecommendations.meetingId,
  agendaItemId: meetingRecommendations.agendaItemId,
  number: meetingRecommendations.number,
  text: meetingRecommendations.text,
  decision: meetingRecommendations.decision,
  reason: meetingRecommendations.reason,
  subjectType: meetingRecommendations.subjectType,
  subjectId: meetingRecommendations.subjectId,
  decidedAt: meetingRecommendations.decidedAt,
  decidedByName: accountName(meetingRecommendations.decidedBy),
  withdrawnAt: meetingRecommendations.withdrawnAt,
};

export type MeetingRecommendation = Awaited<ReturnType<typeof allRecommendationsOfMeeting>>[number];

/** Every recommendation of a meeting in number order, withdrawn ones too (the meeting page marks them). */
export function allRecommendationsOfMeeting(db: Queryable, meetingId: number) {
  return db
    .select(columns)
    .from(meetingRecommendations)
    .where(eq(meetingRecommendations.meetingId, meetingId))
    .orderBy(asc(meetingRecommendations.number));
}

/**
 * A meeting's standing recommendations in number order, with what a paper needs: number, text,
 * the agenda item it stands under, decision and reason, and the subject decided on.
 */
export function recommendationsOfMeeting(db: Queryable, meetingId: number) {
  return db
    .select(columns)
    .from(meetingRecommendations)
    .where(and(eq(meetingRecommendations.meetingId, meetingId), standingRecommendation))
    .orderBy(asc(meetingRecommendations.number));
}

/** The standing recommendations on these things (say, funding proposals), with their meeting, oldest first. */
export function recommendationsFor(db: Queryable, subjects: { subjectType: string; subjectIds: readonly number[] }) {
  const ids = [...new Set(subjects.subjectIds)];
  if (!ids.length) return Promise.resolve([]);
  return db
    .select({
      ...columns,
      startsAt: meetings.startsAt,
      groupId: meetings.groupId,
      groupName: groupName(meetings.groupId),
    })
    .from(meetingRecommendations)
    .innerJoin(meetings, eq(meetings.id, meetingRecommendations.meetingId))
    .where(
      and(
        eq(meetingRecommendations.subjectType, subjects.subjectType),
        inArray(meetingRecommendations.subjectId, ids),
        standingRecommendation,
      ),
    )
    .orderBy(asc(meetings.startsAt), asc(meetingRecommendations.number));
}

/** One recommendation of a meeting, for its page. */
export async function getRecommendation(db: Queryable, meetingId: number, recommendationId: number) {
  const [row] = await db
    .select(columns)
    .from(meetingRecommendations)
    .where(and(eq(meetingRecommendations.id, recommendationId), eq(meetingRecommendations.meetingId, meetingId)));
  if (!row) throw new NotFoundError('recommendation');
  return row;
}
