import type { FastifyInstance } from 'fastify';

export async function organisationsRoutes(_app: FastifyInstance) {}
