import type { HubApp } from '../../routes.ts';

/** Board papers: templates, composing from live blocks, preview, sign-off and issue, agenda packs, minutes. */
export async function papersRoutes(_app: HubApp): Promise<void> {}
