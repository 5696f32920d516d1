import { signedIn, type HubApp } from '../../routes.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import type { EventRow } from './events.service.ts';
import { ensureDelegate } from './delegates.service.ts';
import {
  doorsOf,
  eventForDelegate,
  ITEMS_PER_DELEGATE_PER_MINUTE,
  notJoinedMessage,
  welcomeDelegate,
} from './delegate-doors.ts';
import {
  AnswerForm,
  CodeParams,
  CodeQuestionParams,
  CsrfOnlyForm,
  EventParams,
  MoveForm,
  QuestionForm,
  QuestionParams,
  ThemeParams,
  ThemeTitleForm,
} from './polls.forms.ts';
import { checkEventOpen, moderatedEvent } from './polls.service.ts';
import * as service from './workshops.service.ts';

const PUBLIC = { public: true };
export const ANSWER_LIMIT_MESSAGE = `You have sent ${ITEMS_PER_DELEGATE_PER_MINUTE} answers in the last minute. Wait a minute, then send this one again.`;
const BUSY_MESSAGE = 'A lot of people are sending answers right now. Wait a minute, then send this one again.';

/** Timed workshop questions, the delegates' answers and the facilitator's themes. */
export async function workshopsRoutes(app: HubApp) {
  const renderWorkshop = async (
    reply: FastifyReply,
    event: EventRow,
    values: object = { minutes: 10 },
    errors?: FormErrors,
  ) => {
    const questions = await service.listQuestions(app.db, event.id);
    return reply
      .code(errors ? 400 : 200)
      .page('events/views/workshop.njk', { title: `Workshop: ${event.title}`, event, questions, values, errors });
  };

  app.get('/events/:eventId/workshop', { schema: { params: EventParams } }, async (request, reply) => {
    const { eventId } = request.params;
    return renderWorkshop(reply, await moderatedEvent(app.db, signedIn(request), eventId));
  });

  app.post(
    '/events/:eventId/workshop',
    { schema: { params: EventParams, body: QuestionForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, QuestionForm);
      const { eventId } = request.params;
      const event = await moderatedEvent(app.db, signedIn(request), eventId);
      if (!form.ok) return renderWorkshop(reply, event, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      await service.addQuestion(app.db, event.id, values);
      return reply.redirect(`/events/${event.id}/workshop`, 303);
    },
  );

  for (const action of ['start', 'stop'] as const) {
    app.post(
      `/events/:eventId/workshop/:questionId/${action}`,
      { schema: { params: QuestionParams, body: CsrfOnlyForm } },
      async (request, reply) => {
        const { eventId, questionId } = request.params;
        const event = await moderatedEvent(app.db, signedIn(request), eventId);
        const errors = await formErrorsOf(() =>
          action === 'start'
            ? service.startQuestion(app.db, event.id, questionId)
            : service.stopQuestion(app.db, event.id, questionId),
        );
        if (errors) return renderWorkshop(reply, event, undefined, errors);
        return reply.redirect(`/events/${event.id}/workshop#question-${questionId}`, 303);
      },
    );
  }

  app.post(
    '/events/:eventId/workshop/minute',
    { schema: { params: EventParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { eventId } = request.params;
      const event = await moderatedEvent(app.db, signedIn(request), eventId);
      let meetingId = 0;
      const errors = await formErrorsOf(
        async () => (meetingId = await service.addWorkshopMinute(app.db, signedIn(request), event)),
      );
      if (errors) return renderWorkshop(reply, event, undefined, errors);
      return reply.redirect(`/meetings/${meetingId}`, 303);
    },
  );

  // Themes, after the question has run.
  const renderThemes = async (reply: FastifyReply, event: EventRow, questionId: number, errors?: FormErrors) => {
    const questions = await service.listQuestions(app.db, event.id);
    const question = questions.find((q) => q.id === questionId);
    if (!question) throw new NotFoundError('question');
    if (!question.running) await service.suggestThemesOnce(app.db, questionId);
    const { themes, unthemed } = await service.themesOf(app.db, questionId);
    return reply.code(errors ? 400 : 200).page('events/views/workshop-themes.njk', {
      title: `Themes: question ${question.number}`,
      event,
      question,
      themes,
      unthemed,
      themeItems: themes.map((t) => ({ value: t.id, text: t.title })),
      errors,
    });
  };

  const themesUrl = (eventId: number, questionId: number) => `/events/${eventId}/workshop/${questionId}/themes`;

  app.get(
    '/events/:eventId/workshop/:questionId/themes',
    { schema: { params: QuestionParams } },
    async (request, reply) => {
      const { eventId, questionId } = request.params;
      return renderThemes(reply, await moderatedEvent(app.db, signedIn(request), eventId), questionId);
    },
  );

  app.post(
    '/events/:eventId/workshop/:questionId/themes',
    { schema: { params: QuestionParams, body: ThemeTitleForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ThemeTitleForm);
      const { eventId, questionId } = request.params;
      const event = await moderatedEvent(app.db, signedIn(request), eventId);
      await service.getQuestion(app.db, event.id, questionId);
      if (!form.ok) return renderThemes(reply, event, questionId, form.errors);
      await service.createTheme(app.db, questionId, form.values.title);
      return reply.redirect(themesUrl(event.id, questionId), 303);
    },
  );

  app.post(
    '/events/:eventId/workshop/:questionId/themes/move',
    { schema: { params: QuestionParams, body: MoveForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, MoveForm);
      const { eventId, questionId } = request.params;
      const event = await moderatedEvent(app.db, signedIn(request), eventId);
      await service.getQuestion(app.db, event.id, questionId);
      if (!form.ok) return renderThemes(reply, event, questionId, form.errors);
      const { answerId, themeId } = form.values;
      const errors = await formErrorsOf(() => service.moveAnswer(app.db, questionId, answerId, themeId));
      if (errors) return renderThemes(reply, event, questionId, errors);
      return reply.redirect(`${themesUrl(event.id, questionId)}#answer-${answerId}`, 303);
    },
  );

  app.post(
    '/events/:eventId/workshop/:questionId/themes/:themeId/rename',
    { schema: { params: ThemeParams, body: ThemeTitleForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ThemeTitleForm);
      const { eventId, questionId, themeId } = request.params;
      const event = await moderatedEvent(app.db, signedIn(request), eventId);
      await service.getQuestion(app.db, event.id, questionId);
      if (!form.ok) return renderThemes(reply, event, questionId, form.errors);
      await service.renameTheme(app.db, questionId, themeId, form.values.title);
      return reply.redirect(`${themesUrl(event.id, questionId)}#theme-${themeId}`, 303);
    },
  );

  app.post(
    '/events/:eventId/workshop/:questionId/summary',
    { schema: { params: QuestionParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { eventId, questionId } = request.params;
      const event = await moderatedEvent(app.db, signedIn(request), eventId);
      const errors = await formErrorsOf(() => service.writeSummary(app.db, event.id, questionId));
      if (errors) return renderThemes(reply, event, questionId, errors);
      return reply.redirect(`/events/${event.id}/workshop#question-${questionId}`, 303);
    },
  );

  // Delegates.
  const renderDelegate = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRow,
    values: object = {},
    errors?: FormErrors,
  ) => {
    // Opening the workshop is joining too, for a delegate who came straight here.
    if (request.method === 'GET') welcomeDelegate(app, request, reply, event);
    const question = await service.runningQuestion(app.db, event.id);
    const sent = (request.query as { sent?: string } | undefined)?.sent;
    return reply.code(errors ? 400 : 200).page('events/views/workshop-delegate.njk', {
      title: `Workshop: ${event.title}`,
      event,
      code: event.joinCode,
      question,
      maxLength: service.ANSWER_MAX,
      values,
      errors,
      flash: sent && !errors ? 'Thank you: your answer was sent. You can send another.' : undefined,
    });
  };

  app.get('/e/:code/workshop', { config: PUBLIC, schema: { params: CodeParams } }, async (request, reply) => {
    const { code } = request.params;
    return renderDelegate(request, reply, await eventForDelegate(app, request, reply, code));
  });

  app.post(
    '/e/:code/workshop/:questionId/answers',
    { config: PUBLIC, schema: { params: CodeQuestionParams, body: AnswerForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, AnswerForm);
      const { code, questionId } = request.params;
      const event = await eventForDelegate(app, request, reply, code);
      const question = await service.getQuestion(app.db, event.id, questionId);
      if (!form.ok) return renderDelegate(request, reply, event, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(async () => {
        checkEventOpen(event, 'body');
        service.checkRunning(question);
        // Only a browser that joined may answer; answers count against the same kind of limits as questions.
        const delegateId = await ensureDelegate(app.db, request, event);
        if (!delegateId) throw new FormError('body', notJoinedMessage(app, request, reply, event));
        const refusal = doorsOf(app).refusal('answers', request, event.id, delegateId);
        if (refusal) throw new FormError('body', refusal === 'delegate' ? ANSWER_LIMIT_MESSAGE : BUSY_MESSAGE);
        await service.addAnswer(app.db, event, questionId, delegateId, values.body);
        doorsOf(app).record('answers', request, event.id, delegateId);
      });
      if (errors) return renderDelegate(request, reply, event, values, errors);
      return reply.redirect(`/e/${event.joinCode}/workshop?sent=1`, 303);
    },
  );
}
