import { and, asc, desc, eq, gte as gteDay, inArray, isNull } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { ask } from '../../reactions.ts';
import { accountName } from '../accounts/index.ts';
import { listGroupOptions } from '../groups/index.ts';
import { putOnNextAgenda } from '../meetings/index.ts';
import { findArea, listAreas } from '../partnership/index.ts';
import { personalDetailWarnings } from './tension.names.ts';
import { periodOf, todayInLondon } from './tension.periods.ts';
import {
  checkChangeTensionReport,
  checkReadTensionReports,
  checkRecordIncidents,
  checkSubmitTensionReports,
} from './tension.policy.ts';
import { latestLevels, tensionReaderGroupIds } from './tension.reads.ts';
import { audit } from './tension.service.ts';
import {
  INDICATOR_CERTAINTIES,
  tensionIndicators,
  tensionReportIndicators,
  tensionReports,
  tensionSettings,
  type IndicatorCertainty,
} from './tension.tables.ts';

/** The summary looked as if it identified someone: the form asks the author to check and confirm. */
export class PersonalDetailsWarning extends FormError {
  constructor(readonly warnings: string[]) {
    super('summary', 'Check the summary holds no names, addresses, postcodes or dates of birth, then confirm below');
  }
}

export interface ReportInput {
  areaId: number;
  level: number;
  /** "<indicator id>:<certainty>" from the form's selects; empty ones mean not observed. */
  indicators?: string[];
  summary: string;
  confirmNoNames?: 'yes';
}

type Observed = { indicatorId: number; certainty: IndicatorCertainty };

/** The indicators marked, each on the current list once. */
async function observedIndicators(db: Queryable, choices: string[] = []): Promise<Observed[]> {
  const observed = new Map<number, IndicatorCertainty>();
  for (const choice of choices.filter(Boolean)) {
    const [id, certainty] = choice.split(':');
    if (INDICATOR_CERTAINTIES.includes(certainty as IndicatorCertainty))
      observed.set(Number(id), certainty as IndicatorCertainty);
  }
  if (!observed.size) return [];
  const current = await db
    .select({ id: tensionIndicators.id })
    .from(tensionIndicators)
    .where(and(inArray(tensionIndicators.id, [...observed.keys()]), isNull(tensionIndicators.archivedAt)));
  if (current.length !== observed.size) throw new FormError('indicators', 'Select from the list for each indicator');
  return [...observed].map(([indicatorId, certainty]) => ({ indicatorId, certainty }));
}

function checkSummary(input: ReportInput): void {
  const warnings = personalDetailWarnings(input.summary);
  if (warnings.length && input.confirmNoNames !== 'yes') throw new PersonalDetailsWarning(warnings);
}

/** The period a report made today covers in the area: a day while a 14-day plan is in force there, else the week. */
export async function currentPeriod(db: Queryable, areaId: number, today: string) {
  const daily = await ask('responsePlans.areasInForce', [], db, today);
  return periodOf(today, daily.includes(areaId));
}

/** Viewers read only: refused before any form is shown. */
export const checkCanSubmit = checkSubmitTensionReports;

export async function submitReport(db: Database, user: CurrentUser, input: ReportInput, today = todayInLondon()) {
  checkSubmitTensionReports(user);
  if (!(await findArea(db, input.areaId))) throw new FormError('areaId', 'Select the area the report is about');
  const observed = await observedIndicators(db, input.indicators);
  checkSummary(input);
  const period = await currentPeriod(db, input.areaId, today);
  const [already] = await db
    .select({ id: tensionReports.id })
    .from(tensionReports)
    .where(
      and(
        eq(tensionReports.areaId, input.areaId),
        eq(tensionReports.authorId, user.accountId),
        eq(tensionReports.periodStart, period.start),
        eq(tensionReports.period, period.period),
        isNull(tensionReports.withdrawnAt),
      ),
    );
  if (already)
    throw new FormError('areaId', 'You have already reported on this area for this period: change that report instead');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tensionReports)
      .values({
        areaId: input.areaId,
        period: period.period,
        periodStart: period.start,
        periodEnd: period.end,
        level: input.level,
        summary: input.summary,
        authorId: user.accountId,
      })
      .returning({ id: tensionReports.id });
    if (observed.length)
      await tx.insert(tensionReportIndicators).values(observed.map((o) => ({ reportId: row!.id, ...o })));
    await audit(tx, user, 'tension_report.submitted', 'tension_report', row!.id, {
      areaId: input.areaId,
      level: input.level,
    });
    return row!.id;
  });
}

async function reportToChange(db: Queryable, user: CurrentUser, reportId: number, today: string) {
  const [report] = await db.select().from(tensionReports).where(eq(tensionReports.id, reportId));
  if (!report) throw new NotFoundError('tension report');
  checkChangeTensionReport(user, report, today);
  return report;
}

/** The report as its author's edit form shows it, with the area's name and the period. */
export async function reportForEdit(db: Queryable, user: CurrentUser, reportId: number, today = todayInLondon()) {
  const report = await reportToChange(db, user, reportId, today);
  const marked = await db.select().from(tensionReportIndicators).where(eq(tensionReportIndicators.reportId, reportId));
  return {
    report,
    area: await findArea(db, report.areaId),
    values: {
      areaId: report.areaId,
      level: report.level,
      summary: report.summary,
      indicators: marked.map((m) => `${m.indicatorId}:${m.certainty}`),
    },
  };
}

