import type { FastifyReply } from 'fastify';
import type { CurrentUser } from '../../auth/sessions.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { optionsFrom } from '../../views/filters.ts';
import { fieldError, formErrorsOf, readForm, selectItems, type FormErrors } from '../../views/forms.ts';
import { listGroupOptions } from '../groups/index.ts';
import { listOrganisationOptions, listPeopleOptions } from '../organisations/index.ts';
import { listPlans } from '../plans/index.ts';
import { incidentsVisibleTo } from '../tension/index.ts';
import { compareVersions, type AssessmentSnapshot } from './impact-assessments.compare.ts';
import {
  ActionParams,
  AgendaForm,
  AssessmentParams,
  CloseForm,
  CompareQuery,
  DoneQuery,
  MitigationForm,
  NewAssessmentForm,
  PlanActionForm,
  ReviewForm,
  SectionsForm,
  STRANDS,
} from './impact-assessments.forms.ts';
import {
  canChangeAssessment,
  canCloseAssessment,
  canMakePlanAction,
  canStartAssessment,
  isWithdrawnAction,
} from './impact-assessments.policy.ts';
import * as service from './impact-assessments.service.ts';
import { MITIGATION_STATUSES } from './impact-assessments.tables.ts';

const VIEW = 'impact-assessments/views';
const MARKING = 'OFFICIAL-SENSITIVE';
type Values = Record<string, unknown>;

/** Assessments are OFFICIAL-SENSITIVE: never stored by a browser or proxy, marked on screen. */
const sensitivePage = (reply: FastifyReply, view: string, context: Values, status = 200) =>
  reply
    .sensitive()
    .code(status)
    .page(`${VIEW}/${view}`, { marking: MARKING, ...context });

const checked = (records: { id: number; name: string }[], chosen: unknown) => {
  const ids = new Set((Array.isArray(chosen) ? chosen : [chosen]).map(Number));
  return records.map((r) => ({ value: r.id, text: r.name, checked: ids.has(r.id) }));
};

