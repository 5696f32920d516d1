import { and, eq, isNull, min } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { canRunMeetingsOf } from '../../auth/policy.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import { isoDate } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { groupBasics } from '../groups/index.ts';
import { workingDaysBefore } from './late.dates.ts';
import { groupPaperSettings, papers, paperVersions } from './papers.tables.ts';

/*
 * Late papers. A group's papers are due a number of working days before each of its meetings
 * (7 unless those who run its meetings set another, from 0 to 30). An agenda item's paper is late
 * when it was first issued after the due date, or when it is being written in the Hub, not issued
 * yet, and the day has passed. An item with no paper in the Hub (a verbal item, or a paper attached
 * by hand from the library, which has no issue date) is never shown late: nothing says one is owed.
 */

export const DEFAULT_DUE_WORKING_DAYS = 7;

/** How many working days before its meetings a group's papers are due. */
export async function dueWorkingDaysOf(db: Queryable, groupId: number): Promise<number> {
  const [row] = await db
    .select({ days: groupPaperSettings.dueWorkingDays })
    .from(groupPaperSettings)
    .where(eq(groupPaperSettings.groupId, groupId));
  return row?.days ?? DEFAULT_DUE_WORKING_DAYS;
}

/** The group the setting belongs to, for one who runs its meetings (ForbiddenError for anyone else). */
export async function groupToSet(db: Queryable, user: CurrentUser, groupId: number) {
  const group = await groupBasics(db, groupId);
  if (!group) throw new NotFoundError('group');
  if (!canRunMeetingsOf(user, groupId))
    throw new ForbiddenError('Only coordinators and members of this group can change when its papers are due');
  return group;
}

/** Sets when the group's papers are due; the change is audited with what it was before. */
export async function setDueWorkingDays(db: Database, user: CurrentUser, groupId: number, days: number) {
  await groupToSet(db, user, groupId);
  await db.transaction(async (tx) => {
    const before = await dueWorkingDaysOf(tx, groupId);
    const values = { dueWorkingDays: days, updatedBy: user.accountId, updatedAt: new Date() };
    await tx
      .insert(groupPaperSettings)
      .values({ groupId, ...values })
      .onConflictDoUpdate({ target: groupPaperSettings.groupId, set: values });
    await recordAudit(tx, {
      action: 'paper_settings.updated',
      user,
      subjectType: 'group',
      subjectId: groupId,
      detail: { dueWorkingDays: { from: before, to: days } },
    });
  });
}

export interface PaperDue {
  /** The London date the item's paper is due (YYYY-MM-DD). */
  dueOn: string;
  /** The London date its board paper was first issued, if it has been. */
  issuedOn: string | null;
  late: boolean;
}

/**
 * The agenda items that have a board paper in the Hub (not withdrawn), each with when it was first
 * issued (null while still a draft): one query for the meeting.
 */
async function papersByItem(db: Queryable, meetingId: number): Promise<Map<number, Date | null>> {
  const rows = await db
    .select({ agendaItemId: papers.agendaItemId, issuedAt: min(paperVersions.issuedAt) })
    .from(papers)
    .leftJoin(paperVersions, eq(paperVersions.paperId, papers.id))
    .where(and(eq(papers.meetingId, meetingId), isNull(papers.withdrawnAt)))
    .groupBy(papers.agendaItemId);
  return new Map(rows.map((row) => [row.agendaItemId, row.issuedAt]));
}

/**
 * Each agenda item's paper due date and whether it is late, for the meeting page: the group's
 * setting and the meeting's issued papers, read once for all its items.
 */
export async function agendaPapersDue(
  db: Queryable,
  meeting: { id: number; groupId: number; startsAt: Date },
  items: { id: number }[],
  today = isoDate(new Date()),
): Promise<{ dueWorkingDays: number; byItem: Map<number, PaperDue> }> {
  const [dueWorkingDays, written] = await Promise.all([
    dueWorkingDaysOf(db, meeting.groupId),
    papersByItem(db, meeting.id),
  ]);
  const dueOn = workingDaysBefore(isoDate(meeting.startsAt), dueWorkingDays);
  const byItem = new Map<number, PaperDue>();
  for (const item of items) {
    const issuedAt = written.get(item.id);
    const issuedOn = issuedAt ? isoDate(issuedAt) : null;
    const late = issuedOn ? issuedOn > dueOn : issuedAt === null && today > dueOn;
    byItem.set(item.id, { dueOn, issuedOn, late });
  }
  return { dueWorkingDays, byItem };
}
