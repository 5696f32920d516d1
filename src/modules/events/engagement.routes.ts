import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { formErrors, formErrorsFrom } from '../../views/forms.ts';
import { FormError } from '../../errors.ts';
import { engagementLog, periodFrom } from './engagement.service.ts';
import { EngagementQuery } from './polls.forms.ts';

/** The engagement log, for everyone signed in. */
export async function engagementRoutes(app: FastifyInstance) {
  app.get(
    '/engagement',
    { schema: { querystring: EngagementQuery }, attachValidation: true },
    async (request, reply) => {
      const query = request.query as Static<typeof EngagementQuery>;
      const render = (status: number, context: object) =>
        reply.code(status).page('events/views/engagement.njk', { title: 'Engagement log', values: query, ...context });
      if (request.validationError) return render(400, { errors: formErrors(request.validationError, EngagementQuery) });
      let period;
      try {
        period = periodFrom(query);
      } catch (error) {
        if (error instanceof FormError) return render(400, { errors: formErrorsFrom(error) });
        throw error;
      }
      return render(200, { log: await engagementLog(app.db, period), values: period });
    },
  );
}
