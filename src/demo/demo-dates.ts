// Calendar helpers for the demo: everything is placed relative to "today" in UK time, so the
// demo always looks current, and nothing depends on the machine's own time zone.

const LONDON = 'Europe/London';

/** A calendar date as 'YYYY-MM-DD' (the form date columns take). */
export type IsoDate = string;

const pad = (n: number) => String(n).padStart(2, '0');

export function isoDate(year: number, month0: number, day: number): IsoDate {
  // Through Date.UTC so that month 13 or day 32 roll over as expected.
  const d = new Date(Date.UTC(year, month0, day));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function parseIso(date: IsoDate): { year: number; month0: number; day: number } {
  const [year, month, day] = date.split('-').map(Number);
  return { year: year!, month0: month! - 1, day: day! };
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month0, day } = parseIso(date);
  return isoDate(year, month0, day + days);
}

/** The UK calendar date of an instant. */
export function londonIsoDate(at: Date): IsoDate {
  return at.toLocaleDateString('en-CA', { timeZone: LONDON });
}

/** Minutes London is ahead of UTC at an instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: LONDON,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** The instant of a UK wall-clock time ("10:00 on 14 June" means 09:00 UTC in summer). */
export function londonTime(date: IsoDate, time: string): Date {
  const { year, month0, day } = parseIso(date);
  const [hours, minutes] = time.split(':').map(Number);
  const guess = Date.UTC(year, month0, day, hours!, minutes!);
  return new Date(guess - londonOffsetMinutes(new Date(guess)) * 60_000);
}

/** The nth (1-4) weekday (0 = Sunday) of a month: "the second Tuesday". */
export function nthWeekdayOfMonth(year: number, month0: number, nth: number, weekday: number): IsoDate {
  const first = new Date(Date.UTC(year, month0, 1)).getUTCDay();
  return isoDate(year, month0, 1 + ((weekday - first + 7) % 7) + (nth - 1) * 7);
}

/** "early June" */
export function monthName(date: IsoDate): string {
  const { year, month0 } = parseIso(date);
  return new Date(Date.UTC(year, month0, 15)).toLocaleDateString('en-GB', { month: 'long', timeZone: 'UTC' });
}

export function longDate(date: IsoDate): string {
  const { year, month0, day } = parseIso(date);
  return new Date(Date.UTC(year, month0, day)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * A small seeded generator (mulberry32): the demo varies attendance and figures like real
 * records do, yet every run on the same day produces exactly the same data.
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** A whole number from min to max inclusive. */
    between: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof seededRandom>;
