import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, FormError } from '../../errors.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsFrom, formErrorsOf, formSchema, readForm, type FormErrors } from '../../views/forms.ts';
import { listGroupOptions } from '../groups/index.ts';
import { listAreas } from '../partnership/index.ts';
import { AUDIENCES, MARKINGS } from './documents.tables.ts';
import { MAX_UPLOAD_BYTES, contentDisposition } from './documents.files.ts';
import {
  DocumentParams,
  EditDocumentForm,
  FileParams,
  LibraryQuery,
  multipartBody,
  NewDocumentForm,
  NewDocumentQuery,
  NewVersionForm,
  readMultipart,
  readUploadedFile,
  type UploadedFile,
} from './documents.forms.ts';
import { canDocument, isSensitive, mayAddDocuments } from './documents.policy.ts';
import * as service from './documents.service.ts';

const CsrfOnlyForm = formSchema({});

const VIEW = 'documents/views';
type Values = Record<string, unknown>;

export async function documentsRoutes(app: HubApp) {
  const maxMegabytes = Math.round(MAX_UPLOAD_BYTES / 1024 / 1024);
  const tooLarge = () => new FormError('file', `The selected file must be smaller than ${maxMegabytes}MB`);
  /*
   * Uploads: a file over the limit is cut short rather than thrown, so the guard still checks
   * the CSRF token and the route can answer with the form and a GOV.UK message.
   */
  const upload = {
    upload: true,
    multipartOptions: { throwFileSizeLimit: false, limits: { fileSize: MAX_UPLOAD_BYTES } },
  };

  const user = (request: FastifyRequest) => signedIn(request);

  /** A refused upload: the file was too big (413) or the form is wrong (400). */
  const statusFor = (file: UploadedFile | undefined) => (file?.truncated ? 413 : 400);

  // The library.
  app.get('/documents', { schema: { querystring: LibraryQuery } }, async (request, reply) => {
    const { query } = request;
    const filter = {
      groupId: query.groupId,
      areaId: query.areaId,
      marking: query.marking,
      expectedOnly: Boolean(query.expected),
    };
    const rows = await service.listLibrary(app.db, user(request), filter);
    if (rows.some(isSensitive)) reply.sensitive();
    return reply.page(`${VIEW}/list.njk`, {
      documents: rows,
      filter,
      filtered: Boolean(filter.groupId || filter.areaId || filter.marking || filter.expectedOnly),
      groups: await listGroupOptions(app.db),
      areas: await listAreas(app.db),
      markings: MARKINGS,
      canAdd: mayAddDocuments(user(request)),
    });
  });

  // Adding a document.
  const assertMayAdd = (request: FastifyRequest) => {
    if (!mayAddDocuments(user(request))) throw new ForbiddenError('You cannot add documents');
  };

  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors?: FormErrors,
    status = 400,
  ) => {
    const allGroups = await listGroupOptions(app.db);
    const me = user(request);
    return reply.code(errors ? status : 200).page(`${VIEW}/new.njk`, {
      values,
      errors,
      groups: allGroups,
      // A member adds papers only to their own groups' libraries.
      libraryGroups: allGroups.filter((g) => canDocument(me, 'add', { groupId: g.id })),
      partnershipLibrary: canDocument(me, 'add', { groupId: null }),
      meetings: await service.listMeetingOptions(app.db),
      areas: await listAreas(app.db),
      markings: MARKINGS,
      audiences: AUDIENCES,
      everyoneCount: await service.countPeopleSignedIn(app.db),
      maxMegabytes,
    });
  };

  app.get('/documents/new', { schema: { querystring: NewDocumentQuery } }, async (request, reply) => {
    assertMayAdd(request);
    const { query } = request;
    // Audience left unchosen: the service then picks it from the marking and the groups ticked.
    return renderNew(request, reply, { groupId: query.groupId, meetingId: query.meetingId, marking: 'OFFICIAL' });
  });

  app.post(
    '/documents',
    { config: upload, schema: { body: multipartBody(NewDocumentForm, true) } },
    async (request, reply) => {
      assertMayAdd(request);
      const form = readMultipart(request.body, NewDocumentForm);
      const file = await readUploadedFile(request.body);
      if (file?.truncated) return renderNew(request, reply, form.values, formErrorsFrom(tooLarge()), 413);
      if (!form.ok) return renderNew(request, reply, form.values, form.errors);
      let id = 0;
      const errors = await formErrorsOf(
        async () => (id = await service.createDocument(app.db, user(request), { ...form.values, file })),
      );
      if (errors) return renderNew(request, reply, form.values, errors);
      return reply.redirect(`/documents/${id}`, 303);
    },
  );

  // One document.
  const renderShow = async (
    request: FastifyRequest,
    reply: FastifyReply,
    documentId: number,
    errors?: FormErrors,
    status = 400,
  ) => {
    const me = user(request);
    const { document, audienceGroups, versions } = await service.viewDocument(app.db, me, documentId, request.ip);
    if (isSensitive(document)) reply.sensitive();
    return reply.code(errors ? status : 200).page(`${VIEW}/show.njk`, {
      title: document.title,
      marking: document.marking,
      document,
      audienceGroups,
      versions,
      canManage: canDocument(me, 'edit', document),
      errors,
      maxMegabytes,
    });
  };

  app.get('/documents/:documentId', { schema: { params: DocumentParams } }, async (request, reply) => {
    return renderShow(request, reply, request.params.documentId);
  });

  app.post(
    '/documents/:documentId/files',
    { config: upload, schema: { params: DocumentParams, body: multipartBody(NewVersionForm, true) } },
    async (request, reply) => {
      const { documentId } = request.params;
      const file = await readUploadedFile(request.body);
      const me = user(request);
      const errors = await formErrorsOf(async () => {
        if (!file?.truncated) return service.addVersion(app.db, me, documentId, file);
        // Need-to-know and the right to change it come first: a refusal must not hint it exists.
        await service.getDocumentToEdit(app.db, me, documentId, 'replace');
        throw tooLarge();
      });
      if (errors) return renderShow(request, reply, documentId, errors, statusFor(file));
      return reply.redirect(`/documents/${documentId}`, 303);
    },
  );

  app.get('/documents/:documentId/files/:fileId', { schema: { params: FileParams } }, async (request, reply) => {
    const { documentId, fileId } = request.params;
    const file = await service.downloadFile(app.db, user(request), documentId, fileId, request.ip);
    if (isSensitive(file)) reply.sensitive();
    return (
      reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.filename))
        .header('x-content-type-options', 'nosniff')
        // Should a browser open it anyway, it runs nothing and reaches nothing.
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(file.content)
    );
  });

  // Editing and archiving.
  const renderEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    documentId: number,
    values?: Values,
    errors?: FormErrors,
  ) => {
    const { document, audienceGroupIds } = await service.getDocumentToEdit(app.db, user(request), documentId);
    if (isSensitive(document)) reply.sensitive();
    const current = {
      title: document.title,
      description: document.description,
      marking: document.marking,
      audience: document.audience,
      audienceGroupIds,
    };
    return reply.code(errors ? 400 : 200).page(`${VIEW}/edit.njk`, {
      marking: document.marking,
      document,
      values: values ?? current,
      errors,
      groups: await listGroupOptions(app.db),
      markings: MARKINGS,
      audiences: AUDIENCES,
      everyoneCount: await service.countPeopleSignedIn(app.db),
    });
  };

  app.get('/documents/:documentId/edit', { schema: { params: DocumentParams } }, async (request, reply) => {
    return renderEdit(request, reply, request.params.documentId);
  });

  app.post(
    '/documents/:documentId/edit',
    { schema: { params: DocumentParams, body: EditDocumentForm }, attachValidation: true },
    async (request, reply) => {
      const { documentId } = request.params;
      const form = readForm(request, EditDocumentForm);
      if (!form.ok) return renderEdit(request, reply, documentId, form.values, form.errors);
      const errors = await formErrorsOf(() => service.updateDocument(app.db, user(request), documentId, form.values));
      if (errors) return renderEdit(request, reply, documentId, form.values, errors);
      // Someone who narrows the audience to groups they are not in no longer sees the page.
      const stillVisible = await service.canSeeDocument(app.db, user(request), documentId);
      return reply.redirect(stillVisible ? `/documents/${documentId}` : '/documents', 303);
    },
  );

  app.post(
    '/documents/:documentId/archive',
    { schema: { params: DocumentParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { documentId } = request.params;
      await service.archiveDocument(app.db, user(request), documentId);
      return reply.redirect(`/documents/${documentId}`, 303);
    },
  );
}
