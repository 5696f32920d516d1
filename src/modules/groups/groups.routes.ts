import type { FastifyInstance } from 'fastify';

export async function groupsRoutes(_app: FastifyInstance) {}
