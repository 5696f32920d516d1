import type { FastifyReply } from 'fastify';
import { COORDINATORS } from '../../auth/policy.ts';
import { FormError } from '../../errors.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsFrom, formErrorsOf, type FormErrors } from '../../views/forms.ts';
import { MAX_UPLOAD_BYTES, multipartBody, readUploadedFile } from '../documents/index.ts';
import { resourceFiles, uploadResourceFile } from './file.service.ts';
import { ResourceFileForm, ResourceParams } from './resources.forms.ts';
import { resourceDetail, type ResourceDetail } from './resources.reads.ts';

const VIEW = 'resources/views';
const MAX_MEGABYTES = Math.round(MAX_UPLOAD_BYTES / 1024 / 1024);
/* The library's limit; a file over it is cut short rather than thrown, so the guard still checks the CSRF token. */
const UPLOAD = {
  ...COORDINATORS,
  upload: true,
  multipartOptions: { throwFileSizeLimit: false, limits: { fileSize: MAX_UPLOAD_BYTES } },
};

/** A resource's file: its versions, and a coordinator's upload of a new one. */
export function fileRoutes(app: HubApp): void {
  const render = async (reply: FastifyReply, resource: ResourceDetail, errors?: FormErrors, status = 400) =>
    reply.code(errors ? status : 200).page(`${VIEW}/file-upload.njk`, {
      title: `Upload the file of ${resource.title}`,
      resource,
      versions: await resourceFiles(app.db, resource.documentId),
      errors,
      maxMegabytes: MAX_MEGABYTES,
    });

  app.get(
    '/resources/:resourceId/file',
    { config: COORDINATORS, schema: { params: ResourceParams } },
    async (request, reply) => render(reply, await resourceDetail(app.db, request.params.resourceId)),
  );

  app.post(
    '/resources/:resourceId/file',
    { config: UPLOAD, schema: { params: ResourceParams, body: multipartBody(ResourceFileForm, true) } },
    async (request, reply) => {
      const resource = await resourceDetail(app.db, request.params.resourceId);
      const file = await readUploadedFile(request.body);
      if (file?.truncated) {
        const tooLarge = new FormError('file', `The selected file must be smaller than ${MAX_MEGABYTES}MB`);
        return render(reply, resource, formErrorsFrom(tooLarge), 413);
      }
      const errors = await formErrorsOf(() => uploadResourceFile(app.db, signedIn(request), resource.id, file));
      if (errors) return render(reply, resource, errors);
      return reply.redirect(`/resources/${resource.id}?done=file-uploaded`, 303);
    },
  );
}
