import type { HubApp } from '../../routes.ts';

export function responsePlanRoutes(app: HubApp): void {
  void app;
}
