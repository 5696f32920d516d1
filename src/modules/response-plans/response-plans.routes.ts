import type { FastifyReply } from 'fastify';
import type { Static } from 'typebox';
import { COORDINATORS, isCoordinator } from '../../auth/policy.ts';
import { NotFoundError } from '../../errors.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { formatDate, label } from '../../views/filters.ts';
import {
  asIds,
  fieldError,
  formErrorsOf,
  idParams,
  readForm,
  selectItems,
  type FormErrors,
} from '../../views/forms.ts';
import { recordAudit } from '../audit/index.ts';
import { listOrganisationOptions } from '../organisations/index.ts';
import { listAreas } from '../partnership/index.ts';
import { listPlans } from '../plans/index.ts';
import { TENSION_LEVELS } from '../tension/index.ts';
import { linkedEvents, linkableEvents } from './events.reads.ts';
import { incidentOptions } from './incident.ts';
import { calendarOf } from './response-plans.calendar.ts';
import { addDays, todayInLondon } from './response-plans.dates.ts';
import {
  ActionForm,
  ActivityForm,
  AreasForm,
  CalendarQuery,
  CheckInForm,
  CloseForm,
  DoneQuery,
  EventLinkForm,
  ExtendForm,
  StartPlanForm,
  StartPlanQuery,
  TodayQuery,
} from './response-plans.forms.ts';
import { awaitsSummary, canRunPlan, lastDayOf, planStateOf } from './response-plans.policy.ts';
import { happeningOn, planDays, planDetail } from './response-plans.reads.ts';
import * as service from './response-plans.service.ts';
import { ACTIVITY_STATUSES } from './response-plans.tables.ts';

const MARKING = 'OFFICIAL-SENSITIVE';
const PlanParams = idParams('planId');
const ActivityParams = idParams('planId', 'activityId');

/** The check-in's levels, each with its meaning as the tension scale words it. */
const levelItems = (selected: unknown) =>
  TENSION_LEVELS.map(({ level, word, meaning }) => ({
    value: level,
    text: `${level} ${word}`,
    hint: { text: meaning },
    checked: level === Number(selected),
  }));

const statusItems = (selected: unknown) =>
  ACTIVITY_STATUSES.map((s) => ({ value: s, text: label(s), checked: s === (selected ?? 'planned') }));

const activityInput = (v: Static<typeof ActivityForm>) => ({
  heading: v.heading,
  description: v.description,
  leadOrganisationId: v.leadOrganisationId,
  day: v.day,
  status: v.status,
});

/** Activities of several plans under each heading, so partners see where plans meet. */
function byHeading<A extends { heading: string }>(activities: A[]) {
  const groups = new Map<string, A[]>();
  for (const a of activities) groups.set(a.heading, [...(groups.get(a.heading) ?? []), a]);
  return [...groups].map(([heading, list]) => ({ heading, activities: list }));
}

interface PlanForms {
  done?: string;
  errors?: FormErrors;
  checkIn?: Record<string, unknown>;
  activity?: Record<string, unknown>;
  link?: Record<string, unknown>;
}

