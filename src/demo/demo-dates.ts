// Calendar helpers for the demo: everything is placed relative to "today" in UK time, so the
// demo always looks current, and nothing depends on the machine's own time zone.

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

// UK wall-clock conversion is the meetings module's; the demo places its meetings with the same code.
export { addDays, londonDate as londonIsoDate, londonToUtc as londonTime } from '../modules/meetings/meetings.dates.ts';

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
  return new Date(Date.UTC(year, month0, day)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
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
