import { eq, inArray } from 'drizzle-orm';
import {
  AlignmentType,
  Document,
  Header,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/client.ts';
import { csvText } from '../../views/csv.ts';
import { formatDate, label } from '../../views/filters.ts';
import { RAG_RULE, type Rag } from './plans.rag.ts';
import { isApproved } from './plans.policy.ts';
import { listObjectives, listPlanActions, type Plan, type PlanAction } from './plans.service.ts';
import { planActions, plans } from './plans.tables.ts';

/*
 * A plan as a spreadsheet (CSV, XLSX) that imports back into the Hub with the guessed mapping,
 * and as a board paper's appendix (DOCX), "Appendix B – PVE Action Plan" in seed 001.
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

const APPENDIX_COLUMNS = [
  'Ref',
  'Action',
  'Strand',
  'Lead',
  'Partners',
  'Start',
  'Due',
  'RAG',
  'Latest update',
] as const;
// Relative widths (per cent of the table) for the columns above; the action and update get most room.
const APPENDIX_WIDTHS = [6, 22, 8, 13, 12, 8, 8, 7, 16];
// Board papers print the rating as a word on its colour, so it reads in black and white too.
const RAG_FILL: Record<Rag, string> = { red: 'F4B6B0', amber: 'FFDD99', green: 'B7E1BE', complete: 'D9D9D9' };

/** A table cell's text in 9pt; each line of the value on a line of its own. */
const text = (value: string, options: { bold?: boolean } = {}) =>
  new Paragraph({
    children: value
      .split('\n')
      .map((line, i) => new TextRun({ text: line, bold: options.bold, size: 18, break: i > 0 ? 1 : undefined })),
  });

function cell(value: string, options: { bold?: boolean; fill?: string; width: number }) {
  return new TableCell({
    children: [text(value, options)],
    width: { size: options.width, type: WidthType.PERCENTAGE },
    shading: options.fill ? { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } : undefined,
  });
}

function actionsTable(actions: PlanAction[]): Table {
  const header = new TableRow({
    tableHeader: true,
    children: APPENDIX_COLUMNS.map((name, i) => cell(name, { bold: true, fill: 'E7E7E7', width: APPENDIX_WIDTHS[i]! })),
  });
  const rows = actions.map(
    (a) =>
      new TableRow({
        cantSplit: true,
        children: [
          a.reference,
          a.description ? `${a.title}\n${a.description}` : a.title,
          label(a.strand),
          [a.leadOrganisationName, a.leadPersonName].filter(Boolean).join(', '),
          a.partnerNames.join(', '),
          formatDate(a.startOn),
          formatDate(a.dueOn),
          label(a.rag),
          a.latestUpdate ?? '',
        ].map((value, i) => cell(value, { width: APPENDIX_WIDTHS[i]!, fill: i === 7 ? RAG_FILL[a.rag] : undefined })),
      }),
  );
  return new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } });
}

function versionText(plan: Plan): string {
  if (plan.currentVersion === 0) return 'Not yet approved';
  if (isApproved(plan)) return `Version ${plan.currentVersion}, approved`;
  return `Version ${plan.currentVersion} approved; changes since then not yet approved`;
}

/** The actions under each objective in the plan's order; actions with no objective last. */
function byObjective(actions: PlanAction[], objectives: { id: number; title: string }[]) {
  const sections = objectives.map((o, i) => ({
    heading: `Objective ${i + 1}: ${o.title}`,
    actions: actions.filter((a) => a.objectiveId === o.id),
  }));
  const known = new Set(objectives.map((o) => o.id));
  sections.push({
    heading: objectives.length ? 'Other actions' : 'Actions',
    actions: actions.filter((a) => a.objectiveId === null || !known.has(a.objectiveId)),
  });
  return sections.filter((s) => s.actions.length > 0);
}

/**
 * "Appendix B – <plan title>": the plan's facts, the RAG rule, then a table of actions for each
 * objective, on landscape A4 so the nine columns stay readable.
 */
export async function planDocx(db: Queryable, { plan, actions }: PlanExport, appendix = 'B'): Promise<Buffer> {
  const objectives = await listObjectives(db, plan.id);
  const fact = (name: string, value: string) =>
    new Paragraph({ children: [new TextRun({ text: `${name}: `, bold: true }), new TextRun(value)] });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, text: `Appendix ${appendix} – ${plan.title}` }),
    fact('Kind of plan', label(plan.kind)),
    fact('Period', `${formatDate(plan.periodStart)} to ${formatDate(plan.periodEnd)}`),
    fact('Owner group', plan.ownerGroupName),
    ...(plan.ownerOrganisationName ? [fact('Written by', plan.ownerOrganisationName)] : []),
    fact('Status', label(plan.status)),
    fact('Version', versionText(plan)),
    fact('Produced', formatDate(new Date())),
    ...(plan.summary ? [new Paragraph({ text: plan.summary, spacing: { before: 120 } })] : []),
    new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'How the RAG status is worked out' }),
    ...RAG_RULE.map((rule) => new Paragraph({ text: rule, bullet: { level: 0 } })),
  ];
  const sections = byObjective(actions, objectives);
  if (sections.length === 0)
    children.push(new Paragraph({ text: 'The plan has no actions yet.', spacing: { before: 240 } }));
  for (const section of sections) {
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, text: section.heading, keepNext: true }),
      actionsTable(section.actions),
    );
  }
  const document = new Document({
    creator: 'Prevent Partnership Hub',
    title: `Appendix ${appendix} – ${plan.title}`,
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE },
            margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ text: 'OFFICIAL', bold: true })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
