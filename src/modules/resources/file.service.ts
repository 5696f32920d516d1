import { and, eq, isNull } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { addVersion, createDocument, listVersions, type UploadedFile } from '../documents/index.ts';
import { checkManageResources, isWithdrawn } from './resources.policy.ts';
import { resourceRecord } from './resources.service.ts';
import { resources } from './resources.tables.ts';

/*
 * A resource's file (a DVD's leaflet, a lesson plan) is a document of the library, OFFICIAL and
 * seen by everyone signed in, so the library's limits, checks and download serve it. The first
 * upload adds the document; each later one is a new version of it, nothing overwritten.
 */

export async function uploadResourceFile(
  db: Database,
  user: CurrentUser,
  resourceId: number,
  file: UploadedFile | undefined,
): Promise<void> {
  checkManageResources(user);
  const resource = await resourceRecord(db, resourceId);
  if (isWithdrawn(resource))
    throw new FormError('file', 'This resource has been withdrawn: its file can no longer be changed');
  if (!file) throw new FormError('file', 'Select the file of the resource');
  const documentId =
    resource.documentId ??
    (await createDocument(db, user, {
      title: resource.title,
      description: `The file of the resource ${resource.title}`,
      file,
    }));
  const fileId = resource.documentId ? await addVersion(db, user, documentId, file) : null;
  await db.transaction(async (tx) => {
    if (!resource.documentId)
      await tx
        .update(resources)
        .set({ documentId })
        .where(and(eq(resources.id, resourceId), isNull(resources.documentId)));
    await recordAudit(tx, {
      action: 'resource.file_uploaded',
      user,
      subjectType: 'resource',
      subjectId: resourceId,
      detail: { documentId, fileId, filename: file.filename, size: file.content.length },
    });
  });
}

/** The versions of a resource's file, newest first (none when it has no file). */
export async function resourceFiles(db: Queryable, documentId: number | null) {
  return documentId ? listVersions(db, documentId) : [];
}
