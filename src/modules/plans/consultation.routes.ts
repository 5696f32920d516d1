import type { FastifyReply, FastifyRequest } from 'fastify';
import { COORDINATORS } from '../../auth/policy.ts';
import type { Static } from 'typebox';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsOf, type FormErrors, readForm, selectItems } from '../../views/forms.ts';
import { optionsFrom } from '../../views/filters.ts';
import {
  ApproveForm,
  CompareQuery,
  ConsultationQuery,
  CsrfOnlyForm,
  NewSuggestionQuery,
  OpenForm,
  PlanParams,
  PrintQuery,
  ResponseForm,
  SuggestionForm,
  SuggestionParams,
  VersionParams,
  type ResponseInput,
  type SuggestionInput,
} from './consultation.forms.ts';
import * as service from './consultation.service.ts';
import { getPlan, listPlanActions } from './plans.service.ts';
import { STRANDS, SUGGESTION_KINDS, SUGGESTION_RESPONSES } from './plans.tables.ts';
import { COMPARED_FIELD_LABELS } from './versions.ts';

/** Partners who may comment: everyone signed in except viewers, who read only. */
const CONTRIBUTORS = { roles: ['administrator' as const, 'coordinator' as const, 'member' as const] };

const DONE: Record<string, string> = {
  opened: 'The plan is open for comment.',
  closed:
    'The consultation is closed. Respond to any suggestions still waiting; then the owner group can approve the plan.',
  suggested: 'Thank you. Your suggestion has been added to the consultation.',
  responded: 'Response saved.',
  superseded: 'The plan is marked as superseded. It stays here for the record.',
  'no-linked-events': 'No live events are linked to this plan yet. Link an event to the plan from the event’s page.',
};

const KIND_HINTS: Record<string, string> = {
  comment: 'A view on the plan or on one of its actions',
  amendment: 'A change to one of the actions: say what should change and why',
  new_action: 'Something the plan should do that it does not yet',
};

const plural = (n: number, word: string) => `${n} new ${word}${n === 1 ? '' : 's'}`;

/** "3 new suggestions from Community awareness event", from the eventId-count pairs of the redirect. */
function broughtInMessage(brought: string, linkedEvents: { id: number; title: string }[]): string {
  return brought
    .split(',')
    .map((pair) => pair.split('-').map(Number) as [number, number])
    .map(
      ([eventId, added]) =>
        `${plural(added, 'suggestion')} from ${linkedEvents.find((e) => e.id === eventId)?.title ?? 'a linked event'}`,
    )
    .join('; ');
}

