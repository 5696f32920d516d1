import { and, eq } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { findPerson, organisationExists } from '../organisations/index.ts';
import {
  checkAskForTraining,
  checkAttendanceFor,
  checkManageTraining,
  checkRequest,
  checkSession,
} from './training.policy.ts';
import {
  preventChampions,
  trainingAttendance,
  trainingCourses,
  trainingEventOffers,
  trainingFeedback,
  trainingRequests,
  trainingSessions,
  trainingTargets,
  type CourseKind,
} from './training.tables.ts';

/*
 * Changes to training: each in one transaction with its audit entry. Nothing is deleted: a session
 * is cancelled with a reason, a request declined with one, an offer at a live event ended.
 */

type AuditedAction = Extract<
  Parameters<typeof recordAudit>[1]['action'],
  `${'training' | 'prevent_champion'}${string}`
>;

const audit = (
  tx: Queryable,
  user: CurrentUser | null,
  action: AuditedAction,
  subjectType: string,
  subjectId: number,
  detail: Record<string, unknown>,
) =>
  recordAudit(
    tx,
    user
      ? { action, user, subjectType, subjectId, detail }
      : { action, actor: 'delegate', subjectType, subjectId, detail },
  );

/** The organisation of the person behind the account: what a member may record and ask for. */
export async function organisationOf(db: Queryable, user: CurrentUser): Promise<number | null> {
  return (await findPerson(db, user.personId))?.organisationId ?? null;
}

export interface CourseInput {
  title: string;
  kind: CourseKind;
  description?: string;
  trainsTrainers: boolean;
}

export async function createCourse(db: Database, user: CurrentUser, input: CourseInput): Promise<number> {
  checkManageTraining(user);
  return db.transaction(async (tx) => {
    const [same] = await tx
      .select({ id: trainingCourses.id })
      .from(trainingCourses)
      .where(eq(trainingCourses.title, input.title));
    if (same) throw new FormError('title', 'A course with this title already exists');
    const [row] = await tx
      .insert(trainingCourses)
      .values({
        title: input.title,
        kind: input.kind,
        description: input.description ?? null,
        trainsTrainers: input.trainsTrainers,
        createdBy: user.accountId,
      })
      .returning({ id: trainingCourses.id });
    await audit(tx, user, 'training_course.created', 'training_course', row!.id, { ...input });
    return row!.id;
  });
}

export interface SessionInput {
  courseId: number;
  heldOn: string;
  place: string;
  trainerPersonId?: number;
  externalTrainer?: string;
  capacity: number;
  requestId?: number;
}

async function requestFor(tx: Queryable, requestId: number) {
  const [request] = await tx.select().from(trainingRequests).where(eq(trainingRequests.id, requestId));
  if (!request) throw new FormError('requestId', 'Select a request that exists');
  return request;
}

/** A coordinator schedules a session, from a request when one is named (which it answers). */
export async function scheduleSession(db: Database, user: CurrentUser, input: SessionInput): Promise<number> {
  checkManageTraining(user);
  if (!input.trainerPersonId && !input.externalTrainer)
    throw new FormError('trainerPersonId', 'Select the trainer, or name a trainer from outside the Hub');
  if (input.trainerPersonId && input.externalTrainer)
    throw new FormError('externalTrainer', 'Select a trainer in the Hub or name one from outside, not both');
  return db.transaction(async (tx) => {
    const [course] = await tx
      .select({ id: trainingCourses.id })
      .from(trainingCourses)
      .where(eq(trainingCourses.id, input.courseId));
    if (!course) throw new FormError('courseId', 'Select a course that exists');
    if (input.trainerPersonId && !(await findPerson(tx, input.trainerPersonId)))
      throw new FormError('trainerPersonId', 'Select a trainer who is in the Hub');
    const request = input.requestId ? await requestFor(tx, input.requestId) : null;
    if (request) checkRequest(user, 'schedule', request);
    const [row] = await tx
      .insert(trainingSessions)
      .values({
        courseId: input.courseId,
        heldOn: input.heldOn,
        place: input.place,
        trainerPersonId: input.trainerPersonId ?? null,
        externalTrainer: input.externalTrainer ?? null,
        capacity: input.capacity,
        requestId: request?.id ?? null,
        createdBy: user.accountId,
      })
      .returning({ id: trainingSessions.id });
    await audit(tx, user, 'training_session.scheduled', 'training_session', row!.id, { ...input });
    if (request) {
      await tx
        .update(trainingRequests)
        .set({ status: 'scheduled', decidedBy: user.accountId, decidedAt: new Date() })
        .where(eq(trainingRequests.id, request.id));
      await audit(tx, user, 'training_request.scheduled', 'training_request', request.id, { sessionId: row!.id });
    }
    return row!.id;
  });
}

