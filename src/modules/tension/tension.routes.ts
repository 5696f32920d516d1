import type { FastifyReply } from 'fastify';
import { COORDINATORS } from '../../auth/policy.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { optionsFrom } from '../../views/filters.ts';
import { asIds, formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { listGroupOptions } from '../groups/index.ts';
import { listAreas } from '../partnership/index.ts';
import { reportRoutes } from './reports.routes.ts';
import {
  CommunityForm,
  CommunityParams,
  DoneQuery,
  EmptyForm,
  IncidentForm,
  IncidentParams,
  IndicatorForm,
  IndicatorParams,
} from './tension.forms.ts';
import { canLocaliseIncident, canRecordIncidents } from './tension.policy.ts';
import * as service from './tension.service.ts';
import { COMMUNITY_KINDS, INCIDENT_SCOPES } from './tension.tables.ts';

const VIEW = 'tension/views';
type Values = Record<string, unknown>;

const checked = (records: { id: number; name: string }[], chosen: unknown) => {
  const ids = asIds(chosen);
  return records.map((r) => ({ value: r.id, text: r.name, checked: ids.includes(r.id) }));
};

export async function tensionRoutes(app: HubApp): Promise<void> {
  incidentRoutes(app);
  listRoutes(app);
  await reportRoutes(app);
}

/** Incidents: coordinators record, edit and localise; members of the named groups read. */
function incidentRoutes(app: HubApp) {
  const db = app.db;
  const renderForm = async (reply: FastifyReply, values: Values, errors?: FormErrors, incidentId?: number) => {
    const [areaList, communityList, groupList] = await Promise.all([
      listAreas(db),
      service.communityList(db),
      listGroupOptions(db),
    ]);
    const current = communityList.filter((c) => !c.archivedAt || asIds(values.communityIds).includes(c.id));
    return reply.code(errors ? 400 : 200).page(`${VIEW}/incident-form.njk`, {
      title: incidentId ? 'Change the incident' : 'Record an incident',
      action: incidentId ? `/tension/incidents/${incidentId}` : '/tension/incidents',
      incidentId,
      values,
      errors,
      scopeItems: optionsFrom(INCIDENT_SCOPES, values.scope).map((o) => ({ ...o, checked: o.value === values.scope })),
      areaItems: checked(areaList, values.areaIds),
      communityItems: checked(
        current.map((c) => ({ id: c.id, name: `${c.name} (${c.kind})` })),
        values.communityIds,
      ),
      groupItems: checked(groupList, values.groupIds),
    });
  };

  app.get('/tension/incidents', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const user = signedIn(request);
    return reply.page(`${VIEW}/incidents.njk`, {
      title: 'Incidents',
      incidents: await service.incidentList(db, user),
      canRecord: canRecordIncidents(user),
      done: request.query.done,
    });
  });

  app.get('/tension/incidents/new', { config: COORDINATORS }, (_request, reply) => renderForm(reply, {}));

  app.post(
    '/tension/incidents',
    { config: COORDINATORS, schema: { body: IncidentForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, IncidentForm);
      if (!form.ok) return renderForm(reply, form.values, form.errors);
      let id = 0;
      const errors = await formErrorsOf(async () => {
        id = await service.recordIncident(db, signedIn(request), incidentInput(form.values));
      });
      if (errors) return renderForm(reply, form.values, errors);
      return reply.redirect(`/tension/incidents/${id}?done=recorded`, 303);
    },
  );

  app.get(
    '/tension/incidents/:incidentId',
    { schema: { params: IncidentParams, querystring: DoneQuery } },
    async (request, reply) => {
      const user = signedIn(request);
      const incident = await service.incidentPage(db, user, request.params.incidentId);
      return reply.page(`${VIEW}/incident.njk`, {
        title: incident.title,
        incident,
        canRecord: canRecordIncidents(user),
        canLocalise: canRecordIncidents(user) && canLocaliseIncident(incident),
        done: request.query.done,
      });
    },
  );

  app.get(
    '/tension/incidents/:incidentId/edit',
    { config: COORDINATORS, schema: { params: IncidentParams } },
    async (request, reply) => {
      const id = request.params.incidentId;
      return renderForm(reply, await service.incidentValues(db, signedIn(request), id), undefined, id);
    },
  );

  app.post(
    '/tension/incidents/:incidentId',
    { config: COORDINATORS, schema: { params: IncidentParams, body: IncidentForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, IncidentForm);
      const id = request.params.incidentId;
      if (!form.ok) return renderForm(reply, form.values, form.errors, id);
      const errors = await formErrorsOf(() =>
        service.updateIncident(db, signedIn(request), id, incidentInput(form.values)),
      );
      if (errors) return renderForm(reply, form.values, errors, id);
      return reply.redirect(`/tension/incidents/${id}?done=updated`, 303);
    },
  );

  app.post(
    '/tension/incidents/:incidentId/localise',
    { config: COORDINATORS, schema: { params: IncidentParams, body: EmptyForm } },
    async (request, reply) => {
      const id = await service.localiseIncident(db, signedIn(request), request.params.incidentId);
      return reply.redirect(`/tension/incidents/${id}/edit`, 303);
    },
  );
}

