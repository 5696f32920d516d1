import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import {
  columnOutside,
  guessColumns,
  nameKey,
  plural,
  quoted,
  readMapping,
  rowReader,
  storedMapping,
  type ColumnGuess,
  type ColumnMapping,
} from '../../imports/columns.ts';
import { readSpreadsheet, type Sheet, type SpreadsheetRules } from '../../imports/spreadsheet.ts';
import { formatDateTime } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { sanitiseFilename, type UploadedFile } from '../documents/index.ts';
import { getFramework, type Criterion, type Framework } from './frameworks.service.ts';
import { checkManageFrameworks } from './self-assessment.policy.ts';
import { selfAssessmentPeerImports, selfAssessmentPeerRatings } from './self-assessment.tables.ts';

/*
 * A peer partnership's published ratings from a spreadsheet (CSV or XLSX), through the shared
 * import flow: upload (the rows are read once and kept), the columns guessed and open to change,
 * a preview with each row's problems by number, confirm. A row names its peer, the criterion (by
 * its reference, such as 2.1, or its words) and the rating (by the level's name or number), and
 * may give a date or label holding the year. A rating already held is left alone, so importing
 * the same file twice changes nothing; a different rating for the same peer, year and criterion
 * revises it (the old one withdrawn, never deleted).
 */

export const PEER_SPREADSHEET: SpreadsheetRules = {
  maxRows: 5_000,
  row: 'peer rating',
  rows: 'peer ratings',
  file: "a table of peers' ratings",
};

export const PEER_FIELDS = ['peer', 'criterion', 'rating', 'year'] as const;
export type PeerField = (typeof PEER_FIELDS)[number];
const GUESSES: Record<PeerField, ColumnGuess> = {
  peer: { names: ['peer', 'partnership', 'peer partnership', 'district', 'area'], words: ['peer', 'partnership'] },
  criterion: { names: ['criterion', 'reference', 'ref', 'outcome', 'strand'], words: ['criterion', 'reference'] },
  rating: { names: ['rating', 'score', 'level', 'rag'], words: ['rating', 'score', 'level'] },
  year: { names: ['year', 'date', 'iteration', 'published'], words: ['year', 'date', 'iteration'] },
};
export const FIELD_WORDS: Record<PeerField, string> = {
  peer: 'Peer partnership',
  criterion: 'Criterion (reference or words)',
  rating: 'Rating (level name or number)',
  year: 'Date or iteration (optional: holds the year)',
};
const NEEDED: PeerField[] = ['peer', 'criterion', 'rating'];

export interface PlannedPeerRating {
  row: number;
  peer: string;
  year: number;
  criterionId: number;
  criterion: string;
  value: number;
  level: string;
  /** New, a revision of a different rating held, or the same rating already held. */
  change: 'new' | 'revised' | 'held';
}

/** "2.1": the section's place, then the criterion's place within it. */
export function referenceOf(framework: Framework, criterion: Criterion): string {
  const section = framework.sections.find((s) => s.id === criterion.sectionId);
  return `${section?.position ?? 0}.${criterion.position}`;
}

function criterionFinder(framework: Framework) {
  const byKey = new Map<string, Criterion>();
  for (const c of framework.criteria) {
    byKey.set(referenceOf(framework, c), c);
    byKey.set(nameKey(c.title), c);
  }
  return (text: string) => byKey.get(nameKey(text).replace(/\.$/, ''));
}

function levelFinder(framework: Framework) {
  const byKey = new Map<string, { value: number; name: string }>();
  for (const l of framework.levels) {
    byKey.set(String(l.value), l);
    byKey.set(nameKey(l.name), l);
  }
  return (text: string) => byKey.get(nameKey(text));
}

/** The first four-digit year from 2000 to 2100 in a date or label ("January 2009", "31/01/2009"). */
export function yearIn(text: string): number | undefined {
  const found = /(?:^|\D)(20\d\d|2100)(?:\D|$)/.exec(text);
  return found ? Number(found[1]) : undefined;
}

type HeldRatings = Map<string, number>;
const heldKey = (peer: string, year: number, criterionId: number) => `${nameKey(peer)}|${year}|${criterionId}`;

