import { randomBytes } from 'node:crypto';
import type { HubApp } from '../../routes.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { fieldError, formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { NotFoundError } from '../../errors.ts';
import { SharedPages } from '../../views/shared-pages.ts';
import { publishEventChange } from '../../live/live.ts';
import { VoteBatcher } from './votes.ts';
import { happeningNow } from './workshops.service.ts';
import {
  CodeParams,
  DelegateQuery,
  EVENT_LABELS,
  ITEM_MAX_LENGTH,
  ItemForm,
  ItemParams,
  JoinForm,
} from './events.forms.ts';
import { formSchema } from '../../views/forms.ts';
import { CLOSED_MESSAGE, canEvent } from './events.policy.ts';
import {
  checkTakingItems,
  delegateView,
  getEventByCode,
  normaliseCode,
  submitItem,
  type DelegateSort,
  type EventRow,
} from './events.service.ts';
import { ensureDelegate, findDelegate } from './delegates.service.ts';
import {
  doorsOf,
  eventForDelegate,
  ITEMS_PER_DELEGATE_PER_MINUTE,
  notJoinedMessage,
  openEventForJoining,
  welcomeDelegate,
} from './delegate-doors.ts';

/** Public: delegates take part without an account. Listed in src/auth/public-routes.ts. */
const PUBLIC = { public: true };
// How long the page a newcomer sees is shared; its live stream makes up the difference.
const NEWCOMER_PAGE_MS = 1000;
// Where each copy of a shared page gets its own form token: unguessable, so no text can forge it.
const CSRF_SLOT = `csrf-slot-${randomBytes(12).toString('hex')}`;

export const UNKNOWN_CODE = 'Check the code: no open event has that code';
export const DELEGATE_LIMIT_MESSAGE = `You have sent ${ITEMS_PER_DELEGATE_PER_MINUTE} questions or comments in the last minute. Wait a minute, then send this one again.`;
export const EVENT_LIMIT_MESSAGE =
  'A lot of people are sending questions right now. Wait a minute, then send this one again.';

const VoteForm = formSchema({ sort: Type.Optional(Type.String({ maxLength: 20 })) });

const DONE: Record<string, string> = {
  shown: 'Sent. Your question or comment is shown below.',
  pending: 'Sent. A moderator will check it before it is shown to everyone.',
};

const sortOf = (value: unknown): DelegateSort => (value === 'time' ? 'time' : 'votes');

