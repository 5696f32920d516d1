import type { FastifyReply } from 'fastify';
import { signedIn, type HubApp } from '../../routes.ts';
import { hubBaseUrl } from '../../views/join-address.ts';
import {
  calendarForToken,
  calendarTokenOf,
  groupCalendar,
  personCalendar,
  renewCalendarToken,
} from './calendar.service.ts';
import { CalendarQuery, CsrfOnlyForm, GroupParams, PersonParams, TokenParams } from './meetings.forms.ts';

function sendCalendar(reply: FastifyReply, ics: string) {
  // no-store: a feed reached by a secret link should not linger in shared caches.
  return reply
    .header('cache-control', 'no-store')
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', 'inline; filename="meetings.ics"')
    .send(ics);
}

/** Registered by meetingsRoutes. */
export function calendarRoutes(app: HubApp): void {
  const db = app.db;

  app.get('/groups/:groupId/meetings.ics', { schema: { params: GroupParams } }, async (request, reply) => {
    return sendCalendar(reply, await groupCalendar(db, request.params.groupId));
  });

  app.get('/people/:personId/meetings.ics', { schema: { params: PersonParams } }, async (request, reply) => {
    return sendCalendar(reply, await personCalendar(db, request.params.personId));
  });

  // Calendar apps cannot sign in: the unguessable token in the path is the credential.
  app.get(
    '/calendar-feeds/:token',
    { config: { public: true }, schema: { params: TokenParams } },
    async (request, reply) => {
      return sendCalendar(reply, await calendarForToken(db, request.params.token));
    },
  );

  app.get('/account/calendar', { schema: { querystring: CalendarQuery } }, async (request, reply) => {
    const token = await calendarTokenOf(db, signedIn(request).personId);
    // PUBLIC_URL, or the address the person reached the Hub by: their calendar app can reach it too.
    const feedUrl = token ? `${hubBaseUrl(request)}/calendar-feeds/${token}` : null;
    return reply.sensitive().page('meetings/views/calendar.njk', {
      feedUrl,
      renewed: request.query.renewed === '1',
    });
  });

  app.post(
    '/people/:personId/calendar-token',
    { schema: { params: PersonParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      await renewCalendarToken(db, signedIn(request), request.params.personId);
      return reply.redirect('/account/calendar?renewed=1', 303);
    },
  );
}