export async function responsePlanRoutes(app: HubApp): Promise<void> {
  /** The plan page: OFFICIAL-SENSITIVE, its reading recorded; forms on it re-render it with their errors. */
  const renderPlan = async (reply: FastifyReply, user: CurrentUser, planId: number, forms: PlanForms = {}) => {
    const { plan, incident } = await service.visiblePlan(app.db, user, planId);
    const today = todayInLondon();
    const [detail, organisations, deliveryPlans, events, linkable] = await Promise.all([
      planDetail(app.db, plan.id),
      canRunPlan(user, plan) ? listOrganisationOptions(app.db) : [],
      canRunPlan(user, plan) ? listPlans(app.db) : [],
      linkedEvents(app.db, plan.incidentId),
      canRunPlan(user, plan) ? linkableEvents(app.db, plan.incidentId, plan.startsOn, lastDayOf(plan)) : [],
    ]);
    await recordAudit(app.db, {
      action: 'response_plan.viewed',
      user,
      subjectType: 'response_plan',
      subjectId: plan.id,
    });
    reply.sensitive();
    return reply.code(forms.errors ? 400 : 200).page('response-plans/views/plan.njk', {
      title: plan.title,
      marking: MARKING,
      plan,
      incident,
      state: planStateOf(plan, today),
      awaitsSummary: awaitsSummary(plan, today),
      lastDay: lastDayOf(plan),
      today,
      days: planDays(plan, detail.activities),
      activities: detail.activities,
      checkIns: detail.checkIns.map((c) => ({ ...c, word: TENSION_LEVELS.find((l) => l.level === c.level) })),
      areas: detail.areas,
      areaNames: detail.areas.map((a) => a.name).join(', '),
      events,
      linkableItems: selectItems(linkable, forms.link?.eventId, 'Select an event'),
      deliveryPlanItems: selectItems(
        deliveryPlans.map((p) => ({ id: p.id, name: p.title })),
        undefined,
        'Select a delivery plan',
      ),
      canRun: canRunPlan(user, plan),
      errors: forms.errors,
      done: forms.done,
      checkIn: forms.checkIn ?? { on: today > plan.endsOn ? plan.endsOn : today },
      activity: forms.activity ?? {},
      levelItems: levelItems(forms.checkIn?.level),
      statusItems: statusItems(forms.activity?.status),
      organisationItems: selectItems(organisations, forms.activity?.leadOrganisationId, 'No lead organisation yet'),
    });
  };

  app.get(
    '/response-plans',
    { schema: { querystring: CalendarQuery }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const query = readForm(request, CalendarQuery, 'querystring');
      const today = todayInLondon();
      const month = (query.ok && query.values.month) || today.slice(0, 7);
      reply.sensitive();
      return reply.code(query.ok ? 200 : 400).page('response-plans/views/calendar.njk', {
        title: '14-day response plans',
        marking: MARKING,
        errors: query.ok ? undefined : query.errors,
        today,
        canStart: isCoordinator(user),
        ...(await calendarOf(app.db, user, month, today)),
      });
    },
  );

  app.get(
    '/response-plans/today',
    { schema: { querystring: TodayQuery }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const query = readForm(request, TodayQuery, 'querystring');
      const on = (query.ok && query.values.on) || todayInLondon();
      const happening = await happeningOn(app.db, user, on);
      reply.sensitive();
      return reply.code(query.ok ? 200 : 400).page('response-plans/views/today.njk', {
        title: on === todayInLondon() ? 'What’s happening today' : `What’s happening on ${formatDate(on)}`,
        marking: MARKING,
        errors: query.ok ? undefined : query.errors,
        on,
        previous: addDays(on, -1),
        next: addDays(on, 1),
        ...happening,
        headings: byHeading(happening.activities),
      });
    },
  );

  startRoutes(app);
  planFormRoutes(app, renderPlan);
  planPageRoutes(app);
}

/** Starting a plan from an incident. */
function startRoutes(app: HubApp) {
  const renderStart = async (
    reply: FastifyReply,
    user: CurrentUser,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const [incidents, templates] = await Promise.all([incidentOptions(app.db, user), service.listTemplates(app.db)]);
    return reply.code(errors ? 400 : 200).page('response-plans/views/start.njk', {
      title: 'Start a 14-day response plan',
      values,
      errors,
      incidentItems: selectItems(incidents, values.incidentId, 'Select an incident'),
      templateItems: templates.map((t, i) => ({
        value: t.id,
        text: t.name,
        checked: values.templateId ? Number(values.templateId) === t.id : i === 0,
      })),
    });
  };

  app.get(
    '/response-plans/new',
    { config: COORDINATORS, schema: { querystring: StartPlanQuery }, attachValidation: true },
    async (request, reply) => {
      const query = readForm(request, StartPlanQuery, 'querystring');
      return renderStart(reply, signedIn(request), { incidentId: query.ok ? query.values.incidentId : undefined });
    },
  );

  app.post(
    '/response-plans',
    { config: COORDINATORS, schema: { body: StartPlanForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, StartPlanForm);
      if (!form.ok) return renderStart(reply, user, form.values, form.errors);
      const { incidentId, templateId, startsOn, title } = form.values;
      let planId = 0;
      const errors = await formErrorsOf(async () => {
        planId = await service.startPlan(app.db, user, { incidentId, templateId, startsOn, title });
      });
      if (errors) return renderStart(reply, user, form.values, errors);
      return reply.redirect(`/response-plans/${planId}?done=started`, 303);
    },
  );
}

type RenderPlan = (reply: FastifyReply, user: CurrentUser, planId: number, forms?: PlanForms) => Promise<unknown>;

