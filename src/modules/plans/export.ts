import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { csvText } from '../../views/csv.ts';
import { label } from '../../views/filters.ts';
import { listPlanActions, type Plan, type PlanAction } from './plans.service.ts';
import { planActions, plans } from './plans.tables.ts';

/*
 * A plan as a spreadsheet (CSV, XLSX) that imports back into the Hub with the guessed mapping,
 * and as a board paper's appendix (DOCX, in export.docx.ts).
 */

export const EXPORT_COLUMNS = [
  'Reference',
  'Objective',
  'Title',
  'Description',
  'Strand',
  'Lead organisation',
  'Lead officer',
  'Partners',
  'Start date',
  'Due date',
  'State',
  'RAG',
  'Latest update',
  'Source',
] as const;

/** Partners share one cell; the import splits them on the same separator. */
export const PARTNER_SEPARATOR = '; ';

/**
 * Where each brought-in action came from, as the Source column says it: its own label, or the
 * Hub plan and action it was brought in from ("Cleveland Police Strategic Plan, action 3").
 */
export async function sourcesOf(db: Queryable, actions: PlanAction[]): Promise<Map<number, string>> {
  const sources = new Map<number, string>();
  const linked = actions.filter((a) => a.sourceActionId !== null && !a.sourceLabel);
  const ids = [...new Set(linked.map((a) => a.sourceActionId!))];
  const origins = ids.length
    ? await db
        .select({ id: planActions.id, reference: planActions.reference, planTitle: plans.title })
        .from(planActions)
        .innerJoin(plans, eq(plans.id, planActions.planId))
        .where(inArray(planActions.id, ids))
    : [];
  const originText = new Map(origins.map((o) => [o.id, `${o.planTitle}, action ${o.reference}`]));
  for (const action of actions) {
    const text = action.sourceLabel ?? (action.sourceActionId ? originText.get(action.sourceActionId) : undefined);
    if (text) sources.set(action.id, text);
  }
  return sources;
}

type Cell = string | Date | null;

/** An ISO day as the date Excel stores (midnight UTC, which Excel shows as that day). */
const excelDate = (isoDay: string | null) => (isoDay ? new Date(`${isoDay}T00:00:00Z`) : null);

/** One row per action, in EXPORT_COLUMNS order; dates as Date for XLSX. */
function actionRow(action: PlanAction, source: string | undefined): Cell[] {
  return [
    action.reference,
    action.objectiveTitle,
    action.title,
    action.description,
    label(action.strand),
    action.leadOrganisationName,
    action.leadPersonName,
    action.partnerNames.join(PARTNER_SEPARATOR) || null,
    excelDate(action.startOn),
    excelDate(action.dueOn),
    label(action.state),
    label(action.rag),
    action.latestUpdate,
    source ?? null,
  ];
}

export interface PlanExport {
  plan: Plan;
  actions: PlanAction[];
  rows: Cell[][];
}

/** What every export of a plan shows: its current (not withdrawn) actions in reference order. */
export async function planExport(db: Queryable, plan: Plan): Promise<PlanExport> {
  const actions = await listPlanActions(db, { planId: plan.id });
  const sources = await sourcesOf(db, actions);
  return { plan, actions, rows: actions.map((a) => actionRow(a, sources.get(a.id))) };
}

/** Dates as ISO days, which every spreadsheet reads as dates; formula-like text kept as text. */
export function planCsv({ rows }: PlanExport): string {
  const text = (cell: Cell) => (cell instanceof Date ? cell.toISOString().slice(0, 10) : cell);
  return csvText([[...EXPORT_COLUMNS], ...rows.map((row) => row.map(text))]);
}

const WIDE_COLUMNS = new Set(['Title', 'Description', 'Latest update', 'Objective']);

export async function planXlsx({ plan, rows }: PlanExport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Prevent Partnership Hub';
  workbook.title = plan.title;
  workbook.created = new Date();
  // The actions come first: the import reads the first sheet.
  const sheet = workbook.addWorksheet('Actions', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((header) => ({
    header,
    key: header,
    width: WIDE_COLUMNS.has(header) ? 50 : header.endsWith('date') ? 12 : 20,
    style: header.endsWith('date') ? { numFmt: 'dd/mm/yyyy' } : { alignment: { wrapText: true, vertical: 'top' } },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// The DOCX appendix.
