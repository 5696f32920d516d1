import type { FastifyReply } from 'fastify';
import { COORDINATORS } from '../../auth/policy.ts';
import { FormError } from '../../errors.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsFrom, formErrorsOf, type FormErrors } from '../../views/forms.ts';
import { multipartBody, readUploadedFile } from '../documents/index.ts';
import * as completions from './completions.service.ts';
import { CompletionsCommitForm, CompletionsUploadForm, ImportParams, ResourceParams } from './resources.forms.ts';
import { resourceDetail, type ResourceDetail } from './resources.reads.ts';

const VIEW = 'resources/views';
/** Completions for every organisation over years are a few thousand rows: well under a megabyte. */
const MAX_BYTES = 2 * 1024 * 1024;
const PREVIEW_ROWS = 200;
/* A file over the limit is cut short rather than thrown, so the guard still checks the CSRF token. */
const UPLOAD = {
  ...COORDINATORS,
  upload: true,
  multipartOptions: { throwFileSizeLimit: false, limits: { fileSize: MAX_BYTES } },
};

/** Completions of e-learning from a spreadsheet: upload, preview with the rows' problems, confirm. */
export function completionsRoutes(app: HubApp): void {
  const renderUpload = (reply: FastifyReply, resource: ResourceDetail, errors?: FormErrors, status = 400) =>
    reply.code(errors ? status : 200).page(`${VIEW}/completions-upload.njk`, {
      title: `Import completions of ${resource.title}`,
      resource,
      errors,
      maxMegabytes: MAX_BYTES / 1024 / 1024,
      maxRows: completions.COMPLETIONS_SPREADSHEET.maxRows.toLocaleString('en-GB'),
    });

  app.get(
    '/resources/:resourceId/completions/import',
    { config: COORDINATORS, schema: { params: ResourceParams } },
    async (request, reply) => renderUpload(reply, await resourceDetail(app.db, request.params.resourceId)),
  );

  app.post(
    '/resources/:resourceId/completions/import',
    { config: UPLOAD, schema: { params: ResourceParams, body: multipartBody(CompletionsUploadForm, true) } },
    async (request, reply) => {
      const resource = await resourceDetail(app.db, request.params.resourceId);
      const file = await readUploadedFile(request.body);
      if (file?.truncated)
        return renderUpload(
          reply,
          resource,
          formErrorsFrom(new FormError('file', `The selected file must be smaller than ${MAX_BYTES / 1024 / 1024}MB`)),
          413,
        );
      let importId = 0;
      const errors = await formErrorsOf(
        async () => (importId = await completions.stageCompletions(app.db, signedIn(request), resource.id, file)),
      );
      if (errors) return renderUpload(reply, resource, errors);
      return reply.redirect(`/resources/${resource.id}/completions/imports/${importId}`, 303);
    },
  );

  const renderPreview = async (
    reply: FastifyReply,
    user: ReturnType<typeof signedIn>,
    params: { resourceId: number; importId: number },
    errors?: FormErrors,
  ) => {
    const [resource, preview] = await Promise.all([
      resourceDetail(app.db, params.resourceId),
      completions.previewCompletions(app.db, user, params.resourceId, params.importId),
    ]);
    return reply.code(errors ? 400 : 200).page(`${VIEW}/completions-preview.njk`, {
      title: `Check the completions of ${resource.title}`,
      resource,
      preview,
      errors,
      rows: preview.planned.slice(0, PREVIEW_ROWS),
      moreRows: Math.max(0, preview.planned.length - PREVIEW_ROWS),
      canConfirm: !preview.committedAt && !preview.errors.length && preview.planned.length > 0,
    });
  };

  app.get(
    '/resources/:resourceId/completions/imports/:importId',
    { config: COORDINATORS, schema: { params: ImportParams } },
    async (request, reply) => renderPreview(reply, signedIn(request), request.params),
  );

  app.post(
    '/resources/:resourceId/completions/imports/:importId/confirm',
    { config: COORDINATORS, schema: { params: ImportParams, body: CompletionsCommitForm } },
    async (request, reply) => {
      const user = signedIn(request);
      const { resourceId, importId } = request.params;
      const errors = await formErrorsOf(() => completions.commitCompletions(app.db, user, resourceId, importId));
      if (errors) return renderPreview(reply, user, request.params, errors);
      return reply.redirect(`/resources/${resourceId}?done=imported`, 303);
    },
  );
}
