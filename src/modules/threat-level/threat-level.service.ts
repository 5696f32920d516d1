import { eq } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Queryable, Database } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { formatDate } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { checkRecordThreatLevel } from './threat-level.policy.ts';
import { changeOnDay, levelBefore, todayInLondon } from './threat-level.reads.ts';
import {
  disruptedPlots,
  threatLevelChanges,
  type PlotIdeology,
  type ThreatLevel,
  type ThreatScope,
} from './threat-level.tables.ts';
import { ALL_FORMS_FROM, FIRST_PUBLISHED } from './threat-level.words.ts';

/** The threat level's own audit actions, as the audit module names them. */
type AuditedAction = Extract<
  Parameters<typeof recordAudit>[1]['action'],
  `${'threat_level' | 'disrupted_plots'}.${string}`
>;

/** The threat level's entries in the audit log: the change, who made it and the record it names. */
const audit = (
  tx: Queryable,
  user: CurrentUser,
  action: AuditedAction,
  subjectType: string,
  subjectId: number,
  detail: Record<string, unknown>,
) =>
  recordAudit(tx, {
    action,
    user,
    subjectType,
    subjectId,
    detail,
  });

export interface ThreatLevelChangeInput {
  inForceFrom: string;
  level: ThreatLevel;
  scope: ThreatScope;
  note?: string;
}

/** The rules a change must keep, each worded for the field it concerns. */
async function checkChange(db: Queryable, input: ThreatLevelChangeInput, today: string, correctsId?: number) {
  const day = input.inForceFrom;
  if (day < FIRST_PUBLISHED)
    throw new FormError(
      'inForceFrom',
      'Enter a date on or after 1 August 2006, when the threat level was first published',
    );
  if (day > today) throw new FormError('inForceFrom', 'The date the level changed must be today or in the past');
  if (day >= ALL_FORMS_FROM && input.scope === 'international_terrorism')
    throw new FormError('scope', 'Since 23 July 2019 the national threat level covers all forms of terrorism');
  if (day < ALL_FORMS_FROM && input.scope === 'all_forms_of_terrorism')
    throw new FormError('scope', 'Before 23 July 2019 the national threat level covered international terrorism only');
  if (await changeOnDay(db, day, correctsId))
    throw new FormError(
      'inForceFrom',
      `A change is already recorded for ${formatDate(day)}: correct that record instead`,
    );
  const before = await levelBefore(db, day, correctsId);
  if (before && before.level === input.level && before.scope === input.scope)
    throw new FormError(
      'level',
      `The threat level was already ${input.level} on ${formatDate(day)}: record a change only when the level changes`,
    );
}

const changeValues = (input: ThreatLevelChangeInput, user: CurrentUser) => ({
  inForceFrom: input.inForceFrom,
  level: input.level,
  scope: input.scope,
  note: input.note ?? null,
  provenance: 'recorded' as const,
  recordedBy: user.accountId,
});

/** A coordinator records a change of the national level, the day it came into force. */
export async function recordThreatLevelChange(
  db: Database,
  user: CurrentUser,
  input: ThreatLevelChangeInput,
  today = todayInLondon(),
): Promise<number> {
  checkRecordThreatLevel(user);
  return db.transaction(async (tx) => {
    await checkChange(tx, input, today);
    const [row] = await tx.insert(threatLevelChanges).values(changeValues(input, user)).returning();
    await audit(tx, user, 'threat_level.recorded', 'threat_level_change', row!.id, { ...input });
    return row!.id;
  });
}

/** Whether a later record has corrected this one. */
async function isCorrected(db: Queryable, table: typeof threatLevelChanges | typeof disruptedPlots, id: number) {
  const rows = await db.select({ id: table.id }).from(table).where(eq(table.correctsId, id)).limit(1);
  return rows.length > 0;
}

/** A correction: a new record in its place; the earlier one stays, shown as corrected by whom and when. */
export async function correctThreatLevelChange(
  db: Database,
  user: CurrentUser,
  changeId: number,
  input: ThreatLevelChangeInput,
  today = todayInLondon(),
): Promise<number> {
  return db.transaction(async (tx) => {
    const [earlier] = await tx.select().from(threatLevelChanges).where(eq(threatLevelChanges.id, changeId));
    if (!earlier) throw new NotFoundError('threat level record');
    checkRecordThreatLevel(user, await isCorrected(tx, threatLevelChanges, changeId));
    await checkChange(tx, input, today, changeId);
    const [row] = await tx
      .insert(threatLevelChanges)
      .values({ ...changeValues(input, user), correctsId: changeId })
      .returning();
    await audit(tx, user, 'threat_level.corrected', 'threat_level_change', row!.id, {
      corrects: changeId,
      was: { inForceFrom: earlier.inForceFrom, level: earlier.level, scope: earlier.scope, note: earlier.note },
      now: { ...input },
    });
    return row!.id;
  });
}

export interface DisruptedPlotsInput {
  periodLabel?: string;
  periodFrom?: string;
  periodTo?: string;
  ideology: PlotIdeology;
  plots: number;
  source: string;
  publishedOn?: string;
}

/** The period in words: as the source words it, or from its dates when only those are given. */
function periodOf(input: DisruptedPlotsInput, today: string) {
  if (input.periodFrom && input.periodTo && input.periodTo < input.periodFrom)
    throw new FormError('periodTo', 'The end of the period must be the same as or after its start');
  if (input.publishedOn && input.publishedOn > today)
    throw new FormError('publishedOn', 'The date it was published must be today or in the past');
  if (input.periodLabel) return input.periodLabel;
  if (input.periodFrom && input.periodTo) return `${formatDate(input.periodFrom)} to ${formatDate(input.periodTo)}`;
  throw new FormError('periodLabel', 'Enter the period as published, for example the past 2 years, or its dates');
}

const plotValues = (input: DisruptedPlotsInput, user: CurrentUser, today: string) => ({
  periodLabel: periodOf(input, today),
  periodFrom: input.periodFrom ?? null,
  periodTo: input.periodTo ?? null,
  ideology: input.ideology,
  plots: input.plots,
  source: input.source,
  publishedOn: input.publishedOn ?? null,
  recordedBy: user.accountId,
});

/** A coordinator records a published count of disrupted late-stage attack plots for one ideology. */
export async function recordDisruptedPlots(
  db: Database,
  user: CurrentUser,
  input: DisruptedPlotsInput,
  today = todayInLondon(),
): Promise<number> {
  checkRecordThreatLevel(user);
  const values = plotValues(input, user, today);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(disruptedPlots).values(values).returning();
    await audit(tx, user, 'disrupted_plots.recorded', 'disrupted_plots', row!.id, { ...values });
    return row!.id;
  });
}

export async function correctDisruptedPlots(
  db: Database,
  user: CurrentUser,
  plotId: number,
  input: DisruptedPlotsInput,
  today = todayInLondon(),
): Promise<number> {
  const values = plotValues(input, user, today);
  return db.transaction(async (tx) => {
    const [earlier] = await tx.select().from(disruptedPlots).where(eq(disruptedPlots.id, plotId));
    if (!earlier) throw new NotFoundError('disrupted plots record');
    checkRecordThreatLevel(user, await isCorrected(tx, disruptedPlots, plotId));
    const [row] = await tx
      .insert(disruptedPlots)
      .values({ ...values, correctsId: plotId })
      .returning();
    const { recordedAt: _at, ...was } = earlier;
    await audit(tx, user, 'disrupted_plots.corrected', 'disrupted_plots', row!.id, {
      corrects: plotId,
      was,
      now: values,
    });
    return row!.id;
  });
}
