import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { canRunMeetingsOf } from '../../auth/policy.ts';
import { FormError } from '../../errors.ts';
import { formErrorsFrom, type FormErrors } from '../../views/forms.ts';
import { listPeopleOptions } from '../organisations/index.ts';
import { attendanceRoutes } from './attendance.routes.ts';
import { attendanceSheet, summariseByOrganisation } from './attendance.service.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { formErrorsOf, inputErrors } from '../../views/forms.ts';
import { londonDate, londonTime } from './meetings.dates.ts';
import {
  ActionForm,
  ActionParams,
  AgendaItemEditForm,
  AgendaItemForm,
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
import * as service from './meetings.service.ts';
import { DECISIONS, MEETING_STATUSES } from './meetings.tables.ts';

export async function meetingsRoutes(app: FastifyInstance) {
  const db = app.db;

  app.get('/meetings', { schema: { querystring: MeetingsQuery } }, async (request, reply) => {
    const { groupId } = request.query as Static<typeof MeetingsQuery>;
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
      canSchedule: group ? canRunMeetingsOf(request.user!, group.id) : false,
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
    const { groupId } = request.params as Static<typeof GroupParams>;
    service.requireRunner(request.user!, groupId);
    return renderSchedule(reply, groupId, await service.proposeMeeting(db, groupId));
  });

  app.post(
    '/groups/:groupId/meetings',
    { schema: { params: GroupParams, body: ScheduleForm }, attachValidation: true },
    async (request, reply) => {
      const { groupId } = request.params as Static<typeof GroupParams>;
      const values = request.body as Static<typeof ScheduleForm>;
      service.requireRunner(request.user!, groupId);
      const errors = inputErrors(request, ScheduleForm);
      if (errors) return renderSchedule(reply, groupId, values, errors);
      try {
        const ids = await service.scheduleMeetings(db, request.user!, groupId, values);
        return reply.redirect(ids.length === 1 ? `/meetings/${ids[0]}` : `/meetings?groupId=${groupId}`, 303);
      } catch (error) {
        if (error instanceof FormError) return renderSchedule(reply, groupId, values, formErrorsFrom(error));
        throw error;
      }
    },
  );

  // One meeting.

  app.get('/meetings/:meetingId', { schema: { params: MeetingParams } }, async (request, reply) => {
    const { meetingId } = request.params as Static<typeof MeetingParams>;
    const page = await service.meetingPage(db, request.user!, meetingId);
    const attendance = summariseByOrganisation(await attendanceSheet(db, page.meeting));
    return reply.page('meetings/views/meeting.njk', { ...page, attendance, statuses: MEETING_STATUSES });
  });

  const renderEdit = async (reply: FastifyReply, meetingId: number, values?: object, errors?: FormErrors) => {
    const meeting = await service.getMeeting(db, meetingId);
    service.requireRunner(reply.request.user!, meeting.groupId);
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
    const { meetingId } = request.params as Static<typeof MeetingParams>;
    return renderEdit(reply, meetingId);
  });

  app.post(
    '/meetings/:meetingId/edit',
    { schema: { params: MeetingParams, body: MeetingForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId } = request.params as Static<typeof MeetingParams>;
      const values = request.body as Static<typeof MeetingForm>;
      const errors = inputErrors(request, MeetingForm);
      if (errors) return renderEdit(reply, meetingId, values, errors);
      const formErrors = await formErrorsOf(() => service.updateMeeting(db, request.user!, meetingId, values));
      if (formErrors) return renderEdit(reply, meetingId, values, formErrors);
      return reply.redirect(`/meetings/${meetingId}`, 303);
    },
  );

  app.post(
    '/meetings/:meetingId/status',
    { schema: { params: MeetingParams, body: StatusForm } },
    async (request, reply) => {
      const { meetingId } = request.params as Static<typeof MeetingParams>;
      const { status } = request.body as Static<typeof StatusForm>;
      await service.setMeetingStatus(db, request.user!, meetingId, status);
      return reply.redirect(`/meetings/${meetingId}`, 303);
    },
  );

  // Agenda items.

  const itemOptions = async (request: FastifyRequest, meeting: { id: number; groupId: number }) => {
    const [people, documents] = await Promise.all([
      listPeopleOptions(db),
      service.paperOptions(db, request.user!, meeting),
    ]);
    const papers: { id: number; title: string; marking: string | null }[] = documents.map(({ id, title, marking }) => ({
      id,
      title,
      marking,
    }));
    return { people, papers, decisions: DECISIONS };
  };

  const renderNewItem = async (reply: FastifyReply, meetingId: number, values: object, errors?: FormErrors) => {
    const meeting = await service.getMeeting(db, meetingId);
    service.requireRunner(reply.request.user!, meeting.groupId);
    return reply.code(errors ? 400 : 200).page('meetings/views/agenda-item-new.njk', {
      meeting,
      values,
      errors,
      ...(await itemOptions(reply.request, meeting)),
    });
  };

  app.get('/meetings/:meetingId/agenda-items/new', { schema: { params: MeetingParams } }, async (request, reply) => {
    const { meetingId } = request.params as Static<typeof MeetingParams>;
    return renderNewItem(reply, meetingId, {});
  });

  app.post(
    '/meetings/:meetingId/agenda-items',
    { schema: { params: MeetingParams, body: AgendaItemForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId } = request.params as Static<typeof MeetingParams>;
      const values = request.body as Static<typeof AgendaItemForm>;
      const errors = inputErrors(request, AgendaItemForm);
      if (errors) return renderNewItem(reply, meetingId, values, errors);
      const formErrors = await formErrorsOf(() => service.addAgendaItem(db, request.user!, meetingId, values));
      if (formErrors) return renderNewItem(reply, meetingId, values, formErrors);
      return reply.redirect(`/meetings/${meetingId}#agenda`, 303);
    },
  );

  /** The item page holds two forms: the item with its minute, and a new action arising. */
  const renderItem = async (
    reply: FastifyReply,
    meetingId: number,
    itemId: number,
    forms: { values?: object; actionValues?: object; errors?: FormErrors } = {},
  ) => {
    const page = await service.agendaItemPage(db, reply.request.user!, meetingId, itemId);
    const { item } = page;
    const values = forms.values ?? {
      ...item,
      // A paper the user may not see is not offered, and not named.
      paperDocumentId: page.paperVisible ? item.paperDocumentId : undefined,
    };
    const options = await itemOptions(reply.request, page.meeting);
    // A visible paper from elsewhere (another group's library) stays selectable, or saving would drop it.
    const paperId = item.paperDocumentId;
    if (page.paperVisible && paperId && !options.papers.some((doc) => doc.id === paperId)) {
      options.papers.push({ id: paperId, title: 'The paper already attached', marking: null });
    }
    return reply.code(forms.errors ? 400 : 200).page('meetings/views/agenda-item.njk', {
      ...page,
      values,
      actionValues: forms.actionValues ?? {},
      errors: forms.errors,
      ...options,
    });
  };

  app.get('/meetings/:meetingId/agenda-items/:itemId', { schema: { params: ItemParams } }, async (request, reply) => {
    const { meetingId, itemId } = request.params as Static<typeof ItemParams>;
    return renderItem(reply, meetingId, itemId);
  });

  app.post(
    '/meetings/:meetingId/agenda-items/:itemId',
    { schema: { params: ItemParams, body: AgendaItemEditForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId, itemId } = request.params as Static<typeof ItemParams>;
      const values = request.body as Static<typeof AgendaItemEditForm>;
      const errors = inputErrors(request, AgendaItemEditForm);
      if (errors) return renderItem(reply, meetingId, itemId, { values, errors });
      const formErrors = await formErrorsOf(() =>
        service.updateAgendaItem(db, request.user!, meetingId, itemId, values),
      );
      if (formErrors) return renderItem(reply, meetingId, itemId, { values, errors: formErrors });
      return reply.redirect(`/meetings/${meetingId}#item-${itemId}`, 303);
    },
  );

  app.post(
    '/meetings/:meetingId/agenda-items/:itemId/move',
    { schema: { params: ItemParams, body: MoveForm } },
    async (request, reply) => {
      const { meetingId, itemId } = request.params as Static<typeof ItemParams>;
      const { direction } = request.body as Static<typeof MoveForm>;
      await service.moveAgendaItem(db, request.user!, meetingId, itemId, direction);
      return reply.redirect(`/meetings/${meetingId}#agenda`, 303);
    },
  );

  // Actions arising.

  app.post(
    '/meetings/:meetingId/agenda-items/:itemId/actions',
    { schema: { params: ItemParams, body: ActionForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId, itemId } = request.params as Static<typeof ItemParams>;
      const actionValues = request.body as Static<typeof ActionForm>;
      const errors = inputErrors(request, ActionForm);
      if (errors) return renderItem(reply, meetingId, itemId, { actionValues, errors });
      const formErrors = await formErrorsOf(() =>
        service.addAction(db, request.user!, meetingId, itemId, actionValues),
      );
      if (formErrors) return renderItem(reply, meetingId, itemId, { actionValues, errors: formErrors });
      return reply.redirect(`/meetings/${meetingId}/agenda-items/${itemId}#actions`, 303);
    },
  );

  app.post(
    '/meetings/:meetingId/agenda-items/:itemId/actions/:actionId/complete',
    { schema: { params: ActionParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { meetingId, itemId, actionId } = request.params as Static<typeof ActionParams>;
      await service.completeAction(db, request.user!, meetingId, itemId, actionId);
      return reply.redirect(`/meetings/${meetingId}/agenda-items/${itemId}#actions`, 303);
    },
  );

  await attendanceRoutes(app);
  await calendarRoutes(app);
}
