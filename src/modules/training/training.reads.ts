import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import type { Queryable } from '../../db/client.ts';
import { preparedFor } from '../../db/prepared.ts';
import { qualified } from '../../db/sql.ts';
import { EVENT_AUDIENCES, type EngagementEntry, type EngagementPeriod, type EventAudience } from '../events/index.ts';
import { listOrganisationOptions, organisationName, personName } from '../organisations/index.ts';
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

const coursesQuery = preparedFor((db) =>
  db
    .select({
      id: trainingCourses.id,
      title: trainingCourses.title,
      kind: trainingCourses.kind,
      description: trainingCourses.description,
      trainsTrainers: trainingCourses.trainsTrainers,
      sessions: sql<number>`(select count(*) from training_sessions s where s.course_id = ${qualified(trainingCourses.id)})::int`,
    })
    .from(trainingCourses)
    .orderBy(asc(trainingCourses.title))
    .prepare('training_courses'),
);

export function courses(db: Queryable) {
  return coursesQuery(db).execute();
}

/** Sessions on one page of the training overview. */
export const SESSIONS_PER_PAGE = 20;

/**
 * One page of the sessions held in the period and any scheduled after it, newest first, with how
 * many there are in all (so the page can offer the next): built once and prepared, as every view
 * of the overview reads it.
 */
