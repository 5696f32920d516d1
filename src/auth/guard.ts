import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { ForbiddenError } from '../errors.ts';
import { servedOverHttps } from '../plugins/security.ts';
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

/** Secure only when the Hub is served over HTTPS: over plain http a browser would drop the cookie. */
export function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: servedOverHttps(request), signed: true };
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
      reply.setCookie(PRE_SESSION_COOKIE, browserToken, cookieOptions(request));
    }
    request.browserToken = browserToken;
    request.csrfToken = csrfTokenFor(app.config.sessionSecret, browserToken);

    // Everything that needs only the headers is decided here, before any body is read:
    // a signed-out or wrongly typed request never gets a 20 MB upload buffered.
    const config = request.routeOptions.config;
    if (!config.public && !request.user) return refuseSignedOut(request, reply);
    // Their own password first, then a second factor if they must have one and have none.
    const url = request.routeOptions.url ?? '';
    if (request.user?.mustChangePassword) {
      if (!ALLOWED_BEFORE_PASSWORD_CHANGE.has(url)) return reply.redirect('/account/password', 303);
    } else if (request.user?.secondFactorDue && !ALLOWED_BEFORE_SECOND_FACTOR.has(url)) {
      return reply.redirect(SECOND_FACTOR_SET_UP, 303);
    }
    if (config.roles && request.user && !config.roles.includes(request.user.role)) throw new ForbiddenError();
    if (UNSAFE.has(request.method)) {
      checkOrigin(request, app.config.publicUrl);
      checkContentType(request, Boolean(config.upload));
    }
  });

  // Nothing to await, but a promise all the same, so a refusal thrown by checkCsrf rejects it.
  app.addHook(
    'preValidation',
    (request) =>
      new Promise<void>((resolve) => {
        if (UNSAFE.has(request.method))
          checkCsrf(request, Boolean(request.routeOptions.config.upload), app.config.sessionSecret);
        resolve();
      }),
  );
}

const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/account/password', '/sign-out', '/assets/*']);
/** Where someone who must have a second factor, and has none, sets up an authenticator app… */
export const SECOND_FACTOR_SET_UP = '/account/two-factor/authenticator';
/** …or a security key instead (offered where the address allows keys). */
export const SECURITY_KEY_SET_UP = '/account/two-factor/security-keys/new';
const ALLOWED_BEFORE_SECOND_FACTOR = new Set([
  SECOND_FACTOR_SET_UP,
  SECURITY_KEY_SET_UP,
  '/account/two-factor/security-keys',
  '/sign-out',
  '/assets/*',
]);

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

/**
 * A write sent by a page of another site is refused before its body is read. The browser names
 * the page's origin in Origin (or, from older browsers, Referer); "null" is what a page hiding
 * its origin sends. Without either header (curl, very old browsers) the CSRF token still decides.
 */
function checkOrigin(request: FastifyRequest, publicUrl: string | undefined): void {
  const origin = request.headers.origin ?? originOf(request.headers.referer);
  if (origin === undefined) return;
  // Through URL, so the port a browser leaves out ("http://hub" for hub:80) compares equal.
  const hub = [originOf(`${request.protocol}://${request.host}`), originOf(publicUrl)];
  if (origin !== 'null' && hub.includes(origin)) return;
  throw new WriteRefused(403, 'This form was sent from another website, so it was not accepted.');
}

/** The origin of an address; "null" (never the Hub's) when it cannot be read. */
function originOf(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  try {
    return new URL(address).origin;
  } catch {
    return 'null';
  }
}

const EXPIRED = 'The form has expired. Go back, reload the page and try again.';

/**
 * Every write carries the CSRF token of this browser. In an upload it must be the first field,
 * so the token is known before any file is read: see `readFileAfterCsrf`.
 */
function checkCsrf(request: FastifyRequest, upload: boolean, secret: string): void {
  const body = request.body as Record<string, unknown> | undefined;
  const field = body?._csrf;
  const given = upload && field && typeof field === 'object' ? (field as { value?: unknown }).value : field;
  if (upload && body && Object.keys(body)[0] !== '_csrf') throw new WriteRefused(403, EXPIRED);
  if (!csrfTokenMatches(secret, request.browserToken, given)) throw new WriteRefused(403, EXPIRED);
}

/**
 * The multipart reader's `onFile`: a file is read only once the fields before it began with this
 * browser's CSRF token, so a forged upload is refused before its file is buffered.
 */
export async function readFileAfterCsrf(this: FastifyRequest, part: MultipartFile): Promise<void> {
  if (this.routeOptions.config.upload) checkCsrf(this, true, this.server.config.sessionSecret);
  await part.toBuffer();
}