/** Forms on the plan page: check-ins, a new activity, an activity into a delivery plan action, a linked event. */
function planFormRoutes(app: HubApp, renderPlan: RenderPlan) {
  app.get('/response-plans/:planId', { schema: { params: PlanParams, querystring: DoneQuery } }, (request, reply) =>
    renderPlan(reply, signedIn(request), request.params.planId, { done: request.query.done }),
  );

  app.post(
    '/response-plans/:planId/check-ins',
    { config: COORDINATORS, schema: { params: PlanParams, body: CheckInForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, CheckInForm);
      const { planId } = request.params;
      if (!form.ok) return renderPlan(reply, user, planId, { errors: form.errors, checkIn: form.values });
      const { on, level, note } = form.values;
      const errors = await formErrorsOf(() => service.recordCheckIn(app.db, user, planId, { on, level, note }));
      if (errors) return renderPlan(reply, user, planId, { errors, checkIn: form.values });
      return reply.redirect(`/response-plans/${planId}?done=check-in#check-ins`, 303);
    },
  );

  app.post(
    '/response-plans/:planId/activities',
    { config: COORDINATORS, schema: { params: PlanParams, body: ActivityForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, ActivityForm);
      const { planId } = request.params;
      if (!form.ok) return renderPlan(reply, user, planId, { errors: form.errors, activity: form.values });
      const errors = await formErrorsOf(() => service.addActivity(app.db, user, planId, activityInput(form.values)));
      if (errors) return renderPlan(reply, user, planId, { errors, activity: form.values });
      return reply.redirect(`/response-plans/${planId}?done=activity#timeline`, 303);
    },
  );

  app.post(
    '/response-plans/:planId/activities/:activityId/action',
    { config: COORDINATORS, schema: { params: ActivityParams, body: ActionForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, ActionForm);
      const { planId, activityId } = request.params;
      if (!form.ok) return renderPlan(reply, user, planId, { errors: form.errors });
      const errors = await formErrorsOf(() =>
        service.turnIntoAction(app.db, user, planId, activityId, form.values.deliveryPlanId),
      );
      if (errors) return renderPlan(reply, user, planId, { errors });
      return reply.redirect(`/response-plans/${planId}?done=action#timeline`, 303);
    },
  );

  app.post(
    '/response-plans/:planId/events',
    { config: COORDINATORS, schema: { params: PlanParams, body: EventLinkForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, EventLinkForm);
      const { planId } = request.params;
      if (!form.ok) return renderPlan(reply, user, planId, { errors: form.errors, link: form.values });
      const errors = await formErrorsOf(() => service.linkEvent(app.db, user, planId, form.values.eventId));
      if (errors) return renderPlan(reply, user, planId, { errors, link: form.values });
      return reply.redirect(`/response-plans/${planId}?done=event#events`, 303);
    },
  );
}

