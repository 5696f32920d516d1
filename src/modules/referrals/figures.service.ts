import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Queryable, Transaction } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError, NotFoundError } from '../../errors.ts';
import { formatDateTime } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { type UploadedFile, sanitiseFilename } from '../documents/index.ts';
import { columnOutside, guessColumns, nextTurn, plural, storedMapping } from '../../imports/columns.ts';
import { readSpreadsheet, type Sheet, type SpreadsheetRules } from '../../imports/spreadsheet.ts';
import { CATEGORIES_OF, financialYear, financialYearStartOf, isCategoryOf, type Breakdown } from './categories.ts';
import { FIGURE_FIELDS, type FigureMappingValues } from './figures.forms.ts';
import { breakdownsNaming, builtInCategory, LEFT_OUT, nameKeyOf, TOTAL, type NameMatch } from './figures.names.ts';
import {
  readFigures,
  settingsFrom,
  type CategoryResolver,
  type FigureFileSettings,
  type ReadFigure,
} from './figures.read.ts';
import {
  referralCategoryNames,
  referralFigureImports,
  referralFigures,
  type FigureImportOutcome,
} from './figures.tables.ts';
import { inBatches } from '../../db/batches.ts';

/*
 * Importing published referral figures (issue 12, item 1). A file is staged in
 * referral_figure_imports; a coordinator says its shape and maps its columns, sees what each figure
 * would do, and only then confirms. A figure already held from the same release is left alone, so
 * importing a file again changes nothing; a later release's different figure replaces the earlier,
 * which keeps its source and points at its replacement (superseded_by).
 */

/** Aggregate tables run long: a national series broken down every way fills tens of thousands of rows. */
export const FIGURES_SPREADSHEET: SpreadsheetRules = {
  maxRows: 50_000,
  row: 'figure',
  rows: 'figures',
  file: 'a table of published figures',
};

/** The release a file's figures come from, as the mapping page records it. */
export interface FigureRelease {
  sourceTitle: string;
  sourceUrl: string | null;
  release: string;
  releaseDate: string;
  notComparable: boolean;
}

interface StoredSettings extends FigureFileSettings {
  release?: FigureRelease;
}

function checkCoordinator(user: CurrentUser) {
  if (!isCoordinator(user)) throw new ForbiddenError('Only coordinators import published referral figures');
}

// Guessing the mapping from the header row.

const GUESSES = {
  period: { names: ['period', 'year', 'financial year', 'time period', 'quarter', 'date'], words: ['year', 'period'] },
  geographyKind: {
    names: ['geography level', 'geographic level', 'geography type', 'area type', 'level'],
    words: ['level'],
  },
  geography: {
    names: ['geography', 'area', 'area name', 'geography name', 'region', 'police force area', 'force', 'location'],
    words: ['area', 'geography', 'region', 'force'],
  },
  measure: { names: ['measure', 'stage', 'outcome', 'indicator', 'statistic'], words: ['measure', 'stage'] },
  breakdown: {
    names: ['breakdown', 'breakdown type', 'variable', 'dimension', 'characteristic'],
    words: ['breakdown'],
  },
  category: {
    names: ['category', 'breakdown value', 'characteristic value', 'type of concern', 'sector of referral', 'group'],
    words: ['category'],
  },
  value: {
    names: ['value', 'number', 'count', 'figure', 'referrals', 'number of referrals', 'individuals', 'total'],
    words: ['number', 'count', 'value'],
  },
};

/**
 * A first guess at a file's shape and mapping: columns named like the long fields make it long;
 * headers that name categories (Education, Islamist…) make it wide, with those columns chosen.
 */
export function guessSettings(headers: string[]): FigureFileSettings {
  const mapping = guessColumns(headers, FIGURE_FIELDS, GUESSES);
  const named = headers.map((header) => breakdownsNaming(header));
  const categoryColumns = named.flatMap((found, i) => (found.length ? [i + 1] : []));
  // Headers naming two categories or more outweigh a "Total" column taken for the numbers.
  if (categoryColumns.length < 2) return { shape: 'long', mapping, categoryColumns: [], fixed: {} };
  const votes = new Map<Breakdown, number>();
  for (const found of named) for (const b of found) votes.set(b, (votes.get(b) ?? 0) + 1);
  const breakdown = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
  const totals = headers.flatMap((header, i) => (nameKeyOf(header) === TOTAL ? [i + 1] : []));
  return {
    shape: 'wide',
    mapping: { period: mapping.period, geography: mapping.geography, measure: mapping.measure },
    categoryColumns: [...totals, ...categoryColumns].sort((a, b) => a - b),
    fixed: { breakdown },
  };
}

