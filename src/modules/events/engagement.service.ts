import { and, asc, gte, inArray, lte } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { FormError } from '../../errors.ts';
import { eventNotDraft } from './events.policy.ts';
import { EVENT_AUDIENCES, eventAudiences, events, type EventAudience } from './events.tables.ts';

/*
 * The engagement log: which events were held in a period, whom they reached and how many came,
 * and, as important, which audiences the partnership did NOT reach (councillors, young people
 * outside schools, women…, as the reviews of engagement keep asking).
 */

/**
 * One thing held that reached people, as the engagement log lists it: an event here, and from the
 * modules above, a project delivery or a training session. Each module that contributes exports
 * `engagementEntries(db, period)` returning these; the log page gathers them.
 */
export interface EngagementEntry {
  /** A code the `label` filter words: 'event', 'project_delivery', 'training_session'. */
  kind: string;
  title: string;
  /** The record's page, for those who may open it. */
  href: string | null;
  heldOn: string;
  place: string | null;
  attendance: number | null;
  audiences: EventAudience[];
}

export interface EngagementPeriod {
  from: string;
  to: string;
}

export interface EngagementLog extends EngagementPeriod {
  entries: EngagementEntry[];
  audiences: { audience: EventAudience; held: number; attendance: number }[];
  notReached: EventAudience[];
  totalAttendance: number;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The last twelve months to today, unless a period is given. */
export function periodFrom(query: { from?: string; to?: string }, today = new Date()): EngagementPeriod {
  const to = query.to ?? isoDay(today);
  const start = new Date(`${to}T12:00:00Z`);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  start.setUTCDate(start.getUTCDate() + 1);
  const from = query.from ?? isoDay(start);
  if (from > to) throw new FormError('to', 'The end of the period must be the same as or after its start');
  return { from, to };
}

/** Events held in the period (drafts are not held), with their audiences and attendance. */
export async function eventEngagementEntries(db: Queryable, period: EngagementPeriod): Promise<EngagementEntry[]> {
  const list = await db
    .select({
      id: events.id,
      title: events.title,
      kind: events.kind,
      heldOn: events.heldOn,
      venue: events.venue,
      attendance: events.attendance,
    })
    .from(events)
    .where(and(gte(events.heldOn, period.from), lte(events.heldOn, period.to), eventNotDraft))
    .orderBy(asc(events.heldOn), asc(events.id));
  const reached = list.length
    ? await db
        .select()
        .from(eventAudiences)
        .where(
          inArray(
            eventAudiences.eventId,
            list.map((e) => e.id),
          ),
        )
    : [];
  return list.map((e) => ({
    kind: e.kind,
    title: e.title,
    href: `/events/${e.id}`,
    heldOn: e.heldOn,
    place: e.venue,
    attendance: e.attendance,
    audiences: EVENT_AUDIENCES.filter((a) => reached.some((r) => r.eventId === e.id && r.audience === a)),
  }));
}

/**
 * The log of a period from every module's entries: whom they reached, how many came, and the
 * audiences nothing reached.
 */
export function summariseEngagement(period: EngagementPeriod, entries: EngagementEntry[]): EngagementLog {
  const sorted = [...entries].sort((a, b) => a.heldOn.localeCompare(b.heldOn));
  const audiences = EVENT_AUDIENCES.map((audience) => {
    const held = sorted.filter((e) => e.audiences.includes(audience));
    return { audience, held: held.length, attendance: held.reduce((sum, e) => sum + (e.attendance ?? 0), 0) };
  });
  return {
    ...period,
    entries: sorted,
    audiences,
    notReached: audiences.filter((a) => a.held === 0).map((a) => a.audience),
    totalAttendance: sorted.reduce((sum, e) => sum + (e.attendance ?? 0), 0),
  };
}
