import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Static } from 'typebox';
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

export async function calendarRoutes(app: FastifyInstance) {
  const db = app.db;

  app.get('/groups/:groupId/meetings.ics', { schema: { params: GroupParams } }, async (request, reply) => {
    const { groupId } = request.params as Static<typeof GroupParams>;
    return sendCalendar(reply, await groupCalendar(db, groupId));
  });

  app.get('/people/:personId/meetings.ics', { schema: { params: PersonParams } }, async (request, reply) => {
    const { personId } = request.params as Static<typeof PersonParams>;
    return sendCalendar(reply, await personCalendar(db, personId));
  });

  // Calendar apps cannot sign in: the unguessable token in the path is the credential.
  app.get(
    '/calendar-feeds/:token',
    { config: { public: true }, schema: { params: TokenParams } },
    async (request, reply) => {
      const { token } = request.params as Static<typeof TokenParams>;
      return sendCalendar(reply, await calendarForToken(db, token));
    },
  );

  app.get('/account/calendar', { schema: { querystring: CalendarQuery } }, async (request, reply) => {
    const token = await calendarTokenOf(db, request.user!.personId);
    // PUBLIC_URL, or the address the person reached the Hub by: their calendar app can reach it too.
    const feedUrl = token ? `${hubBaseUrl(request)}/calendar-feeds/${token}` : null;
    return reply.sensitive().page('meetings/views/calendar.njk', {
      feedUrl,
      renewed: (request.query as Static<typeof CalendarQuery>).renewed === '1',
    });
  });

  app.post(
    '/people/:personId/calendar-token',
    { schema: { params: PersonParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { personId } = request.params as Static<typeof PersonParams>;
      await renewCalendarToken(db, request.user!, personId);
      return reply.redirect('/account/calendar?renewed=1', 303);
    },
  );
}