// Category names: the coordinators' choices over the names the Hub knows.

export interface CategoryNameChoice {
  category: string;
  match: NameMatch;
}

async function savedNames(db: Queryable): Promise<Map<string, string>> {
  const rows = await db.select().from(referralCategoryNames);
  return new Map(rows.map((r) => [`${r.breakdown}\n${r.sourceKey}`, r.category]));
}

/** How each name resolves: a coordinator's choice first, then the Hub's labels and known renames. */
export function nameResolver(saved: Map<string, string>) {
  // A file repeats a few dozen names over thousands of rows: each is worked out once.
  const known = new Map<string, CategoryNameChoice | undefined>();
  const choice = (breakdown: Breakdown, name: string): CategoryNameChoice | undefined => {
    const key = `${breakdown}\n${name}`;
    if (known.has(key)) return known.get(key);
    const own = saved.get(`${breakdown}\n${nameKeyOf(name)}`);
    const found: CategoryNameChoice | undefined = own
      ? { category: own, match: 'saved' }
      : builtInCategory(breakdown, name);
    known.set(key, found);
    return found;
  };
  const resolve: CategoryResolver = (breakdown, name) => choice(breakdown, name)?.category;
  return { choice, resolve };
}

/** What a name may be mapped to in a breakdown: its categories, the total, or left out. */
const allowedCategory = (breakdown: Breakdown, category: string) =>
  category === TOTAL || category === LEFT_OUT || isCategoryOf(breakdown, category);

/** A coordinator says which Hub category a name stands for; later imports use it too. */
export async function saveCategoryName(
  db: Database,
  user: CurrentUser,
  choice: { breakdown: Breakdown; sourceName: string; category: string },
): Promise<void> {
  checkCoordinator(user);
  if (!allowedCategory(choice.breakdown, choice.category))
    throw new FormError('category', 'Select a Hub category from the list');
  const values = {
    breakdown: choice.breakdown,
    sourceKey: nameKeyOf(choice.sourceName),
    sourceName: choice.sourceName.trim(),
    category: choice.category,
    updatedBy: user.accountId,
  };
  await db
    .insert(referralCategoryNames)
    .values(values)
    .onConflictDoUpdate({
      target: [referralCategoryNames.breakdown, referralCategoryNames.sourceKey],
      set: { category: values.category, updatedBy: values.updatedBy, updatedAt: sql`now()` },
    });
}

/** The choices a name can be given on the preview, per breakdown. */
export function categoryChoices(breakdown: Breakdown) {
  return [
    ...CATEGORIES_OF[breakdown].map((c) => ({ value: c.id, text: c.label })),
    { value: TOTAL, text: 'The total (no category)' },
    { value: LEFT_OUT, text: 'Leave these figures out' },
  ];
}

// The staged import.

export interface StagedFigures {
  id: number;
  filename: string;
  settings: FigureFileSettings;
  release: FigureRelease | undefined;
  /** Whether the coordinator has saved the mapping page at least once. */
  mapped: boolean;
  uploadedAt: Date;
  committedAt: Date | null;
  outcome: FigureImportOutcome | null;
  sheet: Sheet;
}

/*
 * The staged file goes in and out of its bytea column as base64 text: PGlite binds a bytea
 * parameter byte by byte in JavaScript (a 750 KB file held the event loop for 0.7 s), while
 * PostgreSQL's own decode and encode take a few milliseconds.
 */
const fileIn = (content: Buffer) => sql`decode(${content.toString('base64')}, 'base64')`;
const fileOut = sql<string>`encode(${referralFigureImports.file}, 'base64')`;

