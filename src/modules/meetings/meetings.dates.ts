/*
 * Meetings are arranged in London local time; the database keeps UTC instants.
 * These helpers convert between the two without a time-zone library, using Intl,
 * so a 10:00 meeting stays at 10:00 on both sides of a clock change.
 */
import type { GroupBasics } from '../groups/index.ts';

type Cadence = GroupBasics['cadence'];

const LONDON = 'Europe/London';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function londonParts(instant: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of parts.formatToParts(instant)) if (part.type !== 'literal') out[part.type] = Number(part.value);
  return out;
}

/** Minutes London is ahead of UTC at that instant: 0 in winter, 60 in summer. */
function londonOffsetMinutes(instant: Date): number {
  const p = londonParts(instant);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** "2030-03-31" + "10:00" in London → the UTC instant. */
export function londonToUtc(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const naive = Date.UTC(y!, m! - 1, d, hh, mm);
  // The offset depends on the instant we are looking for: guess with the naive instant, then check.
  const first = naive - londonOffsetMinutes(new Date(naive)) * 60000;
  const second = naive - londonOffsetMinutes(new Date(first)) * 60000;
  return new Date(second);
}

/** The London calendar date of an instant, as YYYY-MM-DD. */
export function londonDate(instant: Date): string {
  const p = londonParts(instant);
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}`;
}

/** The London wall-clock time of an instant, as HH:MM. */
export function londonTime(instant: Date): string {
  const p = londonParts(instant);
  return `${pad(p.hour!)}:${pad(p.minute!)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Days or months between meetings for each cadence; ad hoc has no rhythm. */
const STEP: Record<Cadence, { days?: number; months?: number } | null> = {
  weekly: { days: 7 },
  monthly: { months: 1 },
  bimonthly: { months: 2 },
  quarterly: { months: 3 },
  six_monthly: { months: 6 },
  annual: { months: 12 },
  ad_hoc: null,
};

export const hasCadence = (cadence: string): boolean => STEP[cadence as Cadence] != null;

/**
 * The date `times` steps of the cadence after `date` (YYYY-MM-DD), or null for ad hoc.
 * Months are counted from the original date each time, so 31 January → 30 April, not 28 April.
 */
export function addCadence(date: string, cadence: string, times = 1): string | null {
  const step = STEP[cadence as Cadence];
  if (!step) return null;
  const [y, m, d] = date.split('-').map(Number);
  if (step.days) return isoDay(new Date(Date.UTC(y!, m! - 1, d! + step.days * times)));
  const months = m! - 1 + step.months! * times;
  const lastDay = new Date(Date.UTC(y!, months + 1, 0)).getUTCDate();
  return isoDay(new Date(Date.UTC(y!, months, Math.min(d!, lastDay))));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return isoDay(new Date(Date.UTC(y!, m! - 1, d! + days)));
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The date to propose for a group's next meeting: one step of the cadence after its latest
 * meeting, moved on by whole steps if that is already past; one step after today if it has
 * never met. Null for groups that meet ad hoc.
 */
export function proposeNextDate(cadence: string, latest: string | null, today: string): string | null {
  if (!hasCadence(cadence)) return null;
  const base = latest ?? today;
  for (let times = 1; times < 1000; times++) {
    const next = addCadence(base, cadence, times)!;
    if (next > today) return next;
  }
  return null;
}
