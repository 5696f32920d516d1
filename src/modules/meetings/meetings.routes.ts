import type { FastifyReply } from 'fastify';
import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { attendanceRoutes } from './attendance.routes.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { recommendationRoutes } from './recommendations.routes.ts';
import { londonDate, londonTime } from './meetings.dates.ts';
import {
  ActionParams,
  CsrfOnlyForm,
  GroupParams,
  ItemParams,
  MAX_SERIES,
  MeetingForm,
  MeetingParams,
  MeetingsQuery,
  MoveForm,
  ScheduleForm,
  StatusForm,
} from './meetings.forms.ts';
import { canMeeting, checkMeeting } from './meetings.policy.ts';
import * as service from './meetings.service.ts';

/*
 * The meetings list, scheduling, and changes that need no papers. The meeting page and its
 * agenda item forms show papers from the documents module, which sits above this one: they
 * are src/pages/meeting.page.ts.
 */
export async function meetingsRoutes(app: HubApp) {
  const db = app.db;

  app.get('/meetings', { schema: { querystring: MeetingsQuery } }, async (request, reply) => {
    const { groupId } = request.query;
    const group = groupId ? await service.getGroupBasics(db, groupId) : null;
    const [lists, withMeetings] = await Promise.all([
      service.listMeetings(db, { groupId }),
      service.groupsWithMeetings(db),
    ]);
    // The chosen group stays in the filter even before it has met.
    const groups = group && !withMeetings.some((g) => g.id === group.id) ? [...withMeetings, group] : withMeetings;
    return reply.page('meetings/views/list.njk', {
      ...lists,
      groups,
      group,
      canSchedule: group ? canMeeting(signedIn(request), 'schedule', { groupId: group.id }) : false,
    });
  });

  // Scheduling.

  const renderSchedule = async (reply: FastifyReply, groupId: number, values: object, errors?: FormErrors) => {
    const group = await service.getGroupBasics(db, groupId);
    return reply.code(errors ? 400 : 200).page('meetings/views/schedule.njk', {
      group,
      values,
      errors,
      series: true,
      maxSeries: MAX_SERIES,
      action: `/groups/${groupId}/meetings`,
    });
  };

  app.get('/groups/:groupId/meetings/new', { schema: { params: GroupParams } }, async (request, reply) => {
    const { groupId } = request.params;
    checkMeeting(signedIn(request), 'schedule', { groupId });
    return renderSchedule(reply, groupId, await service.proposeMeeting(db, groupId));
  });

  app.post(
    '/groups/:groupId/meetings',
    { schema: { params: GroupParams, body: ScheduleForm }, attachValidation: true },
    async (request, reply) => {
      const { groupId } = request.params;
      const user = signedIn(request);
      checkMeeting(user, 'schedule', { groupId });
      const form = readForm(request, ScheduleForm);
      if (!form.ok) return renderSchedule(reply, groupId, form.values, form.errors);
      let ids: number[] = [];
      const errors = await formErrorsOf(
        async () => (ids = await service.scheduleMeetings(db, user, groupId, form.values)),
      );
      if (errors) return renderSchedule(reply, groupId, form.values, errors);
      return reply.redirect(ids.length === 1 ? `/meetings/${ids[0]}` : `/meetings?groupId=${groupId}`, 303);
    },
  );

  // One meeting's date, times and place.

  const renderEdit = async (reply: FastifyReply, meetingId: number, values?: object, errors?: FormErrors) => {
    const meeting = await service.meetingToChange(db, signedIn(reply.request), meetingId, 'edit');
    const current = {
      date: londonDate(meeting.startsAt),
      startTime: londonTime(meeting.startsAt),
      endTime: londonTime(meeting.endsAt),
      location: meeting.location,
    };
    return reply.code(errors ? 400 : 200).page('meetings/views/schedule.njk', {
      group: { id: meeting.groupId, name: meeting.groupName },
      meeting,
      values: values ?? current,
      errors,
      series: false,
      action: `/meetings/${meetingId}/edit`,
    });
  };

  app.get('/meetings/:meetingId/edit', { schema: { params: MeetingParams } }, async (request, reply) => {
    return renderEdit(reply, request.params.meetingId);
  });

  app.post(
    '/meetings/:meetingId/edit',
    { schema: { params: MeetingParams, body: MeetingForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId } = request.params;
      const form = readForm(request, MeetingForm);
      if (!form.ok) return renderEdit(reply, meetingId, form.values, form.errors);
      const errors = await formErrorsOf(() => service.updateMeeting(db, signedIn(request), meetingId, form.values));
      if (errors) return renderEdit(reply, meetingId, form.values, errors);
      return reply.redirect(`/meetings/${meetingId}`, 303);
    },
  );

  app.post(
    '/meetings/:meetingId/status',
    { schema: { params: MeetingParams, body: StatusForm } },
    async (request, reply) => {
      const { meetingId } = request.params;
      await service.setMeetingStatus(db, signedIn(request), meetingId, request.body.status);
      return reply.redirect(`/meetings/${meetingId}`, 303);
    },
  );

  app.post(
    '/meetings/:meetingId/agenda-items/:itemId/move',
    { schema: { params: ItemParams, body: MoveForm } },
    async (request, reply) => {
      const { meetingId, itemId } = request.params;
      await service.moveAgendaItem(db, signedIn(request), meetingId, itemId, request.body.direction);
      return reply.redirect(`/meetings/${meetingId}#agenda`, 303);
    },
  );

  app.post(
    '/meetings/:meetingId/agenda-items/:itemId/actions/:actionId/complete',
    { schema: { params: ActionParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { meetingId, itemId, actionId } = request.params;
      await service.completeAction(db, signedIn(request), meetingId, itemId, actionId);
      return reply.redirect(`/meetings/${meetingId}/agenda-items/${itemId}#actions`, 303);
    },
  );

  attendanceRoutes(app);
  calendarRoutes(app);
  recommendationRoutes(app);
}