/** Each row read through the mapping: the ratings it would record and the problems, numbered by row. */
export function planPeerRatings(
  framework: Framework,
  sheet: Sheet,
  mapping: ColumnMapping<PeerField>,
  defaultYear: number | null,
  held: HeldRatings,
) {
  const missing = NEEDED.filter((name) => mapping[name] === undefined);
  if (missing.length)
    return {
      planned: [],
      errors: missing.map(
        (name) => `Choose the column that holds the ${FIELD_WORDS[name].split(' (')[0]!.toLowerCase()}`,
      ),
    };
  const findCriterion = criterionFinder(framework);
  const findLevel = levelFinder(framework);
  const planned: PlannedPeerRating[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const sheetRow of sheet.rows) {
    const { cell, fail, errors: rowErrors } = rowReader(sheetRow, mapping);
    const peer = cell('peer') ?? '';
    const criterionText = cell('criterion') ?? '';
    const ratingText = cell('rating') ?? '';
    if (!peer && !criterionText && !ratingText) continue;
    const criterion = findCriterion(criterionText);
    const level = findLevel(ratingText);
    const yearText = cell('year') ?? '';
    const year = yearText ? yearIn(yearText) : (defaultYear ?? undefined);
    if (!peer) fail('enter the peer partnership');
    if (!criterion)
      fail(`${quoted(criterionText)} is not a criterion of ${framework.name}: give its reference or words`);
    if (!level) fail(`${quoted(ratingText)} is not a level of the scale: give the level's name or number`);
    if (year === undefined)
      fail(yearText ? `${quoted(yearText)} holds no year` : 'enter the year, or give one for the whole file');
    if (rowErrors.length || !criterion || !level || year === undefined) {
      errors.push(...rowErrors);
      continue;
    }
    const key = heldKey(peer, year, criterion.id);
    if (seen.has(key)) {
      fail(`${peer} ${year} is rated twice for ${quoted(criterion.title)}`);
      errors.push(...rowErrors);
      continue;
    }
    seen.add(key);
    const before = held.get(key);
    const change = before === undefined ? 'new' : before === level.value ? 'held' : 'revised';
    planned.push({
      row: sheetRow.number,
      peer,
      year,
      criterionId: criterion.id,
      criterion: criterion.title,
      value: level.value,
      level: level.name,
      change,
    });
  }
  return { planned, errors };
}

export async function stagePeerRatings(
  db: Database,
  user: CurrentUser,
  frameworkId: number,
  input: { year?: number; source?: string },
  file: UploadedFile | undefined,
): Promise<number> {
  checkManageFrameworks(user);
  await getFramework(db, frameworkId);
  if (!file) throw new FormError('file', "Select a CSV or Excel spreadsheet of the peer's ratings");
  const sheet = await readSpreadsheet(file.filename, file.content, PEER_SPREADSHEET);
  if (!sheet.rows.length) throw new FormError('file', 'The selected file has no ratings under its headings');
  const mapping = storedMapping(guessColumns(sheet.headers, PEER_FIELDS, GUESSES));
  const [row] = await db
    .insert(selfAssessmentPeerImports)
    .values({
      frameworkId,
      filename: sanitiseFilename(file.filename),
      sheet,
      mapping,
      year: input.year ?? null,
      source: input.source ?? null,
      uploadedBy: user.accountId,
    })
    .returning({ id: selfAssessmentPeerImports.id });
  return row!.id;
}

async function stagedImport(db: Queryable, importId: number) {
  const [row] = await db.select().from(selfAssessmentPeerImports).where(eq(selfAssessmentPeerImports.id, importId));
  if (!row) throw new NotFoundError('import');
  return row;
}

/** The current ratings of the peers named, as peer|year|criterion → value. */
async function heldRatings(db: Queryable, frameworkId: number): Promise<HeldRatings> {
  const rows = await db
    .select({
      peer: selfAssessmentPeerRatings.peer,
      year: selfAssessmentPeerRatings.year,
      criterionId: selfAssessmentPeerRatings.criterionId,
      value: selfAssessmentPeerRatings.value,
    })
    .from(selfAssessmentPeerRatings)
    .where(and(eq(selfAssessmentPeerRatings.frameworkId, frameworkId), isNull(selfAssessmentPeerRatings.withdrawnAt)))
    .orderBy(selfAssessmentPeerRatings.id);
  return new Map(rows.map((r) => [heldKey(r.peer, r.year, r.criterionId), r.value]));
}

