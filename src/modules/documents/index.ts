// What other parts of the Hub may use of the documents module. Everything else in this folder is its own.
export { MAX_UPLOAD_BYTES, contentDisposition, sanitiseFilename } from './documents.files.ts';
export { multipartBody, readUploadedFile, type UploadedFile } from './documents.forms.ts';
export { documentsRoutes } from './documents.routes.ts';
export {
  SENSITIVE,
  canSeeDocument,
  getDocument,
  listVisibleDocuments,
  searchDocuments,
  type DocumentSummary,
} from './documents.service.ts';
export { meetingPapers } from './documents.papers.ts';
