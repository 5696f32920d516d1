import type { CurrentUser } from '../auth/sessions.ts';
import { isCoordinator } from '../auth/policy.ts';
import type { Database } from '../db/client.ts';
import { signedIn, type HubApp } from '../routes.ts';
import { listVisibleDocuments } from '../modules/documents/index.ts';
import { groupsOfPerson } from '../modules/groups/index.ts';
import { openActionsForPerson, upcomingMeetingsForPerson } from '../modules/meetings/index.ts';
import { actionsDueFor } from '../modules/plans/index.ts';
import { threatLevelOn } from '../modules/threat-level/index.ts';
import { overdueRegisterReviews } from '../modules/referrals/index.ts';
import { outstandingTrainingRequests } from '../modules/training/index.ts';
import { tensionAlerts } from '../modules/tension/index.ts';
import { overdueImpactReviews } from '../modules/impact-assessments/index.ts';
import { fundingDeadlines } from '../modules/funding/index.ts';

/** What a person sees first: their groups, next meetings, open actions and the newest papers they may read. */
export async function homeSummary(db: Database, user: CurrentUser, ip?: string) {
  const [
    groups,
    meetings,
    actions,
    planActionsDue,
    documents,
    threatLevel,
    overdueReviews,
    trainingRequests,
    tension,
    impactReviews,
    deadlines,
  ] = await Promise.all([
    groupsOfPerson(db, user.personId),
    upcomingMeetingsForPerson(db, user.personId, 5),
    openActionsForPerson(db, user.personId),
    // Not those of superseded plans: they are kept for the record only.
    actionsDueFor(db, user.personId),
    listVisibleDocuments(db, user, { limit: 5 }),
    threatLevelOn(db),
    // Empty for anyone outside the register's need-to-know; for those inside, the read is audited.
    overdueRegisterReviews(db, user, ip),
    // Empty for anyone but a coordinator: requests hold contact details.
    outstandingTrainingRequests(db, user),
    // Empty for anyone but a coordinator: areas at tension level 4 or 5, at once.
    tensionAlerts(db, user),
    // Reviews of Community Impact Assessments the person owns, past their date.
    overdueImpactReviews(db, user),
    // Empty for anyone but a coordinator: funding pots' claim and spend deadlines within 30 days or past.
    fundingDeadlines(db, user),
  ]);
  return {
    title: 'Home',
    groups,
    meetings,
    actions,
    planActions: planActionsDue.slice(0, 5),
    planActionCount: planActionsDue.length,
    documents,
    threatLevel,
    registerReviews: overdueReviews,
    trainingRequests,
    tensionAlerts: tension,
    impactReviews,
    fundingDeadlines: deadlines,
    coordinator: isCoordinator(user),
  };
}

/** The home page (`/`). */
export function homePageRoutes(app: HubApp): void {
  app.get('/', async (request, reply) => {
    const summary = await homeSummary(app.db, signedIn(request), request.ip);
    // Register references are OFFICIAL-SENSITIVE: a page that lists them is never cached.
    if (summary.registerReviews.length || summary.tensionAlerts.length || summary.impactReviews.length)
      reply.sensitive();
    return reply.page('partnership/views/home.njk', summary);
  });
}
