import { formatDate } from '../../views/filters.ts';
import type { Assessment, Rating } from './assessments.service.ts';
import { levelOf, type Framework } from './frameworks.service.ts';
import { isAgreed } from './self-assessment.policy.ts';

/*
 * An iteration as a spreadsheet and as a board paper's appendix ("Appendix C" in seed 001). Routes
 * load this file only when an export is asked for, and it loads exceljs or docx only then too.
 */

export interface IterationExport {
  framework: Framework;
  assessment: Assessment;
  ratings: Rating[];
  completedBy: string | undefined;
  agreedBy: string | undefined;
}

const HEADERS = ['Section', 'Criterion', 'Rating', 'Meaning', 'Evidence'];

/** One line per criterion, in the framework's order. */
export function exportRows({ framework, ratings }: IterationExport): string[][] {
  return framework.sections.flatMap((section) =>
    section.criteria.map((criterion) => {
      const rating = ratings.find((r) => r.criterionId === criterion.id);
      const level = levelOf(framework, rating?.value);
      return [section.title, criterion.title, level?.name ?? 'Not rated', level?.meaning ?? '', rating?.evidence ?? ''];
    }),
  );
}

/** Who, for whom, when and its status, in a sentence. */
export function exportIntro(data: IterationExport): string {
  const { assessment, framework } = data;
  const by = data.completedBy ? ` completed by ${data.completedBy}` : '';
  const status = isAgreed(assessment) && data.agreedBy ? `Agreed by ${data.agreedBy}.` : 'A draft, not yet agreed.';
  return `A self-assessment against ${framework.name} (${framework.years}) on behalf of ${assessment.body}, ${assessment.title}, dated ${formatDate(assessment.assessedOn)},${by}. ${status}`;
}

/** A cell that would run as a formula is written as text: evidence is typed by people. */
const safe = (text: string) => (/^[=+\-@]/.test(text) ? `'${text}` : text);

export async function iterationXlsx(data: IterationExport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Self-assessment');
  sheet.addRow([exportIntro(data)]);
  sheet.addRow(HEADERS).font = { bold: true };
  for (const row of exportRows(data)) sheet.addRow(row.map(safe));
  sheet.columns.forEach((column, i) => (column.width = [30, 45, 12, 30, 60][i]));
  const scale = workbook.addWorksheet('Rating scale');
  scale.addRow(['Value', 'Level', 'Meaning']).font = { bold: true };
  for (const level of data.framework.levels) scale.addRow([level.value, level.name, level.meaning]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function iterationDocx(data: IterationExport): Promise<Buffer> {
  const { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } =
    await import('docx');
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18 })] })] });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: HEADERS.map((h) => cell(h, true)) }),
      ...exportRows(data).map((row) => new TableRow({ children: row.map((text) => cell(text)) })),
    ],
  });
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            text: `Appendix C – ${data.framework.name} self-assessment`,
          }),
          new Paragraph({ text: exportIntro(data) }),
          table,
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Rating scale' }),
          ...data.framework.levels.map((level) => new Paragraph({ text: `${level.name}: ${level.meaning}` })),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
