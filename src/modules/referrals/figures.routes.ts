import type { HubApp } from '../../routes.ts';

/** Published referral figures: imported aggregate tables, their category names and revisions. */
export async function figuresRoutes(_app: HubApp): Promise<void> {}