/** Stage an uploaded file: check it reads as a table, keep it with a guessed mapping. Returns its id. */
export async function stageFigures(db: Database, user: CurrentUser, file: UploadedFile | undefined): Promise<number> {
  checkCoordinator(user);
  if (!file) throw new FormError('file', 'Select a CSV or Excel spreadsheet to import');
  const sheet = await readSpreadsheet(file.filename, file.content, FIGURES_SPREADSHEET);
  const guess = guessSettings(sheet.headers);
  const [row] = await db
    .insert(referralFigureImports)
    .values({
      filename: sanitiseFilename(file.filename),
      file: fileIn(file.content),
      settings: { ...guess, mapping: storedMapping(guess.mapping), guessed: true },
      uploadedBy: user.accountId,
    })
    .returning({ id: referralFigureImports.id });
  return row!.id;
}

/** A staged import with its file read again. */
export async function getStagedFigures(db: Queryable, user: CurrentUser, importId: number): Promise<StagedFigures> {
  checkCoordinator(user);
  const [row] = await db
    .select({ ...getTableColumns(referralFigureImports), file: fileOut })
    .from(referralFigureImports)
    .where(eq(referralFigureImports.id, importId));
  if (!row) throw new NotFoundError('import');
  const stored = (row.settings ?? {}) as Partial<StoredSettings> & { guessed?: boolean };
  return {
    id: row.id,
    filename: row.filename,
    settings: settingsFrom(row.settings, FIGURE_FIELDS),
    release: stored.release,
    mapped: !stored.guessed,
    uploadedAt: row.uploadedAt,
    committedAt: row.committedAt,
    outcome: row.outcome,
    sheet: await readSpreadsheet(row.filename, Buffer.from(row.file, 'base64'), FIGURES_SPREADSHEET),
  };
}

const alreadyImported = (committedAt: Date) =>
  new FormError(
    'import',
    `This file was imported on ${formatDateTime(committedAt)}. To import it again, upload it again.`,
  );

/** The mapping form's values as settings and a release. */
export function settingsOfForm(values: FigureMappingValues): { settings: FigureFileSettings; release: FigureRelease } {
  const mapping = Object.fromEntries(
    FIGURE_FIELDS.filter((f) => values[f] !== undefined).map((f) => [f, Number(values[f])]),
  );
  return {
    settings: {
      shape: values.shape,
      mapping,
      categoryColumns: values.categoryColumns ?? [],
      fixed: {
        geographyKind: values.fixedGeographyKind,
        geography: values.fixedGeography?.trim() || undefined,
        measure: values.fixedMeasure,
        breakdown: values.fixedBreakdown,
      },
    },
    release: {
      sourceTitle: values.sourceTitle.trim(),
      sourceUrl: values.sourceUrl?.trim() || null,
      release: values.release.trim(),
      releaseDate: values.releaseDate,
      notComparable: values.notComparable === 'yes',
    },
  };
}

/** What the file needs from its mapping before any row is read: one refusal per missing piece. */
function checkSettings(settings: FigureFileSettings, sheet: Sheet) {
  const { mapping, fixed } = settings;
  const outside = columnOutside(mapping, FIGURE_FIELDS, sheet);
  if (outside) throw new FormError(outside, 'Select a column from the list');
  if (settings.shape === 'long' && mapping.value === undefined)
    throw new FormError('value', 'Select the column that holds the numbers');
  if (settings.shape === 'wide') {
    if (!settings.categoryColumns.length)
      throw new FormError('categoryColumns', 'Select the columns that hold a category each');
    if (settings.categoryColumns.some((c) => c > sheet.headers.length || c === mapping.period))
      throw new FormError('categoryColumns', 'Select category columns from the list, other than the period’s');
  }
  if (mapping.geographyKind === undefined && !fixed.geographyKind)
    throw new FormError('fixedGeographyKind', 'Select the kind of area, or the column that holds it');
  if (mapping.geography === undefined && !fixed.geography)
    throw new FormError('fixedGeography', 'Enter the area the figures are for, or select the column that holds it');
  if (mapping.measure === undefined && !fixed.measure)
    throw new FormError('fixedMeasure', 'Select what the figures count, or the column that holds it');
}

