import type { FastifyReply } from 'fastify';
import type { CurrentUser } from '../../auth/sessions.ts';
import { COORDINATORS, isCoordinator } from '../../auth/policy.ts';
import { NotFoundError } from '../../errors.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { lineChartSvg } from '../../views/charts.ts';
import { contentDisposition, listVisibleDocuments } from '../documents/index.ts';
import { listGroupOptions } from '../groups/index.ts';
import { recentMeetings } from '../meetings/index.ts';
import { listPeopleOptions } from '../organisations/index.ts';
import { listPlanActions, listPlans } from '../plans/index.ts';
import { formErrorsOf, readForm, selectItems, type FormErrors } from '../../views/forms.ts';
import { formatDate } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import * as service from './assessments.service.ts';
import { compareIterations, type IterationColumn } from './compare.ts';
import { getFramework, levelOf, listFrameworks } from './frameworks.service.ts';
import { canAssessment, isWeak } from './self-assessment.policy.ts';
import {
  ActionFromCriterionForm,
  AgreeForm,
  AssessmentForm,
  AssessmentParams,
  CompareQuery,
  CriterionParams,
  DoneQuery,
  EvidenceForm,
  EvidenceParams,
  RatingForm,
  RemoveForm,
} from './self-assessment.forms.ts';

const VIEW = 'self-assessment/views';
const DONE: Record<string, string> = {
  created: 'The iteration was started. Rate each criterion and link the evidence.',
  rated: 'The rating was saved.',
  agreed: 'The iteration is recorded as agreed.',
  action: 'The plan action was created and linked as evidence.',
};

const assessmentPath = (id: number) => `/self-assessment/assessments/${id}`;

/** The module's front page: frameworks and the iterations the user may read. */
export async function assessmentRoutes(app: HubApp): Promise<void> {
  app.get('/self-assessment', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const user = signedIn(request);
    const [frameworks, assessments] = await Promise.all([
      listFrameworks(app.db),
      service.listAssessments(app.db, user),
    ]);
    const names = await service.namesFor(app.db, assessments);
    return reply.page(`${VIEW}/index.njk`, {
      frameworks: frameworks.map((f) => ({ ...f, assessments: assessments.filter((a) => a.frameworkId === f.id) })),
      names,
      canWrite: isCoordinator(user),
    });
  });

  newAssessmentRoutes(app);
  assessmentPages(app);
  criterionRoutes(app);
  compareRoutes(app);
}

function newAssessmentRoutes(app: HubApp) {
  const render = async (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) => {
    const [frameworks, people, groups] = await Promise.all([
      listFrameworks(app.db),
      listPeopleOptions(app.db),
      listGroupOptions(app.db),
    ]);
    return reply.code(errors ? 400 : 200).page(`${VIEW}/new.njk`, {
      values,
      errors,
      frameworkItems: selectItems(frameworks, values.frameworkId, 'Select a framework'),
      personItems: selectItems(people, values.completedByPersonId, 'Select a person'),
      groupItems: selectItems(groups, values.assessingGroupId, 'Select a group'),
    });
  };

  app.get('/self-assessment/assessments/new', { config: COORDINATORS }, (_request, reply) => render(reply, {}));

  app.post(
    '/self-assessment/assessments',
    { config: COORDINATORS, schema: { body: AssessmentForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, AssessmentForm);
      if (!form.ok) return render(reply, form.values, form.errors);
      const { frameworkId, body, title, assessedOn, completedByPersonId, assessingGroupId, summary } = form.values;
      let id = 0;
      const errors = await formErrorsOf(
        async () =>
          (id = await service.createAssessment(app.db, signedIn(request), {
            frameworkId,
            body,
            title,
            assessedOn,
            completedByPersonId,
            assessingGroupId,
            summary,
          })),
      );
      if (errors) return render(reply, form.values, errors);
      return reply.redirect(`${assessmentPath(id)}?done=created`, 303);
    },
  );
}