/** The event page, the code box and the privacy notice for delegates. */
export async function delegateRoutes(app: HubApp) {
  // In memory, per running Hub: a restart forgets, which is fine for a one-minute window.
  const doors = doorsOf(app);
  const votes = new VoteBatcher(app.db);
  app.addHook('preClose', () => votes.settled());
  // Join code → event, for votes: the code and id never change, and the vote's own statement
  // checks the event is still open, so a cached row is only used to find the delegate.
  const votingEvents = new Map<string, EventRow>();
  const votingEvent = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
    // A source guessing codes is refused before the cache could tell it a code exists.
    const right = doors.lookingUp(request, reply, code);
    const event = votingEvents.get(code) ?? (await getEventByCode(app.db, code));
    right();
    if (canEvent(null, 'takePart', event) && votingEvents.size < 1_000) votingEvents.set(code, event);
    return event;
  };

  const renderJoin = (reply: FastifyReply, values: { code?: string }, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page('events/views/delegate-join.njk', { title: 'Join an event', values, errors });

  interface PageOptions {
    sort?: DelegateSort;
    values?: Record<string, unknown>;
    errors?: FormErrors;
    done?: string;
    /** Only the live region (items), for live.js. */
    fragment?: boolean;
  }

  // The page a delegate sees before taking part is the same for everyone who has just joined, but
  // for the form token: a room of thousands joining at once is served one render a second per
  // event, the token written into each copy. Its live stream resumes from the update the render
  // saw, so nothing that happens in that second is missed.
  const newcomerPages = new SharedPages(NEWCOMER_PAGE_MS);
  // A change on this instance (an item shown, a poll opened) is on the next newcomer's page at
  // once; vote counts, and changes made on other instances, within the second.
  app.live.onPublish((eventId, change) => {
    if (change.type !== 'vote' && change.type !== 'presence') newcomerPages.forget(`${eventId}:`);
  });

  const pageContext = async (
    request: FastifyRequest,
    event: EventRow,
    delegateId: number | null,
    sort: DelegateSort,
    options: PageOptions,
  ) => {
    const [view, now] = await Promise.all([delegateView(app.db, event, delegateId, sort), happeningNow(app.db, event)]);
    const closed = !canEvent(null, 'takePart', event);
    return {
      title: event.title,
      event: {
        title: event.title,
        kind: event.kind,
        heldOn: event.heldOn,
        venue: event.venue,
        joinCode: event.joinCode,
        premoderation: event.premoderation,
      },
      closed,
      acceptingItems: !closed && event.submissionsOpen,
      // Once closed, the shown items stay readable to signed-in partnership users only.
      items: closed && !request.user ? [] : view.items,
      showItems: !closed || Boolean(request.user),
      mine: view.mine,
      sort,
      values: options.values ?? { kind: 'question' },
      errors: options.errors,
      flash: options.done ? DONE[options.done] : undefined,
      maxLength: ITEM_MAX_LENGTH,
      labels: EVENT_LABELS,
      now,
    };
  };

  const renderEvent = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRow,
    options: PageOptions = {},
  ) => {
    const sort = options.sort ?? 'votes';
    // Opening the page is joining: the browser gets the token it sends and votes with.
    if (!options.fragment && request.method === 'GET') welcomeDelegate(app, request, reply, event);
    const delegateId = await findDelegate(app.db, request, event);
    // What a delegate sees is theirs and changes by the second: never cached.
    reply.header('cache-control', 'no-store');
    const newcomer =
      delegateId === null && !request.user && request.method === 'GET' && !options.fragment && !options.done;
    if (newcomer) {
      const html = await newcomerPages.get(`${event.id}:${sort}`, async () =>
        reply.pageHtml('events/views/delegate-event.njk', {
          ...(await pageContext(request, event, null, sort, options)),
          csrfToken: CSRF_SLOT,
          liveAfter: await app.live.latestId(event.id),
        }),
      );
      return reply.type('text/html; charset=utf-8').send(html.replaceAll(CSRF_SLOT, request.csrfToken));
    }
    const template = options.fragment ? 'events/views/delegate-items.njk' : 'events/views/delegate-event.njk';
    return reply
      .code(options.errors ? 400 : 200)
      .page(template, await pageContext(request, event, delegateId, sort, options));
  };

  app.get(
    '/join',
    { config: PUBLIC, schema: { querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 40 })) }) } },
    async (request, reply) => renderJoin(reply, { code: request.query.code }),
  );

  app.post('/join', { config: PUBLIC, schema: { body: JoinForm }, attachValidation: true }, async (request, reply) => {
    const form = readForm(request, JoinForm);
    if (!form.ok) return renderJoin(reply, form.values, form.errors);
    const { _csrf, ...values } = form.values;
    const event = await openEventForJoining(app, request, reply, values.code);
    if (!event) return renderJoin(reply, values, fieldError('code', UNKNOWN_CODE));
    return reply.redirect(`/e/${event.joinCode}`, 303);
  });

  app.get(
    '/e/:code',
    { config: PUBLIC, schema: { params: CodeParams, querystring: DelegateQuery } },
    async (request, reply) => {
      const { code } = request.params;
      const query = request.query;
      const event = await eventForDelegate(app, request, reply, code);
      // One address per event: the delegate's cookie is scoped to it.
      if (code !== event.joinCode)
        return reply.redirect(`/e/${event.joinCode}${query.sort === 'time' ? '?sort=time' : ''}`, 303);
      return renderEvent(request, reply, event, {
        sort: sortOf(query.sort),
        done: query.done,
        fragment: query.fragment === 'items',
      });
    },
  );

  app.get('/e/:code/privacy', { config: PUBLIC, schema: { params: CodeParams } }, async (request, reply) => {
    const { code } = request.params;
    const event = await eventForDelegate(app, request, reply, code);
    return reply.page('events/views/delegate-privacy.njk', {
      title: 'How your questions are kept private',
      event: { title: event.title, joinCode: event.joinCode },
    });
  });

  app.post(
    '/e/:code/items',
    { config: PUBLIC, schema: { params: CodeParams, body: ItemForm }, attachValidation: true },
    async (request, reply) => {
      const { code } = request.params;
      // A bad path is a missing page (readForm throws NotFoundError) before the code is looked up.
      const form = readForm(request, ItemForm);
      const event = await eventForDelegate(app, request, reply, code);
      const { _csrf, ...shown } = form.values;
      const again = (errors: FormErrors) => renderEvent(request, reply, event, { values: shown, errors });

      const refused = await formErrorsOf(() => Promise.resolve(checkTakingItems(event)));
      if (refused) return again(refused);
      if (!form.ok) return again(form.errors);
      const { _csrf: _token, ...values } = form.values;

      // Only a browser that joined may send: dropping the cookie does not make a new delegate.
      const delegateId = await ensureDelegate(app.db, request, event);
      if (!delegateId) return again(fieldError('body', notJoinedMessage(app, request, reply, event)));
      const refusal = doors.refusal('items', request, event.id, delegateId);
      if (refusal)
        return again(fieldError('body', refusal === 'delegate' ? DELEGATE_LIMIT_MESSAGE : EVENT_LIMIT_MESSAGE));

      const item = await submitItem(app.db, event, delegateId, values);
      doors.record('items', request, event.id, delegateId);
      publishEventChange(app.db, event.id, { type: 'item', itemId: item.id });
      return reply.redirect(
        `/e/${event.joinCode}?done=${item.state === 'shown' ? 'shown' : 'pending'}#your-items`,
        303,
      );
    },
  );

  app.post(
    '/e/:code/items/:itemId/vote',
    { config: PUBLIC, schema: { params: ItemParams, body: VoteForm } },
    async (request, reply) => {
      const { code, itemId } = request.params;
      const { sort } = request.body;
      const refuse = (event: EventRow, text: string) =>
        renderEvent(request, reply, event, { errors: { summary: [{ text, href: '#items' }], fields: {} } });
      const closed = (event: EventRow) => refuse(event, CLOSED_MESSAGE);
      const event = await votingEvent(request, reply, normaliseCode(code));
      if (!canEvent(null, 'takePart', event)) return closed(event);
      const delegateId = await ensureDelegate(app.db, request, event);
      if (!delegateId) {
        // The cached event may have closed since: say so rather than ask to join.
        const current = await getEventByCode(app.db, event.joinCode);
        return canEvent(null, 'takePart', current)
          ? refuse(current, notJoinedMessage(app, request, reply, current))
          : closed(current);
      }
      if ((await votes.vote(event.id, itemId, delegateId)) === 'refused') {
        // Not a votable item of this event, or the event has closed since it was cached.
        const current = await getEventByCode(app.db, event.joinCode);
        if (!canEvent(null, 'takePart', current)) return closed(current);
        throw new NotFoundError('question');
      }
      return reply.redirect(`/e/${event.joinCode}${sortOf(sort) === 'time' ? '?sort=time' : ''}#item-${itemId}`, 303);
    },
  );
}
