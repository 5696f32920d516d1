import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import type { Queryable } from '../../db/client.ts';
import type { EngagementEntry, EngagementPeriod } from '../events/index.ts';
import { organisationName, personName } from '../organisations/index.ts';
import { requestOutstanding, sessionGoesAhead } from './training.policy.ts';
import {
  preventChampions,
  trainingAttendance,
  trainingCourses,
  trainingRequests,
  trainingSessions,
  trainingTargets,
} from './training.tables.ts';

/*
 * What the training pages and other parts of the Hub read. Each read is one query; names of people
 * and organisations come from the organisations module's fragments inside the query.
 */

/** Staff who attended a session (numbers and named people together). */
const staffAt = sql<number>`coalesce((select sum(a.staff) from training_attendance a where a.session_id = ${trainingSessions.id}), 0)::int`;
const feedbackAverage = sql<
  string | null
>`(select round(sum(f.score * f.responses)::numeric / nullif(sum(f.responses), 0), 1)::text from training_feedback f where f.session_id = ${trainingSessions.id})`;
const feedbackCount = sql<number>`coalesce((select sum(f.responses) from training_feedback f where f.session_id = ${trainingSessions.id}), 0)::int`;

const inPeriod = (period: EngagementPeriod) =>
  and(gte(trainingSessions.heldOn, period.from), lte(trainingSessions.heldOn, period.to));

const sessionColumns = {
  id: trainingSessions.id,
  courseId: trainingSessions.courseId,
  course: trainingCourses.title,
  kind: trainingCourses.kind,
  trainsTrainers: trainingCourses.trainsTrainers,
  heldOn: trainingSessions.heldOn,
  place: trainingSessions.place,
  trainerPersonId: trainingSessions.trainerPersonId,
  trainer: sql<
    string | null
  >`coalesce(${personName(trainingSessions.trainerPersonId)}, ${trainingSessions.externalTrainer})`,
  capacity: trainingSessions.capacity,
  status: trainingSessions.status,
  cancelReason: trainingSessions.cancelReason,
  requestId: trainingSessions.requestId,
  staff: staffAt,
  feedbackAverage,
  feedbackCount,
};

export function courses(db: Queryable) {
  return db
    .select({
      id: trainingCourses.id,
      title: trainingCourses.title,
      kind: trainingCourses.kind,
      description: trainingCourses.description,
      trainsTrainers: trainingCourses.trainsTrainers,
      sessions: sql<number>`(select count(*) from training_sessions s where s.course_id = ${trainingCourses.id})::int`,
    })
    .from(trainingCourses)
    .orderBy(asc(trainingCourses.title));
}

/** Sessions held in the period and any scheduled after it, newest first. */
export function sessionsFrom(db: Queryable, from: string) {
  return db
    .select(sessionColumns)
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(gte(trainingSessions.heldOn, from))
    .orderBy(desc(trainingSessions.heldOn), desc(trainingSessions.id))
    .limit(500);
}

export async function sessionRecord(db: Queryable, sessionId: number) {
  const [row] = await db
    .select(sessionColumns)
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(eq(trainingSessions.id, sessionId));
  return row;
}

export function attendanceAt(db: Queryable, sessionId: number) {
  return db
    .select({
      id: trainingAttendance.id,
      organisation: organisationName(trainingAttendance.organisationId),
      person: personName(trainingAttendance.personId),
      staff: trainingAttendance.staff,
      recordedAt: trainingAttendance.recordedAt,
    })
    .from(trainingAttendance)
    .where(eq(trainingAttendance.sessionId, sessionId))
    .orderBy(asc(trainingAttendance.id));
}

/**
 * Sessions that went ahead in the period, by who delivered them. Each session counts once, under
 * its own trainer: a session a Champion delivers is the Champion's, never again the coordinator's
 * who trained them. Champions' sessions count only from the day they were trained (the cascade).
 */
export function deliveredBy(db: Queryable, period: EngagementPeriod) {
  return db
    .select({
      personId: trainingSessions.trainerPersonId,
      trainer: sql<string>`coalesce(${personName(trainingSessions.trainerPersonId)}, ${trainingSessions.externalTrainer})`,
      champion: sql<boolean>`bool_or(${preventChampions.id} is not null and ${trainingSessions.heldOn} >= ${preventChampions.trainedOn})`,
      sessions: sql<number>`count(*)::int`,
      staff: sql<number>`coalesce(sum(${staffAt}), 0)::int`,
    })
    .from(trainingSessions)
    .leftJoin(preventChampions, eq(preventChampions.personId, trainingSessions.trainerPersonId))
    .where(and(sessionGoesAhead, inPeriod(period)))
    .groupBy(trainingSessions.trainerPersonId, sql`2`)
    .orderBy(desc(sql`count(*)`), asc(sql`2`));
}

/** Prevent Champions with the sessions they have delivered since they were trained (all time). */
export function champions(db: Queryable) {
  const delivered = and(
    eq(trainingSessions.trainerPersonId, preventChampions.personId),
    gte(trainingSessions.heldOn, preventChampions.trainedOn),
    sessionGoesAhead,
  );
  return db
    .select({
      id: preventChampions.id,
      personId: preventChampions.personId,
      name: personName(preventChampions.personId),
      organisation: organisationName(preventChampions.organisationId),
      trainedOn: preventChampions.trainedOn,
      trainedAtSessionId: preventChampions.trainedAtSessionId,
      sessions: sql<number>`count(${trainingSessions.id})::int`,
      staff: sql<number>`coalesce(sum(${staffAt}), 0)::int`,
    })
    .from(preventChampions)
    .leftJoin(trainingSessions, delivered)
    .groupBy(preventChampions.id)
    .orderBy(asc(sql`3`));
}

