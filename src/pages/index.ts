/*
 * Pages: the layer above the modules. A page here gathers what several modules show (the home
 * page, a person's page, a group's page, a meeting's page) and may import any module's index.ts; no module imports
 * anything from this folder.
 */
import type { HubApp } from '../routes.ts';
import { engagementPageRoutes } from './engagement.page.ts';
import { evidencePageRoutes } from './evidence.page.ts';
import { groupPageRoutes } from './group.page.ts';
import { homePageRoutes } from './home.page.ts';
import { meetingPageRoutes } from './meeting.page.ts';
import { personPageRoutes } from './person.page.ts';

/** Every page's routes, registered once by src/app.ts. */
export async function pagesRoutes(app: HubApp) {
  homePageRoutes(app);
  personPageRoutes(app);
  groupPageRoutes(app);
  meetingPageRoutes(app);
  evidencePageRoutes(app);
  engagementPageRoutes(app);
}
