import type { FastifyReply, FastifyRequest } from 'fastify';
import { signedIn, type HubApp } from '../../routes.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { qrSvg } from '../../views/qr.ts';
import { formatDateTime } from '../../views/filters.ts';
import { joinLinks } from '../../views/join-address.ts';
import { publishEventChange } from '../../live/live.ts';
import { delegateRoutes } from './delegate.routes.ts';
import {
  CsrfOnlyForm,
  EventForm,
  EventParams,
  ModeratorForm,
  ModeratorParams,
  SpeakerForm,
  SpeakerParams,
  SubmissionsForm,
  EVENT_LABELS,
  eventLabel,
  type EventInput,
} from './events.forms.ts';
import * as service from './events.service.ts';
import { EVENT_AUDIENCES, EVENT_KINDS } from './events.tables.ts';

type FormValues = Partial<Record<keyof EventInput, unknown>>;

const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? (value as unknown[]) : [value]).filter((v): v is string => typeof v === 'string');

const DONE: Record<string, string> = {
  created: 'Event created. Open it when you are ready for delegates to join.',
  saved: 'Changes saved.',
  opened: 'The event is open. Delegates can join with the code or the QR code.',
  closed: 'The event is closed. Nothing more can be sent or voted on; it stays here for the record.',
  'submissions-open': 'Delegates can send questions and comments.',
  'submissions-closed': 'Questions and comments are paused. Delegates can still vote.',
  'speaker-added': 'Speaker added.',
  'speaker-removed': 'Speaker removed.',
  'moderator-added': 'Helper moderator added.',
  'moderator-removed': 'Helper moderator removed.',
};

