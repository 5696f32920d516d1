import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { groupName } from '../groups/index.ts';
import { agendaItems, meetings } from './meetings.tables.ts';

/*
 * What a board paper (the papers module) reads of the agenda item it is written for: the item's
 * number on the agenda, and the meeting it goes to with its group's name. One query.
 */

export interface PaperAgendaItem {
  id: number;
  position: number;
  title: string;
  meetingId: number;
  groupId: number;
  groupName: string;
  startsAt: Date;
}

/** The agenda item with its meeting and group, or null. */
export async function paperAgendaItem(db: Queryable, agendaItemId: number): Promise<PaperAgendaItem | null> {
  const [row] = await db
    .select({
      id: agendaItems.id,
      position: agendaItems.position,
      title: agendaItems.title,
      meetingId: meetings.id,
      groupId: meetings.groupId,
      groupName: groupName(meetings.groupId),
      startsAt: meetings.startsAt,
    })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(eq(agendaItems.id, agendaItemId));
  return row ? { ...row, groupName: row.groupName ?? '' } : null;
}