/** Consultation on a draft plan, approval, versions and you said, we did. */
export async function consultationRoutes(app: HubApp) {
  const renderConsultation = async (
    request: FastifyRequest,
    reply: FastifyReply,
    planId: number,
    options: { query?: Static<typeof ConsultationQuery>; errors?: FormErrors; values?: object } = {},
  ) => {
    const query = options.query ?? {};
    const page = await service.consultationPage(app.db, signedIn(request), planId, query.show);
    const flash =
      query.brought !== undefined
        ? broughtInMessage(query.brought, page.linkedEvents)
        : query.done === 'approved'
          ? `The plan is approved as version ${page.plan.currentVersion}.`
          : query.done
            ? DONE[query.done]
            : undefined;
    return reply.code(options.errors ? 400 : 200).page('plans/views/consultation.njk', {
      ...page,
      title: `Consultation: ${page.plan.title}`,
      show: query.show,
      flash,
      errors: options.errors,
      values: options.values ?? {},
    });
  };

  app.get(
    '/plans/:planId/consultation',
    { schema: { params: PlanParams, querystring: ConsultationQuery } },
    async (request, reply) => {
      const { planId } = request.params;
      return renderConsultation(request, reply, planId, { query: request.query });
    },
  );

  app.post(
    '/plans/:planId/consultation/open',
    { config: COORDINATORS, schema: { params: PlanParams, body: OpenForm }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const form = readForm(request, OpenForm);
      if (!form.ok) return renderConsultation(request, reply, planId, { errors: form.errors, values: form.values });
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() =>
        service.openConsultation(app.db, signedIn(request), planId, values.closesOn),
      );
      if (errors) return renderConsultation(request, reply, planId, { errors, values });
      return reply.redirect(`/plans/${planId}/consultation?done=opened`, 303);
    },
  );

  app.post(
    '/plans/:planId/consultation/close',
    { config: COORDINATORS, schema: { params: PlanParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { planId } = request.params;
      const errors = await formErrorsOf(() => service.closeConsultation(app.db, signedIn(request), planId));
      if (errors) return renderConsultation(request, reply, planId, { errors });
      return reply.redirect(`/plans/${planId}/consultation?done=closed`, 303);
    },
  );

  app.post(
    '/plans/:planId/consultation/bring-in',
    { config: COORDINATORS, schema: { params: PlanParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { planId } = request.params;
      let brought: service.BroughtIn[] = [];
      const errors = await formErrorsOf(
        async () => (brought = await service.bringInSuggestions(app.db, signedIn(request), planId)),
      );
      if (errors) return renderConsultation(request, reply, planId, { errors });
      if (brought.length === 0) return reply.redirect(`/plans/${planId}/consultation?done=no-linked-events`, 303);
      return reply.redirect(
        `/plans/${planId}/consultation?brought=${brought.map((b) => `${b.eventId}-${b.added}`).join(',')}#suggestions`,
        303,
      );
    },
  );

  // Partners' suggestions.

  const renderSuggestionForm = async (
    reply: FastifyReply,
    planId: number,
    values: Partial<Record<keyof SuggestionInput, unknown>>,
    errors?: FormErrors,
  ) => {
    const [plan, actions] = await Promise.all([getPlan(app.db, planId), listPlanActions(app.db, { planId })]);
    return reply.code(errors ? 400 : 200).page('plans/views/suggestion-form.njk', {
      title: `Comment on ${plan.title}`,
      plan,
      refusal: service.commentRefusal(plan),
      values,
      errors,
      kindItems: optionsFrom(SUGGESTION_KINDS, values.kind ?? 'comment').map((item) => ({
        ...item,
        hint: { text: KIND_HINTS[item.value] },
      })),
      actionItems: selectItems(
        actions.map((a) => ({ id: a.id, name: `${a.reference} ${a.title}` })),
        values.actionId,
        'The plan as a whole (comments only)',
      ),
    });
  };

  app.get(
    '/plans/:planId/suggestions/new',
    { config: CONTRIBUTORS, schema: { params: PlanParams, querystring: NewSuggestionQuery } },
    async (request, reply) => {
      const { planId } = request.params;
      const { actionId } = request.query;
      return renderSuggestionForm(reply, planId, { kind: 'comment', actionId });
    },
  );

  app.post(
    '/plans/:planId/suggestions',
    { config: CONTRIBUTORS, schema: { params: PlanParams, body: SuggestionForm }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const form = readForm(request, SuggestionForm);
      if (!form.ok) return renderSuggestionForm(reply, planId, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => service.addSuggestion(app.db, signedIn(request), planId, values));
      if (errors) return renderSuggestionForm(reply, planId, values, errors);
      return reply.redirect(`/plans/${planId}/consultation?done=suggested#suggestions`, 303);
    },
  );

  // Coordinators' responses.

  const renderResponseForm = async (
    reply: FastifyReply,
    planId: number,
    suggestionId: number,
    values?: Partial<Record<keyof ResponseInput, unknown>>,
    errors?: FormErrors,
  ) => {
    const context = await service.responseFormContext(app.db, planId, suggestionId);
    const shown = values ?? context.values;
    return reply.code(errors ? 400 : 200).page('plans/views/suggestion-response.njk', {
      ...context,
      title: `Respond to a suggestion on ${context.plan.title}`,
      values: shown,
      errors,
      responseItems: optionsFrom(SUGGESTION_RESPONSES, shown.response),
      strandItems: optionsFrom(STRANDS, shown.strand, 'Select a strand'),
      objectiveItems: selectItems(
        context.objectives.map((o) => ({ id: o.id, name: o.title })),
        shown.objectiveId,
        'No objective',
      ),
      organisationItems: selectItems(context.organisationOptions, shown.leadOrganisationId, 'No lead organisation yet'),
    });
  };

  app.get(
    '/plans/:planId/suggestions/:suggestionId/response',
    { config: COORDINATORS, schema: { params: SuggestionParams } },
    async (request, reply) => {
      const { planId, suggestionId } = request.params;
      return renderResponseForm(reply, planId, suggestionId);
    },
  );

  app.post(
    '/plans/:planId/suggestions/:suggestionId/response',
    { config: COORDINATORS, schema: { params: SuggestionParams, body: ResponseForm }, attachValidation: true },
    async (request, reply) => {
      const { planId, suggestionId } = request.params;
      const form = readForm(request, ResponseForm);
      if (!form.ok) return renderResponseForm(reply, planId, suggestionId, form.values, form.errors);
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() =>
        service.respondToSuggestion(app.db, signedIn(request), planId, suggestionId, values),
      );
      if (errors) return renderResponseForm(reply, planId, suggestionId, values, errors);
      return reply.redirect(`/plans/${planId}/consultation?done=responded#suggestion-${suggestionId}`, 303);
    },
  );

  // Approval: the owner group's chair, or a coordinator who is a member of it (checked in the service).

  app.post(
    '/plans/:planId/approve',
    { schema: { params: PlanParams, body: ApproveForm }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const form = readForm(request, ApproveForm);
      if (!form.ok) return renderConsultation(request, reply, planId, { errors: form.errors, values: form.values });
      const { _csrf, ...values } = form.values;
      const errors = await formErrorsOf(() => service.approvePlan(app.db, signedIn(request), planId, values.note));
      if (errors) return renderConsultation(request, reply, planId, { errors, values });
      return reply.redirect(`/plans/${planId}/consultation?done=approved`, 303);
    },
  );

  app.post(
    '/plans/:planId/supersede',
    { config: COORDINATORS, schema: { params: PlanParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { planId } = request.params;
      const errors = await formErrorsOf(() => service.supersedePlan(app.db, signedIn(request), planId));
      if (errors) return renderConsultation(request, reply, planId, { errors });
      return reply.redirect(`/plans/${planId}/consultation?done=superseded`, 303);
    },
  );

  // Versions.

  app.get('/plans/:planId/versions', { schema: { params: PlanParams } }, async (request, reply) => {
    const { planId } = request.params;
    const [plan, versions] = await Promise.all([getPlan(app.db, planId), service.listVersions(app.db, planId)]);
    return reply.page('plans/views/versions.njk', { title: `Versions of ${plan.title}`, plan, versions });
  });

  app.get(
    '/plans/:planId/versions/compare',
    { schema: { params: PlanParams, querystring: CompareQuery }, attachValidation: true },
    async (request, reply) => {
      const { planId } = request.params;
      const [plan, versions] = await Promise.all([getPlan(app.db, planId), service.listVersions(app.db, planId)]);
      const render = (
        values: { from?: unknown; to?: unknown },
        comparison?: Awaited<ReturnType<typeof service.compareVersions>>,
        errors?: FormErrors,
      ) =>
        reply.code(errors ? 400 : 200).page('plans/views/versions-compare.njk', {
          title: `Compare versions of ${plan.title}`,
          plan,
          versions,
          values,
          comparison,
          errors,
          fieldLabels: COMPARED_FIELD_LABELS,
          fromItems: versions.map((v) => ({
            value: v.number,
            text: `Version ${v.number}`,
            selected: Number(values.from) === v.number,
          })),
          toItems: [
            { value: 'current', text: 'The working copy (today)', selected: values.to === 'current' },
            ...versions.map((v) => ({
              value: String(v.number),
              text: `Version ${v.number}`,
              selected: values.to === String(v.number),
            })),
          ],
        });
      const form = readForm(request, CompareQuery, 'querystring');
      if (!form.ok) return render(form.values, undefined, form.errors);
      const query = form.values;
      if (versions.length === 0) return render({});
      // With nothing chosen: what has changed since the latest approved version.
      const from = query.from ?? versions[0]!.number;
      const to = query.to ?? 'current';
      let comparison: Awaited<ReturnType<typeof service.compareVersions>> | undefined;
      const errors = await formErrorsOf(
        async () =>
          (comparison = await service.compareVersions(app.db, planId, from, to === 'current' ? 'current' : Number(to))),
      );
      return render({ from, to }, comparison, errors);
    },
  );

  app.get('/plans/:planId/versions/:number', { schema: { params: VersionParams } }, async (request, reply) => {
    const { planId, number } = request.params;
    const [plan, version] = await Promise.all([getPlan(app.db, planId), service.getVersion(app.db, planId, number)]);
    return reply.page('plans/views/versions-show.njk', { title: `Version ${number} of ${plan.title}`, plan, version });
  });

  // You said, we did: OFFICIAL, for everyone signed in to the partnership; printable.

  app.get(
    '/plans/:planId/you-said-we-did',
    { schema: { params: PlanParams, querystring: PrintQuery } },
    async (request, reply) => {
      const { planId } = request.params;
      const { print } = request.query;
      const page = await service.youSaidWeDid(app.db, planId);
      return reply.page('plans/views/you-said-we-did.njk', {
        ...page,
        title: `You said, we did: ${page.plan.title}`,
        print: print === '1',
        marking: 'OFFICIAL',
      });
    },
  );
}
