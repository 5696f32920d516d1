import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { COORDINATORS, isCoordinator } from '../../auth/policy.ts';
import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { listAreas } from '../partnership/index.ts';
import {
  CsrfOnlyForm,
  DoneQuery,
  NewPersonQuery,
  OrganisationFilter,
  OrganisationForm,
  OrganisationParams,
  PeopleFilter,
  PersonForm,
  PersonParams,
} from './organisations.forms.ts';
import * as service from './organisations.service.ts';
import { SECTORS } from './organisations.tables.ts';

type Done = Static<typeof DoneQuery>['done'];

const ORGANISATION_DONE: Record<NonNullable<Done>, string> = {
  added: 'Organisation added. You can now add the people who represent it.',
  saved: 'Changes saved.',
  archived: 'Organisation archived. It no longer appears in lists or select boxes.',
  restored: 'Organisation restored.',
};

const canManage = (request: FastifyRequest) => Boolean(request.user && isCoordinator(request.user));

export async function organisationsRoutes(app: HubApp) {
  organisationPages(app);
  peoplePages(app);
}

function organisationPages(app: HubApp) {
  const renderForm = async (
    reply: FastifyReply,
    context: { organisationId?: number; values: object; errors?: FormErrors },
  ) =>
    reply.code(context.errors ? 400 : 200).page('organisations/views/organisation-form.njk', {
      ...context,
      sectors: SECTORS,
      areas: await listAreas(app.db),
    });

  app.get('/organisations', { schema: { querystring: OrganisationFilter } }, async (request, reply) => {
    const filter = request.query;
    const rows = await service.listOrganisations(app.db, filter);
    return reply.page('organisations/views/list.njk', {
      filter,
      filtered: Boolean(filter.sector || filter.areaId),
      count: rows.length,
      groups: service.groupBySector(rows),
      sectors: SECTORS,
      areas: await listAreas(app.db),
      canManage: canManage(request),
    });
  });

  app.get('/organisations/new', { config: COORDINATORS }, async (_request, reply) => renderForm(reply, { values: {} }));

  app.post(
    '/organisations',
    { config: COORDINATORS, schema: { body: OrganisationForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, OrganisationForm);
      if (!form.ok) return renderForm(reply, { values: form.values, errors: form.errors });
      let id = 0;
      const errors = await formErrorsOf(
        async () => (id = (await service.createOrganisation(app.db, signedIn(request), form.values)).id),
      );
      if (errors) return renderForm(reply, { values: form.values, errors });
      return reply.redirect(`/organisations/${id}?done=added`, 303);
    },
  );

  app.get(
    '/organisations/:organisationId',
    { schema: { params: OrganisationParams, querystring: DoneQuery } },
    async (request, reply) => {
      const { organisationId } = request.params;
      const { done } = request.query;
      const organisation = await service.getOrganisation(app.db, organisationId);
      return reply.page('organisations/views/organisation.njk', {
        organisation,
        people: await service.listPeople(app.db, { organisationId }),
        flash: done ? ORGANISATION_DONE[done] : undefined,
        canManage: canManage(request),
      });
    },
  );

  app.get(
    '/organisations/:organisationId/edit',
    { config: COORDINATORS, schema: { params: OrganisationParams } },
    async (request, reply) => {
      const { organisationId } = request.params;
      const organisation = await service.getOrganisation(app.db, organisationId);
      return renderForm(reply, { organisationId, values: organisation });
    },
  );

  app.post(
    '/organisations/:organisationId/edit',
    { config: COORDINATORS, schema: { params: OrganisationParams, body: OrganisationForm }, attachValidation: true },
    async (request, reply) => {
      const { organisationId } = request.params;
      await service.getOrganisation(app.db, organisationId);
      const form = readForm(request, OrganisationForm);
      if (!form.ok) return renderForm(reply, { organisationId, values: form.values, errors: form.errors });
      const values = form.values;
      const errors = await formErrorsOf(() =>
        service.updateOrganisation(app.db, signedIn(request), organisationId, values),
      );
      if (errors) return renderForm(reply, { organisationId, values, errors });
      return reply.redirect(`/organisations/${organisationId}?done=saved`, 303);
    },
  );

  for (const [path, change] of [
    ['archive', service.archiveOrganisation],
    ['restore', service.restoreOrganisation],
  ] as const) {
    app.post(
      `/organisations/:organisationId/${path}`,
      { config: COORDINATORS, schema: { params: OrganisationParams, body: CsrfOnlyForm } },
      async (request, reply) => {
        const { organisationId } = request.params;
        await change(app.db, signedIn(request), organisationId);
        return reply.redirect(`/organisations/${organisationId}?done=${path}d`, 303);
      },
    );
  }
}

