import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import helmet from 'helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { govukFrontendDist } from '../views/views.ts';

/**
 * The GOV.UK template's one inline script (it adds the js-enabled class) is allowed by its
 * hash, read from the installed template so an upgrade cannot silently break it. No other
 * inline script runs.
 */
function govukInlineScriptHash(): string {
  const template = readFileSync(path.join(govukFrontendDist, 'govuk', 'template.njk'), 'utf8');
  const script = /<script[^>]*>([^<]+)<\/script>/.exec(template)?.[1];
  if (!script) throw new Error('govuk-frontend template: inline script not found');
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

// Also catches bracket forms ("__proto__[x]") that a nesting parser would turn into prototype writes.
const FORBIDDEN_KEY = /(^|\[|\.)(__proto__|constructor|prototype)(\]|\[|\.|$)/;

function hasForbiddenKey(value: unknown, depth = 0, seen = new WeakSet<object>()): boolean {
  if (!value || typeof value !== 'object' || depth > 8 || seen.has(value)) return false;
  // Uploaded bytes and streams carry no field names; a multipart body also refers back to itself.
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return false;
  seen.add(value);
  return Object.keys(value).some(
    (key) => FORBIDDEN_KEY.test(key) || hasForbiddenKey((value as Record<string, unknown>)[key], depth + 1, seen),
  );
}

/**
 * Is this request served over HTTPS? Only then may the Hub send HSTS and upgrade-insecure-requests
 * and mark cookies Secure: over plain http (a laptop on a venue's network) they would stop phones
 * from loading styles, scripts and forms, and from keeping their cookies. HTTPS is known from
 * PUBLIC_URL, or from a trusted proxy's X-Forwarded-Proto (Fastify reads it only under trustProxy).
 */
export function servedOverHttps(request: FastifyRequest): boolean {
  const { publicUrl, trustProxy } = request.server.config;
  if (publicUrl?.startsWith('https://')) return true;
  return Boolean(trustProxy) && request.protocol === 'https';
}

const DIRECTIVES = {
  defaultSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
};

/** Two sets of headers, each built once at start; a request picks one, which costs nothing. */
function buildSecurityHeaders(https: boolean) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        ...DIRECTIVES,
        scriptSrc: ["'self'", govukInlineScriptHash()],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https,
    // Browsers ignore it from an http origin that is not localhost, and say so in the console.
    crossOriginOpenerPolicy: https,
    // Same-origin posts then name their origin (under no-referrer they say "null"), so the guard's
    // Origin check can tell them from another site's; other sites still get no referrer at all.
    referrerPolicy: { policy: 'same-origin' },
    // The Hub holds no cross-origin embeds; keep the defaults strict.
    crossOriginEmbedderPolicy: false,
  });
}

export function registerSecurity(app: FastifyInstance): void {
  // helmet itself, built once: the Fastify wrapper rebuilt it (parsing the policy) on every request.
  const overHttps = buildSecurityHeaders(true);
  const overHttp = buildSecurityHeaders(false);
  app.addHook('onRequest', (request, reply, done) =>
    (servedOverHttps(request) ? overHttps : overHttp)(request.raw, reply.raw, (error) =>
      done(error as Error | undefined),
    ),
  );

  // Signed-in pages are personal and may carry marked material: never cache them.
  app.addHook('onSend', async (request, reply) => {
    if (request.user && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
  });

  // Bodies naming __proto__ or constructor are an attack, never a form a person filled in.
  app.addHook('preValidation', async (request, reply) => {
    if (hasForbiddenKey(request.body)) {
      return reply.code(400).type('text/plain').send('Request refused: forbidden field name');
    }
  });

  app.decorateReply('sensitive', function (this: FastifyReply) {
    return this.header('cache-control', 'no-store').header('pragma', 'no-cache');
  });
}
