import type { HubApp } from '../../routes.ts';

export function fundingRoutes(app: HubApp): void {
  void app;
}
