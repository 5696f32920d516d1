import { and, eq, isNull, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { guessColumns, nameKey, quoted, rowReader } from '../../imports/columns.ts';
import { readSpreadsheet, type Sheet, type SpreadsheetRules } from '../../imports/spreadsheet.ts';
import { formatDateTime } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { sanitiseFilename, type UploadedFile } from '../documents/index.ts';
import { checkManageFrameworks } from './self-assessment.policy.ts';
import {
  selfAssessmentCriteria,
  selfAssessmentFrameworkImports,
  selfAssessmentFrameworks,
  selfAssessmentLevels,
  selfAssessmentSections,
  type LevelColour,
} from './self-assessment.tables.ts';

/*
 * Importing another framework from a spreadsheet (CSV or XLSX) through the shared reader: columns
 * section, criterion, description, evidence expected; the rating scale is a block of rows whose
 * section reads "Rating scale", lowest level first (criterion: the level's name; description:
 * its meaning). Upload → preview with row errors → confirm; nothing is written until confirmed.
 */

export const FRAMEWORK_SPREADSHEET: SpreadsheetRules = {
  maxRows: 2_000,
  row: 'criterion',
  rows: 'criteria',
  file: 'a self-assessment framework',
};

const FIELDS = ['section', 'criterion', 'description', 'evidence'] as const;
const GUESSES = {
  section: { names: ['section', 'strand', 'area', 'theme'], words: ['section', 'strand', 'area'] },
  criterion: { names: ['criterion', 'criteria', 'outcome', 'standard'], words: ['criterion', 'outcome'] },
  description: { names: ['description', 'what good looks like'], words: ['description', 'meaning'] },
  evidence: { names: ['evidence expected', 'evidence'], words: ['evidence'] },
};
const SCALE_SECTION = 'rating scale';

/** A level named for a colour wears it; others are grey. */
const colourOf = (name: string): LevelColour => {
  const word = nameKey(name).split(' ')[0];
  if (word === 'amber') return 'orange';
  return (['red', 'yellow', 'green', 'blue', 'purple'] as const).find((c) => c === word) ?? 'grey';
};

export interface FrameworkPlan {
  sections: {
    title: string;
    criteria: { title: string; description: string | null; evidenceExpected: string | null }[];
  }[];
  levels: { value: number; name: string; meaning: string; colour: LevelColour }[];
  errors: string[];
  criteriaCount: number;
}

/** What the file would make, with a sentence for each row that cannot be used. Saves nothing. */
export function planFramework(sheet: Sheet): FrameworkPlan {
  const mapping = guessColumns(sheet.headers, FIELDS, GUESSES);
  const plan: FrameworkPlan = { sections: [], levels: [], errors: [], criteriaCount: 0 };
  if (mapping.section === undefined || mapping.criterion === undefined) {
    plan.errors.push('The file needs a column headed Section and one headed Criterion');
    return plan;
  }
  for (const sheetRow of sheet.rows) {
    const row = rowReader(sheetRow, mapping);
    const section = row.cell('section') ?? '';
    const title = row.cell('criterion') ?? '';
    const description = row.cell('description') || null;
    if (!section && !title) continue;
    if (nameKey(section) === SCALE_SECTION) {
      if (!title) row.fail('Enter the name of the level in the criterion column');
      else if (!description) row.fail(`Enter what the level ${quoted(title)} means in the description column`);
      else if (plan.levels.some((l) => nameKey(l.name) === nameKey(title)))
        row.fail(`The level ${quoted(title)} is named twice`);
      else
        plan.levels.push({ value: plan.levels.length + 1, name: title, meaning: description, colour: colourOf(title) });
    } else if (!section) row.fail('Enter the section the criterion belongs to');
    else if (!title) row.fail(`Enter the criterion in section ${quoted(section)}`);
    else {
      let found = plan.sections.find((s) => nameKey(s.title) === nameKey(section));
      if (!found) plan.sections.push((found = { title: section, criteria: [] }));
      if (found.criteria.some((c) => nameKey(c.title) === nameKey(title)))
        row.fail(`The criterion ${quoted(title)} appears twice in section ${quoted(section)}`);
      else found.criteria.push({ title, description, evidenceExpected: row.cell('evidence') || null });
    }
    plan.errors.push(...row.errors);
  }
  plan.criteriaCount = plan.sections.reduce((n, s) => n + s.criteria.length, 0);
  if (!plan.criteriaCount) plan.errors.push('The file has no criteria: add a row for each, with its section');
  if (plan.levels.length < 2)
    plan.errors.push(
      'Add the rating scale: at least two rows with Rating scale in the section column, lowest level first',
    );
  return plan;
}

export async function stageFramework(
  db: Database,
  user: CurrentUser,
  input: { name: string; years: string },
  file: UploadedFile | undefined,
): Promise<number> {
  checkManageFrameworks(user);
  if (!file) throw new FormError('file', 'Select a CSV or Excel spreadsheet to import');
  await readSpreadsheet(file.filename, file.content, FRAMEWORK_SPREADSHEET);
  await checkNameFree(db, input.name);
  const [row] = await db
    .insert(selfAssessmentFrameworkImports)
    .values({
      filename: sanitiseFilename(file.filename),
      file: file.content.toString('base64'),
      name: input.name,
      years: input.years,
      uploadedBy: user.accountId,
    })
    .returning({ id: selfAssessmentFrameworkImports.id });
  return row!.id;
}

async function checkNameFree(db: Queryable, name: string) {
  const [taken] = await db
    .select({ id: selfAssessmentFrameworks.id })
    .from(selfAssessmentFrameworks)
    .where(sql`lower(${selfAssessmentFrameworks.name}) = ${name.toLowerCase()}`);
  if (taken)
    throw new FormError('name', 'A framework with that name is already in the Hub: give this one another name');
}

/** A staged import with what it would make. */
export async function previewFramework(db: Queryable, user: CurrentUser, importId: number) {
  checkManageFrameworks(user);
  const [staged] = await db
    .select()
    .from(selfAssessmentFrameworkImports)
    .where(eq(selfAssessmentFrameworkImports.id, importId));
  if (!staged) throw new NotFoundError('import');
  const sheet = await readSpreadsheet(staged.filename, Buffer.from(staged.file, 'base64'), FRAMEWORK_SPREADSHEET);
  return { staged, plan: planFramework(sheet) };
}

/** Confirm: the framework, its scale, sections and criteria written in one transaction. */
export async function commitFramework(db: Database, user: CurrentUser, importId: number): Promise<number> {
  const { staged, plan } = await previewFramework(db, user, importId);
  if (staged.committedAt)
    throw new FormError('import', `This file was imported on ${formatDateTime(staged.committedAt)}`);
  if (plan.errors.length) throw new FormError('import', 'Correct the rows listed and upload the file again');
  return db.transaction(async (tx) => {
    await checkNameFree(tx, staged.name);
    const [framework] = await tx
      .insert(selfAssessmentFrameworks)
      .values({
        name: staged.name,
        years: staged.years,
        weakUpTo: Math.min(2, plan.levels.length - 1),
        createdBy: user.accountId,
      })
      .returning({ id: selfAssessmentFrameworks.id });
    const frameworkId = framework!.id;
    await tx.insert(selfAssessmentLevels).values(plan.levels.map((level) => ({ frameworkId, ...level })));
    for (const [i, section] of plan.sections.entries()) {
      const [row] = await tx
        .insert(selfAssessmentSections)
        .values({ frameworkId, position: i + 1, title: section.title })
        .returning({ id: selfAssessmentSections.id });
      await tx
        .insert(selfAssessmentCriteria)
        .values(section.criteria.map((c, j) => ({ sectionId: row!.id, position: j + 1, ...c })));
    }
    const [claimed] = await tx
      .update(selfAssessmentFrameworkImports)
      .set({ committedAt: new Date(), frameworkId })
      .where(and(eq(selfAssessmentFrameworkImports.id, importId), isNull(selfAssessmentFrameworkImports.committedAt)))
      .returning({ id: selfAssessmentFrameworkImports.id });
    if (!claimed) throw new FormError('import', 'This file has already been imported');
    await recordAudit(tx, {
      action: 'self_assessment.framework_imported',
      user,
      subjectType: 'self_assessment_framework',
      subjectId: frameworkId,
      detail: {
        filename: staged.filename,
        sections: plan.sections.length,
        criteria: plan.criteriaCount,
        levels: plan.levels.length,
      },
    });
    return frameworkId;
  });
}
