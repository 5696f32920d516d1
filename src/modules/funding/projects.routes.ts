import type { FastifyReply } from 'fastify';
import type { CurrentUser } from '../../auth/sessions.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { CHART_COLOURS, stackedBarChart } from '../../views/charts.ts';
import { formErrorsOf, idParams, readForm, selectItems, type FormErrors } from '../../views/forms.ts';
import { NotFoundError } from '../../errors.ts';
import { SENSITIVE } from '../documents/index.ts';
import { EVENT_AUDIENCES } from '../events/index.ts';
import { listOrganisationOptions } from '../organisations/index.ts';
import { listAreas } from '../partnership/index.ts';
import {
  AcceptForm,
  DeclineForm,
  DeliveryForm,
  DoneQuery,
  ProjectsQuery,
  HostingForm,
  ProgressForm,
  ProjectForm,
  SpendForm,
} from './funding.forms.ts';
import { canAnswerHosting, canManageFunding } from './funding.policy.ts';
import { money, VIEWS } from './funding.words.ts';
import { potsFor } from './funding.service.ts';
import * as projects from './projects.service.ts';
import type { ProjectRow, RiskLabel } from './projects.service.ts';
import { PROJECT_STATUSES, PROJECT_TYPES, RAG_RATINGS } from './funding.tables.ts';

type Extra = { values?: Record<string, unknown>; errors?: FormErrors; done?: string };

/** Spend against budget, a bar per project: spent, then what is left of the budget (whole pounds). */
function spendChart(rows: ProjectRow[]) {
  return stackedBarChart({
    kind: 'stacked',
    id: 'project-spend',
    title: 'Spend against budget by project (£)',
    category: 'Project',
    series: [
      { label: 'Spent', colour: CHART_COLOURS.blue },
      { label: 'Budget not yet spent', colour: CHART_COLOURS.amber },
    ],
    rows: rows.map((p) => ({
      label: p.title,
      values: [Math.round(p.spentPence / 100), Math.round(Math.max(0, p.budgetPence - p.spentPence) / 100)],
    })),
  });
}

const PROJECTS_PER_PAGE = 25;

const totals = (list: ProjectRow[]) => ({
  count: list.length,
  budgetPence: list.reduce((sum, p) => sum + p.budgetPence, 0),
  spentPence: list.reduce((sum, p) => sum + p.spentPence, 0),
});

/*
 * The three views of the projects page (by CTLP risk, by place, by status) as totals that link
 * to the project list filtered to them: a hundred projects listed four times over made the page
 * slow to build and long to read.
 */
function groupings(rows: ProjectRow[], risks: RiskLabel[]) {
  return {
    byRisk: [
      ...risks.map((r) => ({ risk: r, ...totals(rows.filter((p) => p.riskIds.includes(r.id))) })),
      { risk: null, ...totals(rows.filter((p) => !p.riskIds.length)) },
    ].filter((g) => g.count),
    byPlace: (['city', 'county'] as const).map((side) => ({
      side,
      ...totals(rows.filter((p) => p.places.some((pl) => pl.side === side))),
    })),
    byStatus: PROJECT_STATUSES.map((status) => ({ status, ...totals(rows.filter((p) => p.status === status)) })),
  };
}

type ProjectsFilter = { risk?: number; place?: 'city' | 'county'; status?: ProjectRow['status'] };

function filterProjects(rows: ProjectRow[], filter: ProjectsFilter) {
  return rows.filter(
    (p) =>
      (!filter.risk || p.riskIds.includes(filter.risk)) &&
      (!filter.place || p.places.some((pl) => pl.side === filter.place)) &&
      (!filter.status || p.status === filter.status),
  );
}

