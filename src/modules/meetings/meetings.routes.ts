import type { FastifyInstance } from 'fastify';

export async function meetingsRoutes(_app: FastifyInstance) {}
