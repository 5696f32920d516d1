import type { FastifyReply } from 'fastify';
import type { CurrentUser } from '../../auth/sessions.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import { ForbiddenError } from '../../errors.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { optionsFrom } from '../../views/filters.ts';
import { formErrorsOf, readForm, selectItems, type FormErrors } from '../../views/forms.ts';
import { EVENT_AUDIENCES } from '../events/index.ts';
import { listOrganisationOptions } from '../organisations/index.ts';
import { completionsRoutes } from './completions.routes.ts';
import { fileRoutes } from './file.routes.ts';
import { resourceFiles } from './file.service.ts';
import {
  ReinstateForm,
  ResourceForm,
  ResourceParams,
  ResourceQuery,
  ResourcesQuery,
  UseForm,
  WithdrawForm,
} from './resources.forms.ts';
import { canManageResources, canRecordUse } from './resources.policy.ts';
import { listResources, resourceDetail, usesOf, type ResourceDetail } from './resources.reads.ts';
import * as service from './resources.service.ts';
import { RESOURCE_FORMATS } from './resources.tables.ts';
import { FORMAT_LABELS } from './resources.words.ts';
import { uptakeRoutes } from './uptake.routes.ts';

const VIEW = 'resources/views';

/** Resources and their uptake: the list, each resource's page, its uses, its uptake and the completions import. */
export async function resourcesRoutes(app: HubApp): Promise<void> {
  listPage(app);
  resourceForms(app);
  withdrawForms(app);
  resourcePage(app);
  useForms(app);
  uptakeRoutes(app);
  completionsRoutes(app);
  fileRoutes(app);
}

const foundResource = (app: HubApp, resourceId: number) => resourceDetail(app.db, resourceId);

function listPage(app: HubApp) {
  app.get('/resources', { schema: { querystring: ResourcesQuery } }, async (request, reply) => {
    const list = await listResources(app.db);
    return reply.page(`${VIEW}/list.njk`, {
      title: 'Resources',
      done: request.query.done,
      offered: list.filter((r) => !r.withdrawn),
      withdrawn: list.filter((r) => r.withdrawn),
      formatLabels: FORMAT_LABELS,
      canManage: canManageResources(signedIn(request)),
    });
  });
}

function resourceForms(app: HubApp) {
  const render = async (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    resource?: ResourceDetail,
  ) => {
    const chosen = new Set([values.audiences ?? []].flat());
    return reply.code(errors ? 400 : 200).page(`${VIEW}/resource-form.njk`, {
      title: resource ? `Change ${resource.title}` : 'Add a resource',
      resource,
      action: resource ? `/resources/${resource.id}` : '/resources',
      values,
      errors,
      formatItems: RESOURCE_FORMATS.map((code) => ({
        value: code,
        text: FORMAT_LABELS[code],
        checked: values.format === code,
      })),
      audienceItems: optionsFrom(EVENT_AUDIENCES).map((item) => ({ ...item, checked: chosen.has(item.value) })),
      ownerItems: selectItems(
        await listOrganisationOptions(app.db, { including: resource?.ownerOrganisationId }),
        values.ownerOrganisationId,
        'Not given',
      ),
    });
  };

  app.get('/resources/new', { config: COORDINATORS }, async (_request, reply) => render(reply, {}));

  app.post(
    '/resources',
    { config: COORDINATORS, schema: { body: ResourceForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ResourceForm);
      if (!form.ok) return render(reply, form.values, form.errors);
      let id = 0;
      const errors = await formErrorsOf(
        async () => (id = await service.createResource(app.db, signedIn(request), form.values)),
      );
      if (errors) return render(reply, form.values, errors);
      return reply.redirect(`/resources/${id}?done=added`, 303);
    },
  );

  app.get(
    '/resources/:resourceId/edit',
    { config: COORDINATORS, schema: { params: ResourceParams } },
    async (request, reply) => {
      const resource = await foundResource(app, request.params.resourceId);
      return render(reply, { ...resource, reviewOn: resource.reviewOn ?? undefined }, undefined, resource);
    },
  );

  app.post(
    '/resources/:resourceId',
    { config: COORDINATORS, schema: { params: ResourceParams, body: ResourceForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ResourceForm); // first: a bad id in the path is a missing page
      const resource = await foundResource(app, request.params.resourceId);
      if (!form.ok) return render(reply, form.values, form.errors, resource);
      const errors = await formErrorsOf(() =>
        service.updateResource(app.db, signedIn(request), resource.id, form.values),
      );
      if (errors) return render(reply, form.values, errors, resource);
      return reply.redirect(`/resources/${resource.id}?done=changed`, 303);
    },
  );
}

