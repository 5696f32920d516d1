import type { HubApp } from '../../routes.ts';

export function selfAssessmentRoutes(app: HubApp): void {
  void app;
}
