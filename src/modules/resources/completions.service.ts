import { and, eq, isNull } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { readSpreadsheet, type Sheet, type SpreadsheetRules } from '../../imports/spreadsheet.ts';
import { guessColumns, nameKey, plural, quoted, rowReader, type ColumnGuess } from '../../imports/columns.ts';
import { recordAudit } from '../audit/index.ts';
import { sanitiseFilename, type UploadedFile } from '../documents/index.ts';
import { allOrganisations } from '../organisations/index.ts';
import { checkManageResources, checkRecordUse } from './resources.policy.ts';
import { resourceRecord } from './resources.service.ts';
import { resourceCompletionImports, resourceUses } from './resources.tables.ts';

/*
 * E-learning completions from a spreadsheet (organisation, period or date, completions), through
 * the shared import flow: upload (the file is read once and its rows kept), preview with each
 * row's problems, confirm. Each row becomes a use of the resource, marked as imported.
 */

export const COMPLETIONS_SPREADSHEET: SpreadsheetRules = {
  maxRows: 5000,
  row: 'row of completions',
  rows: 'rows of completions',
  file: 'a table of e-learning completions',
};

const FIELDS = ['organisation', 'period', 'completions'] as const;
type CompletionField = (typeof FIELDS)[number];
const GUESSES: Record<CompletionField, ColumnGuess> = {
  organisation: {
    names: ['organisation', 'organization', 'agency', 'partner'],
    words: ['organisation', 'organization'],
  },
  period: { names: ['period', 'date', 'month', 'year', 'quarter'], words: ['period', 'date', 'year', 'when'] },
  completions: {
    names: ['completions', 'completed', 'number completed'],
    words: ['completions', 'completed', 'number'],
  },
};
const COLUMN_WORDS: Record<CompletionField, string> = {
  organisation: 'the organisation',
  period: 'the period or date',
  completions: 'the number of completions',
};
export const HOW_USED = 'E-learning completions';

const pad = (n: number) => String(n).padStart(2, '0');
function realDay(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? `${year}-${pad(month)}-${pad(day)}` : undefined;
}

/**
 * A date (2010-03-31 or 31/3/2010) or a financial year (2009/10, 2009-10), the figure counted on
 * the year's last day; undefined when the text is neither.
 */
export function readPeriod(text: string): { usedOn: string; period: string | null } | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return wrap(realDay(Number(iso[1]), Number(iso[2]), Number(iso[3])), null);
  const british = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (british) return wrap(realDay(Number(british[3]), Number(british[2]), Number(british[1])), null);
  const year = /^(\d{4})\s*[/-]\s*(\d{2})$/.exec(text);
  if (year && Number(year[2]) === (Number(year[1]) + 1) % 100)
    return { usedOn: `${Number(year[1]) + 1}-03-31`, period: `${year[1]}/${year[2]}` };
  return undefined;
}
const wrap = (usedOn: string | undefined, period: string | null) => (usedOn ? { usedOn, period } : undefined);

export interface PlannedCompletion {
  row: number;
  organisationId: number;
  organisation: string;
  usedOn: string;
  period: string | null;
  completions: number;
}
export interface CompletionsPreview {
  id: number;
  resourceId: number;
  filename: string;
  committedAt: Date | null;
  planned: PlannedCompletion[];
  errors: string[];
  completions: number;
  summary: string;
}

export async function stageCompletions(
  db: Database,
  user: CurrentUser,
  resourceId: number,
  file: UploadedFile | undefined,
): Promise<number> {
  checkManageResources(user);
  await resourceRecord(db, resourceId);
  if (!file) throw new FormError('file', 'Select a CSV or Excel spreadsheet of completions to import');
  const sheet = await readSpreadsheet(file.filename, file.content, COMPLETIONS_SPREADSHEET);
  if (!sheet.rows.length)
    throw new FormError('file', 'The selected file has no rows of completions under its headings');
  const [row] = await db
    .insert(resourceCompletionImports)
    .values({ resourceId, filename: sanitiseFilename(file.filename), sheet, uploadedBy: user.accountId })
    .returning({ id: resourceCompletionImports.id });
  return row!.id;
}

async function stagedImport(db: Queryable, resourceId: number, importId: number) {
  const [row] = await db
    .select()
    .from(resourceCompletionImports)
    .where(and(eq(resourceCompletionImports.id, importId), eq(resourceCompletionImports.resourceId, resourceId)));
  if (!row) throw new NotFoundError('import');
  return row;
}

