import { and, eq, isNull, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Queryable } from '../../db/client.ts';
import { ForbiddenError } from '../../errors.ts';
import { packMarking, type AgendaPack, type PackEntry } from '../../reports/pack.ts';
import { formatDate, isoTime } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { meetingPapers } from '../documents/index.ts';
import { meetingPage } from '../meetings/index.ts';
import { canReadMeetingPapers } from './papers.policy.ts';
import { papers, paperVersions } from './papers.tables.ts';

/*
 * A meeting's agenda pack for one reader: the agenda, then the latest issued version of each paper
 * of the meeting, frozen as it was issued (never built again from live data), in agenda order. A
 * paper is in the pack only for a reader the document library lets read its document; anyone else
 * finds it listed as restricted. Reading an OFFICIAL-SENSITIVE paper in a pack is a restricted
 * read of that version, recorded as reading it alone is.
 */

/*
 * Who may read a meeting's pack: those who may read every paper of its meetings
 * (papers.policy.ts canReadMeetingPapers), so a paper in the pack is left out only by its
 * document's need-to-know.
 */

/** The latest issued version of each paper of the meeting that is not withdrawn, in the order papers were written. */
function issuedPapers(db: Queryable, meetingId: number) {
  return db
    .select({
      paperId: papers.id,
      agendaItemId: papers.agendaItemId,
      documentId: papers.documentId,
      version: paperVersions.version,
      paper: paperVersions.paper,
    })
    .from(papers)
    .innerJoin(paperVersions, eq(paperVersions.paperId, papers.id))
    .where(
      and(
        eq(papers.meetingId, meetingId),
        isNull(papers.withdrawnAt),
        eq(
          paperVersions.version,
          sql`(select max(${paperVersions.version}) from ${paperVersions} where ${paperVersions.paperId} = ${papers.id})`,
        ),
      ),
    )
    .orderBy(papers.id);
}

export interface ReadPack {
  pack: AgendaPack;
  meeting: { id: number; groupId: number; groupName: string; startsAt: Date };
  /** The agenda items, for the page that says no papers have been issued yet. */
  items: { id: number; position: number; title: string }[];
  /** No paper of the meeting has been issued (restricted ones count as issued). */
  empty: boolean;
  sensitive: boolean;
}

/**
 * The pack for a reader who may read it (ForbiddenError for anyone else), recording each
 * OFFICIAL-SENSITIVE paper it includes as read `as` a page or a Word document.
 */
export async function readPack(
  db: Queryable,
  user: CurrentUser,
  meetingId: number,
  as: 'pack' | 'pack.docx',
): Promise<ReadPack> {
  const library = meetingPapers(db, user);
  const { meeting, items } = await meetingPage(db, user, meetingId, library);
  if (!canReadMeetingPapers(user, meeting.groupId))
    throw new ForbiddenError('Only coordinators and members of the meeting’s group can read its agenda pack');
  const issued = await issuedPapers(db, meetingId);
  const visible = await library.visibleIds(issued.flatMap((row) => (row.documentId ? [row.documentId] : [])));
  let number = 0;
  const included: typeof issued = [];
  const entriesOf = (agendaItemId: number): PackEntry[] =>
    issued
      .filter((row) => row.agendaItemId === agendaItemId)
      .map((row) => {
        if (!row.documentId || !visible.has(row.documentId)) return { kind: 'restricted' };
        included.push(row);
        return { kind: 'paper', number: ++number, paper: row.paper };
      });
  const pack: AgendaPack = {
    meeting: {
      body: meeting.groupName,
      date: formatDate(meeting.startsAt),
      time: `${isoTime(meeting.startsAt)} to ${isoTime(meeting.endsAt)}`,
      place: meeting.location,
    },
    items: items.map((item) => ({
      number: item.position,
      title: item.title,
      presenter: item.presenterName ?? null,
      entries: entriesOf(item.id),
    })),
  };
  for (const row of included)
    if (row.paper.header.marking === 'OFFICIAL-SENSITIVE')
      await recordAudit(db, {
        action: 'paper.version_read',
        user,
        subjectType: 'paper',
        subjectId: row.paperId,
        detail: { version: row.version, as, meetingId },
      });
  return {
    pack,
    meeting,
    items: items.map(({ id, position, title }) => ({ id, position, title })),
    empty: issued.length === 0,
    sensitive: packMarking(pack) === 'OFFICIAL-SENSITIVE',
  };
}