/** What the staged file would record, with its problems; saves nothing. */
export async function previewPeerRatings(db: Queryable, user: CurrentUser, importId: number) {
  checkManageFrameworks(user);
  const staged = await stagedImport(db, importId);
  const [framework, held] = await Promise.all([
    getFramework(db, staged.frameworkId),
    heldRatings(db, staged.frameworkId),
  ]);
  const mapping = readMapping(staged.mapping, PEER_FIELDS);
  const { planned, errors } = planPeerRatings(framework, staged.sheet, mapping, staged.year, held);
  const count = (change: PlannedPeerRating['change']) => planned.filter((p) => p.change === change).length;
  const counts = { new: count('new'), revised: count('revised'), held: count('held') };
  return {
    staged,
    framework,
    mapping,
    planned,
    errors,
    counts,
    summary: `${plural(counts.new, 'new rating', 'new ratings')}, ${plural(counts.revised, 'revision', 'revisions')}, ${plural(counts.held, 'rating', 'ratings')} already held, ${plural(errors.length, 'row', 'rows')} with errors.`,
  };
}

/** The columns chosen on the preview page; a column the file does not have is refused. */
export async function chooseColumns(
  db: Database,
  user: CurrentUser,
  importId: number,
  mapping: ColumnMapping<PeerField>,
): Promise<void> {
  checkManageFrameworks(user);
  const staged = await stagedImport(db, importId);
  if (staged.committedAt)
    throw new FormError('peer', `This file was imported on ${formatDateTime(staged.committedAt)}`);
  const outside = columnOutside(mapping, PEER_FIELDS, staged.sheet);
  if (outside) throw new FormError(outside, 'Choose one of the columns of the file');
  await db
    .update(selfAssessmentPeerImports)
    .set({ mapping: storedMapping(mapping) })
    .where(eq(selfAssessmentPeerImports.id, importId));
}

/** Confirm: new ratings added, revised ones replaced (the old withdrawn), in one transaction. */
export async function commitPeerRatings(db: Database, user: CurrentUser, importId: number): Promise<number> {
  const preview = await previewPeerRatings(db, user, importId);
  const { staged } = preview;
  if (staged.committedAt)
    throw new FormError('import', `This file was imported on ${formatDateTime(staged.committedAt)}`);
  if (preview.errors.length) throw new FormError('import', 'Correct the rows listed and upload the file again');
  const changes = preview.planned.filter((p) => p.change !== 'held');
  if (!changes.length) throw new FormError('import', 'Every rating in the file is already held: nothing to import');
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(selfAssessmentPeerImports)
      .set({ committedAt: new Date() })
      .where(and(eq(selfAssessmentPeerImports.id, importId), isNull(selfAssessmentPeerImports.committedAt)))
      .returning({ id: selfAssessmentPeerImports.id });
    if (!claimed) throw new FormError('import', 'This file has already been imported');
    await withdrawRevised(tx, staged.frameworkId, changes);
    await tx.insert(selfAssessmentPeerRatings).values(
      changes.map((p) => ({
        frameworkId: staged.frameworkId,
        peer: p.peer,
        year: p.year,
        criterionId: p.criterionId,
        value: p.value,
        source: staged.source,
        importId,
        recordedBy: user.accountId,
      })),
    );
    await recordAudit(tx, {
      action: 'self_assessment.peer_ratings_imported',
      user,
      subjectType: 'self_assessment_framework',
      subjectId: staged.frameworkId,
      detail: { importId, filename: staged.filename, ...preview.counts },
    });
    return staged.frameworkId;
  });
}

/** The ratings a revision replaces stay on record, withdrawn. */
async function withdrawRevised(tx: Queryable, frameworkId: number, changes: PlannedPeerRating[]) {
  const revised = changes.filter((p) => p.change === 'revised');
  if (!revised.length) return;
  const current = await tx
    .select({
      id: selfAssessmentPeerRatings.id,
      peer: selfAssessmentPeerRatings.peer,
      year: selfAssessmentPeerRatings.year,
      criterionId: selfAssessmentPeerRatings.criterionId,
    })
    .from(selfAssessmentPeerRatings)
    .where(
      and(
        eq(selfAssessmentPeerRatings.frameworkId, frameworkId),
        isNull(selfAssessmentPeerRatings.withdrawnAt),
        inArray(
          selfAssessmentPeerRatings.criterionId,
          revised.map((p) => p.criterionId),
        ),
      ),
    );
  const keys = new Set(revised.map((p) => heldKey(p.peer, p.year, p.criterionId)));
  const ids = current.filter((r) => keys.has(heldKey(r.peer, r.year, r.criterionId))).map((r) => r.id);
  if (ids.length)
    await tx
      .update(selfAssessmentPeerRatings)
      .set({ withdrawnAt: new Date() })
      .where(inArray(selfAssessmentPeerRatings.id, ids));
}