/** Save the coordinator's mapping and the release; the columns must be the file's. */
export async function saveFigureMapping(
  db: Database,
  user: CurrentUser,
  importId: number,
  values: FigureMappingValues,
): Promise<void> {
  const staged = await getStagedFigures(db, user, importId);
  if (staged.committedAt) throw alreadyImported(staged.committedAt);
  const { settings, release } = settingsOfForm(values);
  checkSettings(settings, staged.sheet);
  const stored: StoredSettings = { ...settings, release };
  await db
    .update(referralFigureImports)
    .set({ settings: { ...stored, mapping: storedMapping(settings.mapping) } })
    .where(eq(referralFigureImports.id, importId));
}

// Comparing the file with the figures held.

/** Period, area, measure, breakdown and category: the figure's identity across releases. */
const keyOf = (f: {
  periodKind: string;
  periodStart: string;
  geographyKind: string;
  geography: string;
  measure: string;
  breakdown: string | null;
  category: string | null;
}) =>
  [
    f.periodKind,
    f.periodStart,
    f.geographyKind,
    f.geography.toLowerCase(),
    f.measure,
    f.breakdown ?? '',
    f.category ?? '',
  ].join('\n');

const keyOfRead = (f: ReadFigure) => keyOf({ ...f, periodKind: f.period.kind, periodStart: f.period.start });

interface HeldFigure {
  id: number;
  value: number;
  release: string;
  releaseDate: string;
  current: boolean;
}

/** Every figure held (current and earlier) for the areas the file names, by identity. */
async function heldFigures(db: Queryable, geographies: string[]): Promise<Map<string, HeldFigure[]>> {
  const held = new Map<string, HeldFigure[]>();
  if (!geographies.length) return held;
  const rows = await db
    .select()
    .from(referralFigures)
    .where(
      inArray(
        sql`lower(${referralFigures.geography})`,
        geographies.map((g) => g.toLowerCase()),
      ),
    );
  for (const r of rows) {
    const list = held.get(keyOf(r)) ?? [];
    list.push({
      id: r.id,
      value: r.value,
      release: r.release,
      releaseDate: r.releaseDate,
      current: r.supersededBy === null,
    });
    held.set(keyOf(r), list);
  }
  return held;
}

export type FigureOutcome = 'new' | 'revised' | 'unchanged' | 'older' | 'no-figure';

export interface PlannedFigure extends ReadFigure {
  outcome: FigureOutcome;
  /** Revised: the figure it replaces. Older: the current figure it sits under. */
  heldId?: number;
  heldValue?: number;
  heldRelease?: string;
}

/**
 * What one figure does. The same release's same figure is already held (a re-import); a different
 * figure from a release published on or after the current one's revises it; one from an earlier
 * release is kept as an earlier figure under the current one.
 */
function outcomeOf(
  figure: ReadFigure,
  held: HeldFigure[],
  release: FigureRelease,
): Omit<PlannedFigure, keyof ReadFigure> {
  if (figure.value === null) return { outcome: 'no-figure' };
  if (held.some((h) => h.release === release.release && h.value === figure.value)) return { outcome: 'unchanged' };
  const current = held.find((h) => h.current);
  if (!current) return { outcome: 'new' };
  const was = { heldId: current.id, heldValue: current.value, heldRelease: current.release };
  if (current.value === figure.value) return { outcome: 'unchanged', ...was };
  return { outcome: release.releaseDate >= current.releaseDate ? 'revised' : 'older', ...was };
}

/** Financial years between the file's first and last with no figure at all: gaps, not zeros. */
function missingYears(figures: ReadFigure[]): string[] {
  const years = new Set(figures.map((f) => financialYearStartOf(f.period.start)));
  if (!years.size) return [];
  const first = Math.min(...years);
  const last = Math.max(...years);
  const missing: string[] = [];
  for (let year = first; year <= last; year++) if (!years.has(year)) missing.push(financialYear(year).label);
  return missing;
}

export interface NameRow {
  breakdown: Breakdown;
  name: string;
  category: string | null;
  match: NameMatch | null;
  choices: { value: string; text: string; selected?: boolean }[];
}

