import type { FastifyReply } from 'fastify';
import type { CurrentUser } from '../auth/sessions.ts';
import type { Queryable } from '../db/client.ts';
import { signedIn, type HubApp } from '../routes.ts';
import { formErrorsOf, readForm, type FormErrors } from '../views/forms.ts';
import { meetingPapers } from '../modules/documents/index.ts';
import {
  ActionForm,
  AgendaItemEditForm,
  AgendaItemForm,
  ItemParams,
  MEETING_STATUSES,
  MeetingParams,
  RecommendationForm,
  addAction,
  addAgendaItem,
  addRecommendation,
  agendaItemPage,
  attendanceSheet,
  meetingPage,
  meetingToChange,
  summariseByOrganisation,
  updateAgendaItem,
  type Paper,
} from '../modules/meetings/index.ts';
import { listPeopleOptions } from '../modules/organisations/index.ts';
import { panelCasesForMeeting } from '../modules/referrals/index.ts';
import { agendaPapersDue, canReadMeetingPapers, lastCirculation, whyCannotCirculate } from '../modules/papers/index.ts';

/*
 * The meeting page and its agenda item forms. They live above the modules because an agenda
 * item's paper is a document: the meetings module keeps the agenda, the documents module says
 * which papers the signed-in user may see and choose, and this page brings the two together.
 */