const incidentInput = (values: {
  title: string;
  summary: string;
  scope: (typeof INCIDENT_SCOPES)[number];
  occurredOn: string;
  sourceUrl?: string;
  areaIds?: number[];
  communityIds?: number[];
  groupIds?: number[];
}): service.IncidentInput => ({
  title: values.title,
  summary: values.summary,
  scope: values.scope,
  occurredOn: values.occurredOn,
  sourceUrl: values.sourceUrl,
  areaIds: values.areaIds,
  communityIds: values.communityIds,
  groupIds: values.groupIds,
});

/** The editable lists: communities and indicators, one page, coordinators only. */
function listRoutes(app: HubApp) {
  const db = app.db;
  const renderLists = async (
    reply: FastifyReply,
    done?: string,
    errors?: { community?: FormErrors; indicator?: FormErrors },
    values: Values = {},
  ) =>
    reply.code(errors ? 400 : 200).page(`${VIEW}/lists.njk`, {
      title: 'Communities and tension indicators',
      communities: await service.communityList(db),
      indicators: await service.indicatorList(db),
      kindItems: optionsFrom(COMMUNITY_KINDS, values.kind, 'Select a kind'),
      values,
      errors: errors?.community ?? errors?.indicator,
      communityErrors: errors?.community,
      indicatorErrors: errors?.indicator,
      done,
    });

  app.get('/tension/lists', { config: COORDINATORS, schema: { querystring: DoneQuery } }, (request, reply) =>
    renderLists(reply, request.query.done),
  );

  app.post(
    '/tension/communities',
    { config: COORDINATORS, schema: { body: CommunityForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, CommunityForm);
      if (!form.ok) return renderLists(reply, undefined, { community: form.errors }, form.values);
      const { name, kind } = form.values;
      const errors = await formErrorsOf(() => service.addCommunity(db, signedIn(request), { name, kind }));
      if (errors) return renderLists(reply, undefined, { community: errors }, form.values);
      return reply.redirect('/tension/lists?done=added#communities', 303);
    },
  );

  app.post(
    '/tension/communities/:communityId/archive',
    { config: COORDINATORS, schema: { params: CommunityParams, body: EmptyForm } },
    async (request, reply) => {
      await service.toggleCommunityArchived(db, signedIn(request), request.params.communityId);
      return reply.redirect('/tension/lists?done=saved#communities', 303);
    },
  );

  app.post(
    '/tension/indicators',
    { config: COORDINATORS, schema: { body: IndicatorForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, IndicatorForm);
      if (!form.ok) return renderLists(reply, undefined, { indicator: form.errors }, form.values);
      const { indicator } = form.values;
      const errors = await formErrorsOf(() => service.addIndicator(db, signedIn(request), { name: indicator }));
      if (errors) return renderLists(reply, undefined, { indicator: errors }, form.values);
      return reply.redirect('/tension/lists?done=added#indicators', 303);
    },
  );

  app.post(
    '/tension/indicators/:indicatorId/archive',
    { config: COORDINATORS, schema: { params: IndicatorParams, body: EmptyForm } },
    async (request, reply) => {
      await service.toggleIndicatorArchived(db, signedIn(request), request.params.indicatorId);
      return reply.redirect('/tension/lists?done=saved#indicators', 303);
    },
  );
}
