import type { HubApp } from '../../routes.ts';

export function trainingRoutes(app: HubApp): void {
  void app;
}
