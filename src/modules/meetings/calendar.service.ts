import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, sql, type SQL } from 'drizzle-orm';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import { hasEnabledAccount } from '../accounts/index.ts';
import {
  calendarTokenOf as storedCalendarToken,
  peopleNames,
  personWithCalendarToken,
  setCalendarToken,
} from '../organisations/index.ts';
import { isCancelled } from './meetings.policy.ts';
import { getGroupBasics, ofCurrentGroupsOf, withGroupNames } from './meetings.service.ts';
import { meetings } from './meetings.tables.ts';

/** Feeds reach back a year: enough for "when did we last meet", small enough to fetch often. */
const FEED_HISTORY = sql`now() - interval '1 year'`;

interface CalendarMeeting {
  id: number;
  groupName: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  status: string;
}

async function feedMeetings(db: Queryable, where: SQL): Promise<CalendarMeeting[]> {
  const rows = await db
    .select({
      id: meetings.id,
      groupId: meetings.groupId,
      startsAt: meetings.startsAt,
      endsAt: meetings.endsAt,
      location: meetings.location,
      status: meetings.status,
    })
    .from(meetings)
    .where(and(where, gte(meetings.startsAt, FEED_HISTORY)))
    .orderBy(asc(meetings.startsAt));
  return withGroupNames(db, rows);
}

/**
 * The iCalendar text. Only when and where: agendas and minutes stay in the Hub, because a
 * calendar copies what it is given to phones and other services.
 */
export function toICalendar(name: string, list: CalendarMeeting[]): string {
  const calendar = ical({ name, prodId: { company: 'Prevent Partnership Hub', product: 'Meetings', language: 'EN' } });
  for (const meeting of list) {
    calendar.createEvent({
      // Stable per meeting, so calendar apps update an event rather than adding a copy.
      id: `meeting-${meeting.id}@prevent-partnership-hub`,
      summary: `${meeting.groupName} meeting`,
      start: meeting.startsAt,
      end: meeting.endsAt,
      location: meeting.location,
      status: isCancelled(meeting) ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

export async function groupCalendar(db: Queryable, groupId: number): Promise<string> {
  const group = await getGroupBasics(db, groupId);
  return toICalendar(`${group.name} meetings`, await feedMeetings(db, eq(meetings.groupId, groupId)));
}

export async function personCalendar(db: Queryable, personId: number): Promise<string> {
  const name = (await peopleNames(db, [personId])).get(personId);
  if (name === undefined) throw new NotFoundError('person');
  return toICalendar(`Meetings for ${name}`, await feedMeetings(db, await ofCurrentGroupsOf(db, personId)));
}

/**
 * The feed behind a subscription URL. The token is the credential, so it stops working when
 * the person's account is disabled; an unknown token looks like any missing page.
 */
export async function calendarForToken(db: Queryable, token: string): Promise<string> {
  const personId = await personWithCalendarToken(db, token);
  if (personId === undefined || !(await hasEnabledAccount(db, personId))) throw new NotFoundError();
  return personCalendar(db, personId);
}

export async function calendarTokenOf(db: Queryable, personId: number): Promise<string | null> {
  return storedCalendarToken(db, personId);
}

/** A new subscription token for one's own calendar; the old one stops working at once. */
export async function renewCalendarToken(db: Queryable, user: CurrentUser, personId: number): Promise<string> {
  if (personId !== user.personId) throw new ForbiddenError('You can only make a calendar link for yourself');
  const token = randomBytes(32).toString('base64url');
  await setCalendarToken(db, personId, token);
  return token;
}
