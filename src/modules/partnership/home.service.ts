import type { Database } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';

/** What a person sees first: filled in by the meetings, documents and groups modules. */
export async function homeSummary(_db: Database, user: CurrentUser) {
  return { title: 'Home', user };
}