/** Each row read through the guessed columns, matched to the partnership's organisations. */
function planRows(sheet: Sheet, organisations: { id: number; name: string; archivedAt: Date | null }[]) {
  const mapping = guessColumns(sheet.headers, FIELDS, GUESSES);
  const missing = FIELDS.filter((name) => mapping[name] === undefined);
  if (missing.length)
    return {
      planned: [],
      errors: missing.map(
        (name) => `The file has no column for ${COLUMN_WORDS[name]}: head it ‘${GUESSES[name].names[0]}’`,
      ),
    };
  const byName = new Map(organisations.map((o) => [nameKey(o.name), o]));
  const planned: PlannedCompletion[] = [];
  const errors: string[] = [];
  for (const sheetRow of sheet.rows) {
    const { cell, fail, errors: rowErrors } = rowReader(sheetRow, mapping);
    const name = cell('organisation') ?? '';
    const organisation = byName.get(nameKey(name));
    if (!name) fail('enter the organisation');
    else if (!organisation) fail(`${quoted(name)} is not an organisation of the partnership: check its name`);
    else if (organisation.archivedAt) fail(`${quoted(name)} is archived: restore it first, or leave the row out`);
    const period = readPeriod(cell('period') ?? '');
    if (!period) fail(`enter the period as a date such as 31/3/2010, or a financial year such as 2009/10`);
    const text = cell('completions') ?? '';
    const completions = /^\d{1,7}$/.test(text) ? Number(text) : undefined;
    if (completions === undefined) fail(`enter the completions as a whole number, not ${quoted(text)}`);
    errors.push(...rowErrors);
    if (!rowErrors.length && organisation && period && completions !== undefined)
      planned.push({
        row: sheetRow.number,
        organisationId: organisation.id,
        organisation: organisation.name,
        ...period,
        completions,
      });
  }
  return { planned, errors };
}

export async function previewCompletions(
  db: Queryable,
  user: CurrentUser,
  resourceId: number,
  importId: number,
): Promise<CompletionsPreview> {
  checkManageResources(user);
  const [staged, organisations] = await Promise.all([stagedImport(db, resourceId, importId), allOrganisations(db)]);
  const { planned, errors } = planRows(staged.sheet, organisations);
  const completions = planned.reduce((sum, p) => sum + p.completions, 0);
  return {
    id: staged.id,
    resourceId,
    filename: staged.filename,
    committedAt: staged.committedAt,
    planned,
    errors,
    completions,
    summary: `${plural(planned.length, 'row is', 'rows are')} ready to import, ${plural(completions, 'completion', 'completions')} in all; ${plural(errors.length, 'problem', 'problems')} to put right first.`,
  };
}

export async function commitCompletions(db: Database, user: CurrentUser, resourceId: number, importId: number) {
  const resource = await resourceRecord(db, resourceId);
  const preview = await previewCompletions(db, user, resourceId, importId);
  if (preview.committedAt) throw new FormError('file', 'These completions have already been imported');
  if (preview.errors.length) throw new FormError('file', 'Put right the problems in the file, then upload it again');
  if (!preview.planned.length) throw new FormError('file', 'The file has no completions to import');
  for (const p of preview.planned) checkRecordUse(user, resource, null, p.organisationId);
  await db.transaction(async (tx) => {
    // Marked first, and only if no one has confirmed it meanwhile: the rows go in once.
    const [marked] = await tx
      .update(resourceCompletionImports)
      .set({ committedAt: new Date(), committedUses: preview.planned.length })
      .where(and(eq(resourceCompletionImports.id, importId), isNull(resourceCompletionImports.committedAt)))
      .returning({ id: resourceCompletionImports.id });
    if (!marked) throw new FormError('file', 'These completions have already been imported');
    await tx.insert(resourceUses).values(
      preview.planned.map((p) => ({
        resourceId,
        organisationId: p.organisationId,
        usedOn: p.usedOn,
        period: p.period,
        howUsed: HOW_USED,
        peopleReached: p.completions,
        source: 'imported' as const,
        importId,
        recordedBy: user.accountId,
      })),
    );
    await recordAudit(tx, {
      action: 'resource.completions_imported',
      user,
      subjectType: 'resource',
      subjectId: resourceId,
      detail: { importId, filename: preview.filename, rows: preview.planned.length, completions: preview.completions },
    });
  });
}
