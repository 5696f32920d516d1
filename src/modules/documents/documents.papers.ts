import { and, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Paper, PaperSource } from '../meetings/index.ts';
import { documents } from './documents.tables.ts';
import { visibleTo } from './documents.policy.ts';
import { listVisibleDocuments } from './documents.service.ts';

/**
 * Papers for a meeting's agenda, as the meetings module asks for them, for one user: the
 * documents of the meeting and of its group that they may see, and which of a set of papers
 * they may know exist. Need-to-know is applied in each query.
 */
export function meetingPapers(db: Queryable, user: CurrentUser): PaperSource {
  return {
    async options(meeting): Promise<Paper[]> {
      const [ofMeeting, ofGroup] = await Promise.all([
        listVisibleDocuments(db, user, { meetingId: meeting.id }),
        listVisibleDocuments(db, user, { groupId: meeting.groupId }),
      ]);
      const byId = new Map([...ofMeeting, ...ofGroup].map(({ id, title, marking }) => [id, { id, title, marking }]));
      return [...byId.values()];
    },
    async visibleIds(ids) {
      if (ids.length === 0) return new Set();
      const rows = await db
        .select({ id: documents.id })
        .from(documents)
        .where(and(inArray(documents.id, ids), visibleTo(user)));
      return new Set(rows.map((row) => row.id));
    },
  };
}