/** A page of its own for each change that needs more than a line: an activity, the areas, extending, closing. */
function planPageRoutes(app: HubApp) {
  const renderChange = async (
    reply: FastifyReply,
    user: CurrentUser,
    planId: number,
    page: string,
    values: Record<string, unknown>,
    errors?: FormErrors,
    extra: Record<string, unknown> = {},
  ) => {
    const { plan } = await service.visiblePlan(app.db, user, planId);
    reply.sensitive();
    return reply.code(errors ? 400 : 200).page(`response-plans/views/${page}.njk`, {
      title: {
        extend: 'Extend the plan',
        close: 'Close the plan',
        areas: 'Areas the plan covers',
        activity: 'Change an activity',
      }[page],
      marking: MARKING,
      plan,
      values,
      errors,
      today: todayInLondon(),
      ...extra,
    });
  };

  const onOpenPlan = (
    page: string,
    defaults: (plan: { endsOn: string; startsOn: string }) => Record<string, unknown>,
  ) =>
    app.get(
      `/response-plans/:planId/${page}`,
      { config: COORDINATORS, schema: { params: PlanParams } },
      async (request, reply) => {
        const user = signedIn(request);
        const { plan } = await service.visiblePlan(app.db, user, request.params.planId);
        return renderChange(reply, user, plan.id, page, defaults(plan));
      },
    );

  onOpenPlan('extend', (plan) => ({ endsOn: addDays(plan.endsOn, 7) }));
  onOpenPlan('close', (plan) => ({ closedOn: todayInLondon() < plan.endsOn ? todayInLondon() : plan.endsOn }));

  app.post(
    '/response-plans/:planId/extend',
    { config: COORDINATORS, schema: { params: PlanParams, body: ExtendForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, ExtendForm);
      const { planId } = request.params;
      if (!form.ok) return renderChange(reply, user, planId, 'extend', form.values, form.errors);
      const { endsOn, reason } = form.values;
      const errors = await formErrorsOf(() => service.extendPlan(app.db, user, planId, { endsOn, reason }));
      if (errors) return renderChange(reply, user, planId, 'extend', form.values, errors);
      return reply.redirect(`/response-plans/${planId}?done=extended`, 303);
    },
  );

  app.post(
    '/response-plans/:planId/close',
    { config: COORDINATORS, schema: { params: PlanParams, body: CloseForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, CloseForm);
      const { planId } = request.params;
      if (!form.ok) return renderChange(reply, user, planId, 'close', form.values, form.errors);
      const { closedOn, reason, summary } = form.values;
      const errors = await formErrorsOf(() => service.closePlan(app.db, user, planId, { closedOn, reason, summary }));
      if (errors) return renderChange(reply, user, planId, 'close', form.values, errors);
      return reply.redirect(`/response-plans/${planId}?done=closed`, 303);
    },
  );

  const renderAreas = async (
    reply: FastifyReply,
    user: CurrentUser,
    planId: number,
    selected: number[] | null,
    errors?: FormErrors,
  ) => {
    const [areas, detail] = await Promise.all([listAreas(app.db), planDetail(app.db, planId)]);
    const chosen = selected ?? detail.areas.map((a) => a.id);
    const items = areas.map((a) => ({ value: a.id, text: a.name, checked: chosen.includes(a.id) }));
    return renderChange(reply, user, planId, 'areas', {}, errors, { areaItems: items });
  };

  app.get('/response-plans/:planId/areas', { config: COORDINATORS, schema: { params: PlanParams } }, (request, reply) =>
    renderAreas(reply, signedIn(request), request.params.planId, null),
  );

  app.post(
    '/response-plans/:planId/areas',
    { config: COORDINATORS, schema: { params: PlanParams, body: AreasForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, AreasForm);
      const { planId } = request.params;
      if (!form.ok) return renderAreas(reply, user, planId, asIds(form.values.areaIds), form.errors);
      const areaIds = form.values.areaIds ?? [];
      if (!areaIds.length)
        return renderAreas(reply, user, planId, [], fieldError('areaIds', 'Select at least one area the plan covers'));
      const errors = await formErrorsOf(() => service.setAreas(app.db, user, planId, areaIds));
      if (errors) return renderAreas(reply, user, planId, areaIds, errors);
      return reply.redirect(`/response-plans/${planId}?done=areas`, 303);
    },
  );

  activityRoutes(app, renderChange);
}

type RenderChange = (
  reply: FastifyReply,
  user: CurrentUser,
  planId: number,
  page: string,
  values: Record<string, unknown>,
  errors?: FormErrors,
  extra?: Record<string, unknown>,
) => Promise<unknown>;

/** Changing one activity: what, who leads, which day, its status. */
function activityRoutes(app: HubApp, renderChange: RenderChange) {
  const renderActivity = async (
    reply: FastifyReply,
    user: CurrentUser,
    planId: number,
    activityId: number,
    values: Record<string, unknown> | null,
    errors?: FormErrors,
  ) => {
    const { activities } = await planDetail(app.db, planId);
    const activity = activities.find((a) => a.id === activityId);
    if (!activity) throw new NotFoundError('activity');
    const shown = values ?? { ...activity, leadOrganisationId: activity.leadOrganisationId ?? undefined };
    const organisations = await listOrganisationOptions(app.db, { including: activity.leadOrganisationId });
    return renderChange(reply, user, planId, 'activity', shown, errors, {
      activity,
      statusItems: statusItems(shown.status),
      organisationItems: selectItems(organisations, shown.leadOrganisationId, 'No lead organisation yet'),
    });
  };

  app.get(
    '/response-plans/:planId/activities/:activityId',
    { config: COORDINATORS, schema: { params: ActivityParams } },
    async (request, reply) => {
      const user = signedIn(request);
      const { plan } = await service.visiblePlan(app.db, user, request.params.planId);
      return renderActivity(reply, user, plan.id, request.params.activityId, null);
    },
  );

  app.post(
    '/response-plans/:planId/activities/:activityId',
    { config: COORDINATORS, schema: { params: ActivityParams, body: ActivityForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, ActivityForm);
      const { planId, activityId } = request.params;
      if (!form.ok) return renderActivity(reply, user, planId, activityId, form.values, form.errors);
      const errors = await formErrorsOf(() =>
        service.updateActivity(app.db, user, planId, activityId, activityInput(form.values)),
      );
      if (errors) return renderActivity(reply, user, planId, activityId, form.values, errors);
      return reply.redirect(`/response-plans/${planId}?done=activity#timeline`, 303);
    },
  );
}
