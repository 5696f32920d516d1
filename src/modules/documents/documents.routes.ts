import type { FastifyInstance } from 'fastify';

export async function documentsRoutes(_app: FastifyInstance) {}
