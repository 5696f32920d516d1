import type { HubApp } from '../../routes.ts';

export function resourcesRoutes(app: HubApp): void {
  void app;
}
