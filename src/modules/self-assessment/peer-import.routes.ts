import type { FastifyReply } from 'fastify';
import { COORDINATORS } from '../../auth/policy.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError } from '../../errors.ts';
import { columnOptions, mappingFromForm } from '../../imports/columns.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsFrom, formErrorsOf, type FormErrors } from '../../views/forms.ts';
import { multipartBody, readUploadedFile } from '../documents/index.ts';
import { getFramework } from './frameworks.service.ts';
import {
  chooseColumns,
  commitPeerRatings,
  FIELD_WORDS,
  PEER_FIELDS,
  previewPeerRatings,
  stagePeerRatings,
} from './peer-import.service.ts';
import {
  ConfirmForm,
  FrameworkParams,
  ImportParams,
  PeerColumnsForm,
  PeerUploadForm,
} from './self-assessment.forms.ts';

const VIEW = 'self-assessment/views';
/** A peer's ratings for every criterion over a few years are a few hundred rows: well under a megabyte. */
const MAX_BYTES = 2 * 1024 * 1024;
const PREVIEW_ROWS = 200;
/* A file over the limit is cut short rather than thrown, so the guard still checks the CSRF token. */
const UPLOAD = {
  ...COORDINATORS,
  upload: true,
  multipartOptions: { throwFileSizeLimit: false, limits: { fileSize: MAX_BYTES } },
};
const YEAR = 'Enter the year as four digits, for example 2009';

/** A multipart field's text, trimmed ('' when absent). */
const partText = (body: unknown, name: string) => {
  const part = (body as Record<string, { value?: unknown } | undefined> | undefined)?.[name];
  return typeof part?.value === 'string' ? part.value.trim() : '';
};

function uploadValues(body: unknown) {
  const yearText = partText(body, 'year');
  const source = partText(body, 'source');
  const year = /^\d{4}$/.test(yearText) && Number(yearText) >= 2000 && Number(yearText) <= 2100 ? Number(yearText) : 0;
  const typed = { year: yearText, source };
  if (yearText && !year) return { typed, error: new FormError('year', YEAR) };
  if (source.length > 300) return { typed, error: new FormError('source', 'Enter at most 300 characters') };
  return { typed, input: { year: year || undefined, source: source || undefined } };
}

/** Peers' published ratings from a spreadsheet: upload, columns and preview with row errors, confirm. */
export function peerImportRoutes(app: HubApp): void {
  const renderUpload = async (
    reply: FastifyReply,
    frameworkId: number,
    values: Record<string, unknown>,
    errors?: FormErrors,
    status = 400,
  ) =>
    reply.code(errors ? status : 200).page(`${VIEW}/peer-import.njk`, {
      framework: await getFramework(app.db, frameworkId),
      values,
      errors,
      maxMegabytes: MAX_BYTES / 1024 / 1024,
    });

  app.get(
    '/self-assessment/frameworks/:frameworkId/peers/import',
    { config: COORDINATORS, schema: { params: FrameworkParams } },
    async (request, reply) => renderUpload(reply, request.params.frameworkId, {}),
  );

  app.post(
    '/self-assessment/frameworks/:frameworkId/peers/import',
    { config: UPLOAD, schema: { params: FrameworkParams, body: multipartBody(PeerUploadForm, true) } },
    async (request, reply) => {
      const { frameworkId } = request.params;
      const file = await readUploadedFile(request.body);
      const { typed, input, error } = uploadValues(request.body);
      if (file?.truncated) {
        const tooLarge = new FormError('file', `The selected file must be smaller than ${MAX_BYTES / 1024 / 1024}MB`);
        return renderUpload(reply, frameworkId, typed, formErrorsFrom(tooLarge), 413);
      }
      if (error) return renderUpload(reply, frameworkId, typed, formErrorsFrom(error));
      let importId = 0;
      const errors = await formErrorsOf(
        async () => (importId = await stagePeerRatings(app.db, signedIn(request), frameworkId, input ?? {}, file)),
      );
      if (errors) return renderUpload(reply, frameworkId, typed, errors);
      return reply.redirect(`/self-assessment/peer-imports/${importId}`, 303);
    },
  );

  const renderPreview = async (reply: FastifyReply, user: CurrentUser, importId: number, errors?: FormErrors) => {
    const preview = await previewPeerRatings(app.db, user, importId);
    const { staged, mapping } = preview;
    return reply.code(errors ? 400 : 200).page(`${VIEW}/peer-import-preview.njk`, {
      ...preview,
      rowErrors: preview.errors,
      errors,
      columns: PEER_FIELDS.map((name) => ({
        name,
        label: FIELD_WORDS[name],
        items: columnOptions(staged.sheet, mapping[name], 'Not in the file'),
      })),
      rows: preview.planned.slice(0, PREVIEW_ROWS),
      moreRows: Math.max(0, preview.planned.length - PREVIEW_ROWS),
      canConfirm: !staged.committedAt && !preview.errors.length && preview.counts.new + preview.counts.revised > 0,
    });
  };

  app.get(
    '/self-assessment/peer-imports/:importId',
    { config: COORDINATORS, schema: { params: ImportParams } },
    async (request, reply) => renderPreview(reply, signedIn(request), request.params.importId),
  );

  app.post(
    '/self-assessment/peer-imports/:importId/columns',
    { config: COORDINATORS, schema: { params: ImportParams, body: PeerColumnsForm } },
    async (request, reply) => {
      const user = signedIn(request);
      const { importId } = request.params;
      const mapping = mappingFromForm(request.body, PEER_FIELDS);
      const errors = await formErrorsOf(() => chooseColumns(app.db, user, importId, mapping));
      if (errors) return renderPreview(reply, user, importId, errors);
      return reply.redirect(`/self-assessment/peer-imports/${importId}`, 303);
    },
  );

  app.post(
    '/self-assessment/peer-imports/:importId/confirm',
    { config: COORDINATORS, schema: { params: ImportParams, body: ConfirmForm } },
    async (request, reply) => {
      const user = signedIn(request);
      let frameworkId = 0;
      const errors = await formErrorsOf(
        async () => (frameworkId = await commitPeerRatings(app.db, user, request.params.importId)),
      );
      if (errors) return renderPreview(reply, user, request.params.importId, errors);
      return reply.redirect(`/self-assessment/frameworks/${frameworkId}/peers?done=imported#peer-ratings`, 303);
    },
  );
}
