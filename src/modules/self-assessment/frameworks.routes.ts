import type { FastifyReply } from 'fastify';
import type { CurrentUser } from '../../auth/sessions.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import { FormError } from '../../errors.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsFrom, formErrorsOf, readForm, selectItems, type FormErrors } from '../../views/forms.ts';
import { multipartBody, readUploadedFile } from '../documents/index.ts';
import { compareWithPeers, peerSentence } from './compare.ts';
import { getFramework, listFrameworks, renameLevel } from './frameworks.service.ts';
import { commitFramework, previewFramework, stageFramework } from './import.service.ts';
import { peerImportRoutes } from './peer-import.routes.ts';
import { latestAssessment, ratingsOf, bodiesOf } from './assessments.service.ts';
import { peerRatingsOf, recordPeerRating, withdrawPeerRating } from './peers.service.ts';
import { canManageFrameworks } from './self-assessment.policy.ts';
import {
  ConfirmForm,
  FrameworkParams,
  FrameworkUploadForm,
  ImportParams,
  LevelForm,
  LevelParams,
  PeerRatingForm,
  PeerRatingParams,
  PeersQuery,
  RemoveForm,
} from './self-assessment.forms.ts';

const VIEW = 'self-assessment/views';
const MAX_BYTES = 2 * 1024 * 1024;
const UPLOAD = {
  ...COORDINATORS,
  upload: true,
  multipartOptions: { throwFileSizeLimit: false, limits: { fileSize: MAX_BYTES } },
};

/** A framework's page: its scale (renamable), sections, criteria and the evidence expected. */
export async function frameworkRoutes(app: HubApp): Promise<void> {
  const renderFramework = async (
    reply: FastifyReply,
    user: CurrentUser,
    frameworkId: number,
    form?: { levelId: number; values: Record<string, unknown>; errors: FormErrors },
    done?: string,
  ) =>
    reply.code(form ? 400 : 200).page(`${VIEW}/framework.njk`, {
      framework: await getFramework(app.db, frameworkId),
      canManage: canManageFrameworks(user),
      form,
      errors: form?.errors,
      done,
    });

  app.get('/self-assessment/frameworks/:frameworkId', { schema: { params: FrameworkParams } }, async (request, reply) =>
    renderFramework(reply, signedIn(request), request.params.frameworkId),
  );

  app.post(
    '/self-assessment/frameworks/:frameworkId/levels/:levelId',
    { config: COORDINATORS, schema: { params: LevelParams, body: LevelForm }, attachValidation: true },
    async (request, reply) => {
      const { frameworkId, levelId } = request.params;
      const user = signedIn(request);
      const form = readForm(request, LevelForm);
      if (!form.ok) return renderFramework(reply, user, frameworkId, { levelId, ...form });
      const { name, meaning } = form.values;
      const errors = await formErrorsOf(() => renameLevel(app.db, user, frameworkId, levelId, { name, meaning }));
      if (errors) return renderFramework(reply, user, frameworkId, { levelId, values: form.values, errors });
      return reply.redirect(`/self-assessment/frameworks/${frameworkId}?done=renamed#scale`, 303);
    },
  );

  importRoutes(app);
  peerRoutes(app);
  peerImportRoutes(app);
}

function importRoutes(app: HubApp) {
  const render = (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors, status = 400) =>
    reply
      .code(errors ? status : 200)
      .page(`${VIEW}/import.njk`, { values, errors, maxMegabytes: MAX_BYTES / 1024 / 1024 });

  app.get('/self-assessment/frameworks/import', { config: COORDINATORS }, (_request, reply) => render(reply, {}));

  app.post(
    '/self-assessment/frameworks/import',
    { config: UPLOAD, schema: { body: multipartBody(FrameworkUploadForm, true) } },
    async (request, reply) => {
      const file = await readUploadedFile(request.body);
      const values = request.body as Record<string, { value?: unknown } | undefined>;
      const name = typeof values.name?.value === 'string' ? values.name.value.trim() : '';
      const years = typeof values.years?.value === 'string' ? values.years.value.trim() : '';
      const typed = { name, years };
      if (file?.truncated)
        return render(
          reply,
          typed,
          formErrorsFrom(new FormError('file', 'The selected file must be smaller than 2MB')),
          413,
        );
      if (!name) return render(reply, typed, formErrorsFrom(new FormError('name', 'Enter the name of the framework')));
      if (!years)
        return render(reply, typed, formErrorsFrom(new FormError('years', 'Enter the years the framework covers')));
      let importId = 0;
      const errors = await formErrorsOf(
        async () => (importId = await stageFramework(app.db, signedIn(request), typed, file)),
      );
      if (errors) return render(reply, typed, errors);
      return reply.redirect(`/self-assessment/framework-imports/${importId}`, 303);
    },
  );

  const renderPreview = async (reply: FastifyReply, user: CurrentUser, importId: number, errors?: FormErrors) => {
    const { staged, plan } = await previewFramework(app.db, user, importId);
    return reply.code(errors ? 400 : 200).page(`${VIEW}/import-preview.njk`, { staged, plan, errors });
  };

  app.get(
    '/self-assessment/framework-imports/:importId',
    { config: COORDINATORS, schema: { params: ImportParams } },
    async (request, reply) => renderPreview(reply, signedIn(request), request.params.importId),
  );

  app.post(
    '/self-assessment/framework-imports/:importId/confirm',
    { config: COORDINATORS, schema: { params: ImportParams, body: ConfirmForm } },
    async (request, reply) => {
      const user = signedIn(request);
      let frameworkId = 0;
      const errors = await formErrorsOf(
        async () => (frameworkId = await commitFramework(app.db, user, request.params.importId)),
      );
      if (errors) return renderPreview(reply, user, request.params.importId, errors);
      return reply.redirect(`/self-assessment/frameworks/${frameworkId}?done=imported`, 303);
    },
  );
}

