import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';

// CONTRACT (used by other modules; the documents module owns the implementation).

export interface DocumentSummary {
  id: number;
  title: string;
  marking: 'OFFICIAL' | 'OFFICIAL-SENSITIVE';
  expectedOn: string | null;
  groupId: number | null;
  meetingId: number | null;
  /** Null when the document is only expected and has no file yet. */
  latestFileId: number | null;
  updatedAt: Date;
}

/** Documents the user may know exist (need-to-know applied), newest first. */
export async function listVisibleDocuments(_db: Queryable, _user: CurrentUser, _filter: { groupId?: number; meetingId?: number; limit?: number } = {}): Promise<DocumentSummary[]> {
  return [];
}

/** Whether the user may know the document exists. */
export async function canSeeDocument(_db: Queryable, _user: CurrentUser, _documentId: number): Promise<boolean> {
  return false;
}