async function sessionFor(tx: Queryable, sessionId: number) {
  const [session] = await tx
    .select({
      id: trainingSessions.id,
      status: trainingSessions.status,
      heldOn: trainingSessions.heldOn,
      trainsTrainers: trainingCourses.trainsTrainers,
    })
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(eq(trainingSessions.id, sessionId));
  if (!session) throw new NotFoundError('training session');
  return session;
}

export async function cancelSession(db: Database, user: CurrentUser, sessionId: number, reason: string) {
  await db.transaction(async (tx) => {
    const session = await sessionFor(tx, sessionId);
    checkSession(user, 'cancel', session);
    await tx
      .update(trainingSessions)
      .set({ status: 'cancelled', cancelReason: reason, cancelledBy: user.accountId, cancelledAt: new Date() })
      .where(eq(trainingSessions.id, sessionId));
    await audit(tx, user, 'training_session.cancelled', 'training_session', sessionId, { reason });
  });
}

export interface AttendanceInput {
  organisationId: number;
  personId?: number;
  staff?: number;
}

/**
 * Staff who attended from one organisation: a number, or one named person in the Hub. A named
 * person at a session of a course that trains trainers becomes a Prevent Champion from that day.
 */
export async function recordAttendance(db: Database, user: CurrentUser, sessionId: number, input: AttendanceInput) {
  const userOrganisationId = await organisationOf(db, user);
  await db.transaction(async (tx) => {
    const session = await sessionFor(tx, sessionId);
    checkSession(user, 'recordAttendance', session, userOrganisationId);
    checkAttendanceFor(user, input.organisationId, userOrganisationId);
    if (!(await organisationExists(tx, input.organisationId)))
      throw new FormError('organisationId', 'Select an organisation that exists');
    if (!input.personId && !input.staff)
      throw new FormError('staff', 'Enter the number of staff, or select a named member of staff');
    if (input.personId) {
      const person = await findPerson(tx, input.personId);
      if (person?.organisationId !== input.organisationId)
        throw new FormError('personId', 'Select a member of staff of this organisation');
      const [already] = await tx
        .select({ id: trainingAttendance.id })
        .from(trainingAttendance)
        .where(and(eq(trainingAttendance.sessionId, sessionId), eq(trainingAttendance.personId, input.personId)));
      if (already) throw new FormError('personId', 'This person’s attendance is already recorded');
    }
    const staff = input.personId ? 1 : input.staff!;
    const [row] = await tx
      .insert(trainingAttendance)
      .values({
        sessionId,
        organisationId: input.organisationId,
        personId: input.personId ?? null,
        staff,
        recordedBy: user.accountId,
      })
      .returning({ id: trainingAttendance.id });
    await audit(tx, user, 'training_attendance.recorded', 'training_session', sessionId, {
      attendanceId: row!.id,
      organisationId: input.organisationId,
      personId: input.personId ?? null,
      staff,
    });
    if (input.personId && session.trainsTrainers)
      await makeChampion(tx, user, {
        personId: input.personId,
        organisationId: input.organisationId,
        trainedOn: session.heldOn,
        trainedAtSessionId: sessionId,
      });
  });
}

async function makeChampion(
  tx: Queryable,
  user: CurrentUser,
  champion: { personId: number; organisationId: number | null; trainedOn: string; trainedAtSessionId: number | null },
) {
  const [row] = await tx
    .insert(preventChampions)
    .values({ ...champion, recordedBy: user.accountId })
    .onConflictDoNothing()
    .returning({ id: preventChampions.id });
  if (row) await audit(tx, user, 'prevent_champion.recorded', 'prevent_champion', row.id, { ...champion });
  return Boolean(row);
}

/** A Champion trained elsewhere (before the Hub, or by another partnership), recorded directly. */
export async function recordChampion(db: Database, user: CurrentUser, input: { personId: number; trainedOn: string }) {
  checkManageTraining(user);
  await db.transaction(async (tx) => {
    const person = await findPerson(tx, input.personId);
    if (!person) throw new FormError('personId', 'Select a person in the Hub');
    const added = await makeChampion(tx, user, {
      personId: input.personId,
      organisationId: person.organisationId,
      trainedOn: input.trainedOn,
      trainedAtSessionId: null,
    });
    if (!added) throw new FormError('personId', 'This person is already a Prevent Champion');
  });
}

export type FeedbackInput = Partial<Record<'score1' | 'score2' | 'score3' | 'score4' | 'score5', number>>;

/** How many gave each score from 1 to 5, added to what the session already has. */
export async function recordFeedback(db: Database, user: CurrentUser, sessionId: number, input: FeedbackInput) {
  const rows = ([1, 2, 3, 4, 5] as const)
    .map((score) => ({ score, responses: input[`score${score}`] ?? 0 }))
    .filter((row) => row.responses > 0);
  if (!rows.length) throw new FormError('score5', 'Enter how many gave at least one of the scores');
  await db.transaction(async (tx) => {
    const session = await sessionFor(tx, sessionId);
    checkSession(user, 'recordFeedback', session);
    await tx.insert(trainingFeedback).values(rows.map((row) => ({ ...row, sessionId, recordedBy: user.accountId })));
    await audit(tx, user, 'training_feedback.recorded', 'training_session', sessionId, { scores: rows });
  });
}

