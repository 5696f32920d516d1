import type { HubApp } from '../../routes.ts';

export function impactAssessmentRoutes(app: HubApp): void {
  void app;
}
