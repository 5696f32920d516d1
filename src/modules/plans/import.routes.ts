import type { FastifyReply, FastifyRequest } from 'fastify';
import { COORDINATORS } from '../../auth/policy.ts';
import type { Static } from 'typebox';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsFrom, formErrorsOf, type FormErrors, readForm } from '../../views/forms.ts';
import { FormError } from '../../errors.ts';
import { contentDisposition, sanitiseFilename, readUploadedFile, multipartBody } from '../documents/index.ts';
import { planCsv, planExport, planXlsx } from './export.ts';
import {
  CommitForm,
  FIELD_WORDS,
  IMPORT_FIELDS,
  ImportParams,
  MappingForm,
  PlanParams,
  UploadForm,
  type Mapping,
} from './import.forms.ts';
import * as service from './import.service.ts';
import { getPlan, type Plan } from './plans.service.ts';
import { columnOptions, columnsOfFile, mappingFromForm } from '../../imports/columns.ts';

const VIEW = 'plans/views';
/** Far below the Hub's upload limit: an action plan is a few hundred kilobytes at most. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const MAX_MEGABYTES = MAX_IMPORT_BYTES / 1024 / 1024;
/*
 * A file over the limit is cut short rather than thrown, so the guard still checks the CSRF
 * token and the form can answer with a GOV.UK message (as documents do).
 */
const UPLOAD = {
  ...COORDINATORS,
  upload: true,
  multipartOptions: { throwFileSizeLimit: false, limits: { fileSize: MAX_IMPORT_BYTES } },
};
const tooLarge = () => new FormError('file', `The selected file must be smaller than ${MAX_MEGABYTES}MB`);

const importPath = (planId: number, importId: number, step: 'mapping' | 'preview' | 'commit') =>
  `/plans/${planId}/import/${importId}/${step}`;

/** Spreadsheet import (upload, column mapping, preview, commit) and CSV, XLSX and DOCX export of plans. */
export async function planImportRoutes(app: HubApp) {
  uploadPages(app);
  mappingPages(app);
  previewPages(app);
  exportRoutes(app);
}

function uploadPages(app: HubApp) {
  const render = (reply: FastifyReply, plan: Plan, errors?: FormErrors, status = 400) =>
    reply.code(errors ? status : 200).page(`${VIEW}/import-upload.njk`, {
      plan,
      errors,
      maxMegabytes: MAX_MEGABYTES,
      maxRows: service.PLAN_SPREADSHEET.maxRows.toLocaleString('en-GB'),
    });

  app.get('/plans/:planId/import', { config: COORDINATORS, schema: { params: PlanParams } }, async (request, reply) => {
    const { planId } = request.params;
    return render(reply, await getPlan(app.db, planId));
  });

  app.post(
    '/plans/:planId/import',
    { config: UPLOAD, schema: { params: PlanParams, body: multipartBody(UploadForm, true) } },
    async (request, reply) => {
      const { planId } = request.params;
      const plan = await getPlan(app.db, planId);
      const file = await readUploadedFile(request.body);
      if (file?.truncated) return render(reply, plan, formErrorsFrom(tooLarge()), 413);
      let importId = 0;
      const errors = await formErrorsOf(
        async () => (importId = await service.stageImport(app.db, signedIn(request), planId, file)),
      );
      if (errors) return render(reply, plan, errors);
      return reply.redirect(importPath(planId, importId, 'mapping'), 303);
    },
  );
}

