// What other parts of the Hub may use of the documents module. Everything else in this folder is its own.
export { MAX_UPLOAD_BYTES, contentDisposition, sanitiseFilename } from './documents.files.ts';
export { multipartBody, readUploadedFile, type UploadedFile } from './documents.forms.ts';
export { documentsRoutes } from './documents.routes.ts';
export { SENSITIVE } from './documents.policy.ts';
export { canSeeDocument, getDocument, listVisibleDocuments, searchDocuments } from './documents.service.ts';
// A resource's file (src/modules/resources): kept in the library, each upload a new version.
export { addVersion, createDocument, listVersions } from './documents.service.ts';
// The meeting page (src/pages/meeting.page.ts): papers for a meeting's agenda.
export { meetingPapers } from './documents.papers.ts';
// Answers the accounts module's question: who must have a second factor for the papers they can read.
export { registerDocumentAnswers } from './sensitive-groups.reads.ts';