export function meetingPageRoutes(app: HubApp): void {
  const db = app.db;
  const papersFor = (user: CurrentUser) => meetingPapers(db, user);

  /** The meeting page; again with the recommendation form's errors when adding one on the meeting fails. */
  const renderMeeting = async (
    reply: FastifyReply,
    meetingId: number,
    forms: { recommendationValues?: object; errors?: FormErrors } = {},
  ) => {
    const { request } = reply;
    const page = await meetingPage(db, signedIn(request), meetingId, papersFor(signedIn(request)));
    const attendance = summariseByOrganisation(await attendanceSheet(db, page.meeting));
    const due = await agendaPapersDue(db, page.meeting, page.items);
    // A Channel panel's cases, by reference: only for the referral register's need-to-know, and never cached.
    const panelCases = await panelCasesForMeeting(db, signedIn(request), page.meeting.id, request.ip);
    const sensitive = panelCases?.length ? { marking: 'OFFICIAL-SENSITIVE', panelCases } : {};
    if (panelCases?.length) reply.sensitive();
    return reply.code(forms.errors ? 400 : 200).page('meetings/views/meeting.njk', {
      ...page,
      ...forms,
      attendance,
      statuses: MEETING_STATUSES,
      paperDue: Object.fromEntries(due.byItem),
      dueWorkingDays: due.dueWorkingDays,
      packReadable: canReadMeetingPapers(signedIn(request), page.meeting.groupId),
      circulation: await lastCirculation(db, page.meeting.id),
      circulationRefusal: whyCannotCirculate(app.config),
      ...sensitive,
    });
  };

  app.get('/meetings/:meetingId', { schema: { params: MeetingParams } }, async (request, reply) =>
    renderMeeting(reply, request.params.meetingId),
  );

  // Recommendations: on the meeting itself, or under an agenda item (each page shows its form again with errors).
  app.post(
    '/meetings/:meetingId/recommendations',
    { schema: { params: MeetingParams, body: RecommendationForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId } = request.params;
      const form = readForm(request, RecommendationForm);
      if (!form.ok) return renderMeeting(reply, meetingId, { recommendationValues: form.values, errors: form.errors });
      let id = 0;
      const errors = await formErrorsOf(async () => {
        id = await db.transaction((tx) =>
          addRecommendation(tx, signedIn(request), { meetingId, text: form.values.text }),
        );
      });
      if (errors) return renderMeeting(reply, meetingId, { recommendationValues: form.values, errors });
      return reply.redirect(`/meetings/${meetingId}#recommendation-${id}`, 303);
    },
  );

  // Agenda items.

  const itemOptions = async (database: Queryable, user: CurrentUser, meeting: { id: number; groupId: number }) => {
    const [people, documents] = await Promise.all([listPeopleOptions(database), papersFor(user).options(meeting)]);
    // The item page may add a paper already attached from elsewhere, with no marking to show.
    const papers: (Omit<Paper, 'marking'> & { marking: string | null })[] = [...documents];
    return { people, papers };
  };

  const renderNewItem = async (reply: FastifyReply, meetingId: number, values: object, errors?: FormErrors) => {
    const user = signedIn(reply.request);
    const meeting = await meetingToChange(db, user, meetingId, 'editAgenda');
    return reply.code(errors ? 400 : 200).page('meetings/views/agenda-item-new.njk', {
      meeting,
      values,
      errors,
      ...(await itemOptions(db, user, meeting)),
    });
  };

  app.get('/meetings/:meetingId/agenda-items/new', { schema: { params: MeetingParams } }, async (request, reply) => {
    return renderNewItem(reply, request.params.meetingId, {});
  });

  app.post(
    '/meetings/:meetingId/agenda-items',
    { schema: { params: MeetingParams, body: AgendaItemForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId } = request.params;
      const user = signedIn(request);
      const form = readForm(request, AgendaItemForm);
      if (!form.ok) return renderNewItem(reply, meetingId, form.values, form.errors);
      const errors = await formErrorsOf(() => addAgendaItem(db, user, meetingId, form.values, papersFor(user)));
      if (errors) return renderNewItem(reply, meetingId, form.values, errors);
      return reply.redirect(`/meetings/${meetingId}#agenda`, 303);
    },
  );

  /** The item page holds two forms: the item with its minute, and a new action arising. */
  const renderItem = async (
    reply: FastifyReply,
    meetingId: number,
    itemId: number,
    forms: { values?: object; actionValues?: object; recommendationValues?: object; errors?: FormErrors } = {},
  ) => {
    const user = signedIn(reply.request);
    const page = await agendaItemPage(db, user, meetingId, itemId, papersFor(user));
    const { item } = page;
    const values = forms.values ?? {
      ...item,
      // A paper the user may not see is not offered, and not named.
      paperDocumentId: page.paperVisible ? item.paperDocumentId : undefined,
    };
    const options = await itemOptions(db, user, page.meeting);
    // A visible paper from elsewhere (another group's library) stays selectable, or saving would drop it.
    const paperId = item.paperDocumentId;
    if (page.paperVisible && paperId && !options.papers.some((doc) => doc.id === paperId)) {
      options.papers.push({ id: paperId, title: 'The paper already attached', marking: null });
    }
    return reply.code(forms.errors ? 400 : 200).page('meetings/views/agenda-item.njk', {
      ...page,
      values,
      actionValues: forms.actionValues ?? {},
      recommendationValues: forms.recommendationValues ?? {},
      errors: forms.errors,
      ...options,
    });
  };

  app.get('/meetings/:meetingId/agenda-items/:itemId', { schema: { params: ItemParams } }, async (request, reply) => {
    const { meetingId, itemId } = request.params;
    return renderItem(reply, meetingId, itemId);
  });

  app.post(
    '/meetings/:meetingId/agenda-items/:itemId',
    { schema: { params: ItemParams, body: AgendaItemEditForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId, itemId } = request.params;
      const user = signedIn(request);
      const form = readForm(request, AgendaItemEditForm);
      if (!form.ok) return renderItem(reply, meetingId, itemId, { values: form.values, errors: form.errors });
      const errors = await formErrorsOf(() =>
        updateAgendaItem(db, user, meetingId, itemId, form.values, papersFor(user)),
      );
      if (errors) return renderItem(reply, meetingId, itemId, { values: form.values, errors });
      return reply.redirect(`/meetings/${meetingId}#item-${itemId}`, 303);
    },
  );

  // Actions arising: the form is on the item page, which shows it again with any errors.
  app.post(
    '/meetings/:meetingId/agenda-items/:itemId/actions',
    { schema: { params: ItemParams, body: ActionForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId, itemId } = request.params;
      const form = readForm(request, ActionForm);
      if (!form.ok) return renderItem(reply, meetingId, itemId, { actionValues: form.values, errors: form.errors });
      const errors = await formErrorsOf(() => addAction(db, signedIn(request), meetingId, itemId, form.values));
      if (errors) return renderItem(reply, meetingId, itemId, { actionValues: form.values, errors });
      return reply.redirect(`/meetings/${meetingId}/agenda-items/${itemId}#actions`, 303);
    },
  );

  app.post(
    '/meetings/:meetingId/agenda-items/:itemId/recommendations',
    { schema: { params: ItemParams, body: RecommendationForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId, itemId } = request.params;
      const form = readForm(request, RecommendationForm);
      if (!form.ok)
        return renderItem(reply, meetingId, itemId, { recommendationValues: form.values, errors: form.errors });
      const errors = await formErrorsOf(() =>
        db.transaction((tx) =>
          addRecommendation(tx, signedIn(request), { meetingId, agendaItemId: itemId, text: form.values.text }),
        ),
      );
      if (errors) return renderItem(reply, meetingId, itemId, { recommendationValues: form.values, errors });
      return reply.redirect(`/meetings/${meetingId}/agenda-items/${itemId}#recommendations`, 303);
    },
  );
}
