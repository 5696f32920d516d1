import type { Queryable } from '../../db/client.ts';

// CONTRACT (used by other modules; the meetings module owns the implementation).

export interface MeetingSummary {
  id: number;
  groupId: number;
  groupName: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  status: string;
  agendaCount: number;
  presentCount: number;
}

/** All meetings of a group, newest first. */
export async function listMeetingsOfGroup(_db: Queryable, _groupId: number): Promise<MeetingSummary[]> {
  return [];
}

/** The next meetings of the groups a person is in, soonest first. */
export async function upcomingMeetingsForPerson(_db: Queryable, _personId: number, _limit = 5): Promise<MeetingSummary[]> {
  return [];
}

/** Actions arising owned by a person and not completed, soonest due first. */
export async function openActionsForPerson(_db: Queryable, _personId: number): Promise<{ id: number; description: string; dueOn: string | null; meetingId: number; groupName: string }[]> {
  return [];
}
