import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { cookieOptions } from '../../auth/guard.ts';
import { loadSession } from '../../auth/sessions.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { idParams } from '../../views/forms.ts';
import { CsrfOnlyForm } from './accounts.forms.ts';
import { setSessionCookie } from './accounts.routes.ts';
import {
  BROWSERS_PAGE,
  disownBrowser,
  forgetBrowser,
  listKnownBrowsers,
  recogniseSignIn,
} from './known-devices.service.ts';

/** The browser's own long-lived cookie: kept across sign-outs, so the Hub knows the browser next time. */
export const BROWSER_COOKIE = 'hub_browser';
const BROWSER_COOKIE_DAYS = 365;

const BrowserParams = idParams('browserId');
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

function browserToken(request: FastifyRequest): string | null {
  const raw = request.cookies[BROWSER_COOKIE];
  const value = raw ? request.unsignCookie(raw) : null;
  return value?.valid ? value.value : null;
}

/**
 * Called by every successful sign-in with the session it started: the browser is recognised, or
 * made known and, when the account knew others, the person is emailed about it.
 */
export async function recogniseBrowser(app: HubApp, reply: FastifyReply, sessionToken: string): Promise<void> {
  const { request } = reply;
  const user = await loadSession(app.db, sessionToken, {
    idleMinutes: app.config.sessionIdleMinutes,
    absoluteHours: app.config.sessionAbsoluteHours,
  });
  if (!user) return;
  const { token } = await recogniseSignIn(app.db, app.config, {
    accountId: user.accountId,
    token: browserToken(request),
    userAgent: request.headers['user-agent'],
    ip: request.ip ?? '',
  });
  reply.setCookie(BROWSER_COOKIE, token, { ...cookieOptions(request), maxAge: BROWSER_COOKIE_DAYS * 24 * 3600 });
}

export async function knownDeviceRoutes(app: HubApp) {
  app.get(BROWSERS_PAGE, { schema: { querystring: DoneQuery }, attachValidation: true }, async (request, reply) =>
    reply.page('accounts/views/known-devices.njk', {
      browsers: await listKnownBrowsers(app.db, signedIn(request), browserToken(request)),
      done: request.validationError ? undefined : request.query.done,
    }),
  );

  app.post(
    `${BROWSERS_PAGE}/:browserId/forget`,
    { schema: { params: BrowserParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      await forgetBrowser(app.db, signedIn(request), request.params.browserId, request.ip ?? '');
      return reply.redirect(`${BROWSERS_PAGE}?done=forgotten`, 303);
    },
  );

  app.post(
    `${BROWSERS_PAGE}/:browserId/not-me`,
    { schema: { params: BrowserParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const token = await disownBrowser(app.db, signedIn(request), request.params.browserId, request.ip ?? '');
      setSessionCookie(app, reply, token);
      return reply.redirect(`${BROWSERS_PAGE}?done=not-me`, 303);
    },
  );
}
