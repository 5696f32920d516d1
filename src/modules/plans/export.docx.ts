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
import type { Queryable } from '../../db/client.ts';
import { formatDate, label } from '../../views/filters.ts';
import type { PlanExport } from './export.ts';
import { isApproved } from './plans.policy.ts';
import { RAG_RULE, type Rag } from './plans.rag.ts';
import { listObjectives, type Plan, type PlanAction } from './plans.service.ts';

/*
 * A plan as a board paper's appendix (DOCX), "Appendix B – PVE Action Plan" in seed 001. Routes
 * load this file when a paper is asked for: the DOCX library would otherwise add to every start.
 */

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
