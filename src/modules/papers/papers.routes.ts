import type { HubApp } from '../../routes.ts';
import { downloadRoutes } from './download.routes.ts';

/** Board papers: templates, composing from live blocks, preview, sign-off and issue, agenda packs, minutes. */
export async function papersRoutes(app: HubApp): Promise<void> {
  downloadRoutes(app);
  return Promise.resolve();
}
