import type { FastifyReply, FastifyRequest } from 'fastify';
import { canEditPlans, COORDINATORS } from '../../auth/policy.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { NotFoundError } from '../../errors.ts';
import { formatDate, label } from '../../views/filters.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { asId, asIds, formErrorsOf, type FormErrors, readForm, selectItems } from '../../views/forms.ts';
import {
  ActionForm,
  ActionInPlanForm,
  ActionParams,
  BringInForm,
  DoneQuery,
  FromMeetingQuery,
  ObjectiveForm,
  PlanForm,
  PlanParams,
  ProgressForm,
  WithdrawForm,
} from './plans.forms.ts';
import * as pages from './plans.pages.ts';
import { RAG_RULE } from './plans.rag.ts';
import { getPlan, getPlanAction, type Plan, type PlanAction } from './plans.service.ts';
import { ACTION_STATES, PLAN_KINDS, STRANDS } from './plans.tables.ts';

const PLAN_DONE: Record<string, string> = {
  created: 'The plan was created. Add its objectives and actions.',
  updated: 'The plan’s details were saved.',
  objective: 'The objective was added.',
  imported: 'The spreadsheet was imported. Its actions are below, and each change is in their history.',
};
const ACTION_DONE: Record<string, string> = {
  created: 'The action was added.',
  updated: 'The action was saved.',
  progress: 'The progress update was saved.',
  withdrawn: 'The action was withdrawn. Its page and history are kept.',
  'brought-in': 'The action was brought in. Where it came from is shown below.',
};

type Option = { id: number; name: string };
type FormValues = Record<string, unknown>;

const checkboxItems = (options: Option[], chosen: unknown) => {
  const ids = asIds(chosen);
  return options.map((o) => ({ value: o.id, text: o.name, checked: ids.includes(o.id) }));
};

const actionName = (a: { reference: string; title: string; planTitle: string }) => ({
  name: `${a.planTitle}: ${a.reference} ${a.title}`,
});

