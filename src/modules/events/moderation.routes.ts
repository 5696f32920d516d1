import type { FastifyInstance } from 'fastify';

/** The moderator's queue, the presenter screen and the live stream. */
export async function moderationRoutes(_app: FastifyInstance) {}
