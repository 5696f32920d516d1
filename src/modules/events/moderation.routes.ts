import { signedIn, type HubApp } from '../../routes.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isClosed } from './events.policy.ts';
import { sessionIdOf } from '../../auth/sessions.ts';
import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { qrSvg } from '../../views/qr.ts';
import { openStream, resumeAfter } from '../../live/sse.ts';
import { joinLinks } from '../../views/join-address.ts';
import { eventForStream } from './delegate-doors.ts';
import {
  CsrfOnly,
  DirectForm,
  EditItemForm,
  FlagForm,
  FragmentQuery,
  ItemParams,
  LiveQuery,
  MergeForm,
  ModerationEventParams,
  delegateUpdate,
  mergeChoice,
  moderatedEvent,
  moderateItem,
  moderationQueue,
  presenterView,
  type ItemAction,
} from './moderation.service.ts';

const FORMS: Record<
  ItemAction,
  typeof CsrfOnly | typeof EditItemForm | typeof DirectForm | typeof MergeForm | typeof FlagForm
> = {
  approve: CsrfOnly,
  hide: CsrfOnly,
  answer: CsrfOnly,
  pin: CsrfOnly,
  unpin: CsrfOnly,
  edit: EditItemForm,
  direct: DirectForm,
  merge: MergeForm,
  flag: FlagForm,
};

const DONE: Record<ItemAction, string> = {
  approve: 'Question shown to the room.',
  hide: 'Question hidden from the room.',
  edit: 'Wording corrected. The delegate’s own words are kept on the record.',
  answer: 'Marked as answered.',
  pin: 'Pinned to the top.',
  unpin: 'Unpinned.',
  direct: 'Speaker changed.',
  merge: 'Merged. Votes were combined, one per delegate.',
  flag: 'Flagged for safeguarding and hidden from the room. The record shows who flagged it and when.',
};

const CodeParams = Type.Object({ code: Type.String({ maxLength: 20 }) });

/** The moderator's queue, the presenter screen and the live stream. */
export async function moderationRoutes(app: HubApp) {
  // Delegate streams carry only what the room may see.
  app.live.delegateView = (update) => delegateUpdate(app.db, update);

  const renderQueue = async (
    request: FastifyRequest,
    reply: FastifyReply,
    eventId: number,
    extra: { errors?: FormErrors; errorItemId?: number; flash?: string } = {},
  ) => {
    const page = await moderationQueue(app.db, signedIn(request), eventId);
    const fragment = (request.query as { fragment?: string } | undefined)?.fragment === 'queue';
    // Delegates' words before moderation, and safeguarding notes: never cached.
    reply.sensitive();
    return reply
      .code(extra.errors ? 400 : 200)
      .page(fragment ? 'events/views/moderate-queue.njk' : 'events/views/moderate.njk', {
        ...page,
        ...extra,
        title: `Moderate: ${page.event.title}`,
      });
  };

  app.get(
    '/events/:eventId/moderate',
    { schema: { params: ModerationEventParams, querystring: FragmentQuery } },
    async (request, reply) => {
      const { eventId } = request.params;
      const { done } = request.query as { done?: string };
      return renderQueue(request, reply, eventId, {
        flash: done && done in DONE ? DONE[done as ItemAction] : undefined,
      });
    },
  );

  const renderMerge = async (
    request: FastifyRequest,
    reply: FastifyReply,
    eventId: number,
    itemId: number,
    errors?: FormErrors,
  ) => {
    const page = await mergeChoice(app.db, signedIn(request), eventId, itemId);
    reply.sensitive();
    return reply
      .code(errors ? 400 : 200)
      .page('events/views/moderate-merge.njk', { ...page, errors, title: 'Merge a duplicate' });
  };

  app.get('/events/:eventId/items/:itemId/merge', { schema: { params: ItemParams } }, async (request, reply) =>
    renderMerge(request, reply, request.params.eventId, request.params.itemId),
  );

  for (const [action, schema] of Object.entries(FORMS) as [ItemAction, typeof CsrfOnly][]) {
    app.post(
      `/events/:eventId/items/:itemId/${action}`,
      { schema: { params: ItemParams, body: schema }, attachValidation: true },
      async (request, reply) => {
        const form = readForm(request, schema);
        const { eventId, itemId } = request.params;
        // Refusal (not a moderator of this event) comes before any form error.
        await moderatedEvent(app.db, signedIn(request), eventId);
        const refuse = (errors: FormErrors) =>
          action === 'merge'
            ? renderMerge(request, reply, eventId, itemId, errors)
            : renderQueue(request, reply, eventId, { errors: withItem(errors, itemId), errorItemId: itemId });
        if (!form.ok) return refuse(form.errors);
        const { _csrf, ...input } = form.values as Record<string, unknown>;
        let target = itemId;
        const errors = await formErrorsOf(
          async () => (target = await moderateItem(app.db, signedIn(request), eventId, itemId, action, input)),
        );
        if (errors) return refuse(errors);
        return reply.redirect(`/events/${eventId}/moderate?done=${action}#item-${target}`, 303);
      },
    );
  }

  app.get(
    '/events/:eventId/present',
    { schema: { params: ModerationEventParams, querystring: FragmentQuery } },
    async (request, reply) => {
      const { eventId } = request.params;
      const view = await presenterView(app.db, signedIn(request), eventId);
      const [joinUrl] = joinLinks(request, view.event.joinCode);
      const qr = await qrSvg(joinUrl);
      const fragment = (request.query as { fragment?: string }).fragment === 'screen';
      return reply.page(fragment ? 'events/views/present-screen.njk' : 'events/views/present.njk', {
        ...view,
        joinUrl,
        qr,
        delegatesConnected: await app.live.connectedDelegates(eventId),
        title: `Presenting: ${view.event.title}`,
      });
    },
  );

  // Moderators' and presenters' stream: every change. Resumes from Last-Event-ID (or ?after=).
  app.get(
    '/events/:eventId/live',
    { schema: { params: ModerationEventParams, querystring: LiveQuery } },
    async (request, reply) => {
      const { eventId } = request.params;
      const event = await moderatedEvent(app.db, signedIn(request), eventId);
      await openStream(app.live, request, reply, {
        eventId: event.id,
        audience: 'moderator',
        after: resumeAfter(request),
        closed: isClosed(event),
        // Signing out (or being disabled) ends the stream: it shows delegates' words before moderation.
        sessionId: sessionIdOf(request.browserToken),
      });
    },
  );

  // Delegates' stream: public (delegates have no accounts); only what the room may see.
  app.get(
    '/e/:code/live',
    { config: { public: true }, schema: { params: CodeParams, querystring: LiveQuery } },
    async (request, reply) => {
      const { code } = request.params;
      const event = await eventForStream(app, request, reply, code);
      const closed = isClosed(event);
      // As on the event page: once closed, the room's items are for signed-in partnership users
      // only. Anyone else resuming from an old id gets the closed notice and nothing before it.
      const after = closed && !request.user ? null : resumeAfter(request);
      // The stream counts itself in the event's connected delegates (announced to every instance).
      await openStream(app.live, request, reply, { eventId: event.id, audience: 'delegate', after, closed });
    },
  );
}

/** Error links point at the item's own form. */
function withItem(errors: FormErrors, itemId: number): FormErrors {
  return { ...errors, summary: errors.summary.map((s) => ({ ...s, href: `#item-${itemId}` })) };
}