export async function impactAssessmentRoutes(app: HubApp): Promise<void> {
  const db = app.db;

  const ownerItems = async (selected: unknown) => selectItems(await listPeopleOptions(db), selected, 'Select a person');

  const renderNew = async (reply: FastifyReply, user: CurrentUser, values: Values, errors?: FormErrors) => {
    const [incidents, groups, owners] = await Promise.all([
      incidentsVisibleTo(db, user),
      listGroupOptions(db),
      ownerItems(values.ownerPersonId ?? user.personId),
    ]);
    return sensitivePage(
      reply,
      'new.njk',
      {
        title: 'Start a Community Impact Assessment',
        values,
        errors,
        incidentItems: selectItems(
          incidents.map((i) => ({ id: i.id, name: `${i.title} (${i.occurredOn})` })),
          values.incidentId,
          'Not for an incident',
        ),
        groupItems: checked(groups, values.groupIds),
        ownerItems: owners,
      },
      errors ? 400 : 200,
    );
  };

  const renderPage = async (
    reply: FastifyReply,
    user: CurrentUser,
    assessmentId: number,
    extra: { done?: string; errors?: FormErrors; values?: Values; form?: string } = {},
  ) => {
    const page = await service.assessmentPage(db, user, assessmentId);
    const [people, organisations, groups, plans] = await Promise.all([
      listPeopleOptions(db),
      listOrganisationOptions(db),
      listGroupOptions(db),
      listPlans(db),
    ]);
    const values = extra.values ?? {};
    const canChange = canChangeAssessment(user, page.assessment);
    const versionItems = (selected: number) =>
      page.versions.map((v) => ({ value: v.number, text: `Version ${v.number}`, selected: v.number === selected }));
    return sensitivePage(
      reply,
      'assessment.njk',
      {
        title: `Community Impact Assessment: ${page.subject}`,
        ...page,
        ...extra,
        values,
        canChange,
        canClose: canCloseAssessment(user, page.assessment),
        canPlan: canChange && plans.length > 0,
        plannable: new Set(page.actions.filter((a) => canMakePlanAction(a)).map((a) => a.id)),
        changeable: new Set(page.actions.filter((a) => !isWithdrawnAction(a.status)).map((a) => a.id)),
        personItems: selectItems(people, extra.form === 'action' ? values.ownerPersonId : undefined, 'No person'),
        organisationItems: selectItems(
          organisations,
          extra.form === 'action' ? values.ownerOrganisationId : undefined,
          'No organisation',
        ),
        statusItems: optionsFrom(
          MITIGATION_STATUSES,
          extra.form === 'action' ? (values.status ?? 'not_started') : 'not_started',
        ),
        groupItems: selectItems(groups, extra.form === 'agenda' ? values.groupId : undefined, 'Select a group'),
        planItems: selectItems(
          plans.map((p) => ({ id: p.id, name: p.title })),
          undefined,
          'Select a plan',
        ),
        strandItems: optionsFrom(STRANDS, 'prevent'),
        fromItems: versionItems(page.versions.length - 1),
        toItems: versionItems(page.versions.length),
      },
      extra.errors ? 400 : 200,
    );
  };

  app.get('/impact-assessments', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const user = signedIn(request);
    const assessments = await service.listAssessments(db, user);
    return sensitivePage(reply, 'list.njk', {
      title: 'Community Impact Assessments',
      assessments,
      canStart: canStartAssessment(user),
      done: request.query.done,
    });
  });

  app.get('/impact-assessments/new', { config: COORDINATORS }, async (request, reply) =>
    renderNew(reply, signedIn(request), {}),
  );

  app.post(
    '/impact-assessments',
    { config: COORDINATORS, schema: { body: NewAssessmentForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, NewAssessmentForm);
      if (!form.ok) return renderNew(reply, user, form.values, form.errors);
      let id = 0;
      const errors = await formErrorsOf(async () => {
        id = await service.createAssessment(db, user, form.values);
      });
      if (errors) return renderNew(reply, user, form.values, errors);
      return reply.redirect(`/impact-assessments/${id}?done=started`, 303);
    },
  );

  app.get(
    '/impact-assessments/:assessmentId',
    { schema: { params: AssessmentParams, querystring: DoneQuery } },
    async (request, reply) =>
      renderPage(reply, signedIn(request), request.params.assessmentId, { done: request.query.done }),
  );

  const renderEdit = async (
    reply: FastifyReply,
    user: CurrentUser,
    assessmentId: number,
    values?: Values,
    errors?: FormErrors,
  ) => {
    const { assessment, incident } = await service.loadVisible(db, user, assessmentId);
    const shown = values ?? assessment;
    return sensitivePage(
      reply,
      'edit.njk',
      {
        title: 'Change the assessment',
        subject: service.subjectOf(assessment, incident),
        assessmentId,
        values: shown,
        errors,
        ownerItems: await ownerItems(shown.ownerPersonId),
      },
      errors ? 400 : 200,
    );
  };

  app.get(
    '/impact-assessments/:assessmentId/edit',
    { schema: { params: AssessmentParams } },
    async (request, reply) => {
      const user = signedIn(request);
      await service.assessmentToChange(db, user, request.params.assessmentId);
      return renderEdit(reply, user, request.params.assessmentId);
    },
  );

  app.post(
    '/impact-assessments/:assessmentId/edit',
    { schema: { params: AssessmentParams, body: SectionsForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { assessmentId } = request.params;
      await service.assessmentToChange(db, user, assessmentId);
      const form = readForm(request, SectionsForm);
      if (!form.ok) return renderEdit(reply, user, assessmentId, form.values, form.errors);
      const errors = await formErrorsOf(() => service.updateAssessment(db, user, assessmentId, form.values));
      if (errors) return renderEdit(reply, user, assessmentId, form.values, errors);
      return reply.redirect(`/impact-assessments/${assessmentId}?done=updated`, 303);
    },
  );

  app.post(
    '/impact-assessments/:assessmentId/actions',
    { schema: { params: AssessmentParams, body: MitigationForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { assessmentId } = request.params;
      await service.assessmentToChange(db, user, assessmentId);
      const form = readForm(request, MitigationForm);
      const errors = form.ok
        ? await formErrorsOf(() => service.addMitigation(db, user, assessmentId, form.values))
        : form.errors;
      if (errors) return renderPage(reply, user, assessmentId, { errors, values: form.values, form: 'action' });
      return reply.redirect(`/impact-assessments/${assessmentId}?done=action-added#actions`, 303);
    },
  );

  const renderAction = async (
    reply: FastifyReply,
    user: CurrentUser,
    params: { assessmentId: number; actionId: number },
    values?: Values,
    errors?: FormErrors,
  ) => {
    const { action } = await service.mitigationToChange(db, user, params.assessmentId, params.actionId);
    const shown: Values = values ?? action;
    const [people, organisations] = await Promise.all([listPeopleOptions(db), listOrganisationOptions(db)]);
    return sensitivePage(
      reply,
      'action.njk',
      {
        title: 'Change a mitigating action',
        assessmentId: params.assessmentId,
        actionId: params.actionId,
        values: shown,
        errors,
        personItems: selectItems(people, shown.ownerPersonId, 'No person'),
        organisationItems: selectItems(organisations, shown.ownerOrganisationId, 'No organisation'),
        statusItems: optionsFrom(MITIGATION_STATUSES, shown.status),
      },
      errors ? 400 : 200,
    );
  };

  app.get(
    '/impact-assessments/:assessmentId/actions/:actionId',
    { schema: { params: ActionParams } },
    async (request, reply) => renderAction(reply, signedIn(request), request.params),
  );

  app.post(
    '/impact-assessments/:assessmentId/actions/:actionId',
    { schema: { params: ActionParams, body: MitigationForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { assessmentId, actionId } = request.params;
      await service.mitigationToChange(db, user, assessmentId, actionId);
      const form = readForm(request, MitigationForm);
      if (!form.ok) return renderAction(reply, user, request.params, form.values, form.errors);
      const errors = await formErrorsOf(() => service.updateMitigation(db, user, assessmentId, actionId, form.values));
      if (errors) return renderAction(reply, user, request.params, form.values, errors);
      return reply.redirect(`/impact-assessments/${assessmentId}?done=action-updated#actions`, 303);
    },
  );

  app.post(
    '/impact-assessments/:assessmentId/actions/:actionId/plan',
    { schema: { params: ActionParams, body: PlanActionForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { assessmentId, actionId } = request.params;
      await service.mitigationToChange(db, user, assessmentId, actionId);
      const form = readForm(request, PlanActionForm);
      const errors = form.ok
        ? await formErrorsOf(() => service.mitigationToPlanAction(db, user, assessmentId, actionId, form.values))
        : form.errors;
      if (errors) return renderPage(reply, user, assessmentId, { errors, values: form.values, form: 'plan' });
      return reply.redirect(`/impact-assessments/${assessmentId}?done=planned#actions`, 303);
    },
  );

  /** The page's own small forms: read, call the service, re-render the page with errors or redirect. */
  const pageForm = <S extends Parameters<typeof readForm>[1]>(
    path: string,
    schema: S,
    formName: string,
    done: string,
    work: (user: CurrentUser, assessmentId: number, values: Values) => Promise<unknown>,
  ) =>
    app.post(
      `/impact-assessments/:assessmentId/${path}`,
      { schema: { params: AssessmentParams, body: schema }, attachValidation: true },
      async (request, reply) => {
        const user = signedIn(request);
        const { assessmentId } = request.params;
        await service.loadVisible(db, user, assessmentId);
        const form = readForm(request, schema);
        const values: Values = form.values;
        const errors = form.ok ? await formErrorsOf(() => work(user, assessmentId, values)) : form.errors;
        if (errors) return renderPage(reply, user, assessmentId, { errors, values, form: formName });
        return reply.redirect(`/impact-assessments/${assessmentId}?done=${done}`, 303);
      },
    );

  pageForm('reviews', ReviewForm, 'review', 'reviewed', (user, id, v) =>
    service.reviewAssessment(db, user, id, {
      whatChanged: String(v.whatChanged),
      nextReviewOn: String(v.nextReviewOn),
    }),
  );
  pageForm('close', CloseForm, 'close', 'closed', (user, id, v) =>
    service.closeAssessment(db, user, id, String(v.reason)),
  );
  pageForm('agenda', AgendaForm, 'agenda', 'agenda', (user, id, v) =>
    service.putAssessmentOnAgenda(db, user, id, Number(v.groupId)),
  );

  app.get(
    '/impact-assessments/:assessmentId/compare',
    { schema: { params: AssessmentParams, querystring: CompareQuery }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { assessmentId } = request.params;
      const form = readForm(request, CompareQuery, 'querystring');
      if (!form.ok) return renderPage(reply, user, assessmentId, { errors: form.errors, form: 'compare' });
      const versions = await service.versionsToCompare(db, user, assessmentId);
      const [from, to] = [form.values.from, form.values.to].sort((a, b) => a - b);
      const before = versions.find((v) => v.number === from);
      const after = versions.find((v) => v.number === to);
      if (!before || !after || from === to)
        return renderPage(reply, user, assessmentId, {
          errors: fieldError('from', 'Select two different versions of this assessment'),
          form: 'compare',
        });
      return sensitivePage(reply, 'compare.njk', {
        title: `Versions ${from} and ${to} compared`,
        assessmentId,
        before,
        after,
        comparison: compareVersions(before.snapshot as AssessmentSnapshot, after.snapshot as AssessmentSnapshot),
      });
    },
  );
}