function withdrawForms(app: HubApp) {
  const render = (
    reply: FastifyReply,
    resource: ResourceDetail,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.code(errors ? 400 : 200).page(`${VIEW}/withdraw-form.njk`, {
      title: `Withdraw ${resource.title}`,
      resource,
      values,
      errors,
    });

  app.get(
    '/resources/:resourceId/withdraw',
    { config: COORDINATORS, schema: { params: ResourceParams } },
    async (request, reply) => render(reply, await foundResource(app, request.params.resourceId), {}),
  );

  app.post(
    '/resources/:resourceId/withdraw',
    { config: COORDINATORS, schema: { params: ResourceParams, body: WithdrawForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, WithdrawForm); // first: a bad id in the path is a missing page
      const resource = await foundResource(app, request.params.resourceId);
      if (!form.ok) return render(reply, resource, form.values, form.errors);
      const errors = await formErrorsOf(() =>
        service.withdrawResource(app.db, signedIn(request), resource.id, form.values.reason),
      );
      if (errors) return render(reply, resource, form.values, errors);
      return reply.redirect(`/resources/${resource.id}?done=withdrawn`, 303);
    },
  );

  app.post(
    '/resources/:resourceId/reinstate',
    { config: COORDINATORS, schema: { params: ResourceParams, body: ReinstateForm } },
    async (request, reply) => {
      const resource = await foundResource(app, request.params.resourceId);
      const errors = await formErrorsOf(() => service.reinstateResource(app.db, signedIn(request), resource.id));
      if (errors) return render(reply, resource, {}, errors);
      return reply.redirect(`/resources/${resource.id}?done=reinstated`, 303);
    },
  );
}

function resourcePage(app: HubApp) {
  app.get(
    '/resources/:resourceId',
    { schema: { params: ResourceParams, querystring: ResourceQuery } },
    async (request, reply) => {
      const user = signedIn(request);
      const resource = await foundResource(app, request.params.resourceId);
      const [uses, own, versions] = await Promise.all([
        usesOf(app.db, resource.id),
        service.ownOrganisationOf(app.db, user),
        resourceFiles(app.db, resource.documentId),
      ]);
      return reply.page(`${VIEW}/resource.njk`, {
        title: resource.title,
        resource,
        uses,
        versions,
        done: request.query.done,
        formatLabel: FORMAT_LABELS[resource.format],
        canManage: canManageResources(user),
        canRecordUse: canRecordUse(user, resource, own),
      });
    },
  );
}

/** The organisations a user may record use for: all for coordinators, their own for members. */
async function useOrganisations(app: HubApp, user: CurrentUser) {
  const [all, own] = await Promise.all([listOrganisationOptions(app.db), service.ownOrganisationOf(app.db, user)]);
  return canManageResources(user) ? all : all.filter((o) => o.id === own);
}

function useForms(app: HubApp) {
  const render = async (
    reply: FastifyReply,
    user: CurrentUser,
    resource: ResourceDetail,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const organisations = await useOrganisations(app, user);
    return reply.code(errors ? 400 : 200).page(`${VIEW}/use-form.njk`, {
      title: `Record use of ${resource.title}`,
      resource,
      values: { organisationId: organisations.length === 1 ? organisations[0]!.id : undefined, ...values },
      errors,
      organisationItems: selectItems(
        organisations,
        values.organisationId ?? organisations[0]?.id,
        'Select an organisation',
      ),
      onlyOne: organisations.length === 1 ? organisations[0] : undefined,
    });
  };

  app.get('/resources/:resourceId/uses/new', { schema: { params: ResourceParams } }, async (request, reply) => {
    const user = signedIn(request);
    const resource = await foundResource(app, request.params.resourceId);
    if (!canRecordUse(user, resource, await service.ownOrganisationOf(app.db, user))) throw new ForbiddenError();
    return render(reply, user, resource, {});
  });

  app.post(
    '/resources/:resourceId/uses',
    { schema: { params: ResourceParams, body: UseForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, UseForm); // first: a bad id in the path is a missing page
      const user = signedIn(request);
      const resource = await foundResource(app, request.params.resourceId);
      if (!form.ok) return render(reply, user, resource, form.values, form.errors);
      const errors = await formErrorsOf(() => service.recordUse(app.db, user, resource.id, form.values));
      if (errors) return render(reply, user, resource, form.values, errors);
      return reply.redirect(`/resources/${resource.id}?done=use-recorded`, 303);
    },
  );
}