/** An iteration whole: what the page and both exports read. */
async function iteration(app: HubApp, user: CurrentUser, assessmentId: number) {
  const assessment = await service.getAssessment(app.db, user, assessmentId);
  const [framework, ratings, names] = await Promise.all([
    getFramework(app.db, assessment.frameworkId),
    service.ratingsOf(app.db, [assessmentId]),
    service.namesFor(app.db, [assessment]),
  ]);
  const meeting = assessment.agreedAtMeetingId ? names.meetings.get(assessment.agreedAtMeetingId) : undefined;
  return {
    assessment,
    framework,
    ratings,
    names,
    completedBy: assessment.completedByPersonId ? names.people.get(assessment.completedByPersonId) : undefined,
    agreedBy: meeting ? `${meeting.groupName} at its meeting of ${formatDate(meeting.startsAt)}` : undefined,
  };
}

function assessmentPages(app: HubApp) {
  const renderPage = async (
    reply: FastifyReply,
    user: CurrentUser,
    assessmentId: number,
    agree?: { values: Record<string, unknown>; errors: FormErrors },
    done?: string,
  ) => {
    const data = await iteration(app, user, assessmentId);
    const { assessment, framework, ratings } = data;
    const canAgree = canAssessment(user, 'agree', assessment);
    const [groups, meetings] = canAgree
      ? await Promise.all([listGroupOptions(app.db), recentMeetings(app.db, 100)])
      : [[], []];
    return reply.code(agree ? 400 : 200).page(`${VIEW}/assessment.njk`, {
      ...data,
      flash: done ? DONE[done] : undefined,
      sections: framework.sections.map((section) => ({
        ...section,
        rows: section.criteria.map((criterion) => {
          const rating = ratings.find((r) => r.criterionId === criterion.id);
          return {
            criterion,
            rating,
            level: levelOf(framework, rating?.value),
            weak: isWeak(rating?.value, framework.weakUpTo),
          };
        }),
      })),
      canRate: canAssessment(user, 'rate', assessment),
      canAgree,
      agreeValues: agree?.values ?? { groupId: assessment.assessingGroupId },
      errors: agree?.errors,
      groupItems: selectItems(groups, agree?.values.groupId ?? assessment.assessingGroupId, 'Select a group'),
      meetingItems: selectItems(
        meetings.map((m) => ({ id: m.id, name: `${m.groupName}, ${formatDate(m.startsAt)}` })),
        agree?.values.meetingId,
        'Select a meeting',
      ),
    });
  };

  app.get(
    '/self-assessment/assessments/:assessmentId',
    { schema: { params: AssessmentParams, querystring: DoneQuery } },
    async (request, reply) =>
      renderPage(reply, signedIn(request), request.params.assessmentId, undefined, request.query.done),
  );

  app.post(
    '/self-assessment/assessments/:assessmentId/agree',
    { config: COORDINATORS, schema: { params: AssessmentParams, body: AgreeForm }, attachValidation: true },
    async (request, reply) => {
      const { assessmentId } = request.params;
      const user = signedIn(request);
      const form = readForm(request, AgreeForm);
      if (!form.ok) return renderPage(reply, user, assessmentId, form);
      const { groupId, meetingId } = form.values;
      const errors = await formErrorsOf(() =>
        service.agreeAssessment(app.db, user, assessmentId, { groupId, meetingId }),
      );
      if (errors) return renderPage(reply, user, assessmentId, { values: form.values, errors });
      return reply.redirect(`${assessmentPath(assessmentId)}?done=agreed`, 303);
    },
  );

  const exported = async (request: { params: { assessmentId: number } }, user: CurrentUser, kind: 'xlsx' | 'docx') => {
    const data = await iteration(app, user, request.params.assessmentId);
    await recordAudit(app.db, {
      action: 'self_assessment.exported',
      user,
      subjectType: 'self_assessment',
      subjectId: data.assessment.id,
      detail: { as: kind },
    });
    return data;
  };

  app.get(
    '/self-assessment/assessments/:assessmentId/export.xlsx',
    { schema: { params: AssessmentParams } },
    async (request, reply) => {
      const data = await exported(request, signedIn(request), 'xlsx');
      const { iterationXlsx } = await import('./export.ts');
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          contentDisposition(`${data.framework.name} – ${data.assessment.body} – ${data.assessment.title}.xlsx`),
        )
        .send(await iterationXlsx(data));
    },
  );

  app.get(
    '/self-assessment/assessments/:assessmentId/export.docx',
    { schema: { params: AssessmentParams } },
    async (request, reply) => {
      const data = await exported(request, signedIn(request), 'docx');
      const { iterationDocx } = await import('./export.ts');
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', contentDisposition(`Appendix C – ${data.framework.name} self-assessment.docx`))
        .send(await iterationDocx(data));
    },
  );
}

