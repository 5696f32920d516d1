import type { HubApp } from '../../routes.ts';

/** The partnership's own referral register: pseudonymised referrals and their Channel journey. */
export async function registerRoutes(_app: HubApp): Promise<void> {}
