import type { FastifyReply } from 'fastify';
import type { CurrentUser } from '../auth/sessions.ts';
import { canAddDocumentsTo, canRunMeetingsOf } from '../auth/policy.ts';
import type { Queryable } from '../db/client.ts';
import { signedIn, type HubApp } from '../routes.ts';
import { formErrorsOf, type FormErrors, readForm } from '../views/forms.ts';
import { listVisibleDocuments } from '../modules/documents/index.ts';
import { GroupParams, LeaveForm, MemberParams, groupSummary, leaveGroup } from '../modules/groups/index.ts';
import { listMeetingsOfGroup } from '../modules/meetings/index.ts';

/**
 * Everything the group page shows, in a handful of queries run side by side: the group, its
 * related groups and members (the groups module), its meetings and the papers the user may see.
 */
export async function groupPage(db: Queryable, user: CurrentUser, groupId: number) {
  const [summary, meetings, documents] = await Promise.all([
    groupSummary(db, user, groupId),
    listMeetingsOfGroup(db, groupId),
    listVisibleDocuments(db, user, { groupId }),
  ]);
  const now = Date.now();
  return {
    ...summary,
    // Upcoming soonest first; past newest first (the order they arrive in).
    upcomingMeetings: meetings.filter((m) => new Date(m.endsAt).getTime() >= now).reverse(),
    pastMeetings: meetings.filter((m) => new Date(m.endsAt).getTime() < now),
    documents,
    sensitive: documents.some((d) => d.marking === 'OFFICIAL-SENSITIVE'),
    can: {
      ...summary.can,
      runMeetings: canRunMeetingsOf(user, groupId),
      addDocuments: canAddDocumentsTo(user, groupId),
    },
  };
}

/** The group page, and the leave button on its members table (its errors are shown on the page). */
export function groupPageRoutes(app: HubApp): void {
  const renderGroup = async (reply: FastifyReply, user: CurrentUser, groupId: number, errors?: FormErrors) => {
    const page = await groupPage(app.db, user, groupId);
    // Titles of OFFICIAL-SENSITIVE papers are listed: the page must not be cached anywhere.
    if (page.sensitive) reply.sensitive();
    return reply.code(errors ? 400 : 200).page('groups/views/show.njk', { ...page, errors, title: page.group.name });
  };

  app.get('/groups/:groupId', { schema: { params: GroupParams } }, async (request, reply) =>
    renderGroup(reply, signedIn(request), request.params.groupId),
  );

  app.post(
    '/groups/:groupId/members/:memberId/leave',
    { schema: { params: MemberParams, body: LeaveForm }, attachValidation: true },
    async (request, reply) => {
      const { groupId, memberId } = request.params;
      const user = signedIn(request);
      const form = readForm(request, LeaveForm);
      if (!form.ok) return renderGroup(reply, user, groupId, form.errors);
      const { leftOn } = form.values;
      const errors = await formErrorsOf(() => leaveGroup(app.db, user, groupId, memberId, leftOn));
      // The leave button has no field of its own: the message points at the members table.
      if (errors)
        return renderGroup(reply, user, groupId, {
          ...errors,
          summary: errors.summary.map((s) => ({ ...s, href: '#members' })),
        });
      return reply.redirect(`/groups/${groupId}#members`, 303);
    },
  );
}
