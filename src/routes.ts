import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CurrentUser } from './auth/sessions.ts';

/**
 * The app as route plugins see it: with the TypeBox type provider, so `request.body`,
 * `request.params` and `request.query` have the types of the route's schemas, without casts.
 */
export type HubApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A module's routes: `export async function groupsRoutes(app: HubApp) { … }`, registered by src/app.ts. */
export type RoutePlugin = (app: HubApp) => Promise<void>;

/**
 * The signed-in user of a request to a route that is not public. The guard (src/auth/guard.ts)
 * has already refused a request without a session, so this only turns that promise into a type.
 */
export function signedIn(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new Error(`${request.routeOptions.url ?? 'route'}: signedIn() on a public route`);
  return request.user;
}
