import type { HubApp } from '../../routes.ts';
import { circulationRoutes } from './circulation.routes.ts';
import { composeRoutes } from './compose.routes.ts';
import { downloadRoutes } from './download.routes.ts';
import { issueRoutes } from './issue.routes.ts';
import { lateRoutes } from './late.routes.ts';
import { minutesRoutes } from './minutes.routes.ts';
import { packRoutes } from './pack.routes.ts';
import { previewRoutes } from './preview.routes.ts';
import { templateRoutes } from './templates.routes.ts';

/** Board papers: templates, composing from live blocks, preview, sign-off and issue, agenda packs, circulation, minutes. */
export async function papersRoutes(app: HubApp): Promise<void> {
  templateRoutes(app);
  composeRoutes(app);
  downloadRoutes(app);
  previewRoutes(app);
  issueRoutes(app);
  lateRoutes(app);
  minutesRoutes(app);
  packRoutes(app);
  circulationRoutes(app);
  return Promise.resolve();
}
