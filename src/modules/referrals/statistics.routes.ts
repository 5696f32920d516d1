import type { HubApp } from '../../routes.ts';

/** The statistics page per geography: published and register figures, charts, tables and sentences. */
export async function statisticsRoutes(_app: HubApp): Promise<void> {}
