import type { Queryable } from '../db/client.ts';
import type { HubApp } from '../routes.ts';
import { formErrorsOf, readForm } from '../views/forms.ts';
import {
  EngagementQuery,
  eventEngagementEntries,
  periodFrom,
  summariseEngagement,
  type EngagementEntry,
  type EngagementPeriod,
} from '../modules/events/index.ts';
import { engagementEntries as projectDeliveries } from '../modules/funding/index.ts';
import { engagementEntries as trainingSessions } from '../modules/training/index.ts';

/*
 * The engagement log gathers what several modules held in a period: each contributes its own
 * entries (events, project deliveries, training sessions) in the shape the events module defines.
 */
const contributors: ((db: Queryable, period: EngagementPeriod) => Promise<EngagementEntry[]>)[] = [
  eventEngagementEntries,
  projectDeliveries,
  trainingSessions,
];

async function engagementLog(db: Queryable, period: EngagementPeriod) {
  const entries = await Promise.all(contributors.map((entriesOf) => entriesOf(db, period)));
  return summariseEngagement(period, entries.flat());
}

/** The engagement log (`/engagement`), for everyone signed in. */
export function engagementPageRoutes(app: HubApp): void {
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
      let period: EngagementPeriod | undefined;
      const errors = await formErrorsOf(() => Promise.resolve((period = periodFrom(form.values))));
      if (errors || !period) return render(400, { errors });
      return render(200, { log: await engagementLog(app.db, period), values: period });
    },
  );
}
