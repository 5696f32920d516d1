import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../errors.ts';
import { csrfTokenFor, csrfTokenMatches } from './csrf.ts';
import { PUBLIC_ROUTES, routeKey } from './public-routes.ts';
import { loadSession, SESSION_COOKIE } from './sessions.ts';

export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
}

const PRE_SESSION_COOKIE = 'hub_pre';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function cookieOptions(production: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: production, signed: true };
}

/**
 * Deny by default: every request is refused unless it carries a live session, or its route
 * says `config.public` (and is on the reviewed list). Also checks CSRF tokens and content types.
 */
export function registerGuard(app: FastifyInstance): void {
  app.decorateRequest('user', null);
  app.decorateRequest('browserToken', '');
  app.decorateRequest('csrfToken', '');

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      routeTable.push({ method, url: route.url, public: Boolean(route.config?.public) });
      const listed = PUBLIC_ROUTES.has(routeKey(method === 'HEAD' ? 'GET' : method, route.url));
      if (Boolean(route.config?.public) !== listed) {
        throw new Error(`${method} ${route.url}: config.public and src/auth/public-routes.ts disagree`);
      }
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const session = readSignedCookie(request, SESSION_COOKIE);
    if (session) {
      request.user = await loadSession(app.db, session, {
        idleMinutes: app.config.sessionIdleMinutes,
        absoluteHours: app.config.sessionAbsoluteHours,
      });
      if (!request.user) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
    let browserToken = request.user && session ? session : readSignedCookie(request, PRE_SESSION_COOKIE);
    if (!browserToken) {
      browserToken = randomBytes(24).toString('base64url');
      reply.setCookie(PRE_SESSION_COOKIE, browserToken, cookieOptions(app.config.production));
    }
    request.browserToken = browserToken;
    request.csrfToken = csrfTokenFor(app.config.sessionSecret, browserToken);

    // Everything that needs only the headers is decided here, before any body is read:
    // a signed-out or wrongly typed request never gets a 20 MB upload buffered.
    const config = request.routeOptions.config;
    if (!config.public && !request.user) return refuseSignedOut(request, reply);
    if (request.user?.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(request.routeOptions.url ?? '')) {
      return reply.redirect('/account/password', 303);
    }
    if (config.roles && request.user && !config.roles.includes(request.user.role)) throw new ForbiddenError();
    if (UNSAFE.has(request.method)) checkContentType(request, Boolean(config.upload));
  });

  app.addHook('preValidation', async (request) => {
    if (UNSAFE.has(request.method)) checkCsrf(request, Boolean(request.routeOptions.config.upload), app.config.sessionSecret);
  });
}

const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/account/password', '/sign-out', '/assets/*']);

function readSignedCookie(request: FastifyRequest, name: string): string | null {
  const raw = request.cookies[name];
  if (!raw) return null;
  const result = request.unsignCookie(raw);
  return result.valid ? result.value : null;
}

function refuseSignedOut(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const next = encodeURIComponent(request.url);
    return reply.redirect(`/sign-in?next=${next}`, 303);
  }
  return reply.code(401).page('errors/signed-out.njk');
}

class WriteRefused extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Writes take only the content type the route expects: forms, or multipart for uploads. */
function checkContentType(request: FastifyRequest, upload: boolean): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const expected = upload ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
  if (type !== expected) throw new WriteRefused(415, `This form must be sent as ${expected}`);
}

/** Every write carries the CSRF token of this browser (the first multipart field, for uploads). */
function checkCsrf(request: FastifyRequest, upload: boolean, secret: string): void {
  const body = request.body as Record<string, unknown> | undefined;
  const field = body?._csrf;
  const given = upload && field && typeof field === 'object' ? (field as { value?: unknown }).value : field;
  if (!csrfTokenMatches(secret, request.browserToken, given)) {
    throw new WriteRefused(403, 'The form has expired. Go back, reload the page and try again.');
  }
}