/** One criterion of an iteration: its rating, evidence links, and a weak one's plan action. */
function criterionRoutes(app: HubApp) {
  const renderCriterion = async (
    reply: FastifyReply,
    user: CurrentUser,
    params: { assessmentId: number; criterionId: number },
    form?: { values: Record<string, unknown>; errors: FormErrors },
  ) => {
    const data = await iteration(app, user, params.assessmentId);
    const { assessment, framework, ratings } = data;
    const criterion = framework.criteria.find((c) => c.id === params.criterionId);
    if (!criterion) throw new NotFoundError('criterion');
    const rating = ratings.find((r) => r.criterionId === criterion.id);
    const canRate = canAssessment(user, 'rate', assessment);
    const weak = isWeak(rating?.value, framework.weakUpTo) && canAssessment(user, 'plan', assessment);
    const [evidence, documents, actions, plans] = await Promise.all([
      service.evidenceOf(app.db, user, assessment.id),
      canRate ? listVisibleDocuments(app.db, user, { limit: 200 }) : [],
      canRate ? listPlanActions(app.db, {}) : [],
      weak ? listPlans(app.db) : [],
    ]);
    const values = form?.values ?? { value: rating?.value, evidence: rating?.evidence };
    return reply.code(form ? 400 : 200).page(`${VIEW}/criterion.njk`, {
      ...data,
      criterion,
      section: framework.sections.find((s) => s.id === criterion.sectionId),
      rating,
      level: levelOf(framework, rating?.value),
      evidence: evidence.filter((e) => e.criterionId === criterion.id),
      canRate,
      weak,
      values,
      errors: form?.errors,
      levelItems: framework.levels.map((l) => ({
        value: l.value,
        text: l.name,
        hint: { text: l.meaning },
        checked: Number(values.value) === l.value,
      })),
      documentItems: selectItems(
        documents.map((d) => ({ id: d.id, name: d.title })),
        values.documentId,
        'Select a document',
      ),
      actionItems: selectItems(
        actions.map((a) => ({ id: a.id, name: `${a.reference} ${a.title}` })),
        values.planActionId,
        'Select a plan action',
      ),
      planItems: selectItems(
        plans.map((p) => ({ id: p.id, name: p.title })),
        values.planId,
        'Select a delivery plan',
      ),
    });
  };
  const path = (p: { assessmentId: number; criterionId: number }) =>
    `${assessmentPath(p.assessmentId)}/criteria/${p.criterionId}`;

  app.get(
    '/self-assessment/assessments/:assessmentId/criteria/:criterionId',
    { schema: { params: CriterionParams } },
    async (request, reply) => renderCriterion(reply, signedIn(request), request.params),
  );

  app.post(
    '/self-assessment/assessments/:assessmentId/criteria/:criterionId',
    { config: COORDINATORS, schema: { params: CriterionParams, body: RatingForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, RatingForm);
      if (!form.ok) return renderCriterion(reply, user, request.params, form);
      const { value, evidence } = form.values;
      const { assessmentId, criterionId } = request.params;
      const errors = await formErrorsOf(() =>
        service.rateCriterion(app.db, user, assessmentId, criterionId, { value, evidence }),
      );
      if (errors) return renderCriterion(reply, user, request.params, { values: form.values, errors });
      return reply.redirect(`${assessmentPath(assessmentId)}?done=rated#criterion-${criterionId}`, 303);
    },
  );

  app.post(
    '/self-assessment/assessments/:assessmentId/criteria/:criterionId/evidence',
    { config: COORDINATORS, schema: { params: CriterionParams, body: EvidenceForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, EvidenceForm);
      if (!form.ok) return renderCriterion(reply, user, request.params, form);
      const { documentId, planActionId } = form.values;
      const { assessmentId, criterionId } = request.params;
      const errors = await formErrorsOf(() =>
        service.linkEvidence(app.db, user, assessmentId, criterionId, { documentId, planActionId }),
      );
      if (errors) return renderCriterion(reply, user, request.params, { values: form.values, errors });
      return reply.redirect(`${path(request.params)}#evidence`, 303);
    },
  );

  app.post(
    '/self-assessment/assessments/:assessmentId/evidence/:evidenceId/remove',
    { config: COORDINATORS, schema: { params: EvidenceParams, body: RemoveForm } },
    async (request, reply) => {
      const { assessmentId, evidenceId } = request.params;
      await service.removeEvidence(app.db, signedIn(request), assessmentId, evidenceId);
      return reply.redirect(assessmentPath(assessmentId), 303);
    },
  );

  app.post(
    '/self-assessment/assessments/:assessmentId/criteria/:criterionId/action',
    {
      config: COORDINATORS,
      schema: { params: CriterionParams, body: ActionFromCriterionForm },
      attachValidation: true,
    },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, ActionFromCriterionForm);
      if (!form.ok) return renderCriterion(reply, user, request.params, form);
      const { planId, title, dueOn } = form.values;
      const { assessmentId, criterionId } = request.params;
      const errors = await formErrorsOf(() =>
        service.weakCriterionToAction(app.db, user, assessmentId, criterionId, { planId, title, dueOn }),
      );
      if (errors) return renderCriterion(reply, user, request.params, { values: form.values, errors });
      return reply.redirect(`${assessmentPath(assessmentId)}?done=action`, 303);
    },
  );
}

