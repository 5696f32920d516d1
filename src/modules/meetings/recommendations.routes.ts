import type { FastifyReply } from 'fastify';
import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { CsrfOnlyForm, DecisionForm, RecommendationForm, RecommendationParams } from './meetings.forms.ts';
import { getMeeting, shownRecommendations } from './meetings.service.ts';
import { checkMeeting } from './meetings.policy.ts';
import { RECOMMENDATION_DECISIONS } from './meetings.tables.ts';
import {
  editRecommendation,
  getRecommendation,
  recordRecommendationDecision,
  withdrawRecommendation,
} from './recommendations.service.ts';

/*
 * One recommendation's page: change its words until it is decided, record the meeting's
 * decision (a reason when declined), or withdraw it. Adding one is on the meeting and agenda
 * item pages (src/pages/meeting.page.ts), which show papers.
 */
export function recommendationRoutes(app: HubApp) {
  const db = app.db;

  const render = async (
    reply: FastifyReply,
    meetingId: number,
    recommendationId: number,
    forms: { values?: object; decisionValues?: object; errors?: FormErrors } = {},
  ) => {
    const user = signedIn(reply.request);
    const meeting = await getMeeting(db, meetingId);
    checkMeeting(user, 'minute', meeting);
    const [rec] = shownRecommendations(user, meeting, [await getRecommendation(db, meetingId, recommendationId)]);
    return reply.code(forms.errors ? 400 : 200).page('meetings/views/recommendation.njk', {
      meeting,
      rec,
      values: forms.values ?? { text: rec!.text },
      decisionValues: forms.decisionValues ?? { decision: rec!.decision, reason: rec!.reason },
      decisions: RECOMMENDATION_DECISIONS,
      errors: forms.errors,
    });
  };
  const back = (reply: FastifyReply, meetingId: number, recommendationId: number) =>
    reply.redirect(`/meetings/${meetingId}#recommendation-${recommendationId}`, 303);

  app.get(
    '/meetings/:meetingId/recommendations/:recommendationId',
    { schema: { params: RecommendationParams } },
    async (request, reply) => render(reply, request.params.meetingId, request.params.recommendationId),
  );

  app.post(
    '/meetings/:meetingId/recommendations/:recommendationId',
    { schema: { params: RecommendationParams, body: RecommendationForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId, recommendationId } = request.params;
      const form = readForm(request, RecommendationForm);
      if (!form.ok) return render(reply, meetingId, recommendationId, { values: form.values, errors: form.errors });
      const errors = await formErrorsOf(() =>
        editRecommendation(db, signedIn(request), meetingId, recommendationId, form.values),
      );
      if (errors) return render(reply, meetingId, recommendationId, { values: form.values, errors });
      return back(reply, meetingId, recommendationId);
    },
  );

  app.post(
    '/meetings/:meetingId/recommendations/:recommendationId/decision',
    { schema: { params: RecommendationParams, body: DecisionForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId, recommendationId } = request.params;
      const form = readForm(request, DecisionForm);
      if (!form.ok)
        return render(reply, meetingId, recommendationId, { decisionValues: form.values, errors: form.errors });
      const errors = await formErrorsOf(() =>
        recordRecommendationDecision(db, signedIn(request), recommendationId, form.values, meetingId),
      );
      if (errors) return render(reply, meetingId, recommendationId, { decisionValues: form.values, errors });
      return back(reply, meetingId, recommendationId);
    },
  );

  app.post(
    '/meetings/:meetingId/recommendations/:recommendationId/withdraw',
    { schema: { params: RecommendationParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { meetingId, recommendationId } = request.params;
      const errors = await formErrorsOf(() =>
        withdrawRecommendation(db, signedIn(request), meetingId, recommendationId),
      );
      if (errors) return render(reply, meetingId, recommendationId, { errors });
      return back(reply, meetingId, recommendationId);
    },
  );
}
