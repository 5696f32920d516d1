import { and, desc, eq, inArray, max } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError } from '../../errors.ts';
import { groupNames, listGroupOptions } from '../groups/index.ts';
import { isComingMeeting } from './meetings.policy.ts';
import { listMeetingsOfGroup } from './meetings.service.ts';
import { agendaItems, meetings } from './meetings.tables.ts';

/*
 * What the events module reads of meetings (an event may be linked to a group meeting), and the
 * one thing it writes: a workshop's minute on the linked meeting's agenda.
 */

export interface MeetingLabel {
  id: number;
  startsAt: Date;
  groupId: number;
  groupName: string;
}

async function labelled(db: Queryable, rows: Omit<MeetingLabel, 'groupName'>[]): Promise<MeetingLabel[]> {
  const names = await groupNames(
    db,
    rows.map((r) => r.groupId),
  );
  return rows.map((r) => ({ ...r, groupName: names.get(r.groupId) ?? '' }));
}

const columns = { id: meetings.id, startsAt: meetings.startsAt, groupId: meetings.groupId };

/** These meetings with their group's name, by id. Two queries, whatever the number of ids. */
export async function meetingLabels(db: Queryable, meetingIds: readonly number[]): Promise<Map<number, MeetingLabel>> {
  const ids = [...new Set(meetingIds)];
  if (!ids.length) return new Map();
  const rows = await db.select(columns).from(meetings).where(inArray(meetings.id, ids));
  return new Map((await labelled(db, rows)).map((m) => [m.id, m]));
}

/** The most recent meetings (newest first) with their group's name, for a select box. */
export async function recentMeetings(db: Queryable, limit: number): Promise<MeetingLabel[]> {
  const rows = await db.select(columns).from(meetings).orderBy(desc(meetings.startsAt)).limit(limit);
  return labelled(db, rows);
}

/**
 * Puts a minute on a meeting's agenda under `title`: an item at the end of the agenda, created
 * the first time; writing again replaces that item's minute. It is a record of what happened,
 * so it carries no recommendation for the meeting to decide.
 */
export async function putMinuteOnAgenda(db: Database, meetingId: number, title: string, minute: string) {
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: agendaItems.id })
      .from(agendaItems)
      .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.title, title)));
    if (existing) {
      await tx.update(agendaItems).set({ minute }).where(eq(agendaItems.id, existing.id));
      return;
    }
    const [last] = await tx
      .select({ position: max(agendaItems.position) })
      .from(agendaItems)
      .where(eq(agendaItems.meetingId, meetingId));
    await tx.insert(agendaItems).values({ meetingId, position: (last?.position ?? 0) + 1, title, minute });
  });
}

/**
 * Puts an item on a group's next meeting to come (its minute saying where to read more): for the
 * modules whose records go on agendas (an area's tension, an impact assessment). Returns the
 * meeting's id; a FormError on `groupId` when the group has none scheduled.
 */
export async function putOnNextAgenda(db: Database, groupId: number, item: { title: string; minute: string }) {
  if (!(await listGroupOptions(db)).some((g) => g.id === groupId))
    throw new FormError('groupId', 'Select the group whose next meeting should discuss it');
  const now = new Date();
  const [next] = (await listMeetingsOfGroup(db, groupId))
    .filter((m) => isComingMeeting(m, now))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (!next) throw new FormError('groupId', 'That group has no meeting scheduled: schedule one first');
  await putMinuteOnAgenda(db, next.id, item.title, item.minute);
  return next.id;
}
