import type { FastifyInstance } from 'fastify';

/** Coordinator pages for events (create, open, close, summary) and the delegate pages. */
export async function eventsRoutes(_app: FastifyInstance) {}