function mappingPages(app: HubApp) {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: Static<typeof ImportParams>,
    values?: Mapping,
    errors?: FormErrors,
  ) => {
    const staged = await service.getImport(app.db, signedIn(request), params.planId, params.importId);
    const chosen = values ?? staged.mapping;
    const fields = IMPORT_FIELDS.map((name) => {
      const required = name === 'title' || name === 'strand';
      return {
        name,
        label: FIELD_WORDS[name].label + (required ? '' : ' (optional)'),
        hint: FIELD_WORDS[name].hint,
        items: columnOptions(staged.sheet, chosen[name], required ? 'Select a column' : 'Not in the file'),
      };
    });
    return reply.code(errors ? 400 : 200).page(`${VIEW}/import-mapping.njk`, {
      plan: await getPlan(app.db, params.planId),
      staged,
      fields,
      errors,
      // What each column holds in its first few rows, to choose by.
      columns: columnsOfFile(staged.sheet),
    });
  };

  app.get(
    '/plans/:planId/import/:importId/mapping',
    { config: COORDINATORS, schema: { params: ImportParams } },
    async (request, reply) => render(request, reply, request.params),
  );

  app.post(
    '/plans/:planId/import/:importId/mapping',
    { config: COORDINATORS, schema: { params: ImportParams, body: MappingForm }, attachValidation: true },
    async (request, reply) => {
      const params = request.params;
      const form = readForm(request, MappingForm);
      const mapping: Mapping = mappingFromForm(form.values, IMPORT_FIELDS);
      if (!form.ok) return render(request, reply, params, mapping, form.errors);
      const errors = await formErrorsOf(() =>
        service.saveMapping(app.db, signedIn(request), params.planId, params.importId, mapping),
      );
      if (errors) return render(request, reply, params, mapping, errors);
      return reply.redirect(importPath(params.planId, params.importId, 'preview'), 303);
    },
  );
}

function previewPages(app: HubApp) {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: Static<typeof ImportParams>,
    errors?: FormErrors,
  ) => {
    const { staged, preview } = await service.previewImport(app.db, signedIn(request), params.planId, params.importId);
    return reply.code(errors ? 400 : 200).page(`${VIEW}/import-preview.njk`, {
      plan: await getPlan(app.db, params.planId),
      staged,
      preview,
      errors,
      rowErrors: preview.rows.flatMap((row) => row.errors),
      canCommit:
        !staged.committedAt && preview.counts.errors === 0 && preview.counts.created + preview.counts.updated > 0,
    });
  };

  app.get(
    '/plans/:planId/import/:importId/preview',
    { config: COORDINATORS, schema: { params: ImportParams } },
    async (request, reply) => render(request, reply, request.params),
  );

  app.post(
    '/plans/:planId/import/:importId/commit',
    { config: COORDINATORS, schema: { params: ImportParams, body: CommitForm } },
    async (request, reply) => {
      const params = request.params;
      const errors = await formErrorsOf(() =>
        service.commitImport(app.db, signedIn(request), params.planId, params.importId, request.ip),
      );
      if (errors) return render(request, reply, params, errors);
      return reply.redirect(`/plans/${params.planId}?done=imported`, 303);
    },
  );
}

function exportRoutes(app: HubApp) {
  const send = (reply: FastifyReply, filename: string, type: string, body: string | Buffer) =>
    reply
      .header('cache-control', 'no-store')
      .type(type)
      .header('content-disposition', contentDisposition(sanitiseFilename(filename)))
      .send(body);

  app.get('/plans/:planId/export.csv', { schema: { params: PlanParams } }, async (request, reply) => {
    const { planId } = request.params;
    const plan = await getPlan(app.db, planId);
    return send(reply, `${plan.title}.csv`, 'text/csv; charset=utf-8', planCsv(await planExport(app.db, plan)));
  });

  app.get('/plans/:planId/export.xlsx', { schema: { params: PlanParams } }, async (request, reply) => {
    const { planId } = request.params;
    const plan = await getPlan(app.db, planId);
    return send(
      reply,
      `${plan.title}.xlsx`,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      await planXlsx(await planExport(app.db, plan)),
    );
  });

  app.get('/plans/:planId/export.docx', { schema: { params: PlanParams } }, async (request, reply) => {
    const { planId } = request.params;
    const plan = await getPlan(app.db, planId);
    const { planDocx } = await import('./export.docx.ts');
    const docx = await planDocx(app.db, await planExport(app.db, plan));
    return send(
      reply,
      `Appendix B – ${plan.title}.docx`,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      docx,
    );
  });
}