export interface FigurePreview {
  figures: PlannedFigure[];
  errors: string[];
  names: NameRow[];
  counts: FigureImportOutcome & { errors: number };
  missingYears: string[];
  summary: string;
}

export function summaryOf(counts: FigurePreview['counts']): string {
  const parts = [plural(counts.added, 'new figure', 'new figures'), plural(counts.revised, 'revision', 'revisions')];
  if (counts.unchanged) parts.push(plural(counts.unchanged, 'figure already held', 'figures already held'));
  if (counts.older) parts.push(plural(counts.older, 'earlier figure', 'earlier figures'));
  if (counts.noFigure) parts.push(plural(counts.noFigure, 'cell with no figure', 'cells with no figure'));
  parts.push(plural(counts.errors, 'row with errors', 'rows with errors'));
  return parts.join(', ');
}

/** The same figure twice in one file is a mistake in the file: the second is an error. */
function duplicatesOf(figures: ReadFigure[]): { kept: ReadFigure[]; errors: string[] } {
  const seen = new Map<string, number>();
  const errors: string[] = [];
  const kept = figures.filter((f) => {
    const key = keyOfRead(f);
    const first = seen.get(key);
    if (first === undefined) return (seen.set(key, f.row), true);
    errors.push(
      `Row ${f.row}: the same figure as row ${first} (${f.period.label}, ${f.geography}${f.categoryName ? `, ${f.categoryName}` : ''})`,
    );
    return false;
  });
  return { kept, errors };
}

function nameRows(found: { breakdown: Breakdown; name: string }[], choice: ReturnType<typeof nameResolver>['choice']) {
  const distinct = new Map<string, { breakdown: Breakdown; name: string }>();
  for (const n of found) distinct.set(`${n.breakdown}\n${nameKeyOf(n.name)}`, n);
  return [...distinct.values()].map((n): NameRow => {
    const chosen = choice(n.breakdown, n.name);
    return {
      ...n,
      category: chosen?.category ?? null,
      match: chosen?.match ?? null,
      choices: categoryChoices(n.breakdown).map((c) => ({ ...c, selected: c.value === chosen?.category })),
    };
  });
}

/** What importing the staged file would do, figure by figure. Saves nothing. */
export async function planFigures(db: Queryable, staged: StagedFigures): Promise<FigurePreview> {
  const release = staged.release!;
  const { choice, resolve } = nameResolver(await savedNames(db));
  const read = await readFigures(staged.sheet, staged.settings, resolve);
  const { kept, errors: duplicates } = duplicatesOf(read.figures);
  await nextTurn();
  const held = await heldFigures(db, [...new Set(kept.map((f) => f.geography))]);
  await nextTurn();
  const figures = kept.map((f) => ({ ...f, ...outcomeOf(f, held.get(keyOfRead(f)) ?? [], release) }));
  const errors = [...read.errors, ...duplicates];
  const count = (outcome: FigureOutcome) => figures.filter((f) => f.outcome === outcome).length;
  const counts = {
    added: count('new'),
    revised: count('revised'),
    unchanged: count('unchanged'),
    older: count('older'),
    noFigure: count('no-figure'),
    errors: new Set(errors.map((e) => e.split(':')[0])).size,
  };
  return {
    figures,
    errors,
    names: nameRows(read.names, choice),
    counts,
    missingYears: missingYears(kept.filter((f) => f.value !== null)),
    summary: summaryOf(counts),
  };
}

/** The preview of a staged import whose mapping has been saved. */
export async function previewFigures(
  db: Queryable,
  user: CurrentUser,
  importId: number,
): Promise<{ staged: StagedFigures; preview: FigurePreview | undefined }> {
  const staged = await getStagedFigures(db, user, importId);
  return { staged, preview: staged.release ? await planFigures(db, staged) : undefined };
}

// Committing.

/*
 * Figures are written 200 to a statement, as one JSON parameter: on PGlite each statement holds the
 * event loop while it runs, and 200 rows take about 12 ms, so live events carry on between them.
 * (Drizzle's multi-row VALUES binds 18 parameters a row: three times slower.)
 */
const BATCH = 200;
const batches = <T>(items: T[]) => inBatches(items, BATCH);

/** One import writes at a time, so two confirms cannot both add the same figure. */
const FIGURES_LOCK = 1_207_001;

