import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, isNull, sql, type SQL } from 'drizzle-orm';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import { accounts } from '../accounts/accounts.tables.ts';
import { groups } from '../groups/groups.tables.ts';
import { people } from '../organisations/organisations.tables.ts';
import { isCancelled } from './meetings.policy.ts';
import { currentGroupsOf, getGroupBasics } from './meetings.service.ts';
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

function feedMeetings(db: Queryable, where: SQL): Promise<CalendarMeeting[]> {
  return db
    .select({
      id: meetings.id,
      groupName: groups.name,
      startsAt: meetings.startsAt,
      endsAt: meetings.endsAt,
      location: meetings.location,
      status: meetings.status,
    })
    .from(meetings)
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .where(and(where, gte(meetings.startsAt, FEED_HISTORY)))
    .orderBy(asc(meetings.startsAt));
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
  const [person] = await db.select({ name: people.name }).from(people).where(eq(people.id, personId));
  if (!person) throw new NotFoundError('person');
  return toICalendar(
    `Meetings for ${person.name}`,
    await feedMeetings(db, sql`${meetings.groupId} in ${currentGroupsOf(personId)}`),
  );
}

/**
 * The feed behind a subscription URL. The token is the credential, so it stops working when
 * the person's account is disabled; an unknown token looks like any missing page.
 */
export async function calendarForToken(db: Queryable, token: string): Promise<string> {
  const [owner] = await db
    .select({ personId: people.id })
    .from(people)
    .innerJoin(accounts, eq(accounts.personId, people.id))
    .where(and(eq(people.calendarToken, token), isNull(accounts.disabledAt)));
  if (!owner) throw new NotFoundError();
  return personCalendar(db, owner.personId);
}

export async function calendarTokenOf(db: Queryable, personId: number): Promise<string | null> {
  const [person] = await db.select({ token: people.calendarToken }).from(people).where(eq(people.id, personId));
  return person?.token ?? null;
}

/** A new subscription token for one's own calendar; the old one stops working at once. */
export async function renewCalendarToken(db: Queryable, user: CurrentUser, personId: number): Promise<string> {
  if (personId !== user.personId) throw new ForbiddenError('You can only make a calendar link for yourself');
  const token = randomBytes(32).toString('base64url');
  await db.update(people).set({ calendarToken: token }).where(eq(people.id, personId));
  return token;
}