export async function setTarget(db: Database, user: CurrentUser, input: { organisationId: number; staff: number }) {
  checkManageTraining(user);
  await db.transaction(async (tx) => {
    if (!(await organisationExists(tx, input.organisationId)))
      throw new FormError('organisationId', 'Select an organisation that exists');
    const values = { staff: input.staff, setBy: user.accountId, setAt: new Date() };
    await tx
      .insert(trainingTargets)
      .values({ organisationId: input.organisationId, ...values })
      .onConflictDoUpdate({ target: trainingTargets.organisationId, set: values });
    await audit(tx, user, 'training_target.set', 'organisation', input.organisationId, { staff: input.staff });
  });
}

export interface RequestInput {
  topic: string;
  audience: string;
  numbers: number;
  preferredDates?: string;
  contactName: string;
  contactEmail: string;
  contactPhone?: string;
}

const requestValues = (input: RequestInput) => ({
  topic: input.topic,
  audience: input.audience,
  numbers: input.numbers,
  preferredDates: input.preferredDates ?? null,
  contactName: input.contactName,
  contactEmail: input.contactEmail,
  contactPhone: input.contactPhone ?? null,
});

/** A partner organisation asks for training. */
export async function askForTraining(
  db: Database,
  user: CurrentUser,
  input: RequestInput & { organisationId: number },
): Promise<number> {
  checkAskForTraining(user, input.organisationId, await organisationOf(db, user));
  return db.transaction(async (tx) => {
    if (!(await organisationExists(tx, input.organisationId)))
      throw new FormError('organisationId', 'Select an organisation that exists');
    const [row] = await tx
      .insert(trainingRequests)
      .values({
        ...requestValues(input),
        organisationId: input.organisationId,
        source: 'member',
        requestedBy: user.accountId,
      })
      .returning({ id: trainingRequests.id });
    await audit(tx, user, 'training_request.made', 'training_request', row!.id, {
      organisationId: input.organisationId,
      topic: input.topic,
    });
    return row!.id;
  });
}

/**
 * A delegate at a live event asks for training, giving contact details knowingly. The row names the
 * event whose offer it came through and nothing about the delegate: no delegate id, token or cookie.
 */
export async function askAtLiveEvent(
  db: Database,
  eventId: number,
  input: RequestInput & { organisationText: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const [offer] = await tx.select().from(trainingEventOffers).where(eq(trainingEventOffers.eventId, eventId));
    if (!offer || offer.endedAt) throw new NotFoundError('training request form');
    const [row] = await tx
      .insert(trainingRequests)
      .values({ ...requestValues(input), organisationText: input.organisationText, source: 'live_event', eventId })
      .returning({ id: trainingRequests.id });
    await audit(tx, null, 'training_request.made', 'training_request', row!.id, { eventId, topic: input.topic });
    return row!.id;
  });
}

export async function declineRequest(db: Database, user: CurrentUser, requestId: number, reason: string) {
  await db.transaction(async (tx) => {
    const [request] = await tx.select().from(trainingRequests).where(eq(trainingRequests.id, requestId));
    if (!request) throw new NotFoundError('training request');
    checkRequest(user, 'decline', request);
    await tx
      .update(trainingRequests)
      .set({ status: 'declined', declineReason: reason, decidedBy: user.accountId, decidedAt: new Date() })
      .where(eq(trainingRequests.id, requestId));
    await audit(tx, user, 'training_request.declined', 'training_request', requestId, { reason });
  });
}

/** A coordinator offers the training request form to delegates at an event, or ends the offer. */
export async function setEventOffer(db: Database, user: CurrentUser, eventId: number, on: boolean) {
  checkManageTraining(user);
  await db.transaction(async (tx) => {
    const values = { offeredBy: user.accountId, endedAt: on ? null : new Date() };
    if (on) {
      await tx
        .insert(trainingEventOffers)
        .values({ eventId, ...values, offeredAt: new Date() })
        .onConflictDoUpdate({ target: trainingEventOffers.eventId, set: { ...values, offeredAt: new Date() } });
    } else {
      const ended = await tx
        .update(trainingEventOffers)
        .set({ endedAt: new Date() })
        .where(eq(trainingEventOffers.eventId, eventId))
        .returning({ eventId: trainingEventOffers.eventId });
      if (!ended.length) throw new NotFoundError('training offer');
    }
    await audit(tx, user, on ? 'training_offer.started' : 'training_offer.ended', 'event', eventId, {});
  });
}