/** Iterations side by side, and each criterion's rating over time. */
function compareRoutes(app: HubApp) {
  app.get(
    '/self-assessment/compare',
    { schema: { querystring: CompareQuery }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const query = readForm(request, CompareQuery, 'querystring');
      const frameworks = await listFrameworks(app.db);
      const values = query.ok ? query.values : {};
      const frameworkId = values.framework ?? frameworks[0]?.id;
      if (!frameworkId) throw new NotFoundError('framework');
      const framework = await getFramework(app.db, frameworkId);
      const bodies = await service.bodiesOf(app.db, user, frameworkId);
      const body = values.body && bodies.includes(values.body) ? values.body : bodies[0];
      const all = body ? await service.listAssessments(app.db, user, { frameworkId, body }) : [];
      const two = values.a && values.b ? all.filter((a) => a.id === values.a || a.id === values.b) : [];
      const chosen = two.length === 2 ? two : all;
      const ratings = await service.ratingsOf(
        app.db,
        chosen.map((a) => a.id),
      );
      const columns: IterationColumn[] = chosen.map((a) => ({
        id: a.id,
        title: a.title,
        assessedOn: a.assessedOn,
        ratings: new Map(ratings.filter((r) => r.assessmentId === a.id).map((r) => [r.criterionId, r.value])),
      }));
      const chart = columns.length
        ? lineChartSvg({
            id: 'ratings-over-time',
            title: `Each criterion's rating over time: ${body}`,
            description: `Ratings from ${framework.levels[0]?.value} (${framework.levels[0]?.name}) upwards, iteration by iteration; the table beneath gives each figure.`,
            yLabel: 'Rating',
            series: framework.criteria.map((c) => ({
              name: c.title,
              points: columns.map((col) => ({ label: col.title, value: col.ratings.get(c.id) ?? null })),
            })),
          })
        : null;
      return reply.code(query.ok ? 200 : 400).page(`${VIEW}/compare.njk`, {
        framework,
        frameworks,
        bodies,
        body,
        all,
        columns,
        values,
        errors: query.ok ? undefined : query.errors,
        sections: compareIterations(framework, columns),
        chart,
        frameworkItems: selectItems(frameworks, frameworkId, 'Select a framework'),
        iterationItems: (selected: unknown) =>
          selectItems(
            all.map((a) => ({ id: a.id, name: a.title })),
            selected,
            'Every iteration',
          ),
      });
    },
  );
}
