import { isoDate } from '../../views/filters.ts';

/* Reporting periods: a week from Monday to Sunday, or one day while a 14-day plan is in force. */

/** Today in London, as reports' periods count days. */
export const todayInLondon = () => isoDate(new Date());

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The Monday of the ISO week holding `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(day, -((weekday + 6) % 7));
}

export interface Period {
  period: 'weekly' | 'daily';
  start: string;
  end: string;
}

/** The period a report made on `day` covers: the day itself while a plan is in force, else its week. */
export const periodOf = (day: string, daily: boolean): Period =>
  daily
    ? { period: 'daily', start: day, end: day }
    : { period: 'weekly', start: mondayOf(day), end: addDays(mondayOf(day), 6) };
