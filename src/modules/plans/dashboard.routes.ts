import type { FastifyInstance } from 'fastify';

/** The plan dashboard, charts, overdue and quiet lists, quarterly snapshots. */
export async function planDashboardRoutes(app: FastifyInstance) {
  void app;
}