/** Coordinator pages for events (create, open, close, summary) and the delegate pages. */
export async function eventsRoutes(app: HubApp) {
  const renderForm = async (
    reply: FastifyReply,
    eventId: number | undefined,
    values: FormValues,
    errors?: FormErrors,
  ) => {
    const event = eventId === undefined ? undefined : await service.getEvent(app.db, eventId);
    const [meetings, plans] = await Promise.all([
      service.meetingOptions(app.db),
      service.linkablePlans(app.db, event?.planId ?? null),
    ]);
    const chosen = asList(values.audiences);
    return reply.code(errors ? 400 : 200).page('events/views/event-form.njk', {
      event,
      labels: EVENT_LABELS,
      values,
      errors,
      kindItems: [
        { value: '', text: 'Select the kind of event' },
        ...EVENT_KINDS.map((k) => ({ value: k, text: eventLabel(k), selected: values.kind === k })),
      ],
      audienceItems: EVENT_AUDIENCES.map((a) => ({ value: a, text: eventLabel(a), checked: chosen.includes(a) })),
      meetingItems: [
        { value: '', text: 'Not linked to a group meeting' },
        ...meetings.map((m) => ({
          value: m.id,
          text: `${m.groupName}, ${formatDateTime(m.startsAt)}`,
          selected: Number(values.meetingId) === m.id,
        })),
      ],
      planItems: [
        { value: '', text: 'Not linked to a plan' },
        ...plans.map((p) => ({ value: p.id, text: p.title, selected: Number(values.planId) === p.id })),
      ],
      premoderationItems: [
        { value: 'yes', text: 'Yes, a moderator checks each one first', checked: values.premoderation !== 'no' },
        {
          value: 'no',
          text: 'No, show them straight away (items with a filter word still wait)',
          checked: values.premoderation === 'no',
        },
      ],
    });
  };

  const renderSummary = async (
    request: FastifyRequest,
    reply: FastifyReply,
    eventId: number,
    errors?: FormErrors,
    done?: string,
  ) => {
    const [summary, moderatorOptions] = await Promise.all([
      service.eventSummary(app.db, eventId),
      service.moderatorOptions(app.db),
    ]);
    // The link delegates open (PUBLIC_URL, or an address their phones can reach), then any others.
    const [link, ...otherLinks] = joinLinks(request, summary.event.joinCode);
    const qr = await qrSvg(link, 220);
    const named = new Set(summary.moderators.map((m) => m.accountId));
    return reply.code(errors ? 400 : 200).page('events/views/event-show.njk', {
      ...summary,
      title: summary.event.title,
      labels: EVENT_LABELS,
      link,
      otherLinks,
      qrSvg: qr,
      errors,
      flash: done ? DONE[done] : undefined,
      moderatorItems: [
        { value: '', text: 'Select a person' },
        ...moderatorOptions
          .filter((a) => !named.has(a.id))
          .map((a) => ({ value: a.id, text: `${a.name} (${a.email})` })),
      ],
    });
  };

  app.get('/events', { config: COORDINATORS }, async (request, reply) =>
    reply.page('events/views/event-list.njk', { events: await service.listEvents(app.db), labels: EVENT_LABELS }),
  );

  app.get('/events/new', { config: COORDINATORS }, async (request, reply) =>
    renderForm(reply, undefined, { premoderation: 'yes' }),
  );

  app.post(
    '/events/new',
    { config: COORDINATORS, schema: { body: EventForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, EventForm);
      if (!form.ok) return renderForm(reply, undefined, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      let eventId = 0;
      const errors = await formErrorsOf(
        async () => (eventId = await service.createEvent(app.db, signedIn(request), values)),
      );
      if (errors) return renderForm(reply, undefined, values, errors);
      return reply.redirect(`/events/${eventId}?done=created`, 303);
    },
  );

  app.get(
    '/events/:eventId',
    {
      config: COORDINATORS,
      schema: {
        params: EventParams,
        querystring: { type: 'object', properties: { done: { type: 'string', maxLength: 40 } } },
      },
    },
    async (request, reply) => {
      const { eventId } = request.params;
      return renderSummary(request, reply, eventId, undefined, request.query.done);
    },
  );

  app.get(
    '/events/:eventId/edit',
    { config: COORDINATORS, schema: { params: EventParams } },
    async (request, reply) => {
      const { eventId } = request.params;
      return renderForm(reply, eventId, await service.eventForEditing(app.db, eventId));
    },
  );

  app.post(
    '/events/:eventId/edit',
    { config: COORDINATORS, schema: { params: EventParams, body: EventForm }, attachValidation: true },
    async (request, reply) => {
      const { eventId } = request.params;
      const form = readForm(request, EventForm);
      if (!form.ok) return renderForm(reply, eventId, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => service.updateEvent(app.db, eventId, values));
      if (errors) return renderForm(reply, eventId, values, errors);
      publishEventChange(app.db, eventId, { type: 'event' });
      return reply.redirect(`/events/${eventId}?done=saved`, 303);
    },
  );

  app.post(
    '/events/:eventId/open',
    { config: COORDINATORS, schema: { params: EventParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { eventId } = request.params;
      const errors = await formErrorsOf(() => service.openEvent(app.db, signedIn(request), eventId));
      if (errors) return renderSummary(request, reply, eventId, errors);
      publishEventChange(app.db, eventId, { type: 'event', status: 'open' });
      return reply.redirect(`/events/${eventId}?done=opened`, 303);
    },
  );

  app.post(
    '/events/:eventId/close',
    { config: COORDINATORS, schema: { params: EventParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { eventId } = request.params;
      await service.closeEvent(app.db, signedIn(request), eventId);
      publishEventChange(app.db, eventId, { type: 'event', status: 'closed' });
      return reply.redirect(`/events/${eventId}?done=closed`, 303);
    },
  );

  app.post(
    '/events/:eventId/submissions',
    { config: COORDINATORS, schema: { params: EventParams, body: SubmissionsForm }, attachValidation: true },
    async (request, reply) => {
      const { eventId } = request.params;
      const form = readForm(request, SubmissionsForm);
      if (!form.ok) return renderSummary(request, reply, eventId, form.errors);
      const open = form.values.open === 'yes';
      const errors = await formErrorsOf(() => service.setSubmissionsOpen(app.db, signedIn(request), eventId, open));
      if (errors) return renderSummary(request, reply, eventId, errors);
      publishEventChange(app.db, eventId, { type: 'event', submissionsOpen: open });
      return reply.redirect(`/events/${eventId}?done=submissions-${open ? 'open' : 'closed'}`, 303);
    },
  );

  app.post(
    '/events/:eventId/speakers',
    { config: COORDINATORS, schema: { params: EventParams, body: SpeakerForm }, attachValidation: true },
    async (request, reply) => {
      const { eventId } = request.params;
      const form = readForm(request, SpeakerForm);
      if (!form.ok) return renderSummary(request, reply, eventId, form.errors);
      const { _csrf, ...values } = form.values;
      await service.addSpeaker(app.db, eventId, values);
      return reply.redirect(`/events/${eventId}?done=speaker-added#speakers`, 303);
    },
  );

  app.post(
    '/events/:eventId/speakers/:speakerId/remove',
    { config: COORDINATORS, schema: { params: SpeakerParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { eventId, speakerId } = request.params;
      const errors = await formErrorsOf(() => service.removeSpeaker(app.db, eventId, speakerId));
      if (errors) return renderSummary(request, reply, eventId, errors);
      return reply.redirect(`/events/${eventId}?done=speaker-removed#speakers`, 303);
    },
  );

  app.post(
    '/events/:eventId/moderators',
    { config: COORDINATORS, schema: { params: EventParams, body: ModeratorForm }, attachValidation: true },
    async (request, reply) => {
      const { eventId } = request.params;
      const form = readForm(request, ModeratorForm);
      if (!form.ok) return renderSummary(request, reply, eventId, form.errors);
      const { accountId } = form.values;
      const errors = await formErrorsOf(() => service.addModerator(app.db, eventId, accountId));
      if (errors) return renderSummary(request, reply, eventId, errors);
      return reply.redirect(`/events/${eventId}?done=moderator-added#moderators`, 303);
    },
  );

  app.post(
    '/events/:eventId/moderators/:accountId/remove',
    { config: COORDINATORS, schema: { params: ModeratorParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { eventId, accountId } = request.params;
      await service.getEvent(app.db, eventId);
      await service.removeModerator(app.db, eventId, accountId);
      return reply.redirect(`/events/${eventId}?done=moderator-removed#moderators`, 303);
    },
  );

  await app.register(delegateRoutes);
}