const sessionsPageQuery = preparedFor((db) =>
  db
    .select({ ...sessionColumns, total: sql<number>`(count(*) over ())::int` })
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(gte(trainingSessions.heldOn, sql.placeholder('from')))
    .orderBy(desc(trainingSessions.heldOn), desc(trainingSessions.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare('training_sessions_page'),
);

export async function sessionsPage(db: Queryable, from: string, page: number) {
  const rows = await sessionsPageQuery(db).execute({
    from,
    limit: SESSIONS_PER_PAGE,
    offset: (page - 1) * SESSIONS_PER_PAGE,
  });
  const total = rows[0]?.total ?? 0;
  return { sessions: rows, page, pages: Math.max(1, Math.ceil(total / SESSIONS_PER_PAGE)), total };
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

/** Sessions that went ahead between the placeholders `from` and `to`, for prepared reads. */
const heldBetween = and(
  sessionGoesAhead,
  gte(trainingSessions.heldOn, sql.placeholder('from')),
  lte(trainingSessions.heldOn, sql.placeholder('to')),
);

/**
 * Sessions that went ahead in the period, by who delivered them. Each session counts once, under
 * its own trainer: a session a Champion delivers is the Champion's, never again the coordinator's
 * who trained them. Champions' sessions count only from the day they were trained (the cascade).
 */
const deliveredByQuery = preparedFor((db) =>
  db
    .select({
      personId: trainingSessions.trainerPersonId,
      trainer: sql<string>`coalesce(${personName(trainingSessions.trainerPersonId)}, ${trainingSessions.externalTrainer})`,
      champion: sql<boolean>`bool_or(${preventChampions.id} is not null and ${trainingSessions.heldOn} >= ${preventChampions.trainedOn})`,
      sessions: sql<number>`count(*)::int`,
      staff: sql<number>`coalesce(sum(${staffAt}), 0)::int`,
    })
    .from(trainingSessions)
    .leftJoin(preventChampions, eq(preventChampions.personId, trainingSessions.trainerPersonId))
    .where(heldBetween)
    .groupBy(trainingSessions.trainerPersonId, sql`2`)
    .orderBy(desc(sql`count(*)`), asc(sql`2`))
    .prepare('training_delivered_by'),
);

export function deliveredBy(db: Queryable, period: EngagementPeriod) {
  return deliveredByQuery(db).execute({ from: period.from, to: period.to });
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

/**
 * Staff trained in the period (sessions that went ahead) added up by PostgreSQL twice in one
 * query: by organisation (rows with no quarter) and by quarter (rows with no organisation).
 */
const trainedQuery = preparedFor((db) =>
  db
    .select({
      organisationId: sql<number | null>`${trainingAttendance.organisationId}`,
      quarter: sql<string | null>`to_char(${trainingSessions.heldOn}, 'YYYY "Q"Q')`,
      staff: sql<number>`sum(${trainingAttendance.staff})::int`,
    })
    .from(trainingAttendance)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
    .where(heldBetween)
    .groupBy(sql`grouping sets ((${trainingAttendance.organisationId}), (2))`)
    .orderBy(asc(sql`2`))
    .prepare('training_trained_in_period'),
);

export async function trainedInPeriod(db: Queryable, period: EngagementPeriod) {
  const rows = await trainedQuery(db).execute({ from: period.from, to: period.to });
  const byOrganisation = new Map<number, number>();
  const byQuarter: { quarter: string; staff: number }[] = [];
  for (const row of rows)
    if (row.organisationId !== null) byOrganisation.set(row.organisationId, row.staff);
    else if (row.quarter !== null) byQuarter.push({ quarter: row.quarter, staff: row.staff });
  return { byOrganisation, byQuarter };
}

const targetsQuery = preparedFor((db) =>
  db
    .select({ organisationId: trainingTargets.organisationId, staff: trainingTargets.staff })
    .from(trainingTargets)
    .prepare('training_targets'),
);

export function targets(db: Queryable) {
  return targetsQuery(db).execute();
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

/*
 * Whom a session reached, from the sectors of the organisations whose staff attended: school
 * staff are the schools audience, faith and community organisations the faith communities, and
 * every other sector's staff (councils, police, health, probation, prisons, voluntary groups)
 * frontline staff.
 */
const AUDIENCE_OF_SECTOR: Partial<Record<string, EventAudience>> = {
  education: 'schools',
  faith_and_community: 'faith_communities',
};
const audienceOfSector = (sector: string): EventAudience => AUDIENCE_OF_SECTOR[sector] ?? 'frontline_staff';

function audiencesOf(organisationIds: number[], sectorOf: Map<number, string>): EventAudience[] {
  const reached = new Set(organisationIds.map((id) => audienceOfSector(sectorOf.get(id) ?? 'other')));
  return EVENT_AUDIENCES.filter((audience) => reached.has(audience));
}

/** Training sessions held in the period, as the engagement log lists them, with the audiences their attendance reached. */
export async function engagementEntries(db: Queryable, period: EngagementPeriod): Promise<EngagementEntry[]> {
  const [rows, organisations] = await Promise.all([
    db
      .select({
        id: trainingSessions.id,
        course: trainingCourses.title,
        heldOn: trainingSessions.heldOn,
        place: trainingSessions.place,
        staff: staffAt,
        organisationIds: sql<
          number[]
        >`(select coalesce(json_agg(distinct a.organisation_id), '[]') from training_attendance a where a.session_id = ${trainingSessions.id})`,
      })
      .from(trainingSessions)
      .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
      .where(and(sessionGoesAhead, inPeriod(period)))
      .orderBy(asc(trainingSessions.heldOn), asc(trainingSessions.id)),
    listOrganisationOptions(db),
  ]);
  const sectorOf = new Map(organisations.map((o) => [o.id, o.sector as string]));
  return rows.map((row) => ({
    kind: 'training_session',
    title: row.course,
    href: `/training/sessions/${row.id}`,
    heldOn: row.heldOn,
    place: row.place,
    attendance: row.staff,
    audiences: audiencesOf(row.organisationIds, sectorOf),
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

/** Champions trained by the end of the period, and requests still to answer, in one query. */
const countsQuery = preparedFor((db) =>
  db
    .select({
      champions: sql<number>`(count(*) filter (where ${preventChampions.trainedOn} <= ${sql.placeholder('to')}))::int`,
      requestsOutstanding: sql<number>`(select count(*) from ${trainingRequests} where ${requestOutstanding})::int`,
    })
    .from(preventChampions)
    .prepare('training_counts'),
);

export async function trainingCounts(db: Queryable, period: EngagementPeriod) {
  const [counts] = await countsQuery(db).execute({ to: period.to });
  return { champions: counts?.champions ?? 0, requestsOutstanding: counts?.requestsOutstanding ?? 0 };
}

/** The summary from the period's sessions by who delivered them (read once, for the overview's table too). */
export function summaryOf(
  period: EngagementPeriod,
  delivered: Awaited<ReturnType<typeof deliveredBy>>,
  counts: Awaited<ReturnType<typeof trainingCounts>>,
): TrainingSummary {
  const sum = (rows: typeof delivered, key: 'sessions' | 'staff') => rows.reduce((total, row) => total + row[key], 0);
  const cascade = delivered.filter((row) => row.champion);
  return {
    ...period,
    sessions: sum(delivered, 'sessions'),
    staffTrained: sum(delivered, 'staff'),
    cascadeSessions: sum(cascade, 'sessions'),
    cascadeStaff: sum(cascade, 'staff'),
    ...counts,
  };
}

/** The period's training in numbers, for board papers. */
export async function trainingSummaries(db: Queryable, period: EngagementPeriod): Promise<TrainingSummary> {
  const [delivered, counts] = await Promise.all([deliveredBy(db, period), trainingCounts(db, period)]);
  return summaryOf(period, delivered, counts);
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
