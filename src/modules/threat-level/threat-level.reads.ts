import { and, asc, desc, eq, lte, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.ts';
import { preparedFor } from '../../db/prepared.ts';
import { isoDate } from '../../views/filters.ts';
import { accountName } from '../accounts/index.ts';
import {
  disruptedPlots,
  PLOT_IDEOLOGIES,
  threatLevelChanges,
  type PlotIdeology,
  type ThreatLevel,
  type ThreatScope,
} from './threat-level.tables.ts';
import { disruptedPlotsSentence, meaningOn, threatLevelSentence } from './threat-level.words.ts';

/** Today in London, as the date the level is asked about. */
export const todayInLondon = () => isoDate(new Date());

// A record is current while no later record corrects it; the corrected one stays, shown as corrected.
const correctingChange = alias(threatLevelChanges, 'correcting_change');
const currentChange = (db: Queryable) =>
  notExists(
    db
      .select({ one: sql`1` })
      .from(correctingChange)
      .where(eq(correctingChange.correctsId, threatLevelChanges.id)),
  );
const correctingPlot = alias(disruptedPlots, 'correcting_plot');
const currentPlot = (db: Queryable) =>
  notExists(
    db
      .select({ one: sql`1` })
      .from(correctingPlot)
      .where(eq(correctingPlot.correctsId, disruptedPlots.id)),
  );

export interface ThreatLevelOnDay {
  day: string;
  level: ThreatLevel;
  scope: ThreatScope;
  meaning: string;
  /** The day this level came into force. */
  since: string;
  sentence: string;
  /** The record comes from news coverage and has not yet been checked against MI5's page. */
  toConfirm: boolean;
  changeId: number;
}

// The home page asks on every view: built once, prepared.
const levelInForce = preparedFor((db) =>
  db
    .select()
    .from(threatLevelChanges)
    .where(and(lte(threatLevelChanges.inForceFrom, sql.placeholder('day')), currentChange(db)))
    .orderBy(desc(threatLevelChanges.inForceFrom), desc(threatLevelChanges.id))
    .limit(1)
    .prepare('threat_level_in_force'),
);

/**
 * The level in force on `day` (YYYY-MM-DD), with its meaning as worded then and the sentence a
 * board paper quotes; null before the first published level (1 August 2006).
 */
export async function threatLevelOn(
  db: Queryable,
  day: string = todayInLondon(),
  today: string = todayInLondon(),
): Promise<ThreatLevelOnDay | null> {
  const [row] = await levelInForce(db).execute({ day });
  if (!row) return null;
  return {
    day,
    level: row.level,
    scope: row.scope,
    meaning: meaningOn(row.level, day),
    since: row.inForceFrom,
    sentence: threatLevelSentence(row.level, row.scope, day, today),
    toConfirm: row.toConfirm,
    changeId: row.id,
  };
}

/** Every change, oldest first, with who recorded it and whether a later record corrected it. */
export function threatLevelHistory(db: Queryable) {
  return db
    .select({
      id: threatLevelChanges.id,
      inForceFrom: threatLevelChanges.inForceFrom,
      level: threatLevelChanges.level,
      scope: threatLevelChanges.scope,
      note: threatLevelChanges.note,
      provenance: threatLevelChanges.provenance,
      toConfirm: threatLevelChanges.toConfirm,
      recordedAt: threatLevelChanges.recordedAt,
      recordedBy: accountName(threatLevelChanges.recordedBy),
      correctsId: threatLevelChanges.correctsId,
      correctedAt: correctingChange.recordedAt,
      correctedBy: accountName(correctingChange.recordedBy),
    })
    .from(threatLevelChanges)
    .leftJoin(correctingChange, eq(correctingChange.correctsId, threatLevelChanges.id))
    .orderBy(asc(threatLevelChanges.inForceFrom), asc(threatLevelChanges.id));
}

export type ThreatLevelRecord = Awaited<ReturnType<typeof threatLevelHistory>>[number];

/** One change as recorded, whether or not it has been corrected since. */
export async function threatLevelChange(db: Queryable, id: number) {
  const [row] = await db.select().from(threatLevelChanges).where(eq(threatLevelChanges.id, id));
  return row;
}

/** The current records before `day` (not the one being corrected): what was in force the day before. */
export async function levelBefore(db: Queryable, day: string, excludingId?: number) {
  const rows = await db
    .select()
    .from(threatLevelChanges)
    .where(and(sql`${threatLevelChanges.inForceFrom} < ${day}`, currentChange(db)))
    .orderBy(desc(threatLevelChanges.inForceFrom), desc(threatLevelChanges.id))
    .limit(2);
  return rows.find((r) => r.id !== excludingId);
}

/** A current change already recorded for `day`, other than `excludingId`. */
export async function changeOnDay(db: Queryable, day: string, excludingId?: number) {
  const rows = await db
    .select({ id: threatLevelChanges.id })
    .from(threatLevelChanges)
    .where(and(eq(threatLevelChanges.inForceFrom, day), currentChange(db)));
  return rows.find((r) => r.id !== excludingId);
}

/** Every disrupted-plots record, current ones and corrected ones, newest period first. */
export function disruptedPlotRecords(db: Queryable) {
  return db
    .select({
      id: disruptedPlots.id,
      periodLabel: disruptedPlots.periodLabel,
      periodFrom: disruptedPlots.periodFrom,
      periodTo: disruptedPlots.periodTo,
      ideology: disruptedPlots.ideology,
      plots: disruptedPlots.plots,
      source: disruptedPlots.source,
      publishedOn: disruptedPlots.publishedOn,
      recordedAt: disruptedPlots.recordedAt,
      recordedBy: accountName(disruptedPlots.recordedBy),
      correctsId: disruptedPlots.correctsId,
      correctedAt: correctingPlot.recordedAt,
      correctedBy: accountName(correctingPlot.recordedBy),
    })
    .from(disruptedPlots)
    .leftJoin(correctingPlot, eq(correctingPlot.correctsId, disruptedPlots.id))
    .orderBy(desc(disruptedPlots.publishedOn), asc(disruptedPlots.periodLabel), asc(disruptedPlots.id));
}

export async function disruptedPlotRecord(db: Queryable, id: number) {
  const [row] = await db.select().from(disruptedPlots).where(eq(disruptedPlots.id, id));
  return row;
}

export interface DisruptedPlotsSummary {
  period: string;
  total: number;
  counts: { ideology: PlotIdeology; plots: number }[];
  sources: string[];
  publishedOn: string | null;
  sentence: string;
}

/** The current records gathered by period, each with its sentence: "19 late-stage attack plots were disrupted…". */
export async function disruptedPlotsSummaries(db: Queryable): Promise<DisruptedPlotsSummary[]> {
  const rows = await db
    .select()
    .from(disruptedPlots)
    .where(currentPlot(db))
    .orderBy(desc(disruptedPlots.publishedOn), asc(disruptedPlots.id));
  // In the order of PLOT_IDEOLOGIES, so the sentence always lists Islamist before extreme right-wing.
  const periods = new Map<string, (typeof rows)[number][]>();
  for (const row of rows) periods.set(row.periodLabel, [...(periods.get(row.periodLabel) ?? []), row]);
  return [...periods].map(([period, records]) => {
    const counts = PLOT_IDEOLOGIES.map((ideology) => ({
      ideology,
      plots: records.filter((r) => r.ideology === ideology).reduce((sum, r) => sum + r.plots, 0),
    })).filter((c) => records.some((r) => r.ideology === c.ideology));
    return {
      period,
      total: counts.reduce((sum, c) => sum + c.plots, 0),
      counts,
      sources: [...new Set(records.map((r) => r.source))],
      publishedOn: records.map((r) => r.publishedOn).find((d) => d !== null) ?? null,
      sentence: disruptedPlotsSentence(period, counts),
    };
  });
}

/** The sentence for one period as its records word it, or null when none is recorded for it. */
export async function disruptedPlotsFor(db: Queryable, period: string): Promise<DisruptedPlotsSummary | null> {
  return (await disruptedPlotsSummaries(db)).find((s) => s.period === period) ?? null;
}
