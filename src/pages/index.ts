/*
 * Pages: the layer above the modules. A page here gathers what several modules show (the home
 * page, a person's page, a group's page) and may import any module's index.ts; no module imports
 * anything from this folder.
 */
import type { HubApp } from '../routes.ts';
import { groupPageRoutes } from './group.page.ts';
import { homePageRoutes } from './home.page.ts';
import { personPageRoutes } from './person.page.ts';

/** Every page's routes, registered once by src/app.ts. */
// eslint-disable-next-line @typescript-eslint/require-await -- Fastify waits for a plugin through its promise
export async function pagesRoutes(app: HubApp) {
  homePageRoutes(app);
  personPageRoutes(app);
  groupPageRoutes(app);
}