async function claimImport(tx: Transaction, staged: StagedFigures) {
  if (staged.committedAt) throw alreadyImported(staged.committedAt);
  const [claimed] = await tx
    .update(referralFigureImports)
    .set({ committedAt: sql`now()` })
    .where(and(eq(referralFigureImports.id, staged.id), isNull(referralFigureImports.committedAt)))
    .returning({ id: referralFigureImports.id });
  if (!claimed) throw alreadyImported(new Date());
}

/** A figure as its JSON row for json_populate_recordset: the table's own column names. */
function rowOf(f: PlannedFigure, release: FigureRelease, importId: number, user: CurrentUser) {
  return {
    period_kind: f.period.kind,
    period_label: f.period.label,
    period_start: f.period.start,
    period_end: f.period.end,
    geography_kind: f.geographyKind,
    geography: f.geography,
    measure: f.measure,
    breakdown: f.breakdown,
    category: f.category,
    value: f.value,
    source_title: release.sourceTitle,
    source_url: release.sourceUrl,
    release: release.release,
    release_date: release.releaseDate,
    not_comparable: release.notComparable,
    // An earlier release's figure is kept under the figure that replaced it.
    superseded_by: f.outcome === 'older' ? f.heldId! : null,
    import_id: importId,
    recorded_by: user.accountId,
  };
}

const WRITTEN = sql.raw(
  'period_kind, period_label, period_start, period_end, geography_kind, geography, measure, breakdown, category, value, source_title, source_url, release, release_date, not_comparable, superseded_by, import_id, recorded_by',
);

async function insertFigures(tx: Transaction, rows: ReturnType<typeof rowOf>[]) {
  for (const batch of batches(rows)) {
    await nextTurn();
    await tx.execute(
      sql`insert into referral_figures (${WRITTEN}) select ${WRITTEN} from json_populate_recordset(null::referral_figures, ${JSON.stringify(batch)}::json)`,
    );
  }
}

/**
 * Revisions: the figure held stops being current and points at its replacement. The current-figure
 * index allows one current figure per identity, and the pointer needs the new row to exist, so each
 * held figure first points at itself (no longer current), the new figures are written, and then the
 * held figures point at the new figure of the same identity from this import.
 */
async function writeFigures(tx: Transaction, importId: number, rows: ReturnType<typeof rowOf>[], heldIds: number[]) {
  for (const ids of batches(heldIds))
    await tx.update(referralFigures).set({ supersededBy: referralFigures.id }).where(inArray(referralFigures.id, ids));
  await insertFigures(tx, rows);
  if (!heldIds.length) return;
  await tx.execute(sql`
    update referral_figures held set superseded_by = fresh.id
    from referral_figures fresh
    where held.superseded_by = held.id and fresh.import_id = ${importId} and fresh.superseded_by is null
      and fresh.period_kind = held.period_kind and fresh.period_start = held.period_start
      and fresh.geography_kind = held.geography_kind and lower(fresh.geography) = lower(held.geography)
      and fresh.measure = held.measure
      and coalesce(fresh.breakdown, '') = coalesce(held.breakdown, '')
      and coalesce(fresh.category, '') = coalesce(held.category, '')`);
}

/**
 * Confirm an import: read the file again against the figures as they are now, then write every new,
 * revised and earlier figure in one transaction, attributed to the coordinator, and audit it. An
 * import is committed once; a second confirm is refused.
 */
