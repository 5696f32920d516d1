import type { HubApp } from '../../routes.ts';
import { formErrorsOf, readForm } from '../../views/forms.ts';
import { engagementLog, periodFrom } from './engagement.service.ts';
import { EngagementQuery } from './polls.forms.ts';

/** The engagement log, for everyone signed in. */
export async function engagementRoutes(app: HubApp) {
  app.get(
    '/engagement',
    { schema: { querystring: EngagementQuery }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, EngagementQuery, 'querystring');
      const render = (status: number, context: object) =>
        reply
          .code(status)
          .page('events/views/engagement.njk', { title: 'Engagement log', values: form.values, ...context });
      if (!form.ok) return render(400, { errors: form.errors });
      const query = form.values;
      let period: ReturnType<typeof periodFrom> | undefined;
      const errors = await formErrorsOf(() => Promise.resolve((period = periodFrom(query))));
      if (errors || !period) return render(400, { errors });
      return render(200, { log: await engagementLog(app.db, period), values: period });
    },
  );
}
