import type { FastifyReply } from 'fastify';
import type { CurrentUser } from '../../auth/sessions.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsOf, idParams, readForm, selectItems, type FormErrors } from '../../views/forms.ts';
import { listGroupOptions } from '../groups/index.ts';
import { listVisibleDocuments, SENSITIVE } from '../documents/index.ts';
import { eventChoices } from '../events/index.ts';
import { recommendationsFor } from '../meetings/index.ts';
import { listOrganisationOptions } from '../organisations/index.ts';
import { listAreas } from '../partnership/index.ts';
import { money, VIEWS } from './funding.words.ts';
import { DecisionForm, DoneQuery, MeetingChoiceForm, PotForm, ProposalForm, RiskForm } from './funding.forms.ts';
import { canManageFunding, canPutToMeeting, checkReadPot, commitsPot } from './funding.policy.ts';
import * as service from './funding.service.ts';
import { FUNDING_SOURCES, PROPOSAL_DECISIONS, PROPOSER_KINDS } from './funding.tables.ts';
import { createRisk, listProjects, riskLabels } from './projects.service.ts';
import { projectsRoutes } from './projects.routes.ts';

export async function fundingRoutes(app: HubApp): Promise<void> {
  const renderPots = async (reply: FastifyReply, user: CurrentUser, extra: Record<string, unknown> = {}) => {
    const manage = canManageFunding(user);
    const [pots, groups] = await Promise.all([
      service.potsFor(app.db, user),
      manage ? listGroupOptions(app.db) : Promise.resolve([]),
    ]);
    const values = (extra.values ?? {}) as Record<string, unknown>;
    return reply.code(extra.errors ? 400 : 200).page(`${VIEWS}/funding.njk`, {
      title: 'Funding',
      pots,
      manage,
      groupItems: selectItems(groups, values.decidingGroupId, 'Select the deciding group'),
      sources: FUNDING_SOURCES,
      values,
      ...money,
      ...extra,
    });
  };

  app.get('/funding', { schema: { querystring: DoneQuery } }, async (request, reply) =>
    renderPots(reply, signedIn(request), { done: request.query.done }),
  );

  app.post(
    '/funding/pots',
    { config: COORDINATORS, schema: { body: PotForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, PotForm);
      if (!form.ok) return renderPots(reply, user, { values: form.values, errors: form.errors });
      let potId = 0;
      const errors = await formErrorsOf(async () => {
        potId = await service.createPot(app.db, user, form.values);
      });
      if (errors) return renderPots(reply, user, { values: form.values, errors });
      return reply.redirect(`/funding/pots/${potId}?done=added`, 303);
    },
  );

  const renderPot = async (
    reply: FastifyReply,
    user: CurrentUser,
    potId: number,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; done?: string } = {},
  ) => {
    const pot = await service.getPot(app.db, potId);
    checkReadPot(user, pot);
    const manage = canManageFunding(user);
    const [figures, proposals, risks, organisations, areas, projects, liveEvents, consultations] = await Promise.all([
      service.figuresOfPots(app.db, [pot]),
      service.proposalsOfPot(app.db, pot.id),
      riskLabels(app.db, user),
      manage ? listOrganisationOptions(app.db) : Promise.resolve([]),
      listAreas(app.db),
      listProjects(app.db),
      manage ? eventChoices(app.db) : Promise.resolve([]),
      manage ? service.consultationChoices(app.db) : Promise.resolve([]),
    ]);
    const values = extra.values ?? {};
    return reply
      .sensitive()
      .code(extra.errors ? 400 : 200)
      .page(`${VIEWS}/pot.njk`, {
        title: pot.name,
        marking: risks.some((r) => r.title) ? SENSITIVE : undefined,
        pot,
        figures: figures.get(pot.id),
        proposals,
        riskBy: Object.fromEntries(risks.map((r) => [r.id, r])),
        areaBy: Object.fromEntries(areas.map((a) => [a.id, a.name])),
        projects: projects.filter((p) => p.potId === pot.id),
        manage,
        proposerKinds: PROPOSER_KINDS,
        organisationItems: selectItems(organisations, values.proposerOrganisationId, 'Select the organisation'),
        eventItems: selectItems(liveEvents, values.proposerEventId, 'Select the live event'),
        consultationItems: selectItems(consultations, values.proposerPlanId, 'Select the plan consultation'),
        riskItems: selectItems(
          risks.map((r) => ({ id: r.id, name: r.title ? `${r.reference}: ${r.title}` : r.reference })),
          values.riskId,
          'None',
        ),
        areaItems: selectItems(areas, values.areaId, 'None'),
        values,
        errors: extra.errors,
        done: extra.done,
        ...money,
      });
  };

  app.get(
    '/funding/pots/:potId',
    { schema: { params: idParams('potId'), querystring: DoneQuery } },
    async (request, reply) => renderPot(reply, signedIn(request), request.params.potId, { done: request.query.done }),
  );

  app.post(
    '/funding/pots/:potId/proposals',
    { config: COORDINATORS, schema: { params: idParams('potId'), body: ProposalForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { potId } = request.params;
      const form = readForm(request, ProposalForm);
      if (!form.ok) return renderPot(reply, user, potId, { values: form.values, errors: form.errors });
      let proposalId = 0;
      const errors = await formErrorsOf(async () => {
        proposalId = await service.createProposal(app.db, user, potId, form.values);
      });
      if (errors) return renderPot(reply, user, potId, { values: form.values, errors });
      return reply.redirect(`/funding/proposals/${proposalId}?done=added`, 303);
    },
  );

  const renderProposal = async (
    reply: FastifyReply,
    user: CurrentUser,
    proposalId: number,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; done?: string } = {},
  ) => {
    const { proposal, pot } = await service.getProposal(app.db, proposalId);
    checkReadPot(user, pot);
    const [figures, recommendations, meetings, risks, source] = await Promise.all([
      service.figuresOfPots(app.db, [pot]),
      recommendationsFor(app.db, { subjectType: service.PROPOSAL_SUBJECT, subjectIds: [proposal.id] }),
      service.meetingsOfPot(app.db, pot.decidingGroupId),
      riskLabels(app.db, user, proposal.riskId ? [proposal.riskId] : []),
      service.sourceOfProposal(app.db, proposal),
    ]);
    const values = extra.values ?? {};
    return reply
      .sensitive()
      .code(extra.errors ? 400 : 200)
      .page(`${VIEWS}/proposal.njk`, {
        title: proposal.title,
        marking: risks.some((r) => r.title) ? SENSITIVE : undefined,
        proposal,
        source,
        pot,
        figures: figures.get(pot.id),
        risk: risks[0],
        commits: commitsPot(proposal.decision),
        recommendations,
        canPut: canPutToMeeting(user, proposal),
        canDecide: canManageFunding(user) && recommendations.length > 0,
        meetingItems: selectItems(
          meetings.map((m) => ({ id: m.id, name: `${m.groupName}, ${m.startsAt.toISOString().slice(0, 10)}` })),
          values.meetingId,
          'Select the meeting',
        ),
        decisions: PROPOSAL_DECISIONS,
        values,
        errors: extra.errors,
        done: extra.done,
        ...money,
      });
  };

  app.get(
    '/funding/proposals/:proposalId',
    { schema: { params: idParams('proposalId'), querystring: DoneQuery } },
    async (request, reply) =>
      renderProposal(reply, signedIn(request), request.params.proposalId, { done: request.query.done }),
  );

  app.post(
    '/funding/proposals/:proposalId/meeting',
    {
      config: COORDINATORS,
      schema: { params: idParams('proposalId'), body: MeetingChoiceForm },
      attachValidation: true,
    },
    async (request, reply) => {
      const user = signedIn(request);
      const { proposalId } = request.params;
      const form = readForm(request, MeetingChoiceForm);
      if (!form.ok) return renderProposal(reply, user, proposalId, { values: form.values, errors: form.errors });
      const errors = await formErrorsOf(() => service.putToMeeting(app.db, user, proposalId, form.values.meetingId));
      if (errors) return renderProposal(reply, user, proposalId, { values: form.values, errors });
      return reply.redirect(`/funding/proposals/${proposalId}?done=put`, 303);
    },
  );

  app.post(
    '/funding/proposals/:proposalId/decision',
    { config: COORDINATORS, schema: { params: idParams('proposalId'), body: DecisionForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const { proposalId } = request.params;
      const form = readForm(request, DecisionForm);
      if (!form.ok) return renderProposal(reply, user, proposalId, { values: form.values, errors: form.errors });
      const { decision, approvedAmount, reason, confirmOvercommit } = form.values;
      const errors = await formErrorsOf(() =>
        service.decideProposal(app.db, user, proposalId, {
          decision,
          ...(approvedAmount ? { approvedAmount } : {}),
          ...(reason ? { reason } : {}),
          confirmOvercommit: confirmOvercommit === 'yes',
        }),
      );
      if (errors) return renderProposal(reply, user, proposalId, { values: form.values, errors });
      return reply.redirect(`/funding/proposals/${proposalId}?done=decided`, 303);
    },
  );

  const renderRisks = async (
    reply: FastifyReply,
    user: CurrentUser,
    extra: { values?: Record<string, unknown>; errors?: FormErrors; done?: string } = {},
  ) => {
    const manage = canManageFunding(user);
    const [risks, documents] = await Promise.all([
      riskLabels(app.db, user),
      manage ? listVisibleDocuments(app.db, user, {}) : Promise.resolve([]),
    ]);
    return reply
      .sensitive()
      .code(extra.errors ? 400 : 200)
      .page(`${VIEWS}/risks.njk`, {
        title: 'CTLP risks',
        marking: risks.some((r) => r.title) ? SENSITIVE : undefined,
        risks,
        manage,
        documentItems: selectItems(
          documents.map((d) => ({ id: d.id, name: d.title })),
          extra.values?.documentId,
          'None',
        ),
        values: extra.values ?? {},
        errors: extra.errors,
        done: extra.done,
      });
  };

  app.get('/funding/risks', { schema: { querystring: DoneQuery } }, async (request, reply) =>
    renderRisks(reply, signedIn(request), { done: request.query.done }),
  );

  app.post(
    '/funding/risks',
    { config: COORDINATORS, schema: { body: RiskForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, RiskForm);
      if (!form.ok) return renderRisks(reply, user, { values: form.values, errors: form.errors });
      const errors = await formErrorsOf(() => createRisk(app.db, user, form.values));
      if (errors) return renderRisks(reply, user, { values: form.values, errors });
      return reply.redirect('/funding/risks?done=added', 303);
    },
  );

  await projectsRoutes(app);
}