export async function updateReport(
  db: Database,
  user: CurrentUser,
  reportId: number,
  input: Omit<ReportInput, 'areaId'>,
  today = todayInLondon(),
) {
  const report = await reportToChange(db, user, reportId, today);
  const observed = await observedIndicators(db, input.indicators);
  checkSummary({ ...input, areaId: report.areaId });
  await db.transaction(async (tx) => {
    await tx
      .update(tensionReports)
      .set({ level: input.level, summary: input.summary, updatedAt: new Date() })
      .where(eq(tensionReports.id, reportId));
    await tx.delete(tensionReportIndicators).where(eq(tensionReportIndicators.reportId, reportId));
    if (observed.length) await tx.insert(tensionReportIndicators).values(observed.map((o) => ({ reportId, ...o })));
    await audit(tx, user, 'tension_report.updated', 'tension_report', reportId, { level: input.level });
  });
}

/** Withdrawn by its author: kept on the timeline, marked, and no longer the area's level. */
export async function withdrawReport(db: Database, user: CurrentUser, reportId: number, today = todayInLondon()) {
  await reportToChange(db, user, reportId, today);
  await db.transaction(async (tx) => {
    await tx.update(tensionReports).set({ withdrawnAt: new Date() }).where(eq(tensionReports.id, reportId));
    await audit(tx, user, 'tension_report.withdrawn', 'tension_report', reportId);
  });
}

/** The author's own reports whose period is still open, newest first: what they may still change. */
export function openReportsOf(db: Queryable, user: CurrentUser, today = todayInLondon()) {
  return db
    .select({
      id: tensionReports.id,
      areaId: tensionReports.areaId,
      level: tensionReports.level,
      periodStart: tensionReports.periodStart,
      periodEnd: tensionReports.periodEnd,
      withdrawnAt: tensionReports.withdrawnAt,
    })
    .from(tensionReports)
    .where(and(eq(tensionReports.authorId, user.accountId), gteDay(tensionReports.periodEnd, today)))
    .orderBy(desc(tensionReports.periodStart), desc(tensionReports.id));
}

/** Reading reports is OFFICIAL-SENSITIVE: checked, and one audit entry per page view. */
async function readReports(db: Database, user: CurrentUser, subjectType: string, subjectId: number) {
  checkReadTensionReports(user, await tensionReaderGroupIds(db));
  await audit(db, user, 'tension_reports.viewed', subjectType, subjectId);
}

/** The grid: every area with its latest level (none yet: says so). */
export async function tensionOverview(db: Database, user: CurrentUser) {
  await readReports(db, user, 'tension_overview', 0);
  const [areaList, latest] = await Promise.all([listAreas(db), latestLevels(db)]);
  const byArea = new Map(latest.map((l) => [l.areaId, l]));
  return areaList.map((area) => ({ id: area.id, name: area.name, latest: byArea.get(area.id) }));
}

/** An area's reports, oldest first, each with its author and indicators; withdrawn ones kept, marked. */
export async function areaReports(db: Database, user: CurrentUser, areaId: number) {
  const area = await findArea(db, areaId);
  if (!area) throw new NotFoundError('area');
  await readReports(db, user, 'area', areaId);
  const reports = await db
    .select({
      id: tensionReports.id,
      period: tensionReports.period,
      periodStart: tensionReports.periodStart,
      periodEnd: tensionReports.periodEnd,
      level: tensionReports.level,
      summary: tensionReports.summary,
      authorId: tensionReports.authorId,
      author: accountName(tensionReports.authorId),
      createdAt: tensionReports.createdAt,
      withdrawnAt: tensionReports.withdrawnAt,
    })
    .from(tensionReports)
    .where(eq(tensionReports.areaId, areaId))
    .orderBy(asc(tensionReports.periodStart), asc(tensionReports.id));
  const marks = reports.length
    ? await db
        .select({
          reportId: tensionReportIndicators.reportId,
          certainty: tensionReportIndicators.certainty,
          name: tensionIndicators.name,
        })
        .from(tensionReportIndicators)
        .innerJoin(tensionIndicators, eq(tensionIndicators.id, tensionReportIndicators.indicatorId))
        .where(
          inArray(
            tensionReportIndicators.reportId,
            reports.map((r) => r.id),
          ),
        )
    : [];
  return {
    area,
    reports: reports.map((r) => ({ ...r, indicators: marks.filter((m) => m.reportId === r.id) })),
  };
}

// Settings: which groups read reports.

export async function readerSettings(db: Queryable, user: CurrentUser) {
  checkRecordIncidents(user);
  const [chosen, groupList] = await Promise.all([tensionReaderGroupIds(db), listGroupOptions(db)]);
  return { chosen, groupList };
}

export async function saveReaderSettings(db: Database, user: CurrentUser, groupIds: number[] = []) {
  checkRecordIncidents(user);
  const groupList = await listGroupOptions(db);
  if (!groupIds.every((id) => groupList.some((g) => g.id === id)))
    throw new FormError('groupIds', 'Select groups from the list');
  const readerGroupIds = [...new Set(groupIds)];
  await db.transaction(async (tx) => {
    await tx
      .insert(tensionSettings)
      .values({ id: 1, readerGroupIds, changedBy: user.accountId })
      .onConflictDoUpdate({
        target: tensionSettings.id,
        set: { readerGroupIds, changedBy: user.accountId, changedAt: new Date() },
      });
    await audit(tx, user, 'tension_settings.changed', 'tension_settings', 1, { readerGroupIds });
  });
}

/**
 * Puts an area's tension on a group's next meeting. Every signed-in person reads agenda titles,
 * so the title names the area only; the minute points to the area's page, which checks who reads it.
 */
export async function putAreaOnAgenda(db: Database, user: CurrentUser, areaId: number, groupId: number) {
  checkRecordIncidents(user);
  const area = await findArea(db, areaId);
  if (!area) throw new NotFoundError('area');
  return putOnNextAgenda(db, groupId, {
    title: `Community tension: ${area.name}`,
    minute: `For members who read tension reports: /tension/areas/${area.id}`,
  });
}