/** Staff trained in the period by organisation and quarter (sessions that went ahead). */
export function trainedByOrganisation(db: Queryable, period: EngagementPeriod) {
  return db
    .select({
      organisationId: trainingAttendance.organisationId,
      quarter: sql<string>`to_char(${trainingSessions.heldOn}, 'YYYY "Q"Q')`,
      staff: sql<number>`sum(${trainingAttendance.staff})::int`,
    })
    .from(trainingAttendance)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
    .where(and(sessionGoesAhead, inPeriod(period)))
    .groupBy(trainingAttendance.organisationId, sql`2`);
}

export function targets(db: Queryable) {
  return db
    .select({ organisationId: trainingTargets.organisationId, staff: trainingTargets.staff })
    .from(trainingTargets);
}

const requestColumns = {
  id: trainingRequests.id,
  organisation: sql<
    string | null
  >`coalesce(${organisationName(trainingRequests.organisationId)}, ${trainingRequests.organisationText})`,
  topic: trainingRequests.topic,
  audience: trainingRequests.audience,
  numbers: trainingRequests.numbers,
  preferredDates: trainingRequests.preferredDates,
  contactName: trainingRequests.contactName,
  contactEmail: trainingRequests.contactEmail,
  contactPhone: trainingRequests.contactPhone,
  source: trainingRequests.source,
  status: trainingRequests.status,
  declineReason: trainingRequests.declineReason,
  requestedAt: trainingRequests.requestedAt,
};

/** Requests the coordinator has still to answer, oldest first (coordinators only: they hold contact details). */
export async function outstandingTrainingRequests(db: Queryable, user: CurrentUser) {
  if (!isCoordinator(user)) return [];
  return db.select(requestColumns).from(trainingRequests).where(requestOutstanding).orderBy(asc(trainingRequests.id));
}

/** The latest requests, answered or not, newest first. */
export function recentRequests(db: Queryable) {
  return db.select(requestColumns).from(trainingRequests).orderBy(desc(trainingRequests.id)).limit(50);
}

export async function requestRecord(db: Queryable, requestId: number) {
  const [row] = await db.select(requestColumns).from(trainingRequests).where(eq(trainingRequests.id, requestId));
  return row;
}

/** Training sessions held in the period, as the engagement log lists them. */
export async function engagementEntries(db: Queryable, period: EngagementPeriod): Promise<EngagementEntry[]> {
  const rows = await db
    .select({
      id: trainingSessions.id,
      course: trainingCourses.title,
      heldOn: trainingSessions.heldOn,
      place: trainingSessions.place,
      staff: staffAt,
    })
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(and(sessionGoesAhead, inPeriod(period)))
    .orderBy(asc(trainingSessions.heldOn), asc(trainingSessions.id));
  return rows.map((row) => ({
    kind: 'training_session',
    title: row.course,
    href: `/training/sessions/${row.id}`,
    heldOn: row.heldOn,
    place: row.place,
    attendance: row.staff,
    audiences: [],
  }));
}

export interface TrainingSummary {
  from: string;
  to: string;
  sessions: number;
  staffTrained: number;
  /** Sessions delivered by Prevent Champions since they were trained: the cascade. */
  cascadeSessions: number;
  cascadeStaff: number;
  champions: number;
  requestsOutstanding: number;
}

/** The period's training in numbers, for board papers. */
export async function trainingSummaries(db: Queryable, period: EngagementPeriod): Promise<TrainingSummary> {
  const [delivered, [championCount], [waiting]] = await Promise.all([
    deliveredBy(db, period),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(preventChampions)
      .where(lte(preventChampions.trainedOn, period.to)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(trainingRequests)
      .where(requestOutstanding),
  ]);
  const sum = (rows: typeof delivered, key: 'sessions' | 'staff') => rows.reduce((total, row) => total + row[key], 0);
  const cascade = delivered.filter((row) => row.champion);
  return {
    ...period,
    sessions: sum(delivered, 'sessions'),
    staffTrained: sum(delivered, 'staff'),
    cascadeSessions: sum(cascade, 'sessions'),
    cascadeStaff: sum(cascade, 'staff'),
    champions: championCount?.n ?? 0,
    requestsOutstanding: waiting?.n ?? 0,
  };
}

/** Every attendance in the period, one row each, for the CSV. */
export function attendanceRows(db: Queryable, period: EngagementPeriod) {
  return db
    .select({
      heldOn: trainingSessions.heldOn,
      course: trainingCourses.title,
      place: trainingSessions.place,
      trainer: sql<
        string | null
      >`coalesce(${personName(trainingSessions.trainerPersonId)}, ${trainingSessions.externalTrainer})`,
      organisationId: trainingAttendance.organisationId,
      organisation: organisationName(trainingAttendance.organisationId),
      person: personName(trainingAttendance.personId),
      staff: trainingAttendance.staff,
    })
    .from(trainingAttendance)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(and(sessionGoesAhead, inPeriod(period)))
    .orderBy(asc(trainingSessions.heldOn), asc(trainingAttendance.id));
}
