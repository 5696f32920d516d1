import { isoDate } from '../../views/filters.ts';

/* Days of a plan as ISO dates (YYYY-MM-DD), counted in whole days at noon UTC so no clock change moves them. */

export const todayInLondon = () => isoDate(new Date());

const noon = (day: string) => new Date(`${day}T12:00:00Z`);

export function addDays(day: string, days: number): string {
  const date = noon(day);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Day number of `day` in a plan that started on `start` (day 0). */
export const dayNumber = (start: string, day: string) =>
  Math.round((noon(day).getTime() - noon(start).getTime()) / 86_400_000);

/** Every date from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The first and last day of the month `month` (YYYY-MM). */
export function monthBounds(month: string): { first: string; last: string } {
  const first = `${month}-01`;
  return { first, last: addDays(`${addDays(first, 31).slice(0, 7)}-01`, -1) };
}

/** The weeks of a month as rows of seven days (Monday first), days outside the month as null. */
export function monthWeeks(month: string): (string | null)[][] {
  const { first, last } = monthBounds(month);
  const lead = (noon(first).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [...Array<null>(lead).fill(null), ...daysBetween(first, last)];
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}
