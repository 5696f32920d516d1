import type { FastifyReply } from 'fastify';
import { COORDINATORS } from '../../auth/policy.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { isoDate } from '../../views/filters.ts';
import { asIds, formErrorsOf, type FormErrors, readForm, selectItems } from '../../views/forms.ts';
import { listOrganisationOptions, listPeopleOptions } from '../organisations/index.ts';
import { listAreas } from '../partnership/index.ts';
import { CsrfOnlyForm, GroupForm, GroupParams, MemberForm, type GroupInput } from './groups.forms.ts';
import * as service from './groups.service.ts';
import { CADENCES, GROUP_KINDS, MEMBER_ROLES } from './groups.tables.ts';
import { structureDiagram, structureTree } from './structure-diagram.ts';

type Option = { id: number; name: string };
type FormValues = Partial<Record<keyof GroupInput, unknown>>;

/** "Name (Organisation)": two people of one name are told apart by where they work. */
const withOrganisation = (p: Option & { organisationName: string | null }) => ({
  id: p.id,
  name: p.organisationName ? `${p.name} (${p.organisationName})` : p.name,
});

/*
 * The group page (GET /groups/:groupId) and the leave button on it are in src/pages/group.page.ts:
 * the page gathers the group's meetings and papers, which belong to modules above this one.
 */
export async function groupsRoutes(app: HubApp) {
  const renderForm = async (
    reply: FastifyReply,
    groupId: number | undefined,
    values: FormValues,
    errors?: FormErrors,
  ) => {
    const [options, areas, people, group] = await Promise.all([
      service.groupFormOptions(app.db, groupId),
      listAreas(app.db),
      listPeopleOptions(app.db),
      groupId === undefined ? undefined : service.getGroup(app.db, groupId),
    ]);
    const reportsTo = asIds(values.reportsToGroupIds);
    return reply.code(errors ? 400 : 200).page('groups/views/form.njk', {
      group,
      values,
      errors,
      kinds: GROUP_KINDS,
      cadences: CADENCES,
      areaItems: selectItems(areas, values.areaId, 'Not tied to one area'),
      parentItems: selectItems(options.parents, values.parentGroupId, 'None: it is not part of another group'),
      chairItems: selectItems(people.map(withOrganisation), values.chairPersonId, 'No chair named yet'),
      boardItems: options.boards.map((g) => ({ value: g.id, text: g.name, checked: reportsTo.includes(g.id) })),
    });
  };

  app.get('/groups', async (request, reply) =>
    reply.page('groups/views/list.njk', { sections: await service.listGroupsByKind(app.db) }),
  );

  app.get('/groups/new', { config: COORDINATORS }, async (request, reply) =>
    renderForm(reply, undefined, { cadence: 'quarterly' }),
  );

  app.post(
    '/groups',
    { config: COORDINATORS, schema: { body: GroupForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, GroupForm);
      if (!form.ok) return renderForm(reply, undefined, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      let groupId = 0;
      const errors = await formErrorsOf(
        async () => (groupId = await service.createGroup(app.db, signedIn(request), values)),
      );
      if (errors) return renderForm(reply, undefined, values, errors);
      return reply.redirect(`/groups/${groupId}`, 303);
    },
  );

  app.get(
    '/groups/:groupId/edit',
    { config: COORDINATORS, schema: { params: GroupParams } },
    async (request, reply) => {
      const { groupId } = request.params;
      const group = await service.groupForEditing(app.db, groupId);
      return renderForm(reply, groupId, group);
    },
  );

  app.post(
    '/groups/:groupId/edit',
    { config: COORDINATORS, schema: { params: GroupParams, body: GroupForm }, attachValidation: true },
    async (request, reply) => {
      const { groupId } = request.params;
      const form = readForm(request, GroupForm);
      if (!form.ok) return renderForm(reply, groupId, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => service.updateGroup(app.db, signedIn(request), groupId, values));
      if (errors) return renderForm(reply, groupId, values, errors);
      return reply.redirect(`/groups/${groupId}`, 303);
    },
  );

  app.post(
    '/groups/:groupId/archive',
    { config: COORDINATORS, schema: { params: GroupParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { groupId } = request.params;
      await service.archiveGroup(app.db, signedIn(request), groupId);
      return reply.redirect(`/groups/${groupId}`, 303);
    },
  );

  // Membership: coordinators, or the group's own chair (checked in the service).
  const renderMemberForm = async (
    reply: FastifyReply,
    user: CurrentUser,
    groupId: number,
    values: object,
    errors?: FormErrors,
  ) => {
    const [context, people, organisations] = await Promise.all([
      service.memberFormContext(app.db, user, groupId),
      listPeopleOptions(app.db),
      listOrganisationOptions(app.db),
    ]);
    const v = values as { personId?: unknown; organisationId?: unknown };
    return reply.code(errors ? 400 : 200).page('groups/views/add-member.njk', {
      group: context.group,
      values,
      errors,
      roles: MEMBER_ROLES,
      personItems: selectItems(
        people.filter((p) => !context.currentPersonIds.includes(p.id)).map(withOrganisation),
        v.personId,
        'Select a person',
      ),
      organisationItems: selectItems(organisations, v.organisationId, 'Their own organisation'),
      noPeople: people.length === 0,
    });
  };

  app.get('/groups/:groupId/members/new', { schema: { params: GroupParams } }, async (request, reply) => {
    const { groupId } = request.params;
    return renderMemberForm(reply, signedIn(request), groupId, { role: 'member', joinedOn: isoDate(new Date()) });
  });

  app.post(
    '/groups/:groupId/members',
    { schema: { params: GroupParams, body: MemberForm }, attachValidation: true },
    async (request, reply) => {
      const { groupId } = request.params;
      const user = signedIn(request);
      const form = readForm(request, MemberForm);
      if (!form.ok) return renderMemberForm(reply, user, groupId, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => service.addMember(app.db, user, groupId, values));
      if (errors) return renderMemberForm(reply, user, groupId, values, errors);
      return reply.redirect(`/groups/${groupId}#members`, 303);
    },
  );

  app.get('/structure', async (request, reply) => {
    const { groups, lines } = await service.getStructure(app.db);
    return reply.page('groups/views/structure.njk', {
      count: groups.length,
      diagram: groups.length ? structureDiagram(groups, lines) : '',
      tree: structureTree(groups, lines),
    });
  });
}
