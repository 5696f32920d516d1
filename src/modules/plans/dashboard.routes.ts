import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { CurrentUser } from '../../auth/sessions.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { optionsFrom } from '../../views/filters.ts';
import { NotFoundError } from '../../errors.ts';
import {
  field,
  fieldError,
  formErrorsOf,
  formSchema,
  readForm,
  type FormErrors,
  selectItems,
  Id,
  querySchema,
} from '../../views/forms.ts';
import { chartSvg, chartTable } from '../../views/charts.ts';
import { planDashboard, type DashboardFilter } from './dashboard.service.ts';
import { QUIET_AFTER_DAYS, RAG_RATINGS, RAG_RULE } from './plans.rag.ts';
import { canPlan } from './plans.policy.ts';
import { getPlan } from './plans.service.ts';
import { STRANDS } from './plans.tables.ts';
import * as snapshots from './snapshots.service.ts';

const PlanParams = Type.Object({ planId: Id() });
const SnapshotParams = Type.Object({ planId: Id(), snapshotId: Id() });

const DashboardQuery = querySchema({
  strand: Type.Optional(field.choice('Strand', 'Select a strand from the list', STRANDS)),
  leadOrganisationId: field.optionalId('Lead organisation', 'Select a lead organisation from the list'),
  rag: Type.Optional(field.choice('RAG rating', 'Select a RAG rating from the list', RAG_RATINGS)),
});

const SnapshotForm = formSchema({
  label: Type.Optional(
    Type.String({ title: 'Label', errorMessage: 'Enter a label of 60 characters or fewer', maxLength: 60 }),
  ),
});

const CompareQuery = querySchema({
  from: field.id('Earlier snapshot', 'Select the earlier snapshot'),
  to: field.id('Later snapshot', 'Select the later snapshot'),
});

/** A plan or snapshot id that is not a number names no page. */
const notFoundIfInvalid = (request: FastifyRequest) => {
  if (request.validationError) throw new NotFoundError();
};

/** Charts with the numbers of each, ready for the page: the SVG and the table beneath it. */
const chartsForPage = (specs: Awaited<ReturnType<typeof planDashboard>>['charts']) =>
  specs.map((spec) => ({ id: spec.id, title: spec.title, svg: chartSvg(spec), table: chartTable(spec) }));

/** The plan dashboard, charts, overdue and quiet lists, quarterly snapshots. */
export function planDashboardRoutes(app: HubApp): void {
  const renderDashboard = async (reply: FastifyReply, planId: number, filter: DashboardFilter, errors?: FormErrors) => {
    const dashboard = await planDashboard(app.db, planId, filter);
    return reply.code(errors ? 400 : 200).page('plans/views/dashboard.njk', {
      ...dashboard,
      title: `Dashboard: ${dashboard.plan.title}`,
      charts: chartsForPage(dashboard.charts),
      filter,
      filtered: Object.keys(filter).length > 0,
      errors,
      strandItems: optionsFrom(STRANDS, filter.strand, 'All strands'),
      ragItems: optionsFrom(RAG_RATINGS, filter.rag, 'All ratings'),
      organisationItems: selectItems(dashboard.leadOrganisations, filter.leadOrganisationId, 'All lead organisations'),
      quietAfterDays: QUIET_AFTER_DAYS,
      ragRule: RAG_RULE,
    });
  };

  app.get(
    '/plans/:planId/dashboard',
    { schema: { params: PlanParams, querystring: DashboardQuery }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const query = readForm(request, DashboardQuery, 'querystring');
      if (!query.ok) return renderDashboard(reply, planId, {}, query.errors);
      return renderDashboard(reply, planId, query.values);
    },
  );

  const renderSnapshots = async (
    reply: FastifyReply,
    user: CurrentUser,
    planId: number,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) => {
    const [plan, list] = await Promise.all([getPlan(app.db, planId), snapshots.listSnapshots(app.db, planId)]);
    const items = (selected: unknown, blank: string) =>
      selectItems(
        list.map((s) => ({ id: s.id, name: `${s.label} (${s.actionCount} actions)` })),
        selected,
        blank,
      );
    return reply.code(errors ? 400 : 200).page('plans/views/snapshots.njk', {
      title: `Snapshots: ${plan.title}`,
      plan,
      snapshots: list,
      values,
      errors,
      canTake: canPlan(user, 'take-snapshot', plan),
      defaultLabel: snapshots.currentQuarterLabel(),
      // The select defaults: the two latest, earlier one first.
      fromItems: items(values.from ?? list[1]?.id, 'Select a snapshot'),
      toItems: items(values.to ?? list[0]?.id, 'Select a snapshot'),
    });
  };

  app.get(
    '/plans/:planId/snapshots',
    { schema: { params: PlanParams }, attachValidation: true },
    async (request, reply) => {
      notFoundIfInvalid(request);
      const { planId } = request.params;
      return renderSnapshots(reply, signedIn(request), planId);
    },
  );

  app.post(
    '/plans/:planId/snapshots',
    { config: COORDINATORS, schema: { params: PlanParams, body: SnapshotForm }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const user = signedIn(request);
      const form = readForm(request, SnapshotForm);
      const { _csrf, ...values } = form.values;
      if (!form.ok) return renderSnapshots(reply, user, planId, values, form.errors);
      let snapshotId = 0;
      const errors = await formErrorsOf(
        async () => (snapshotId = await snapshots.takeSnapshot(app.db, user, planId, form.values.label)),
      );
      if (errors) return renderSnapshots(reply, user, planId, values, errors);
      return reply.redirect(`/plans/${planId}/snapshots/${snapshotId}`, 303);
    },
  );

  // A fixed path: the router tries it before /:snapshotId.
  app.get(
    '/plans/:planId/snapshots/compare',
    { schema: { params: PlanParams, querystring: CompareQuery }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const user = signedIn(request);
      const form = readForm(request, CompareQuery, 'querystring');
      if (!form.ok) return renderSnapshots(reply, user, planId, form.values, form.errors);
      const query = form.values;
      if (query.from === query.to)
        return renderSnapshots(
          reply,
          user,
          planId,
          query,
          fieldError('to', 'Select two different snapshots to compare'),
        );
      const [plan, from, to] = await Promise.all([
        getPlan(app.db, planId),
        snapshots.getSnapshot(app.db, planId, query.from),
        snapshots.getSnapshot(app.db, planId, query.to),
      ]);
      return reply.page('plans/views/snapshots-compare.njk', {
        title: `${from.label} compared with ${to.label}: ${plan.title}`,
        plan,
        from,
        to,
        comparison: snapshots.movedAndSlipped(from.actions, to.actions),
        ragRatings: RAG_RATINGS,
      });
    },
  );

  app.get(
    '/plans/:planId/snapshots/:snapshotId',
    { schema: { params: SnapshotParams }, attachValidation: true },
    async (request, reply) => {
      notFoundIfInvalid(request);
      const { planId, snapshotId } = request.params;
      const [plan, snapshot] = await Promise.all([
        getPlan(app.db, planId),
        snapshots.getSnapshot(app.db, planId, snapshotId),
      ]);
      return reply.page('plans/views/snapshots-show.njk', {
        title: `${snapshot.label}: ${plan.title}`,
        plan,
        snapshot,
        sections: snapshots.byObjective(snapshot.actions),
        ragCounts: snapshots.ragCounts(snapshot.actions),
        ragRatings: RAG_RATINGS,
        ragRule: RAG_RULE,
      });
    },
  );
}
