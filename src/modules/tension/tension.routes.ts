import type { HubApp } from '../../routes.ts';

export function tensionRoutes(app: HubApp): void {
  void app;
}
