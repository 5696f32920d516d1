import type { Static } from 'typebox';
import { isCoordinator } from '../auth/policy.ts';
import { type HubApp } from '../routes.ts';
import { groupsOfPerson } from '../modules/groups/index.ts';
import { openActionsForPerson, upcomingMeetingsForPerson } from '../modules/meetings/index.ts';
import { DoneQuery, PersonParams, getPerson } from '../modules/organisations/index.ts';

const PERSON_DONE: Record<NonNullable<Static<typeof DoneQuery>['done']>, string> = {
  added: 'Person added.',
  saved: 'Changes saved.',
  archived: 'Person archived. They no longer appear in lists or select boxes.',
  restored: 'Person restored.',
};

/** A person's page: who they are (organisations), their groups, upcoming meetings and open actions. */
export function personPageRoutes(app: HubApp): void {
  app.get('/people/:personId', { schema: { params: PersonParams, querystring: DoneQuery } }, async (request, reply) => {
    const { personId } = request.params;
    const { done } = request.query;
    const person = await getPerson(app.db, personId);
    const [groups, meetings, actions] = await Promise.all([
      groupsOfPerson(app.db, personId),
      upcomingMeetingsForPerson(app.db, personId),
      openActionsForPerson(app.db, personId),
    ]);
    return reply.page('organisations/views/person.njk', {
      person,
      groups,
      meetings,
      actions,
      isSelf: request.user?.personId === personId,
      flash: done ? PERSON_DONE[done] : undefined,
      canManage: Boolean(request.user && isCoordinator(request.user)),
    });
  });
}
