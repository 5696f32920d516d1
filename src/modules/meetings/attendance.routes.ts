import type { FastifyReply } from 'fastify';
import { signedIn, type HubApp } from '../../routes.ts';
import { fieldError, formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import {
  attendanceFormData,
  defaultPeriod,
  groupAttendance,
  recordAttendance,
  type AttendanceInput,
  type AttendanceRow,
  type AttendanceStatus,
} from './attendance.service.ts';
import { AttendanceForm, AttendancePeriodQuery, GroupParams, MeetingParams, PERSON_FIELD } from './meetings.forms.ts';
import { ATTENDANCE } from './meetings.tables.ts';

/** The radio groups arrive as "person-<id>" fields; the schema has already checked their values. */
function attendanceInput(body: Record<string, unknown>): AttendanceInput {
  const statuses = new Map<number, AttendanceStatus>();
  for (const [key, value] of Object.entries(body)) {
    const match = PERSON_FIELD.exec(key);
    if (match) statuses.set(Number(match[1]), value as AttendanceStatus);
  }
  const otherPersonId = body.otherPersonId as number | undefined;
  const other = otherPersonId
    ? { personId: otherPersonId, status: (body.otherStatus as AttendanceStatus | undefined) ?? 'present' }
    : undefined;
  return { statuses, other };
}

/**
 * The radio groups are pattern fields ("person-12"), which the shared form loop leaves out of
 * the summary and words by their key. Name the person instead, in the order of the form.
 */
function namePeopleInErrors(errors: FormErrors, rows: AttendanceRow[]): FormErrors {
  const fields = { ...errors.fields };
  const people = rows.flatMap((row) => {
    const key = `person-${row.personId}`;
    if (!fields[key]) return [];
    const text = `Select present, apologies or absent for ${row.name}`;
    fields[key] = { text };
    return [{ text, href: `#${key}` }];
  });
  return { summary: [...people, ...errors.summary], fields };
}

/** Registered by meetingsRoutes. */
export function attendanceRoutes(app: HubApp): void {
  const db = app.db;

  const renderForm = async (
    reply: FastifyReply,
    meetingId: number,
    errors?: FormErrors,
    posted?: Record<string, unknown>,
  ) => {
    const data = await attendanceFormData(db, signedIn(reply.request), meetingId);
    // After a refused submission, show what was chosen rather than what is stored.
    const chosen = posted ? attendanceInput(posted).statuses : new Map<number, AttendanceStatus>();
    const rows = data.rows.map((row) => ({ ...row, status: chosen.get(row.personId) ?? row.status }));
    return reply.code(errors ? 400 : 200).page('meetings/views/attendance.njk', {
      ...data,
      rows,
      statuses: ATTENDANCE,
      values: posted ?? {},
      errors: errors && namePeopleInErrors(errors, rows),
    });
  };

  app.get('/meetings/:meetingId/attendance', { schema: { params: MeetingParams } }, async (request, reply) => {
    return renderForm(reply, request.params.meetingId);
  });

  app.post(
    '/meetings/:meetingId/attendance',
    { schema: { params: MeetingParams, body: AttendanceForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId } = request.params;
      const form = readForm(request, AttendanceForm);
      // The radio groups are pattern fields: the values are read by name, whether or not they passed.
      const body = form.values as Record<string, unknown>;
      if (!form.ok) return renderForm(reply, meetingId, form.errors, body);
      const errors = await formErrorsOf(() =>
        recordAttendance(db, signedIn(request), meetingId, attendanceInput(body)),
      );
      if (errors) return renderForm(reply, meetingId, errors, body);
      return reply.redirect(`/meetings/${meetingId}#attendance`, 303);
    },
  );

  app.get(
    '/groups/:groupId/attendance',
    { schema: { params: GroupParams, querystring: AttendancePeriodQuery }, attachValidation: true },
    async (request, reply) => {
      const { groupId } = request.params;
      const form = readForm(request, AttendancePeriodQuery, 'querystring');
      const query = form.values;
      const asked = { ...defaultPeriod(), ...form.values };
      let errors = form.ok ? undefined : form.errors;
      if (!errors && asked.from > asked.to)
        errors = fieldError('from', 'The start of the period must be on or before its end');
      // A period that cannot be read falls back to the last 12 months; the form keeps what was typed.
      const period = errors ? defaultPeriod() : asked;
      const report = await groupAttendance(db, groupId, period);
      return reply
        .code(errors ? 400 : 200)
        .page('meetings/views/group-attendance.njk', { ...report, period, values: errors ? query : period, errors });
    },
  );
}
