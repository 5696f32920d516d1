import type { CurrentUser } from '../../auth/sessions.ts';
import type { Queryable } from '../../db/client.ts';
import { timelineSvg } from '../../views/charts.ts';
import { addDays, monthBounds, monthWeeks } from './response-plans.dates.ts';
import { isInForceOn } from './response-plans.policy.ts';
import { plansInForce, type PlanInForce } from './response-plans.reads.ts';

/*
 * The calendar of every plan in force in a month. Each plan has a letter (A, B, …) written in every
 * day it covers, so days where plans overlap carry two letters and the words "2 plans": visible at a
 * glance without relying on colour. Bands above (SVG, described) and a list of overlapping days beneath.
 */

const letterOf = (i: number) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : '');

const monthName = (month: string) =>
  new Date(`${month}-01T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export async function calendarOf(db: Queryable, user: CurrentUser, month: string, today: string) {
  const { first, last } = monthBounds(month);
  const plans = (await plansInForce(db, user, first, last)).map((plan, i) => ({ ...plan, letter: letterOf(i) }));
  const inForce = (on: string) => plans.filter((plan) => isInForceOn(plan, on));
  const weeks = monthWeeks(month).map((week) =>
    week.map((on) => (on ? { on, day: Number(on.slice(8)), today: on === today, plans: inForce(on) } : null)),
  );
  const overlaps = weeks
    .flat()
    .filter((cell): cell is NonNullable<typeof cell> => cell !== null && cell.plans.length > 1);
  return {
    month,
    monthLabel: monthName(month),
    previous: addDays(first, -1).slice(0, 7),
    next: addDays(last, 1).slice(0, 7),
    weeks,
    plans,
    overlaps,
    chart: plans.length ? chartOf(plans, first, last, month) : null,
  };
}

function chartOf(plans: (PlanInForce & { letter: string })[], first: string, last: string, month: string) {
  return timelineSvg({
    id: 'response-plans-month',
    title: `Plans in force in ${monthName(month)}`,
    description: 'Each band is a plan from its day 0 to its last day; bands one above another overlap.',
    from: first,
    to: addDays(last, 1),
    spans: plans.map((plan) => ({
      label: `${plan.letter}: ${plan.title}`,
      start: plan.startsOn < first ? first : plan.startsOn,
      end: addDays(plan.lastDay > last ? last : plan.lastDay, 1),
    })),
  });
}
