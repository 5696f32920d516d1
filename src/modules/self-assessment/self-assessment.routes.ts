import type { HubApp } from '../../routes.ts';
import { assessmentRoutes } from './assessments.routes.ts';
import { frameworkRoutes } from './frameworks.routes.ts';

/** Self-assessment against a framework, over time and beside peers (issue 14). */
export async function selfAssessmentRoutes(app: HubApp): Promise<void> {
  await assessmentRoutes(app);
  await frameworkRoutes(app);
}
