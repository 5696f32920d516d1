import { CHART_COLOURS } from '../../views/charts.ts';
import type { ActionState } from './plans.tables.ts';

/*
 * The RAG rule, written down once (seed 001 §4: the plan is "for monitoring and recording
 * progress"). Dates are ISO days (YYYY-MM-DD), so they compare as strings.
 * - complete: the lead has reported it completed;
 * - red: blocked, or past its due date and not completed;
 * - amber: the lead reports it at risk, it is due within the next 30 days and not yet started,
 *   or it should have started and has not;
 * - green: otherwise (on track, or not started and not yet due to start).
 */
export const RAG_RATINGS = ['red', 'amber', 'green', 'complete'] as const;
export type Rag = (typeof RAG_RATINGS)[number];

/** Each rating's colour in the dashboard's charts (complete in GOV.UK blue). */
export const RAG_COLOURS: Record<Rag, string> = {
  red: CHART_COLOURS.red,
  amber: CHART_COLOURS.amber,
  green: CHART_COLOURS.green,
  complete: CHART_COLOURS.blue,
};

export const AMBER_WINDOW_DAYS = 30;
/** An open action with no progress update for this long is listed as gone quiet. */
export const QUIET_AFTER_DAYS = 90;

export const RAG_RULE = [
  'Complete: the lead has reported the action completed.',
  'Red: the action is blocked, or its due date has passed and it is not completed.',
  `Amber: the lead reports it at risk; or it is due within ${AMBER_WINDOW_DAYS} days and not started; or its start date has passed and it has not started.`,
  'Green: anything else — on track, or not started and not yet due to start.',
];

const addDays = (isoDay: string, days: number) =>
  new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function ragOf(
  action: { state: ActionState; startOn: string | null; dueOn: string | null },
  today: string,
): Rag {
  if (action.state === 'completed') return 'complete';
  if (action.state === 'blocked') return 'red';
  if (action.dueOn && action.dueOn < today) return 'red';
  if (action.state === 'at_risk') return 'amber';
  if (action.state === 'not_started') {
    if (action.startOn && action.startOn < today) return 'amber';
    if (action.dueOn && action.dueOn <= addDays(today, AMBER_WINDOW_DAYS)) return 'amber';
  }
  return 'green';
}

/**
 * A strategic action's roll-up from the operational work under it: the worst rating among
 * them (red over amber over green); complete only when all are complete. None: its own rating.
 */
export function rollUp(own: Rag, children: Rag[]): Rag {
  if (children.length === 0) return own;
  if (children.every((rag) => rag === 'complete')) return 'complete';
  for (const rating of ['red', 'amber'] as const) if (children.includes(rating)) return rating;
  return 'green';
}

/** Due and not completed: the date has passed (a blocked action not yet due is red, but not overdue). */
export const isOverdue = (action: { state: ActionState; dueOn: string | null }, today: string) =>
  action.state !== 'completed' && action.dueOn !== null && action.dueOn < today;