function peoplePages(app: HubApp) {
  const renderForm = async (
    reply: FastifyReply,
    context: { personId?: number; keepOrganisationId?: number | null; values: object; errors?: FormErrors },
  ) =>
    reply.code(context.errors ? 400 : 200).page('organisations/views/person-form.njk', {
      ...context,
      organisations: await service.listOrganisationOptions(app.db, { including: context.keepOrganisationId }),
    });

  app.get('/people', { schema: { querystring: PeopleFilter } }, async (request, reply) => {
    const filter = request.query;
    return reply.page('organisations/views/people.njk', {
      filter,
      filtered: Boolean(filter.q || filter.organisationId),
      people: await service.listPeople(app.db, filter),
      organisations: await service.listOrganisationOptions(app.db, { including: filter.organisationId }),
      canManage: canManage(request),
    });
  });

  app.get('/people/new', { config: COORDINATORS, schema: { querystring: NewPersonQuery } }, async (request, reply) => {
    const { organisationId } = request.query;
    return renderForm(reply, { values: { organisationId } });
  });

  app.post(
    '/people',
    { config: COORDINATORS, schema: { body: PersonForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, PersonForm);
      if (!form.ok) return renderForm(reply, { values: form.values, errors: form.errors });
      let id = 0;
      const errors = await formErrorsOf(
        async () => (id = (await service.createPerson(app.db, signedIn(request), form.values)).id),
      );
      if (errors) return renderForm(reply, { values: form.values, errors });
      return reply.redirect(`/people/${id}?done=added`, 303);
    },
  );

  app.get(
    '/people/:personId/edit',
    { config: COORDINATORS, schema: { params: PersonParams } },
    async (request, reply) => {
      const { personId } = request.params;
      const person = await service.getPerson(app.db, personId);
      return renderForm(reply, { personId, keepOrganisationId: person.organisationId, values: person });
    },
  );

  app.post(
    '/people/:personId/edit',
    { config: COORDINATORS, schema: { params: PersonParams, body: PersonForm }, attachValidation: true },
    async (request, reply) => {
      const { personId } = request.params;
      const person = await service.getPerson(app.db, personId);
      const form = readForm(request, PersonForm);
      const render = (errors: FormErrors) =>
        renderForm(reply, { personId, keepOrganisationId: person.organisationId, values: form.values, errors });
      if (!form.ok) return render(form.errors);
      const values = form.values;
      const errors = await formErrorsOf(() => service.updatePerson(app.db, signedIn(request), personId, values));
      if (errors) return render(errors);
      return reply.redirect(`/people/${personId}?done=saved`, 303);
    },
  );

  for (const path of ['archive', 'restore'] as const) {
    app.post(
      `/people/:personId/${path}`,
      { config: COORDINATORS, schema: { params: PersonParams, body: CsrfOnlyForm } },
      async (request, reply) => {
        const { personId } = request.params;
        const change = path === 'archive' ? service.archivePerson : service.restorePerson;
        await change(app.db, signedIn(request), personId);
        return reply.redirect(`/people/${personId}?done=${path}d`, 303);
      },
    );
  }
}