/** Peers: their published ratings, and ours beside theirs criterion by criterion. */
function peerRoutes(app: HubApp) {
  const renderPeers = async (
    reply: FastifyReply,
    user: CurrentUser,
    frameworkId: number,
    query: { body?: string; done?: string },
    form?: { values: Record<string, unknown>; errors?: FormErrors },
  ) => {
    const { body, done } = query;
    const [framework, frameworks, peers, bodies] = await Promise.all([
      getFramework(app.db, frameworkId),
      listFrameworks(app.db),
      peerRatingsOf(app.db, frameworkId),
      bodiesOf(app.db, user, frameworkId),
    ]);
    const chosenBody = body && bodies.includes(body) ? body : bodies[0];
    const ours = chosenBody ? await latestAssessment(app.db, user, frameworkId, chosenBody) : undefined;
    const ourRatings = new Map((ours ? await ratingsOf(app.db, [ours.id]) : []).map((r) => [r.criterionId, r.value]));
    const comparison = compareWithPeers(framework, ourRatings, peers.columns);
    return reply.code(form?.errors ? 400 : 200).page(`${VIEW}/peers.njk`, {
      done,
      framework,
      frameworks,
      bodies,
      chosenBody,
      ours,
      peers: peers.columns,
      peerRows: peers.rows.map((row) => ({
        ...row,
        criterion: framework.criteria.find((c) => c.id === row.criterionId)?.title,
      })),
      comparison,
      sentence: peerSentence(comparison.overall),
      canManage: canManageFrameworks(user),
      values: form?.values ?? {},
      errors: form?.errors,
      criterionItems: selectItems(
        framework.criteria.map((c) => ({ id: c.id, name: c.title })),
        form?.values.criterionId,
        'Select a criterion',
      ),
    });
  };

  app.get(
    '/self-assessment/frameworks/:frameworkId/peers',
    { schema: { params: FrameworkParams, querystring: PeersQuery } },
    async (request, reply) => renderPeers(reply, signedIn(request), request.params.frameworkId, request.query),
  );

  app.post(
    '/self-assessment/frameworks/:frameworkId/peers',
    { config: COORDINATORS, schema: { params: FrameworkParams, body: PeerRatingForm }, attachValidation: true },
    async (request, reply) => {
      const { frameworkId } = request.params;
      const user = signedIn(request);
      const form = readForm(request, PeerRatingForm);
      if (!form.ok) return renderPeers(reply, user, frameworkId, {}, form);
      const { peer, year, criterionId, value, source } = form.values;
      const errors = await formErrorsOf(() =>
        recordPeerRating(app.db, user, { frameworkId, peer, year, criterionId, value, source }),
      );
      if (errors) return renderPeers(reply, user, frameworkId, {}, { values: form.values, errors });
      return reply.redirect(`/self-assessment/frameworks/${frameworkId}/peers#peer-ratings`, 303);
    },
  );

  app.post(
    '/self-assessment/peer-ratings/:peerRatingId/withdraw',
    { config: COORDINATORS, schema: { params: PeerRatingParams, body: RemoveForm } },
    async (request, reply) => {
      const frameworkId = await withdrawPeerRating(app.db, signedIn(request), request.params.peerRatingId);
      return reply.redirect(`/self-assessment/frameworks/${frameworkId}/peers#peer-ratings`, 303);
    },
  );
}
