import type { FastifyInstance } from 'fastify';

/** Consultation on a draft plan, approval, versions and you said, we did. */
export async function consultationRoutes(app: FastifyInstance) {
  void app;
}
