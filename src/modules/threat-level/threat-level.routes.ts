import type { HubApp } from '../../routes.ts';

/** The national threat level: its history, the level on any date, and changes a coordinator records. */
export async function threatLevelRoutes(_app: HubApp): Promise<void> {}