export async function plansRoutes(app: HubApp) {
  const db = app.db;

  // The list of plans.

  app.get('/plans', async (request, reply) =>
    reply.page('plans/views/list.njk', {
      plans: await pages.listPlansWithRatings(db),
      canEdit: canEditPlans(signedIn(request)),
    }),
  );

  // Plans.

  const renderPlanForm = async (
    reply: FastifyReply,
    plan: Plan | undefined,
    values: FormValues,
    errors?: FormErrors,
  ) => {
    const options = await pages.planFormOptions(db, plan);
    return reply.code(errors ? 400 : 200).page('plans/views/form.njk', {
      plan,
      values,
      errors,
      kinds: PLAN_KINDS,
      groupItems: selectItems(options.groups, values.ownerGroupId, 'Select the owner group'),
      organisationItems: selectItems(options.organisations, values.ownerOrganisationId, 'None: a partnership plan'),
    });
  };

  app.get('/plans/new', { config: COORDINATORS }, async (request, reply) =>
    renderPlanForm(reply, undefined, { kind: 'operational' }),
  );

  app.post(
    '/plans/new',
    { config: COORDINATORS, schema: { body: PlanForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, PlanForm);
      if (!form.ok) return renderPlanForm(reply, undefined, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      let planId = 0;
      const errors = await formErrorsOf(
        async () => (planId = await pages.savePlan(db, signedIn(request), undefined, values)),
      );
      if (errors) return renderPlanForm(reply, undefined, values, errors);
      return reply.redirect(`/plans/${planId}?done=created`, 303);
    },
  );

  app.get('/plans/:planId/edit', { config: COORDINATORS, schema: { params: PlanParams } }, async (request, reply) => {
    const { planId } = request.params;
    const plan = await getPlan(db, planId);
    return renderPlanForm(reply, plan, pages.planForEditing(plan));
  });

  app.post(
    '/plans/:planId/edit',
    { config: COORDINATORS, schema: { params: PlanParams, body: PlanForm }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const form = readForm(request, PlanForm);
      const plan = await getPlan(db, planId);
      if (!form.ok) return renderPlanForm(reply, plan, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => pages.savePlan(db, signedIn(request), planId, values));
      if (errors) return renderPlanForm(reply, plan, values, errors);
      return reply.redirect(`/plans/${planId}?done=updated`, 303);
    },
  );

  app.get('/plans/:planId', { schema: { params: PlanParams, querystring: DoneQuery } }, async (request, reply) => {
    const { planId } = request.params;
    const { done } = request.query;
    const page = await pages.planPage(db, signedIn(request), planId);
    return reply.page('plans/views/show.njk', {
      ...page,
      ragRule: RAG_RULE,
      flash: done ? PLAN_DONE[done] : undefined,
    });
  });

  // Objectives.

  const renderObjectiveForm = async (reply: FastifyReply, planId: number, values: FormValues, errors?: FormErrors) =>
    reply
      .code(errors ? 400 : 200)
      .page('plans/views/objective-form.njk', { plan: await getPlan(db, planId), values, errors, strands: STRANDS });

  app.get(
    '/plans/:planId/objectives/new',
    { config: COORDINATORS, schema: { params: PlanParams } },
    async (request, reply) => {
      const { planId } = request.params;
      return renderObjectiveForm(reply, planId, {});
    },
  );

  app.post(
    '/plans/:planId/objectives/new',
    { config: COORDINATORS, schema: { params: PlanParams, body: ObjectiveForm }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const form = readForm(request, ObjectiveForm);
      if (!form.ok) return renderObjectiveForm(reply, planId, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => pages.addObjective(db, signedIn(request), planId, values));
      if (errors) return renderObjectiveForm(reply, planId, values, errors);
      return reply.redirect(`/plans/${planId}?done=objective`, 303);
    },
  );

  // The action form: a new action in a plan, an action arising taken into a plan chosen on the form, or a change.

  interface ActionFormContext {
    plan?: Plan;
    action?: PlanAction;
    arising?: Awaited<ReturnType<typeof pages.actionArisingForPlan>>;
    ctlpHidden?: boolean;
    formAction: string;
  }

  const renderActionForm = async (
    reply: FastifyReply,
    user: CurrentUser,
    context: ActionFormContext,
    values: FormValues,
    errors?: FormErrors,
  ) => {
    const options = await pages.actionFormOptions(db, user, context.plan?.id, {
      implementsActionIds: asIds(values.implementsActionIds),
      sourceActionId: asId(values.sourceActionId),
      decisionAgendaItemId: asId(values.decisionAgendaItemId),
    });
    const planItems = context.plan
      ? []
      : selectItems(
          (await pages.openPlans(db)).map((p) => ({ id: p.id, name: p.title })),
          values.planId,
          'Select a plan',
        );
    return reply.code(errors ? 400 : 200).page('plans/views/action-form.njk', {
      ...context,
      values,
      errors,
      strands: STRANDS,
      planItems,
      objectiveItems: selectItems(
        options.objectives.map((o) => ({ id: o.id, name: o.title })),
        values.objectiveId,
        'None',
      ),
      organisationItems: selectItems(options.organisations, values.leadOrganisationId, 'Not named yet'),
      personItems: selectItems(
        options.people.map((p) => ({
          id: p.id,
          name: p.organisationName ? `${p.name} (${p.organisationName})` : p.name,
        })),
        values.leadPersonId,
        'Not named yet',
      ),
      partnerItems: checkboxItems(options.organisations, values.partnerOrganisationIds),
      documentItems: selectItems(
        options.documents.map((d) => ({ id: d.id, name: `${d.title} (${d.marking})` })),
        values.ctlpDocumentId,
        'None',
      ),
      decisionItems: selectItems(
        options.decisions.map((d) => ({
          id: d.id,
          name: `${d.groupName}, ${formatDate(d.startsAt)}: ${d.title}${d.decision ? ` (${label(d.decision)})` : ''}`,
        })),
        values.decisionAgendaItemId,
        'None',
      ),
      strategicItems: checkboxItems(
        options.strategicActions.map((a) => ({ id: a.id, ...actionName(a) })),
        values.implementsActionIds,
      ),
      sourceItems: selectItems(
        options.sourceActions.map((a) => ({ id: a.id, ...actionName(a) })),
        values.sourceActionId,
        'None',
      ),
    });
  };

  app.get(
    '/plans/:planId/actions/new',
    { config: COORDINATORS, schema: { params: PlanParams } },
    async (request, reply) => {
      const { planId } = request.params;
      const plan = await getPlan(db, planId);
      return renderActionForm(
        reply,
        signedIn(request),
        { plan, formAction: `/plans/${planId}/actions/new` },
        { strand: 'prevent' },
      );
    },
  );

  app.post(
    '/plans/:planId/actions/new',
    { config: COORDINATORS, schema: { params: PlanParams, body: ActionForm }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const form = readForm(request, ActionForm);
      const context = { plan: await getPlan(db, planId), formAction: `/plans/${planId}/actions/new` };
      if (!form.ok) return renderActionForm(reply, signedIn(request), context, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      let actionId = 0;
      const errors = await formErrorsOf(
        async () => (actionId = await pages.addAction(db, signedIn(request), planId, values)),
      );
      if (errors) return renderActionForm(reply, signedIn(request), context, values, errors);
      return reply.redirect(`/plans/actions/${actionId}?done=created`, 303);
    },
  );

  app.get(
    '/plans/actions/new',
    { config: COORDINATORS, schema: { querystring: FromMeetingQuery } },
    async (request, reply) => {
      const { actionArisingId } = request.query;
      const arising = await pages.actionArisingForPlan(db, actionArisingId);
      return renderActionForm(
        reply,
        signedIn(request),
        { arising, formAction: '/plans/actions/new' },
        pages.draftFromArising(arising.arising),
      );
    },
  );

  app.post(
    '/plans/actions/new',
    { config: COORDINATORS, schema: { body: ActionInPlanForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ActionInPlanForm);
      // An action arising that no longer exists is reported on the form, not as a missing page.
      const arisingId = asId(form.values.actionArisingId);
      const arising = arisingId
        ? await pages.actionArisingForPlan(db, arisingId).catch((error: unknown) => {
            if (error instanceof NotFoundError) return undefined;
            throw error;
          })
        : undefined;
      const context = { arising, formAction: '/plans/actions/new' };
      if (!form.ok) return renderActionForm(reply, signedIn(request), context, form.values, form.errors);
      const { _csrf, planId, ...values } = form.values;
      let actionId = 0;
      const errors = await formErrorsOf(
        async () => (actionId = await pages.addActionToChosenPlan(db, signedIn(request), planId, values)),
      );
      if (errors) return renderActionForm(reply, signedIn(request), context, { planId, ...values }, errors);
      return reply.redirect(`/plans/actions/${actionId}?done=created`, 303);
    },
  );

  app.get(
    '/plans/actions/:actionId/edit',
    { config: COORDINATORS, schema: { params: ActionParams } },
    async (request, reply) => {
      const { actionId } = request.params;
      const action = await getPlanAction(db, actionId);
      const { values, ctlpHidden } = await pages.actionForEditing(db, signedIn(request), action);
      const context = {
        plan: await getPlan(db, action.planId),
        action,
        ctlpHidden,
        formAction: `/plans/actions/${actionId}/edit`,
      };
      return renderActionForm(reply, signedIn(request), context, values);
    },
  );

  app.post(
    '/plans/actions/:actionId/edit',
    { config: COORDINATORS, schema: { params: ActionParams, body: ActionForm }, attachValidation: true },
    async (request, reply) => {
      const { actionId } = request.params;
      const form = readForm(request, ActionForm);
      const action = await getPlanAction(db, actionId);
      const { ctlpHidden } = await pages.actionForEditing(db, signedIn(request), action);
      const context = {
        plan: await getPlan(db, action.planId),
        action,
        ctlpHidden,
        formAction: `/plans/actions/${actionId}/edit`,
      };
      if (!form.ok) return renderActionForm(reply, signedIn(request), context, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => pages.changeAction(db, signedIn(request), action, values));
      if (errors) return renderActionForm(reply, signedIn(request), context, values, errors);
      return reply.redirect(`/plans/actions/${actionId}?done=updated`, 303);
    },
  );

  // Bringing an action in from another plan.

  const renderBringIn = async (reply: FastifyReply, planId: number, values: FormValues, errors?: FormErrors) => {
    const [plan, options] = await Promise.all([getPlan(db, planId), pages.bringInOptions(db, planId)]);
    return reply.code(errors ? 400 : 200).page('plans/views/action-form.njk', {
      bringIn: true,
      plan,
      values,
      errors,
      actionItems: selectItems(
        options.actions.map((a) => ({ id: a.id, ...actionName(a) })),
        values.sourceActionId,
        'Select an action',
      ),
      objectiveItems: selectItems(
        options.objectives.map((o) => ({ id: o.id, name: o.title })),
        values.objectiveId,
        'None',
      ),
    });
  };

  app.get(
    '/plans/:planId/actions/bring-in',
    { config: COORDINATORS, schema: { params: PlanParams } },
    async (request, reply) => {
      const { planId } = request.params;
      return renderBringIn(reply, planId, {});
    },
  );

  app.post(
    '/plans/:planId/actions/bring-in',
    { config: COORDINATORS, schema: { params: PlanParams, body: BringInForm }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const form = readForm(request, BringInForm);
      if (!form.ok) return renderBringIn(reply, planId, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      let actionId = 0;
      const errors = await formErrorsOf(
        async () => (actionId = await pages.bringIn(db, signedIn(request), planId, values)),
      );
      if (errors) return renderBringIn(reply, planId, values, errors);
      return reply.redirect(`/plans/actions/${actionId}?done=brought-in`, 303);
    },
  );

  // The action page, progress and withdrawal.

  const renderAction = async (
    request: FastifyRequest,
    reply: FastifyReply,
    actionId: number,
    extra: { errors?: FormErrors; progressValues?: FormValues; flash?: string } = {},
  ) => {
    const page = await pages.actionPage(db, signedIn(request), actionId);
    // An OFFICIAL-SENSITIVE CTLP document is named: the page must not be cached anywhere.
    if (page.sensitive) reply.sensitive();
    return reply.code(extra.errors ? 400 : 200).page('plans/views/action.njk', {
      ...page,
      ...extra,
      progressValues: extra.progressValues ?? { state: page.action.state },
      states: ACTION_STATES,
      ragRule: RAG_RULE,
    });
  };

  app.get(
    '/plans/actions/:actionId',
    { schema: { params: ActionParams, querystring: DoneQuery } },
    async (request, reply) => {
      const { actionId } = request.params;
      const { done } = request.query;
      return renderAction(request, reply, actionId, { flash: done ? ACTION_DONE[done] : undefined });
    },
  );

  // Members who lead the action and coordinators: refused before the form is even read.
  app.post(
    '/plans/actions/:actionId/progress',
    { schema: { params: ActionParams, body: ProgressForm }, attachValidation: true },
    async (request, reply) => {
      const { actionId } = request.params;
      const form = readForm(request, ProgressForm);
      await pages.actionForProgress(db, signedIn(request), actionId);
      if (!form.ok) return renderAction(request, reply, actionId, { errors: form.errors, progressValues: form.values });
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => pages.recordProgress(db, signedIn(request), actionId, values));
      if (errors) return renderAction(request, reply, actionId, { errors, progressValues: values });
      return reply.redirect(`/plans/actions/${actionId}?done=progress#progress`, 303);
    },
  );

  const renderWithdraw = async (reply: FastifyReply, action: PlanAction, values: FormValues, errors?: FormErrors) =>
    reply
      .code(errors ? 400 : 200)
      .page('plans/views/withdraw.njk', { action, plan: await getPlan(db, action.planId), values, errors });

  app.get(
    '/plans/actions/:actionId/withdraw',
    { config: COORDINATORS, schema: { params: ActionParams } },
    async (request, reply) => {
      const { actionId } = request.params;
      return renderWithdraw(reply, await getPlanAction(db, actionId), {});
    },
  );

  app.post(
    '/plans/actions/:actionId/withdraw',
    { config: COORDINATORS, schema: { params: ActionParams, body: WithdrawForm }, attachValidation: true },
    async (request, reply) => {
      const { actionId } = request.params;
      const form = readForm(request, WithdrawForm);
      const action = await getPlanAction(db, actionId);
      if (!form.ok) return renderWithdraw(reply, action, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => pages.withdraw(db, signedIn(request), action, values.reason));
      if (errors) return renderWithdraw(reply, action, values, errors);
      return reply.redirect(`/plans/actions/${actionId}?done=withdrawn`, 303);
    },
  );

  // My actions.

  app.get('/plans/my-actions', async (request, reply) =>
    reply.page('plans/views/my-actions.njk', await pages.myActions(db, signedIn(request))),
  );
}
