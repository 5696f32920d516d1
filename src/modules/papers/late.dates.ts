/*
 * Working days, as a group's papers are due: Monday to Friday, less the bank holidays of England
 * and Wales (GOV.UK's list, substitute days included, with the one-off days: the royal wedding,
 * the jubilees, VE Day's move, the state funeral and the coronation). Dates are London calendar
 * days as YYYY-MM-DD. Years outside the list count weekends only; add a year's dates when GOV.UK
 * publishes them.
 */

const BANK_HOLIDAYS_BY_YEAR: Record<number, string[]> = {
  2009: ['01-01', '04-10', '04-13', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2010: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2011: ['01-03', '04-22', '04-25', '04-29', '05-02', '05-30', '08-29', '12-26', '12-27'],
  2012: ['01-02', '04-06', '04-09', '05-07', '06-04', '06-05', '08-27', '12-25', '12-26'],
  2013: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2014: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2015: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2016: ['01-01', '03-25', '03-28', '05-02', '05-30', '08-29', '12-26', '12-27'],
  2017: ['01-02', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'],
  2018: ['01-01', '03-30', '04-02', '05-07', '05-28', '08-27', '12-25', '12-26'],
  2019: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
  2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
  2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
  2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
};

export const BANK_HOLIDAYS: ReadonlySet<string> = new Set(
  Object.entries(BANK_HOLIDAYS_BY_YEAR).flatMap(([year, days]) => days.map((day) => `${year}-${day}`)),
);

const asUtcNoon = (date: string) => new Date(`${date}T12:00:00Z`);

/** A weekday that is not a bank holiday. */
export function isWorkingDay(date: string): boolean {
  const weekday = asUtcNoon(date).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !BANK_HOLIDAYS.has(date);
}

/**
 * The day `count` working days before `date`: papers due 7 working days before a Tuesday meeting
 * are due on the Thursday of the week before (a bank holiday between pushes it a day earlier).
 * With a count of 0 they are due on the day itself.
 */
export function workingDaysBefore(date: string, count: number): string {
  const day = asUtcNoon(date);
  for (let left = count; left > 0;) {
    day.setUTCDate(day.getUTCDate() - 1);
    if (isWorkingDay(day.toISOString().slice(0, 10))) left -= 1;
  }
  return day.toISOString().slice(0, 10);
}