/** The filter in words, for the list's caption ("in the city, with status delivering"). */
function filterWords(filter: ProjectsFilter, risks: RiskLabel[]) {
  const risk = risks.find((r) => r.id === filter.risk);
  return [
    risk ? `addressing ${risk.reference}` : '',
    filter.place ? `in the ${filter.place}` : '',
    filter.status ? `with status ${filter.status.replaceAll('_', ' ')}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The filter as a query string, for the pages' links. */
const filterQuery = ({ risk, place, status }: ProjectsFilter) =>
  new URLSearchParams(
    Object.entries({ risk, place, status }).flatMap(([key, value]) => (value ? [[key, String(value)]] : [])),
  );

export async function projectsRoutes(app: HubApp): Promise<void> {
  app.get('/projects', { schema: { querystring: ProjectsQuery }, attachValidation: true }, async (request, reply) => {
    const user = signedIn(request);
    const form = readForm(request, ProjectsQuery, 'querystring');
    const [rows, risks] = await Promise.all([projects.listProjects(app.db), projects.riskLabels(app.db, user)]);
    const filter: ProjectsFilter = form.ok ? form.values : {};
    const listed = filterProjects(rows, filter);
    const pages = Math.max(1, Math.ceil(listed.length / PROJECTS_PER_PAGE));
    const page = form.ok ? (form.values.page ?? 1) : 1;
    if (page > pages) throw new NotFoundError('There is no such page of projects');
    const shown = listed.slice((page - 1) * PROJECTS_PER_PAGE, page * PROJECTS_PER_PAGE);
    const query = filterQuery(filter);
    return reply
      .sensitive()
      .code(form.ok ? 200 : 400)
      .page(`${VIEWS}/projects.njk`, {
        title: 'Prevent projects',
        errors: form.ok ? undefined : form.errors,
        marking: risks.some((r) => r.title) ? SENSITIVE : undefined,
        total: rows.length,
        projects: shown,
        listed: listed.length,
        filterWords: filterWords(filter, risks),
        pageBase: `/projects?${query.size ? `${query}&` : ''}page=`,
        page,
        pages,
        ...groupings(rows, risks),
        chart: shown.length ? spendChart(shown) : null,
        manage: canManageFunding(user),
        done: form.ok ? form.values.done : undefined,
        ...money,
      });
  });

  const renderNew = async (reply: FastifyReply, user: CurrentUser, extra: Extra = {}) => {
    const values = extra.values ?? {};
    const [pots, organisations, areas, risks] = await Promise.all([
      potsFor(app.db, user),
      listOrganisationOptions(app.db),
      listAreas(app.db),
      projects.riskLabels(app.db, user),
    ]);
    const chosen = (name: string) =>
      Array.isArray(values[name]) ? (values[name] as unknown[]).map(Number) : [Number(values[name])];
    return reply
      .sensitive()
      .code(extra.errors ? 400 : 200)
      .page(`${VIEWS}/project-form.njk`, {
        title: 'Add a project',
        marking: risks.some((r) => r.title) ? SENSITIVE : undefined,
        types: PROJECT_TYPES,
        potItems: selectItems(pots, values.potId, 'None'),
        partnerItems: selectItems(organisations, values.deliveryPartnerId, 'Select the delivery partner'),
        riskItems: risks.map((r) => ({
          value: r.id,
          text: r.title ? `${r.reference}: ${r.title}` : r.reference,
          checked: chosen('riskIds').includes(r.id),
        })),
        areaItems: areas.map((a) => ({ value: a.id, text: a.name, checked: chosen('areaIds').includes(a.id) })),
        values,
        errors: extra.errors,
      });
  };

  app.get('/projects/new', { config: COORDINATORS }, async (request, reply) => renderNew(reply, signedIn(request)));

  app.post(
    '/projects',
    { config: COORDINATORS, schema: { body: ProjectForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, ProjectForm);
      if (!form.ok) return renderNew(reply, user, { values: form.values, errors: form.errors });
      let projectId = 0;
      const errors = await formErrorsOf(async () => {
        projectId = await projects.createProject(app.db, user, form.values);
      });
      if (errors) return renderNew(reply, user, { values: form.values, errors });
      return reply.redirect(`/projects/${projectId}?done=added`, 303);
    },
  );

  const renderProject = async (reply: FastifyReply, user: CurrentUser, projectId: number, extra: Extra = {}) => {
    const detail = await projects.projectDetail(app.db, projectId);
    const [risks, organisations, areas] = await Promise.all([
      projects.riskLabels(app.db, user, detail.riskIds),
      listOrganisationOptions(app.db),
      listAreas(app.db),
    ]);
    const values = extra.values ?? {};
    return reply
      .sensitive()
      .code(extra.errors ? 400 : 200)
      .page(`${VIEWS}/project.njk`, {
        title: detail.project.title,
        marking: risks.some((r) => r.title) ? SENSITIVE : undefined,
        ...detail,
        risks,
        manage: canManageFunding(user),
        answerable: detail.requests.map((r) => canAnswerHosting(user, r)),
        statuses: PROJECT_STATUSES,
        rags: RAG_RATINGS,
        audiences: EVENT_AUDIENCES,
        organisationItems: selectItems(organisations, values.organisationId, 'Select your organisation'),
        areaItems: selectItems(areas, values.areaId, 'Select the area'),
        values,
        errors: extra.errors,
        done: extra.done,
        ...money,
      });
  };

  app.get(
    '/projects/:projectId',
    { schema: { params: idParams('projectId'), querystring: DoneQuery } },
    async (request, reply) =>
      renderProject(reply, signedIn(request), request.params.projectId, { done: request.query.done }),
  );

  app.post(
    '/projects/:projectId/progress',
    { config: COORDINATORS, schema: { params: idParams('projectId'), body: ProgressForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { projectId } = request.params;
      const form = readForm(request, ProgressForm);
      if (!form.ok) return renderProject(reply, user, projectId, { values: form.values, errors: form.errors });
      await projects.updateProgress(app.db, user, projectId, form.values);
      return reply.redirect(`/projects/${projectId}?done=progress`, 303);
    },
  );

  app.post(
    '/projects/:projectId/spend',
    { config: COORDINATORS, schema: { params: idParams('projectId'), body: SpendForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { projectId } = request.params;
      const form = readForm(request, SpendForm);
      if (!form.ok) return renderProject(reply, user, projectId, { values: form.values, errors: form.errors });
      const errors = await formErrorsOf(() => projects.recordSpend(app.db, user, projectId, form.values));
      if (errors) return renderProject(reply, user, projectId, { values: form.values, errors });
      return reply.redirect(`/projects/${projectId}?done=spend`, 303);
    },
  );

  app.post(
    '/projects/:projectId/deliveries',
    { config: COORDINATORS, schema: { params: idParams('projectId'), body: DeliveryForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { projectId } = request.params;
      const form = readForm(request, DeliveryForm);
      if (!form.ok) return renderProject(reply, user, projectId, { values: form.values, errors: form.errors });
      const { heldOn, areaId, place } = form.values;
      const participants = Object.fromEntries(EVENT_AUDIENCES.map((a) => [a, form.values[a]]));
      await projects.recordDelivery(app.db, user, projectId, {
        heldOn,
        ...(areaId ? { areaId } : {}),
        ...(place ? { place } : {}),
        participants,
      });
      return reply.redirect(`/projects/${projectId}?done=delivery`, 303);
    },
  );

  app.post(
    '/projects/:projectId/hosting-requests',
    { schema: { params: idParams('projectId'), body: HostingForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { projectId } = request.params;
      const form = readForm(request, HostingForm);
      if (!form.ok) return renderProject(reply, user, projectId, { values: form.values, errors: form.errors });
      await projects.requestHosting(app.db, user, projectId, form.values);
      return reply.redirect(`/projects/${projectId}?done=requested`, 303);
    },
  );

  app.post(
    '/funding/hosting-requests/:requestId/accept',
    { config: COORDINATORS, schema: { params: idParams('requestId'), body: AcceptForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, AcceptForm);
      const projectId = await projects.projectOfRequest(app.db, request.params.requestId);
      if (!form.ok) return renderProject(reply, user, projectId, { values: form.values, errors: form.errors });
      const errors = await formErrorsOf(() =>
        projects.acceptHosting(app.db, user, request.params.requestId, form.values),
      );
      if (errors) return renderProject(reply, user, projectId, { values: form.values, errors });
      return reply.redirect(`/projects/${projectId}?done=accepted`, 303);
    },
  );

  app.post(
    '/funding/hosting-requests/:requestId/decline',
    { config: COORDINATORS, schema: { params: idParams('requestId'), body: DeclineForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, DeclineForm);
      const projectId = await projects.projectOfRequest(app.db, request.params.requestId);
      if (!form.ok) return renderProject(reply, user, projectId, { values: form.values, errors: form.errors });
      const errors = await formErrorsOf(() =>
        projects.declineHosting(app.db, user, request.params.requestId, form.values),
      );
      if (errors) return renderProject(reply, user, projectId, { values: form.values, errors });
      return reply.redirect(`/projects/${projectId}?done=declined`, 303);
    },
  );
}