export async function commitFigures(
  db: Database,
  user: CurrentUser,
  importId: number,
  ip?: string,
): Promise<FigureImportOutcome> {
  checkCoordinator(user);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIGURES_LOCK})`);
    const staged = await getStagedFigures(tx, user, importId);
    if (!staged.release) throw new FormError('import', 'Match the columns and say where the figures come from first');
    await claimImport(tx, staged);
    const preview = await planFigures(tx, staged);
    const { counts } = preview;
    if (counts.errors)
      throw new FormError(
        'import',
        `${plural(counts.errors, 'row has', 'rows have')} errors: correct them and try again`,
      );
    if (counts.added + counts.revised + counts.older === 0)
      throw new FormError('import', 'There is nothing to import: every figure in the file is already held');
    const toWrite = preview.figures.filter(
      (f) => f.outcome === 'new' || f.outcome === 'revised' || f.outcome === 'older',
    );
    const heldIds = toWrite.filter((f) => f.outcome === 'revised').map((f) => f.heldId!);
    await writeFigures(
      tx,
      importId,
      toWrite.map((f) => rowOf(f, staged.release!, importId, user)),
      heldIds,
    );
    const outcome: FigureImportOutcome = {
      added: counts.added,
      revised: counts.revised,
      unchanged: counts.unchanged,
      older: counts.older,
      noFigure: counts.noFigure,
    };
    await tx.update(referralFigureImports).set({ outcome }).where(eq(referralFigureImports.id, importId));
    await recordAudit(tx, {
      action: 'referral_figures.imported',
      user,
      subjectType: 'referral_figure_import',
      subjectId: importId,
      detail: { filename: staged.filename, release: staged.release.release, ...outcome },
      ip,
    });
    return outcome;
  });
}

// Reading what is held, for the figures page.

export interface ImportRecord {
  id: number;
  filename: string;
  uploadedAt: Date;
  committedAt: Date | null;
  outcome: FigureImportOutcome | null;
}

export async function listFigureImports(db: Queryable): Promise<ImportRecord[]> {
  return db
    .select({
      id: referralFigureImports.id,
      filename: referralFigureImports.filename,
      uploadedAt: referralFigureImports.uploadedAt,
      committedAt: referralFigureImports.committedAt,
      outcome: referralFigureImports.outcome,
    })
    .from(referralFigureImports)
    .orderBy(desc(referralFigureImports.uploadedAt))
    .limit(50);
}

/** The areas figures are held for, with their kind, for the figures page's filter. */
export async function figureGeographies(db: Queryable) {
  return db
    .selectDistinct({ geographyKind: referralFigures.geographyKind, geography: referralFigures.geography })
    .from(referralFigures)
    .where(isNull(referralFigures.supersededBy))
    .orderBy(asc(referralFigures.geographyKind), asc(referralFigures.geography));
}

export interface HeldFigureRow {
  id: number;
  periodLabel: string;
  measure: string;
  breakdown: string | null;
  category: string | null;
  value: number;
  release: string;
  sourceTitle: string;
  sourceUrl: string | null;
  notComparable: boolean;
  /** The figures this one replaced, latest first: the page says "revised". */
  earlier: { value: number; release: string }[];
}

/** The current figures for an area (and measure), each with the earlier figures it replaced. */
export async function figuresFor(
  db: Queryable,
  place: { geographyKind: string; geography: string },
  measure?: string,
  limit = 500,
): Promise<HeldFigureRow[]> {
  const conditions = [
    isNull(referralFigures.supersededBy),
    eq(referralFigures.geographyKind, place.geographyKind),
    eq(referralFigures.geography, place.geography),
  ];
  if (measure) conditions.push(eq(referralFigures.measure, measure));
  const rows = await db
    .select()
    .from(referralFigures)
    .where(and(...conditions))
    .orderBy(
      asc(referralFigures.measure),
      asc(referralFigures.periodStart),
      asc(referralFigures.breakdown),
      asc(referralFigures.category),
    )
    .limit(limit);
  const earlier = rows.length
    ? await db
        .select({
          supersededBy: referralFigures.supersededBy,
          value: referralFigures.value,
          release: referralFigures.release,
        })
        .from(referralFigures)
        .where(
          inArray(
            referralFigures.supersededBy,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(desc(referralFigures.releaseDate))
    : [];
  return rows.map((r) => ({
    ...r,
    earlier: earlier.filter((e) => e.supersededBy === r.id).map((e) => ({ value: e.value, release: e.release })),
  }));
}

/** Of these figures, the ones that replaced an earlier release's figure: pages say "revised" beside them. */
export async function revisedFigureIds(db: Queryable, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectDistinct({ id: referralFigures.supersededBy })
    .from(referralFigures)
    .where(inArray(referralFigures.supersededBy, ids));
  return new Set(rows.flatMap((r) => (r.id === null ? [] : [r.id])));
}
