import { and, eq, isNull } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import type { MinutesDocument } from '../../reports/docx.ts';
import { PAPER_MARKINGS, higherMarking, type PaperMarking } from '../../reports/paper.ts';
import { formatDate, isoTime, label } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { meetingPapers } from '../documents/index.ts';
import {
  attendanceSheet,
  listMeetingsOfGroup,
  meetingLabels,
  meetingPage,
  summariseByOrganisation,
} from '../meetings/index.ts';
import { approvesAt, canApproveMinutes, canReadMinutes, checkApproval, draftMinutesRow } from './minutes.policy.ts';
import { meetingMinutes, papers, paperVersions } from './papers.tables.ts';

/*
 * A meeting's minutes, gathered from the meetings module's records (attendance by organisation, each
 * agenda item's minute and the decisions on its recommendations, actions arising) and printed in
 * the papers' house style. They are marked as the highest of the papers issued to the meeting, and
 * stay a draft until approved at a later meeting of the group.
 */

/** The highest marking of any version issued of the meeting's papers (not withdrawn): OFFICIAL at least. */
async function minutesMarking(db: Queryable, meetingId: number): Promise<PaperMarking> {
  const rows = await db
    .selectDistinct({ marking: paperVersions.marking })
    .from(paperVersions)
    .innerJoin(papers, eq(papers.id, paperVersions.paperId))
    .where(and(eq(papers.meetingId, meetingId), isNull(papers.withdrawnAt)));
  return rows.reduce<PaperMarking>((high, row) => higherMarking(high, row.marking), PAPER_MARKINGS[0]);
}

async function minutesRow(db: Queryable, meetingId: number) {
  const [row] = await db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId));
  return row;
}

type Recommendation = Awaited<ReturnType<typeof meetingPage>>['meetingRecommendations'][number];

/** Standing recommendations with the meeting's decision in words ("Declined: no budget this year"). */
const decisionsOf = (recommendations: Recommendation[]) =>
  recommendations
    .filter((rec) => !rec.withdrawn)
    .map((rec) => ({
      number: rec.number,
      text: rec.text,
      decision: rec.decision ? `${label(rec.decision)}${rec.reason ? `: ${rec.reason}` : ''}` : 'Not yet decided',
    }));

/** "Draft", or the meeting that approved them. */
async function statusWords(db: Queryable, minutes: Awaited<ReturnType<typeof minutesRow>>): Promise<string> {
  if (!minutes?.approvedAtMeetingId) return 'Draft';
  const at = (await meetingLabels(db, [minutes.approvedAtMeetingId])).get(minutes.approvedAtMeetingId);
  return `Approved at the meeting on ${formatDate(at?.startsAt)}`;
}

/**
 * The minutes for a reader who may read them (NotFoundError for anyone else, as for no meeting),
 * with what the page offers them. A read of OFFICIAL-SENSITIVE minutes is recorded; `as` says when
 * they left the Hub as a file.
 */
export async function minutesFor(db: Queryable, user: CurrentUser, meetingId: number, as?: 'docx') {
  const page = await meetingPage(db, user, meetingId, meetingPapers(db, user));
  const { meeting } = page;
  const marking = await minutesMarking(db, meetingId);
  if (!canReadMinutes(user, meeting, marking)) throw new NotFoundError('meeting');
  const [attendance, minutes, groupMeetings] = await Promise.all([
    attendanceSheet(db, meeting).then(summariseByOrganisation),
    minutesRow(db, meetingId),
    listMeetingsOfGroup(db, meeting.groupId),
  ]);
  const document: MinutesDocument = {
    body: meeting.groupName,
    meetingDate: formatDate(meeting.startsAt),
    time: `${isoTime(meeting.startsAt)} to ${isoTime(meeting.endsAt)}`,
    place: meeting.location ?? 'Not recorded',
    marking,
    status: await statusWords(db, minutes),
    attendance,
    items: page.items.map((item, index) => ({
      number: index + 1,
      title: item.title,
      presenter: item.presenterName,
      minute: item.minute,
      decisions: decisionsOf(item.recommendations),
    })),
    meetingDecisions: decisionsOf(page.meetingRecommendations),
    actions: page.items.flatMap((item, index) =>
      item.actions.map((action) => ({
        item: index + 1,
        description: action.description,
        owner: action.ownerName ?? 'No owner',
        due: action.dueOn ? formatDate(action.dueOn) : 'No date',
        status: action.completedOn ? `Done ${formatDate(action.completedOn)}` : 'Open',
      })),
    ),
  };
  const sensitive = marking !== PAPER_MARKINGS[0];
  if (sensitive)
    await recordAudit(db, {
      action: 'minutes.read',
      user,
      subjectType: 'meeting',
      subjectId: meetingId,
      detail: as ? { marking, as } : { marking },
    });
  return {
    meeting,
    document,
    sensitive,
    canApprove: canApproveMinutes(user, meeting, minutes),
    // Soonest first: the next meeting is the one that usually approves them.
    laterMeetings: groupMeetings.filter((m) => approvesAt(meeting, m)).reverse(),
  };
}

/**
 * Marks a held meeting's minutes approved at a later meeting of its group, once; refused for a
 * meeting not yet held, for a meeting of another group or an earlier one, and a second time.
 */
export async function approveMinutes(db: Database, user: CurrentUser, meetingId: number, approvedAtMeetingId: number) {
  const minuted = (await meetingLabels(db, [meetingId])).get(meetingId);
  if (!minuted) throw new NotFoundError('meeting');
  const groupMeetings = await listMeetingsOfGroup(db, minuted.groupId);
  const meeting = groupMeetings.find((m) => m.id === meetingId)!;
  const at = groupMeetings.find((m) => m.id === approvedAtMeetingId);
  await db.transaction(async (tx) => {
    checkApproval(user, meeting, await minutesRow(tx, meetingId), at);
    const approval = {
      status: 'approved' as const,
      approvedAtMeetingId,
      approvedBy: user.accountId,
      approvedAt: new Date(),
    };
    // Two people approving at once: the row changes only while still a draft, so the second is refused.
    const changed = await tx
      .insert(meetingMinutes)
      .values({ meetingId, ...approval })
      .onConflictDoUpdate({ target: meetingMinutes.meetingId, set: approval, setWhere: draftMinutesRow })
      .returning({ meetingId: meetingMinutes.meetingId });
    if (!changed.length) throw new FormError('approvedAtMeetingId', 'These minutes have already been approved');
    await recordAudit(tx, {
      action: 'minutes.approved',
      user,
      subjectType: 'meeting',
      subjectId: meetingId,
      detail: { approvedAtMeetingId },
    });
  });
}
