import { signedIn, type HubApp } from '../../routes.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fieldError, formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { FormError } from '../../errors.ts';
import type { EventRow } from './events.service.ts';
import { ensureDelegate, findDelegate } from './delegates.service.ts';
import { eventForDelegate, notJoinedMessage, welcomeDelegate } from './delegate-doors.ts';
import { POLL_KINDS } from './events.tables.ts';
import { canEvent, pollIsClosed, pollIsOpen, POLLS_STARTED } from './events.policy.ts';
import {
  CodeParams,
  CodePollParams,
  CsrfOnlyForm,
  EventParams,
  PollForm,
  PollParams,
  ResponseForm,
} from './polls.forms.ts';
import * as service from './polls.service.ts';
import { workshopsRoutes } from './workshops.routes.ts';
import { exportsRoutes } from './exports.ts';

const PUBLIC = { public: true };

/** Polls, workshops, exports and the engagement log. */
export async function pollsRoutes(app: HubApp) {
  const renderPolls = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRow,
    values: object = { kind: 'single_choice', results: 'live', ratingMax: 5 },
    errors?: FormErrors,
  ) => {
    const polls = await service.listPolls(app.db, event.id);
    return reply.code(errors ? 400 : 200).page('events/views/polls.njk', {
      title: `Polls: ${event.title}`,
      event,
      polls,
      values,
      errors,
      kinds: POLL_KINDS,
    });
  };

  app.get('/events/:eventId/polls', { schema: { params: EventParams } }, async (request, reply) => {
    const { eventId } = request.params;
    return renderPolls(request, reply, await service.moderatedEvent(app.db, signedIn(request), eventId));
  });

  app.post(
    '/events/:eventId/polls',
    { schema: { params: EventParams, body: PollForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, PollForm);
      const { eventId } = request.params;
      const event = await service.moderatedEvent(app.db, signedIn(request), eventId);
      if (!form.ok) return renderPolls(request, reply, event, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => service.createPoll(app.db, event.id, values));
      if (errors) return renderPolls(request, reply, event, values, errors);
      return reply.redirect(`/events/${event.id}/polls`, 303);
    },
  );

  for (const action of ['open', 'close'] as const) {
    app.post(
      `/events/:eventId/polls/:pollId/${action}`,
      { schema: { params: PollParams, body: CsrfOnlyForm } },
      async (request, reply) => {
        const { eventId, pollId } = request.params;
        const event = await service.moderatedEvent(app.db, signedIn(request), eventId);
        const errors = await formErrorsOf(() =>
          action === 'open' ? service.openPoll(app.db, event.id, pollId) : service.closePoll(app.db, event.id, pollId),
        );
        if (errors)
          return renderPolls(request, reply, event, undefined, {
            ...errors,
            summary: errors.summary.map((s) => ({ ...s, href: `#poll-${pollId}` })),
          });
        return reply.redirect(`/events/${event.id}/polls#poll-${pollId}`, 303);
      },
    );
  }

  // Delegates: anonymous, by the event's code.
  const renderDelegatePolls = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRow,
    errors?: FormErrors,
    status = 200,
  ) => {
    // Opening the polls is joining too, for a delegate who came straight here.
    if (request.method === 'GET') welcomeDelegate(app, request, reply, event);
    const polls = await service.listPolls(app.db, event.id, { states: [...POLLS_STARTED] });
    const delegateId = await findDelegate(app.db, request, event);
    const answered = await service.answeredPolls(
      app.db,
      delegateId,
      polls.map((p) => p.id),
    );
    const sent = (request.query as { sent?: string } | undefined)?.sent;
    return reply.code(errors ? 400 : status).page('events/views/poll-delegate.njk', {
      title: `Polls: ${event.title}`,
      event,
      code: event.joinCode,
      // Once the event has closed, its polls are shown as results only.
      open: canEvent(null, 'takePart', event)
        ? polls
            .filter((p) => pollIsOpen(p))
            .map((p) => ({ ...p, answered: answered.has(p.id), showResults: service.resultsVisible(p) }))
        : [],
      closed: polls.filter((p) => pollIsClosed(p) || (!canEvent(null, 'takePart', event) && service.resultsVisible(p))),
      errors,
      flash: sent ? 'Thank you: your answer was recorded' : undefined,
    });
  };

  app.get('/e/:code/polls', { config: PUBLIC, schema: { params: CodeParams } }, async (request, reply) => {
    const { code } = request.params;
    return renderDelegatePolls(request, reply, await eventForDelegate(app, request, reply, code));
  });

  app.post(
    '/e/:code/polls/:pollId/responses',
    { config: PUBLIC, schema: { params: CodePollParams, body: ResponseForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ResponseForm);
      const { code, pollId } = request.params;
      const event = await eventForDelegate(app, request, reply, code);
      if (!form.ok) {
        await service.getPoll(app.db, event.id, pollId);
        return renderDelegatePolls(
          request,
          reply,
          event,
          fieldError(`poll-${pollId}`, 'Check your answer and try again'),
        );
      }
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(async () => {
        const poll = await service.getPoll(app.db, event.id, pollId);
        // Refused answers do not create a delegate: check the poll is open before the cookie is set.
        service.checkEventOpen(event, `poll-${pollId}`);
        service.checkOpen(poll);
        // Only a browser that joined may answer: dropping the cookie does not make a new delegate.
        const delegateId = await ensureDelegate(app.db, request, event);
        if (!delegateId) throw new FormError(`poll-${pollId}`, notJoinedMessage(app, request, reply, event));
        await service.respond(app.db, event, pollId, delegateId, values);
      });
      if (errors) return renderDelegatePolls(request, reply, event, errors);
      return reply.redirect(`/e/${event.joinCode}/polls?sent=1#poll-${pollId}`, 303);
    },
  );

  await app.register(workshopsRoutes);
  await app.register(exportsRoutes);
}
