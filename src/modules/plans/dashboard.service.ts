/*
 * The plan dashboard (issue 4, monitoring): counts by RAG, strand, lead organisation, due quarter
 * and state, and the overdue and gone-quiet lists, for a plan and an optional filter.
 *
 * It reads actions with one query of its own rather than listPlanActions, which on a plan of 500
 * actions takes several times as long (bench/plans.ts prints both): the dashboard needs no
 * partners, strategic links or latest note, so it skips the per-action subqueries that fetch
 * them, and it asks for every action in one JSON value. RAG is still worked out by the one rule
 * in plans.rag.ts, so the counts agree with every other page.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { isoDate, label } from '../../views/filters.ts';
import { organisationName, personName } from '../organisations/index.ts';
import type { BarChartSpec, ChartSpec, StackedChartSpec } from '../../views/charts.ts';
import { QUIET_AFTER_DAYS, RAG_COLOURS, RAG_RATINGS, isOverdue, ragOf, type Rag } from './plans.rag.ts';
import { byReference, getPlan, todayIso } from './plans.service.ts';
import { ACTION_STATES, STRANDS, planActions, type ActionState, type Strand } from './plans.tables.ts';

export interface DashboardFilter {
  strand?: Strand;
  leadOrganisationId?: number;
  rag?: Rag;
}

/** An action as the dashboard reads it. */
export interface DashboardAction {
  id: number;
  reference: string;
  title: string;
  strand: Strand;
  leadOrganisationId: number | null;
  leadOrganisationName: string | null;
  leadPersonName: string | null;
  startOn: string | null;
  dueOn: string | null;
  state: ActionState;
  rag: Rag;
  /** The last progress update, or when the action was added if it has none. */
  lastHeardAt: Date;
  hasUpdates: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The financial year's quarter of a day: Q1 is April to June, … Q4 January to March, labelled
 * "Q3 2026/27". `order` sorts quarters by date.
 */
export function financialQuarter(isoDay: string): { order: number; label: string } {
  const year = Number(isoDay.slice(0, 4));
  const month = Number(isoDay.slice(5, 7));
  const startYear = month >= 4 ? year : year - 1;
  const quarter = Math.floor(((month + 8) % 12) / 3) + 1;
  return {
    order: startYear * 4 + quarter,
    label: `Q${quarter} ${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`,
  };
}

/** One action as the dashboard query packs it: a JSON array, in this order. */
type PackedAction = [
  number,
  string,
  string,
  Strand,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
  ActionState,
  string,
  boolean,
];

const packedAction = sql`json_build_array(
  ${planActions.id}, ${planActions.reference}, ${planActions.title}, ${planActions.strand},
  ${planActions.leadOrganisationId}, ${organisationName(planActions.leadOrganisationId)}, ${personName(planActions.leadPersonId)}, ${planActions.startOn}, ${planActions.dueOn},
  ${planActions.state}, coalesce(${planActions.lastProgressAt}, ${planActions.createdAt}), ${planActions.lastProgressAt} is not null)`;

/**
 * A plan's open (not withdrawn) actions, in no particular order, with their RAG on `today`.
 * They come back as one JSON value rather than one row each: on PGlite the cost of each row
 * crossing from the database is most of the time a plan of 500 actions takes to read.
 */
export async function listDashboardActions(
  db: Queryable,
  planId: number,
  today = todayIso(),
): Promise<DashboardAction[]> {
  const [result] = await db
    .select({ packed: sql<string>`coalesce(json_agg(${packedAction}), '[]')::text` })
    .from(planActions)
    .where(and(eq(planActions.planId, planId), isNull(planActions.withdrawnAt)));
  return (JSON.parse(result!.packed) as PackedAction[]).map(
    ([
      id,
      reference,
      title,
      strand,
      leadOrganisationId,
      leadOrganisationName,
      leadPersonName,
      startOn,
      dueOn,
      state,
      lastHeardAt,
      hasUpdates,
    ]) => {
      const action = {
        id,
        reference,
        title,
        strand,
        leadOrganisationId,
        leadOrganisationName,
        leadPersonName,
        startOn,
        dueOn,
        state,
        lastHeardAt: new Date(lastHeardAt),
        hasUpdates,
      };
      return { ...action, rag: ragOf(action, today) };
    },
  );
}

const matches = (filter: DashboardFilter) => (a: DashboardAction) =>
  (filter.strand === undefined || a.strand === filter.strand) &&
  (filter.leadOrganisationId === undefined || a.leadOrganisationId === filter.leadOrganisationId) &&
  (filter.rag === undefined || a.rag === filter.rag);

/** Open, and nothing heard for QUIET_AFTER_DAYS: no progress update (or, with none, since it was added). */
export const isQuiet = (a: DashboardAction, now: Date) =>
  a.state !== 'completed' && now.getTime() - a.lastHeardAt.getTime() > QUIET_AFTER_DAYS * DAY_MS;

const count = <T>(items: T[], keyOf: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
};

const ragSeries = RAG_RATINGS.map((rag) => ({ label: label(rag), colour: RAG_COLOURS[rag] }));

/** One stacked row per group of actions, its values the RAG counts in RAG_RATINGS order. */
function byRag(groups: { label: string; actions: DashboardAction[] }[]): StackedChartSpec['rows'] {
  return groups.map((g) => {
    const counts = count(g.actions, (a) => a.rag);
    return { label: g.label, values: RAG_RATINGS.map((rag) => counts.get(rag) ?? 0) };
  });
}

const NO_LEAD = 'No lead organisation';
const NO_DUE_DATE = 'No due date';

/** Actions grouped by lead organisation, by name, with those that have none last. */
function leadOrganisationGroups(actions: DashboardAction[]) {
  const groups = new Map<number | null, { label: string; actions: DashboardAction[] }>();
  for (const a of actions) {
    const group = groups.get(a.leadOrganisationId) ?? { label: a.leadOrganisationName ?? NO_LEAD, actions: [] };
    group.actions.push(a);
    groups.set(a.leadOrganisationId, group);
  }
  const named = [...groups].filter(([id]) => id !== null).map(([, group]) => group);
  return [
    ...named.sort((a, b) => a.label.localeCompare(b.label, 'en-GB')),
    ...(groups.has(null) ? [groups.get(null)!] : []),
  ];
}

/** Quarters that have an action due, in date order, then the actions with no due date. */
function dueQuarterBars(actions: DashboardAction[]): BarChartSpec['bars'] {
  const quarters = new Map<number, { label: string; value: number }>();
  for (const a of actions) {
    if (a.dueOn === null) continue;
    const { order, label } = financialQuarter(a.dueOn);
    const bar = quarters.get(order) ?? { label, value: 0 };
    bar.value += 1;
    quarters.set(order, bar);
  }
  const ordered = [...quarters].sort(([a], [b]) => a - b).map(([, bar]) => bar);
  const undated = actions.filter((a) => a.dueOn === null).length;
  return undated ? [...ordered, { label: NO_DUE_DATE, value: undated }] : ordered;
}

export function dashboardCharts(actions: DashboardAction[]): ChartSpec[] {
  const ragCounts = count(actions, (a) => a.rag);
  const stateCounts = count(actions, (a) => a.state);
  return [
    {
      kind: 'bar',
      id: 'chart-rag',
      title: 'Actions by RAG rating',
      category: 'RAG rating',
      bars: RAG_RATINGS.map((rag) => ({ label: label(rag), value: ragCounts.get(rag) ?? 0, colour: RAG_COLOURS[rag] })),
    },
    {
      kind: 'stacked',
      id: 'chart-strand',
      title: 'Actions by CONTEST strand and RAG rating',
      category: 'Strand',
      series: ragSeries,
      rows: byRag(
        STRANDS.map((strand) => ({ label: label(strand), actions: actions.filter((a) => a.strand === strand) })),
      ),
    },
    {
      kind: 'stacked',
      id: 'chart-lead',
      title: 'Actions by lead organisation and RAG rating',
      category: 'Lead organisation',
      series: ragSeries,
      rows: byRag(leadOrganisationGroups(actions)),
    },
    {
      kind: 'bar',
      id: 'chart-due',
      title: 'Actions by quarter due (financial year)',
      category: 'Quarter due',
      bars: dueQuarterBars(actions),
    },
    {
      kind: 'bar',
      id: 'chart-state',
      title: 'Actions by reported progress',
      category: 'Progress reported',
      bars: ACTION_STATES.map((state) => ({ label: label(state), value: stateCounts.get(state) ?? 0 })),
    },
  ];
}

/** The lead organisations of a plan's actions, for the filter. */
function leadOrganisationOptions(actions: DashboardAction[]) {
  const byId = new Map<number, string>();
  for (const a of actions)
    if (a.leadOrganisationId !== null) byId.set(a.leadOrganisationId, a.leadOrganisationName ?? '');
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

/**
 * Everything the dashboard page shows, for the actions that match the filter. `now` decides what
 * has gone quiet, and its day in the partnership's time zone decides RAG and what is overdue.
 */
export async function planDashboard(db: Queryable, planId: number, filter: DashboardFilter, now = new Date()) {
  const today = isoDate(now);
  const [plan, all] = await Promise.all([getPlan(db, planId), listDashboardActions(db, planId, today)]);
  const actions = all.filter(matches(filter));
  return {
    plan,
    planActionCount: all.length,
    actions,
    charts: dashboardCharts(actions),
    overdue: actions
      .filter((a) => isOverdue(a, today))
      .sort((a, b) => a.dueOn!.localeCompare(b.dueOn!) || byReference(a, b)),
    quiet: actions
      .filter((a) => isQuiet(a, now))
      .sort((a, b) => a.lastHeardAt.getTime() - b.lastHeardAt.getTime() || byReference(a, b)),
    leadOrganisations: leadOrganisationOptions(all),
  };
}
