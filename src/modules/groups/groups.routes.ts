import type { FastifyInstance, FastifyReply } from 'fastify';
import { COORDINATORS } from '../../auth/policy.ts';
import type { Static } from 'typebox';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isoDate } from '../../views/filters.ts';
import { asIds, formErrors, formErrorsOf, type FormErrors, selectItems } from '../../views/forms.ts';
import { listOrganisationOptions, listPeopleOptions } from '../organisations/index.ts';
import { listAreas } from '../partnership/index.ts';
import {
  CsrfOnlyForm,
  GroupForm,
  GroupParams,
  LeaveForm,
  MemberForm,
  MemberParams,
  type GroupInput,
} from './groups.forms.ts';
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

/** A group or member id that is not a number names no page: 404, not a form error. */
const badParams = (error: unknown) =>
  (error as { validationContext?: string } | undefined)?.validationContext === 'params';

export async function groupsRoutes(app: FastifyInstance) {
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

  const renderGroup = async (reply: FastifyReply, user: CurrentUser, groupId: number, errors?: FormErrors) => {
    const page = await service.groupPage(app.db, user, groupId);
    // Titles of OFFICIAL-SENSITIVE papers are listed: the page must not be cached anywhere.
    if (page.sensitive) reply.sensitive();
    return reply.code(errors ? 400 : 200).page('groups/views/show.njk', { ...page, errors, title: page.group.name });
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
      const { _csrf, ...values } = request.body as Static<typeof GroupForm>;
      if (request.validationError)
        return renderForm(reply, undefined, values, formErrors(request.validationError, GroupForm));
      let groupId = 0;
      const errors = await formErrorsOf(
        async () => (groupId = await service.createGroup(app.db, request.user!, values)),
      );
      if (errors) return renderForm(reply, undefined, values, errors);
      return reply.redirect(`/groups/${groupId}`, 303);
    },
  );

  app.get('/groups/:groupId', { schema: { params: GroupParams } }, async (request, reply) => {
    const { groupId } = request.params as Static<typeof GroupParams>;
    return renderGroup(reply, request.user!, groupId);
  });

  app.get(
    '/groups/:groupId/edit',
    { config: COORDINATORS, schema: { params: GroupParams } },
    async (request, reply) => {
      const { groupId } = request.params as Static<typeof GroupParams>;
      const group = await service.groupForEditing(app.db, groupId);
      return renderForm(reply, groupId, group);
    },
  );

  app.post(
    '/groups/:groupId/edit',
    { config: COORDINATORS, schema: { params: GroupParams, body: GroupForm }, attachValidation: true },
    async (request, reply) => {
      const { groupId } = request.params as Static<typeof GroupParams>;
      const { _csrf, ...values } = request.body as Static<typeof GroupForm>;
      if (request.validationError) {
        if (badParams(request.validationError)) return reply.callNotFound();
        return renderForm(reply, groupId, values, formErrors(request.validationError, GroupForm));
      }
      const errors = await formErrorsOf(() => service.updateGroup(app.db, request.user!, groupId, values));
      if (errors) return renderForm(reply, groupId, values, errors);
      return reply.redirect(`/groups/${groupId}`, 303);
    },
  );

  app.post(
    '/groups/:groupId/archive',
    { config: COORDINATORS, schema: { params: GroupParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { groupId } = request.params as Static<typeof GroupParams>;
      await service.archiveGroup(app.db, request.user!, groupId);
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
    const { groupId } = request.params as Static<typeof GroupParams>;
    return renderMemberForm(reply, request.user!, groupId, { role: 'member', joinedOn: isoDate(new Date()) });
  });

  app.post(
    '/groups/:groupId/members',
    { schema: { params: GroupParams, body: MemberForm }, attachValidation: true },
    async (request, reply) => {
      const { groupId } = request.params as Static<typeof GroupParams>;
      const { _csrf, ...values } = request.body as Static<typeof MemberForm>;
      if (request.validationError) {
        if (badParams(request.validationError)) return reply.callNotFound();
        return renderMemberForm(reply, request.user!, groupId, values, formErrors(request.validationError, MemberForm));
      }
      const errors = await formErrorsOf(() => service.addMember(app.db, request.user!, groupId, values));
      if (errors) return renderMemberForm(reply, request.user!, groupId, values, errors);
      return reply.redirect(`/groups/${groupId}#members`, 303);
    },
  );

  app.post(
    '/groups/:groupId/members/:memberId/leave',
    { schema: { params: MemberParams, body: LeaveForm }, attachValidation: true },
    async (request, reply) => {
      const { groupId, memberId } = request.params as Static<typeof MemberParams>;
      if (request.validationError) {
        if (badParams(request.validationError)) return reply.callNotFound();
        return renderGroup(reply, request.user!, groupId, formErrors(request.validationError, LeaveForm));
      }
      const { leftOn } = request.body as Static<typeof LeaveForm>;
      const errors = await formErrorsOf(() => service.leaveGroup(app.db, request.user!, groupId, memberId, leftOn));
      // The leave button has no field of its own: the message points at the members table.
      if (errors)
        return renderGroup(reply, request.user!, groupId, {
          ...errors,
          summary: errors.summary.map((s) => ({ ...s, href: '#members' })),
        });
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
