import type { FastifyInstance } from 'fastify';

/** Polls, workshops, exports and the engagement log. */
export async function pollsRoutes(_app: FastifyInstance) {}
