import { isCoordinator } from '../auth/policy.ts';
import { signedIn, type HubApp } from '../routes.ts';
import { hasRegisterAccess, registerAccessOf } from '../modules/referrals/index.ts';
import { disruptedPlotsSummaries, threatLevelOn } from '../modules/threat-level/index.ts';

/**
 * The evidence a board reads (`/evidence`): today's threat level, the disrupted plots as published,
 * and the way to the referral figures; the register is offered only to its need-to-know.
 */
export function evidencePageRoutes(app: HubApp): void {
  app.get('/evidence', async (request, reply) => {
    const user = signedIn(request);
    const [threatLevel, plots, access] = await Promise.all([
      threatLevelOn(app.db),
      disruptedPlotsSummaries(app.db),
      registerAccessOf(app.db, user),
    ]);
    return reply.page('partnership/views/evidence.njk', {
      title: 'Evidence',
      threatLevel,
      plots: plots.slice(0, 1),
      register: hasRegisterAccess(access),
      coordinator: isCoordinator(user),
    });
  });
}
