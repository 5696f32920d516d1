import type { FastifyInstance } from 'fastify';

/** Plans, objectives, actions, progress and my actions. */
export async function plansRoutes(app: FastifyInstance) {
  void app;
}
