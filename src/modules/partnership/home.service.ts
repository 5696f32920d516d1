import type { Database } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { groupsOfPerson } from '../groups/groups.service.ts';
import { openActionsForPerson, upcomingMeetingsForPerson } from '../meetings/meetings.service.ts';
import { listVisibleDocuments } from '../documents/documents.service.ts';

/** What a person sees first: their groups, next meetings, open actions and the newest papers they may read. */
export async function homeSummary(db: Database, user: CurrentUser) {
  const [groups, meetings, actions, documents] = await Promise.all([
    groupsOfPerson(db, user.personId),
    upcomingMeetingsForPerson(db, user.personId, 5),
    openActionsForPerson(db, user.personId),
    listVisibleDocuments(db, user, { limit: 5 }),
  ]);
  return { title: 'Home', groups, meetings, actions, documents, coordinator: isCoordinator(user) };
}
