import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError } from '../../errors.ts';
import { listCurrentMembers } from '../groups/index.ts';
import { findPerson, listPeopleOptions, organisationNames, peopleNames } from '../organisations/index.ts';
import { addCadence, addDays, londonDate, londonToUtc } from './meetings.dates.ts';
import { heldMeeting, wasPresent } from './meetings.policy.ts';
import { getGroupBasics, meetingToChange } from './meetings.service.ts';
import { attendance, meetings, type ATTENDANCE } from './meetings.tables.ts';

export type AttendanceStatus = (typeof ATTENDANCE)[number];

export interface AttendanceRow {
  personId: number;
  name: string;
  organisationId: number | null;
  organisationName: string | null;
  status: AttendanceStatus | null;
  member: boolean;
}

/** What was recorded for a meeting, with the organisation as recorded then. */
async function recordedAttendance(db: Queryable, meetingIds: number[]) {
  if (meetingIds.length === 0) return [];
  const rows = await db
    .select({
      meetingId: attendance.meetingId,
      personId: attendance.personId,
      organisationId: attendance.organisationId,
      status: attendance.status,
    })
    .from(attendance)
    .where(inArray(attendance.meetingId, meetingIds));
  const [names, organisations] = await Promise.all([
    peopleNames(
      db,
      rows.map((row) => row.personId),
    ),
    organisationNames(
      db,
      rows.flatMap((row) => (row.organisationId === null ? [] : [row.organisationId])),
    ),
  ]);
  return rows
    .map((row) => ({
      ...row,
      name: names.get(row.personId) ?? '',
      organisationName: row.organisationId === null ? null : (organisations.get(row.organisationId) ?? null),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The register: every current member of the group (with what is recorded for them, if anything),
 * then anyone else recorded for this meeting, such as a guest or someone who has since left.
 */
export async function attendanceSheet(
  db: Queryable,
  meeting: { id: number; groupId: number },
): Promise<AttendanceRow[]> {
  const [members, recorded] = await Promise.all([
    listCurrentMembers(db, meeting.groupId),
    recordedAttendance(db, [meeting.id]),
  ]);
  const byPerson = new Map(recorded.map((row) => [row.personId, row]));
  const rows: AttendanceRow[] = members.map((member) => {
    const record = byPerson.get(member.personId);
    return {
      personId: member.personId,
      name: member.name,
      organisationId: record ? record.organisationId : member.organisationId,
      organisationName: record ? record.organisationName : member.organisationName,
      status: record?.status ?? null,
      member: true,
    };
  });
  const memberIds = new Set(members.map((member) => member.personId));
  for (const row of recorded) if (!memberIds.has(row.personId)) rows.push({ ...row, member: false });
  return rows;
}

/** The attendance form: the register, and people who could be added to it. */
export async function attendanceFormData(db: Queryable, user: CurrentUser, meetingId: number) {
  const meeting = await meetingToChange(db, user, meetingId, 'recordAttendance');
  const [rows, everyone] = await Promise.all([attendanceSheet(db, meeting), listPeopleOptions(db)]);
  const listed = new Set(rows.map((row) => row.personId));
  return { meeting, rows, others: everyone.filter((person) => !listed.has(person.id)) };
}

export interface AttendanceInput {
  statuses: Map<number, AttendanceStatus>;
  other?: { personId: number; status: AttendanceStatus };
}

/**
 * Records attendance. One row per person per meeting: submitting again changes the status and
 * never adds a second row. The organisation is the one the person represented when first
 * recorded, and later corrections to the status leave it alone.
 */
export async function recordAttendance(
  db: Queryable,
  user: CurrentUser,
  meetingId: number,
  input: AttendanceInput,
): Promise<void> {
  const meeting = await meetingToChange(db, user, meetingId, 'recordAttendance');
  const rows = await attendanceSheet(db, meeting);
  const entries = rows.flatMap((row) => {
    const status = input.statuses.get(row.personId);
    return status ? [{ personId: row.personId, organisationId: row.organisationId, status }] : [];
  });
  if (input.other && !rows.some((row) => row.personId === input.other!.personId)) {
    const person = await findPerson(db, input.other.personId);
    if (!person) throw new FormError('otherPersonId', 'Select a person from the list');
    entries.push({ personId: input.other.personId, organisationId: person.organisationId, status: input.other.status });
  }
  if (entries.length === 0) return;
  // One statement: all of the register is saved, or none of it.
  await db
    .insert(attendance)
    .values(entries.map((entry) => ({ meetingId, ...entry })))
    .onConflictDoUpdate({ target: [attendance.meetingId, attendance.personId], set: { status: sql`excluded.status` } });
}

/** Who came from where: the meeting page's summary, one line per organisation. */
export function summariseByOrganisation(rows: AttendanceRow[]) {
  const byOrganisation = new Map<
    string,
    { organisation: string; present: string[]; apologies: string[]; absent: string[] }
  >();
  for (const row of rows) {
    if (!row.status) continue;
    const organisation = row.organisationName ?? 'No organisation recorded';
    const entry = byOrganisation.get(organisation) ?? { organisation, present: [], apologies: [], absent: [] };
    entry[row.status].push(row.name);
    byOrganisation.set(organisation, entry);
  }
  return [...byOrganisation.values()].sort((a, b) => a.organisation.localeCompare(b.organisation));
}

// Attendance over a period.

export interface Period {
  from: string;
  to: string;
}

/** The last 12 months up to today, London dates. */
export function defaultPeriod(today = londonDate(new Date())): Period {
  return { from: addDays(addCadence(today, 'annual', -1)!, 1), to: today };
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 100));

/**
 * How well each organisation, and each person, turned up to the group's held meetings in the
 * period (both dates included). An organisation counts as represented at a meeting when anyone
 * recorded as from it was present. Members' organisations appear even when never represented:
 * a gap is the thing to notice.
 */
export async function groupAttendance(db: Queryable, groupId: number, period: Period) {
  const group = await getGroupBasics(db, groupId);
  const held = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(
      and(
        eq(meetings.groupId, groupId),
        heldMeeting,
        gte(meetings.startsAt, londonToUtc(period.from, '00:00')),
        lt(meetings.startsAt, londonToUtc(addDays(period.to, 1), '00:00')),
      ),
    );
  const total = held.length;
  const [records, members] = await Promise.all([
    recordedAttendance(
      db,
      held.map((m) => m.id),
    ),
    listCurrentMembers(db, groupId),
  ]);

  const orgs = new Map<number, { name: string; meetings: Set<number> }>();
  const persons = new Map<
    number,
    { name: string; organisationName: string | null; present: number; apologies: number; absent: number }
  >();
  for (const member of members) {
    if (member.organisationId !== null)
      orgs.set(member.organisationId, { name: member.organisationName ?? '', meetings: new Set() });
    persons.set(member.personId, {
      name: member.name,
      organisationName: member.organisationName,
      present: 0,
      apologies: 0,
      absent: 0,
    });
  }
  for (const record of records) {
    if (record.organisationId !== null) {
      const org = orgs.get(record.organisationId) ?? {
        name: record.organisationName ?? '',
        meetings: new Set<number>(),
      };
      if (wasPresent(record)) org.meetings.add(record.meetingId);
      orgs.set(record.organisationId, org);
    }
    const person = persons.get(record.personId) ?? {
      name: record.name,
      organisationName: record.organisationName,
      present: 0,
      apologies: 0,
      absent: 0,
    };
    person[record.status] += 1;
    persons.set(record.personId, person);
  }

  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    group,
    total,
    organisations: [...orgs.entries()]
      .map(([id, org]) => ({
        id,
        name: org.name,
        represented: org.meetings.size,
        total,
        percent: percent(org.meetings.size, total),
      }))
      .sort(byName),
    people: [...persons.entries()]
      .map(([id, p]) => ({ id, ...p, total, percent: percent(p.present, total) }))
      .sort(byName),
  };
}
