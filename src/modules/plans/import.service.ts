import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Queryable, Transaction } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { checkPlan, checkPlanEditor } from './plans.policy.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { formatDateTime } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { type UploadedFile, sanitiseFilename } from '../documents/index.ts';
import { allOrganisations, currentPeople } from '../organisations/index.ts';
import { sourcesOf } from './export.ts';
import { FIELD_WORDS, IMPORT_FIELDS, type ImportField, type Mapping } from './import.forms.ts';
import {
  getPlan,
  listObjectives,
  listPlanActions,
  recordPlanChanges,
  type Plan,
  type PlanAction,
  type PlanChange,
} from './plans.service.ts';
import {
  ACTION_STATES,
  planActionPartners,
  planActions,
  planImports,
  planObjectives,
  plans,
  STRANDS,
  type ActionState,
  type Strand,
} from './plans.tables.ts';
import { readSpreadsheet, type Sheet, type SheetRow, type SpreadsheetRules } from '../../imports/spreadsheet.ts';
import {
  guessColumns,
  nameKey,
  plural,
  quoted,
  readMapping as readStoredMapping,
  rowReader as columnReader,
  shortened,
  storedMapping,
} from '../../imports/columns.ts';
import { inBatches } from '../../db/batches.ts';

/*
 * Importing an existing action plan from a spreadsheet (issue 4, item 6). The file is staged in
 * plan_imports; the user maps its columns, sees what each row would do, and only then confirms.
 * A re-import matches rows to actions by reference (else by the same title) and updates them.
 */

// Guessing the mapping from the header row.

/** Header names each field is known by in partnerships' spreadsheets, best first, and words that give it away. */
/** What an action plan's file is, for the shared reader's row cap and messages. */
export const PLAN_SPREADSHEET: SpreadsheetRules = {
  maxRows: 5000,
  row: 'action',
  rows: 'actions',
  file: 'an action plan',
};

const GUESSES: Record<ImportField, { names: string[]; words: string[] }> = {
  reference: {
    names: ['reference', 'ref', 'ref no', 'action no', 'action number', 'action ref', 'no', 'number', 'id', 'item'],
    words: ['reference', 'ref'],
  },
  title: {
    names: ['title', 'action', 'action title', 'actions', 'task', 'activity', 'what'],
    words: ['action', 'title', 'task', 'activity'],
  },
  description: {
    names: ['description', 'details', 'detail', 'notes', 'narrative', 'how'],
    words: ['description', 'details'],
  },
  strand: { names: ['strand', 'contest strand', 'contest', 'workstream', 'p'], words: ['strand'] },
  objective: { names: ['objective', 'objectives', 'aim', 'outcome', 'priority', 'theme'], words: ['objective'] },
  leadOrganisation: {
    names: [
      'lead organisation',
      'lead organization',
      'lead agency',
      'lead partner',
      'responsible agency',
      'agency',
      'organisation',
      'organization',
      'lead',
      'owner',
    ],
    words: ['agency', 'organisation', 'organization'],
  },
  leadOfficer: {
    names: [
      'lead officer',
      'officer',
      'lead person',
      'responsible officer',
      'responsible person',
      'named lead',
      'lead contact',
      'contact',
    ],
    words: ['officer', 'person'],
  },
  partners: {
    names: [
      'partners',
      'partner agencies',
      'partner organisations',
      'supporting partners',
      'supported by',
      'other agencies',
      'partner',
    ],
    words: ['partners', 'partner'],
  },
  startOn: { names: ['start date', 'start', 'start on', 'starts', 'from'], words: ['start'] },
  dueOn: {
    names: [
      'due date',
      'target date',
      'due',
      'deadline',
      'completion date',
      'target',
      'by when',
      'due by',
      'complete by',
      'timescale',
      'end date',
    ],
    words: ['due', 'deadline', 'target'],
  },
  state: { names: ['state', 'status', 'rag', 'rag status', 'rag rating', 'progress'], words: ['rag', 'status'] },
  source: { names: ['source', 'source plan', 'from plan', 'origin'], words: ['source'] },
};

/** Each field gets the column whose header best names it (src/imports/columns.ts). */
export const guessMapping = (headers: string[]): Mapping => guessColumns(headers, IMPORT_FIELDS, GUESSES);

// Reading values in the partnership's words.

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function isoDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** UK (31/03/2027, 31-3-27), ISO (2027-03-31, as Excel dates arrive) or written (31 March 2027) dates. */
export function parseDay(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  if (iso) return isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(text);
  if (uk) return isoDay(uk[3]!.length === 2 ? 2000 + Number(uk[3]) : Number(uk[3]), Number(uk[2]), Number(uk[1]));
  const written = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$/i.exec(text);
  if (written) {
    const name = written[2]!.toLowerCase();
    // "March", "Mar" and "Sept" alike.
    const month = name.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(name)) : -1;
    if (month >= 0) return isoDay(Number(written[3]), month + 1, Number(written[1]));
  }
  return undefined;
}

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();

/** The lead's report in a plan's own words; a RAG column is read as the nearest state. */
const STATE_WORDS: Record<string, ActionState> = {
  ...Object.fromEntries(ACTION_STATES.map((state) => [words(state), state])),
  'not yet started': 'not_started',
  'in progress': 'on_track',
  ongoing: 'on_track',
  complete: 'completed',
  done: 'completed',
  green: 'on_track',
  amber: 'at_risk',
  red: 'blocked',
};

const STRAND_LIST = 'Prevent, Pursue, Protect, Prepare';
const STATE_LIST = 'Not started, On track, At risk, Blocked, Completed (or Red, Amber, Green)';
const DATE_EXAMPLE = 'use a date like 31/03/2027 or 2027-03-31';
// The same limits as the action and objective forms.
const LIMITS = { reference: 20, title: 300, description: 4000, source: 200, objective: 300 };

export { shortened };
const readMapping = (stored: Record<string, string> | null): Mapping => readStoredMapping(stored, IMPORT_FIELDS);

// What the plan already holds, loaded once for the whole file.

interface PlanContext {
  organisations: Map<string, { id: number; name: string; archived: boolean }>;
  organisationIdByName: Map<string, number>;
  organisationNameById: Map<number, string>;
  people: Map<string, { id: number; organisationId: number | null }[]>;
  objectives: Map<string, { id: number; title: string }>;
  actions: PlanAction[];
  sources: Map<number, string>;
}

async function loadContext(db: Queryable, planId: number): Promise<PlanContext> {
  const [orgRows, personRows, objectiveRows, actions] = await Promise.all([
    allOrganisations(db),
    currentPeople(db),
    listObjectives(db, planId),
    listPlanActions(db, { planId, includeWithdrawn: true }),
  ]);
  const peopleByName = new Map<string, { id: number; organisationId: number | null }[]>();
  for (const p of personRows) peopleByName.set(nameKey(p.name), [...(peopleByName.get(nameKey(p.name)) ?? []), p]);
  return {
    organisations: new Map(
      orgRows.map((o) => [nameKey(o.name), { id: o.id, name: o.name, archived: o.archivedAt !== null }]),
    ),
    organisationIdByName: new Map(orgRows.map((o) => [o.name, o.id])),
    organisationNameById: new Map(orgRows.map((o) => [o.id, o.name])),
    people: peopleByName,
    objectives: new Map(objectiveRows.map((o) => [nameKey(o.title), o])),
    actions,
    sources: await sourcesOf(db, actions),
  };
}

// Planning what each row does.

/** An action's fields as an import reads and writes them; null where there is none. */
export interface ImportedValues {
  reference: string;
  title: string;
  description: string | null;
  strand: Strand;
  /** The objective's title (new objectives have no id until the commit). */
  objective: string | null;
  leadOrganisationId: number | null;
  leadPersonId: number | null;
  /** Distinct, in order. */
  partnerIds: number[];
  startOn: string | null;
  dueOn: string | null;
  state: ActionState;
  sourceLabel: string | null;
}

type Optional =
  | 'description'
  | 'objective'
  | 'leadOrganisationId'
  | 'leadPersonId'
  | 'partnerIds'
  | 'startOn'
  | 'dueOn'
  | 'state'
  | 'sourceLabel';

/** What a row of the file says. Undefined: the column is not mapped (an update keeps what it had); null: left blank. */
type RowValues = Pick<ImportedValues, 'title' | 'strand'> & { reference?: string } & {
  [K in Optional]?: ImportedValues[K] | null;
};

/** One row of the preview: what it will do, or why it cannot. */
export interface ImportRow {
  row: number;
  outcome: 'new' | 'update' | 'unchanged' | 'error';
  reference: string;
  title: string;
  strand?: Strand;
  objective?: string;
  leadOrganisation?: string;
  dueOn?: string;
  errors: string[];
  /** The action it updates. */
  actionId?: number;
  /** For an update: the fields that change, in words. */
  changes: string[];
  /** What is saved on commit. */
  values?: ImportedValues;
}

export interface ImportPreview {
  rows: ImportRow[];
  /** Objectives named in the file and not yet in the plan, added on commit. */
  newObjectives: { title: string; strand: Strand | null }[];
  counts: { created: number; updated: number; unchanged: number; errors: number };
  summary: string;
}

const rowReader = (sheetRow: SheetRow, mapping: Mapping) => columnReader(sheetRow, mapping);
type RowReader = ReturnType<typeof rowReader>;

/** Unmapped stays undefined, blank becomes null, anything else is read. */
const readCell = <T>(text: string | undefined, read: (text: string) => T): T | null | undefined =>
  text === undefined ? undefined : text === '' ? null : read(text);

function readIdentity({ cell, fail }: RowReader) {
  const reference = cell('reference') || undefined;
  if (reference && reference.length > LIMITS.reference)
    fail(`reference ${quoted(reference)} is longer than ${LIMITS.reference} characters`);
  const title = cell('title') ?? '';
  if (!title) fail('the title is empty — every action needs a title');
  else if (title.length > LIMITS.title)
    fail(`the title is longer than ${LIMITS.title} characters — shorten it and put the detail in the description`);
  const strandText = cell('strand') ?? '';
  const strand = STRANDS.find((s) => s === words(strandText));
  if (!strandText) fail(`the strand is empty — use one of ${STRAND_LIST}`);
  else if (!strand) fail(`strand ${quoted(strandText)} is not one of ${STRAND_LIST}`);
  const description = readCell(cell('description'), (text) => text);
  if (description && description.length > LIMITS.description)
    fail(`the description is longer than ${LIMITS.description} characters`);
  const sourceLabel = readCell(cell('source'), (text) => text);
  if (sourceLabel && sourceLabel.length > LIMITS.source) fail(`the source is longer than ${LIMITS.source} characters`);
  return { reference, title, strand, description, sourceLabel };
}

/** Organisations and officers by name, as they are under Organisations and People. */
function readLeads({ cell, fail }: RowReader, context: PlanContext) {
  const findOrganisation = (name: string, role = '') => {
    const found = context.organisations.get(nameKey(name));
    if (!found)
      fail(`no organisation called ${quoted(name)}${role} — add it under Organisations first or correct the name`);
    else if (found.archived)
      fail(
        `the organisation '${found.name}'${role} is archived — restore it under Organisations first or correct the name`,
      );
    return found && !found.archived ? found.id : null;
  };
  const leadOrganisationId = readCell(cell('leadOrganisation'), findOrganisation);
  const partners = cell('partners');
  const partnerIds =
    partners === undefined
      ? undefined
      : [
          ...new Set(
            partnerNames(partners, context).flatMap((name) => findOrganisation(name, ' among the partners') ?? []),
          ),
        ];
  const leadPersonId = readCell(cell('leadOfficer'), (name) =>
    findPerson(name, leadOrganisationId ?? null, context, fail),
  );
  const objective = readCell(
    cell('objective'),
    (text) => context.objectives.get(nameKey(text))?.title ?? text.replace(/\s+/g, ' '),
  );
  if (objective && objective.length > LIMITS.objective)
    fail(`the objective is longer than ${LIMITS.objective} characters`);
  return { leadOrganisationId, leadPersonId, partnerIds, objective };
}

function readProgress({ cell, fail }: RowReader) {
  const readDate = (field: 'startOn' | 'dueOn') =>
    readCell(
      cell(field),
      (text) =>
        parseDay(text) ??
        (fail(`the ${FIELD_WORDS[field].label.toLowerCase()} ${quoted(text)} is not a date — ${DATE_EXAMPLE}`), null),
    );
  const startOn = readDate('startOn');
  const dueOn = readDate('dueOn');
  if (startOn && dueOn && dueOn < startOn)
    fail(`the due date ${shortened(cell('dueOn')!, 60)} is before the start date ${shortened(cell('startOn')!, 60)}`);
  const state = readCell(
    cell('state'),
    (text) => STATE_WORDS[words(text)] ?? (fail(`state ${quoted(text)} is not one of ${STATE_LIST}`), null),
  );
  return { startOn, dueOn, state };
}

/** Reads one row through the mapping: its values, or the problems with it. */
function readRow(
  sheetRow: SheetRow,
  mapping: Mapping,
  context: PlanContext,
): { values?: RowValues; display: Partial<ImportRow>; errors: string[] } {
  const reader = rowReader(sheetRow, mapping);
  const { strand, ...identity } = readIdentity(reader);
  const leads = readLeads(reader, context);
  const progress = readProgress(reader);
  const shown = (text: string | null | undefined) => (text ? shortened(text, LIMITS.title) : undefined);
  const display = {
    reference: shown(identity.reference) ?? '',
    title: shown(identity.title) ?? '',
    strand,
    objective: shown(leads.objective),
    leadOrganisation: shown(reader.cell('leadOrganisation')),
    dueOn: progress.dueOn ?? undefined,
  };
  if (reader.errors.length || !strand) return { display, errors: reader.errors };
  return { display, errors: reader.errors, values: { ...identity, strand, ...leads, ...progress } };
}

/**
 * Partners share a cell, separated by semicolons or new lines; commas split a piece only when the
 * whole piece is not itself an organisation's name.
 */
function partnerNames(text: string, context: PlanContext): string[] {
  return text
    .split(/[;\n]/)
    .map((piece) => piece.trim())
    .filter(Boolean)
    .flatMap((piece) =>
      context.organisations.has(nameKey(piece)) || !piece.includes(',')
        ? [piece]
        : piece
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean),
    );
}

/** A lead officer by name; two people of the same name are told apart by the lead organisation. */
function findPerson(
  name: string,
  organisationId: number | null,
  context: PlanContext,
  fail: (message: string) => void,
): number | null {
  const matches = context.people.get(nameKey(name)) ?? [];
  if (matches.length === 1) return matches[0]!.id;
  const inOrganisation = matches.filter((p) => organisationId !== null && p.organisationId === organisationId);
  if (inOrganisation.length === 1) return inOrganisation[0]!.id;
  if (matches.length === 0) fail(`no person called ${quoted(name)} — add them under People first or correct the name`);
  else
    fail(
      `more than one person is called ${quoted(name)} — give the lead organisation they work for, or tell them apart under People`,
    );
  return null;
}

/** An action already in the plan, as the import compares it. */
function valuesOf(action: PlanAction, context: PlanContext): ImportedValues {
  return {
    reference: action.reference,
    title: action.title,
    description: action.description,
    strand: action.strand,
    objective: action.objectiveTitle,
    leadOrganisationId: action.leadOrganisationId,
    leadPersonId: action.leadPersonId,
    partnerIds: action.partnerNames.map((name) => context.organisationIdByName.get(name)!),
    startOn: action.startOn,
    dueOn: action.dueOn,
    state: action.state,
    sourceLabel: action.sourceLabel,
  };
}

/** The file's values laid over the action's (or over nothing, for a new action). */
function mergedValues(
  values: RowValues,
  reference: string,
  existing: PlanAction | undefined,
  context: PlanContext,
): ImportedValues {
  const before = existing ? valuesOf(existing, context) : undefined;
  const keep = <T>(given: T | null | undefined, kept: T | null | undefined): T | null =>
    given === undefined ? (kept ?? null) : given;
  // The Source column shows a link to another Hub plan as text: the same text back keeps the link as it is.
  const sameSource =
    existing !== undefined &&
    values.sourceLabel !== undefined &&
    values.sourceLabel === (context.sources.get(existing.id) ?? null);
  return {
    reference,
    title: values.title,
    strand: values.strand,
    description: keep(values.description, before?.description),
    objective: keep(values.objective, before?.objective),
    leadOrganisationId: keep(values.leadOrganisationId, before?.leadOrganisationId),
    leadPersonId: keep(values.leadPersonId, before?.leadPersonId),
    partnerIds: values.partnerIds ?? before?.partnerIds ?? [],
    startOn: keep(values.startOn, before?.startOn),
    dueOn: keep(values.dueOn, before?.dueOn),
    sourceLabel: sameSource ? before!.sourceLabel : keep(values.sourceLabel, before?.sourceLabel),
    // A blank state keeps the lead's last report; a new action starts not started.
    state: values.state ?? before?.state ?? 'not_started',
  };
}

/** Each field in the words of the preview's "Update of action 2.3: title, due date". */
const CHANGE_WORDS: [keyof ImportedValues, string][] = [
  ['reference', 'reference'],
  ['title', 'title'],
  ['description', 'description'],
  ['strand', 'strand'],
  ['objective', 'objective'],
  ['leadOrganisationId', 'lead organisation'],
  ['leadPersonId', 'lead officer'],
  ['partnerIds', 'partners'],
  ['startOn', 'start date'],
  ['dueOn', 'due date'],
  ['state', 'state'],
  ['sourceLabel', 'source'],
];

const comparable = (value: unknown) =>
  Array.isArray(value) ? [...(value as number[])].sort((a, b) => a - b).join(',') : String(value);

function changesOf(before: ImportedValues, after: ImportedValues): string[] {
  return CHANGE_WORDS.filter(([field]) => comparable(before[field]) !== comparable(after[field])).map(
    ([, name]) => name,
  );
}

/**
 * Match rows to the plan's actions: by reference first, then (for rows whose reference is blank
 * or new to the plan) by the same title. An action is matched by one row at most.
 */
function matchActions(
  rows: { row: number; values: RowValues; errors: string[] }[],
  context: PlanContext,
): Map<number, PlanAction> {
  const byReference = new Map(context.actions.map((a) => [a.reference.toLowerCase(), a]));
  const claimed = new Set<number>();
  const matches = new Map<number, PlanAction>();
  const firstRowWith = new Map<string, number>();
  for (const r of rows) {
    if (!r.values.reference) continue;
    const key = r.values.reference.toLowerCase();
    const earlier = firstRowWith.get(key);
    if (earlier !== undefined) {
      r.errors.push(
        `Row ${r.row}: reference ${quoted(r.values.reference)} is also used on row ${earlier} — each action needs its own reference`,
      );
      continue;
    }
    firstRowWith.set(key, r.row);
    const action = byReference.get(key);
    if (action?.withdrawnAt)
      r.errors.push(
        `Row ${r.row}: action ${action.reference} was withdrawn from this plan — give this row another reference`,
      );
    else if (action) {
      matches.set(r.row, action);
      claimed.add(action.id);
    }
  }
  const byTitle = new Map<string, PlanAction[]>();
  for (const a of context.actions)
    if (!a.withdrawnAt) byTitle.set(nameKey(a.title), [...(byTitle.get(nameKey(a.title)) ?? []), a]);
  for (const r of rows) {
    if (matches.has(r.row) || r.errors.length) continue;
    const action = byTitle.get(nameKey(r.values.title))?.find((a) => !claimed.has(a.id));
    if (action) {
      matches.set(r.row, action);
      claimed.add(action.id);
    }
  }
  return matches;
}

/** References for new rows that have none: the next whole numbers after any the plan or the file uses. */
function referenceNumbering(context: PlanContext, rows: { values: RowValues }[]) {
  const wholeNumber = (reference: string) => Number(reference.split('.')[0]!.replace(/[^0-9]/g, '')) || 0;
  let top = Math.max(
    0,
    ...context.actions.map((a) => wholeNumber(a.reference)),
    ...rows.map((r) => wholeNumber(r.values.reference ?? '')),
  );
  return () => String((top += 1));
}

export function summaryLine(counts: ImportPreview['counts']): string {
  const parts = [plural(counts.created, 'new action', 'new actions'), plural(counts.updated, 'update', 'updates')];
  if (counts.unchanged) parts.push(plural(counts.unchanged, 'action unchanged', 'actions unchanged'));
  parts.push(plural(counts.errors, 'row with errors', 'rows with errors'));
  return parts.join(', ');
}

/** What importing the sheet with this mapping would do to the plan, row by row. Saves nothing. */
export function planImport(sheet: Sheet, mapping: Mapping, context: PlanContext): ImportPreview {
  const read = sheet.rows.map((sheetRow) => ({ row: sheetRow.number, ...readRow(sheetRow, mapping, context) }));
  const valid = read.filter((r): r is typeof r & { values: RowValues } => r.values !== undefined);
  const matches = matchActions(valid, context);
  const nextReference = referenceNumbering(context, valid);
  const rows: ImportRow[] = read.map((r) => {
    const existing = matches.get(r.row);
    const row: ImportRow = {
      row: r.row,
      outcome: 'error',
      reference: '',
      title: '',
      changes: [],
      ...r.display,
      errors: r.errors,
    };
    if (!r.values || r.errors.length) return row;
    const values = mergedValues(
      r.values,
      r.values.reference ?? existing?.reference ?? nextReference(),
      existing,
      context,
    );
    // The row as it will be saved, including what an update keeps from the action.
    Object.assign(row, {
      values,
      reference: values.reference,
      objective: values.objective ?? undefined,
      leadOrganisation: values.leadOrganisationId
        ? context.organisationNameById.get(values.leadOrganisationId)
        : undefined,
      dueOn: values.dueOn ?? undefined,
    });
    if (!existing) return { ...row, outcome: 'new' };
    row.changes = changesOf(valuesOf(existing, context), values);
    return { ...row, actionId: existing.id, outcome: row.changes.length ? 'update' : 'unchanged' };
  });
  const counts = {
    created: rows.filter((r) => r.outcome === 'new').length,
    updated: rows.filter((r) => r.outcome === 'update').length,
    unchanged: rows.filter((r) => r.outcome === 'unchanged').length,
    errors: rows.filter((r) => r.outcome === 'error').length,
  };
  return { rows, newObjectives: newObjectives(rows, context), counts, summary: summaryLine(counts) };
}

/** Objectives the rows name that the plan lacks; each takes its actions' strand when they agree. */
function newObjectives(rows: ImportRow[], context: PlanContext): ImportPreview['newObjectives'] {
  const found = new Map<string, { title: string; strands: Set<Strand> }>();
  for (const row of rows) {
    const title = row.values?.objective;
    if (!title || context.objectives.has(nameKey(title))) continue;
    const entry = found.get(nameKey(title)) ?? { title, strands: new Set<Strand>() };
    entry.strands.add(row.values!.strand);
    found.set(nameKey(title), entry);
  }
  return [...found.values()].map(({ title, strands }) => ({
    title,
    strand: strands.size === 1 ? [...strands][0]! : null,
  }));
}

// The staged import.

export interface StagedImport {
  id: number;
  planId: number;
  filename: string;
  mapping: Mapping;
  /** Whether the user has confirmed the mapping (or it was saved) at least once. */
  mapped: boolean;
  uploadedAt: Date;
  committedAt: Date | null;
  sheet: Sheet;
}

/** A plan that can take an import: it exists and is not superseded. */
async function importablePlan(db: Queryable, user: CurrentUser, planId: number, field = 'file'): Promise<Plan> {
  const plan = await getPlan(db, planId);
  checkPlan(user, 'import', plan, field);
  return plan;
}

/**
 * Stage an uploaded file: check it reads as a spreadsheet of actions, keep it with a guessed
 * mapping, and change nothing in the plan. Returns the import's id.
 */
export async function stageImport(
  db: Database,
  user: CurrentUser,
  planId: number,
  file: UploadedFile | undefined,
): Promise<number> {
  checkPlanEditor(user, 'import');
  await importablePlan(db, user, planId);
  if (!file) throw new FormError('file', 'Select a CSV or Excel spreadsheet to import');
  const sheet = await readSpreadsheet(file.filename, file.content, PLAN_SPREADSHEET);
  const [row] = await db
    .insert(planImports)
    .values({
      planId,
      filename: sanitiseFilename(file.filename),
      file: file.content,
      mapping: storedMapping(guessMapping(sheet.headers)),
      uploadedBy: user.accountId,
    })
    .returning({ id: planImports.id });
  return row!.id;
}

/** A staged import of this plan, its file read again; NotFoundError for another plan's. */
export async function getImport(
  db: Queryable,
  user: CurrentUser,
  planId: number,
  importId: number,
): Promise<StagedImport> {
  checkPlanEditor(user, 'import');
  const [row] = await db
    .select()
    .from(planImports)
    .where(and(eq(planImports.id, importId), eq(planImports.planId, planId)));
  if (!row) throw new NotFoundError('import');
  return {
    id: row.id,
    planId: row.planId,
    filename: row.filename,
    mapping: readMapping(row.mapping),
    mapped: row.mapping !== null,
    uploadedAt: row.uploadedAt,
    committedAt: row.committedAt,
    sheet: await readSpreadsheet(row.filename, row.file, PLAN_SPREADSHEET),
  };
}

const alreadyImported = (committedAt: Date) =>
  new FormError(
    'import',
    `This file was imported on ${formatDateTime(committedAt)}. To import it again, upload it again.`,
  );

/** Save the column mapping the user chose; the columns must be the file's. */
export async function saveMapping(
  db: Database,
  user: CurrentUser,
  planId: number,
  importId: number,
  mapping: Mapping,
): Promise<void> {
  const staged = await getImport(db, user, planId, importId);
  if (staged.committedAt) throw alreadyImported(staged.committedAt);
  for (const field of IMPORT_FIELDS) {
    const column = mapping[field];
    if (column !== undefined && column > staged.sheet.headers.length)
      throw new FormError(field, 'Select a column from the list');
  }
  await db
    .update(planImports)
    .set({ mapping: storedMapping(mapping) })
    .where(eq(planImports.id, importId));
}

/** The preview: the staged file read through its mapping against the plan as it is now. */
export async function previewImport(
  db: Queryable,
  user: CurrentUser,
  planId: number,
  importId: number,
): Promise<{ staged: StagedImport; preview: ImportPreview }> {
  const staged = await getImport(db, user, planId, importId);
  return { staged, preview: planImport(staged.sheet, staged.mapping, await loadContext(db, planId)) };
}

// Committing.
/*
 * The plans service adds and changes actions one at a time, a handful of queries each: 2,000
 * rows took over 8 s. A commit therefore writes in batches, under the same rules (checked by the
 * preview, again, inside the transaction that holds the plan's lock) and with the same record:
 * a plan_changes row for each action added and for each field changed, attributed to the user.
 */

const BATCH = 500;
const batches = <T>(items: T[]) => inBatches(items, BATCH);

/** The action columns an import sets; the rest (CTLP links, decisions, implements) stay as they are. */
const IMPORTED_COLUMNS = [
  'reference',
  'title',
  'description',
  'strand',
  'objectiveId',
  'leadOrganisationId',
  'leadPersonId',
  'startOn',
  'dueOn',
  'sourceLabel',
  'state',
] as const;
type ImportedColumns = { [K in (typeof IMPORTED_COLUMNS)[number]]: (typeof planActions.$inferInsert)[K] };

function columnsOf(values: ImportedValues, objectiveIds: Map<string, number>): ImportedColumns {
  const {
    reference,
    title,
    description,
    strand,
    leadOrganisationId,
    leadPersonId,
    startOn,
    dueOn,
    sourceLabel,
    state,
  } = values;
  const objectiveId = values.objective ? (objectiveIds.get(nameKey(values.objective)) ?? null) : null;
  return {
    reference,
    title,
    description,
    strand,
    objectiveId,
    leadOrganisationId,
    leadPersonId,
    startOn,
    dueOn,
    sourceLabel,
    state,
  };
}

/** Objectives named by the file and new to the plan, numbered after the plan's own. */
async function addObjectives(
  tx: Transaction,
  planId: number,
  objectives: ImportPreview['newObjectives'],
): Promise<{ ids: Map<string, number>; changes: PlanChange[] }> {
  if (objectives.length === 0) return { ids: new Map(), changes: [] };
  const [{ top }] = (await tx
    .select({ top: sql<number>`coalesce(max(${planObjectives.position}), 0)::int` })
    .from(planObjectives)
    .where(eq(planObjectives.planId, planId))) as [{ top: number }];
  const rows = await tx
    .insert(planObjectives)
    .values(objectives.map((o, i) => ({ planId, position: top + i + 1, title: o.title, strand: o.strand })))
    .returning({ id: planObjectives.id, title: planObjectives.title });
  return {
    ids: new Map(rows.map((row) => [nameKey(row.title), row.id])),
    changes: objectives.map((o) => ({ actionId: null, field: 'objective', after: o.title })),
  };
}

interface Planned {
  columns: ImportedColumns;
  partnerIds: number[];
}

/** New actions, a batch per statement, each recorded as created (and its state, if not "not started"). */
async function insertActions(
  tx: Transaction,
  user: CurrentUser,
  planId: number,
  rows: Planned[],
): Promise<PlanChange[]> {
  const changes: PlanChange[] = [];
  for (const batch of batches(rows)) {
    const created = await tx
      .insert(planActions)
      .values(batch.map((r) => ({ planId, ...r.columns, createdBy: user.accountId })))
      .returning({ id: planActions.id, reference: planActions.reference });
    const idOf = new Map(created.map((c) => [c.reference, c.id]));
    const partners = batch.flatMap((r) =>
      [...new Set(r.partnerIds)].map((organisationId) => ({
        actionId: idOf.get(r.columns.reference)!,
        organisationId,
      })),
    );
    if (partners.length) await tx.insert(planActionPartners).values(partners);
    for (const r of batch) {
      const actionId = idOf.get(r.columns.reference)!;
      changes.push({ actionId, field: 'created', after: `${r.columns.reference} ${r.columns.title}` });
      if (r.columns.state !== 'not_started')
        changes.push({ actionId, field: 'state', before: 'not_started', after: r.columns.state });
    }
  }
  return changes;
}

/** Each imported column by its name in the database and its type, for the batched update below. */
const COLUMN_SQL = IMPORTED_COLUMNS.map((key) => ({
  key,
  name: sql.identifier(planActions[key].name),
  type: sql.raw(planActions[key].getSQLType()),
}));

/** Many actions' new values in one statement per batch: UPDATE … FROM (VALUES …). */
async function writeUpdates(tx: Transaction, rows: { id: number; columns: ImportedColumns }[]) {
  const names = sql.join(
    COLUMN_SQL.map((c) => c.name),
    sql`, `,
  );
  const assignments = sql.join(
    COLUMN_SQL.map((c) => sql`${c.name} = v.${c.name}`),
    sql`, `,
  );
  for (const batch of batches(rows)) {
    const values = sql.join(
      batch.map(
        (row) =>
          sql`(${row.id}::integer, ${sql.join(
            COLUMN_SQL.map((c) => sql`${row.columns[c.key]}::${c.type}`),
            sql`, `,
          )})`,
      ),
      sql`, `,
    );
    await tx.execute(
      sql`update ${planActions} set ${assignments}, ${sql.identifier(planActions.updatedAt.name)} = now() from (values ${values}) as v(id, ${names}) where ${planActions.id} = v.id`,
    );
  }
}

/** Matched actions: those with a difference are rewritten, and each field that changed is recorded with its before and after. */
async function updateActions(
  tx: Transaction,
  context: PlanContext,
  rows: (Planned & { existing: PlanAction })[],
): Promise<PlanChange[]> {
  const changes: PlanChange[] = [];
  const rewritten: { id: number; columns: ImportedColumns }[] = [];
  const partnersChanged: (Planned & { existing: PlanAction })[] = [];
  for (const row of rows) {
    const before = row.existing;
    const changed = IMPORTED_COLUMNS.filter((column) => (before[column] ?? null) !== (row.columns[column] ?? null));
    if (changed.length) rewritten.push({ id: before.id, columns: row.columns });
    changes.push(
      ...changed.map((field) => ({ actionId: before.id, field, before: before[field], after: row.columns[field] })),
    );
    const partnerNamesAfter = [...new Set(row.partnerIds)].map((id) => context.organisationNameById.get(id)!).sort();
    if (partnerNamesAfter.join('\n') !== [...before.partnerNames].sort().join('\n')) {
      partnersChanged.push(row);
      // By name, as updateAction records partners.
      changes.push({ actionId: before.id, field: 'partners', before: before.partnerNames, after: partnerNamesAfter });
    }
  }
  await writeUpdates(tx, rewritten);
  if (partnersChanged.length) {
    await tx.delete(planActionPartners).where(
      inArray(
        planActionPartners.actionId,
        partnersChanged.map((r) => r.existing.id),
      ),
    );
    const partners = partnersChanged.flatMap((r) =>
      [...new Set(r.partnerIds)].map((organisationId) => ({ actionId: r.existing.id, organisationId })),
    );
    for (const batch of batches(partners)) await tx.insert(planActionPartners).values(batch);
  }
  return changes;
}

/** Lock the plan for the import's transaction: no one else changes it until the import is in. */
async function lockPlan(tx: Transaction, user: CurrentUser, planId: number) {
  await tx.select({ id: plans.id }).from(plans).where(eq(plans.id, planId)).for('update');
  await importablePlan(tx, user, planId, 'import');
}

/** Mark the import committed before writing, so a second confirm (even at the same moment) is refused. */
async function claimImport(tx: Transaction, staged: StagedImport) {
  if (staged.committedAt) throw alreadyImported(staged.committedAt);
  const [claimed] = await tx
    .update(planImports)
    .set({ committedAt: sql`now()` })
    .where(and(eq(planImports.id, staged.id), isNull(planImports.committedAt)))
    .returning({ committedAt: planImports.committedAt });
  if (!claimed) throw alreadyImported(new Date());
}

/**
 * Confirm an import: check the file again against the plan as it is now, then add and update
 * every action in one transaction, each change attributed to the user, and record it in the
 * audit log. An import is committed once; a second confirm is refused.
 */
export async function commitImport(
  db: Database,
  user: CurrentUser,
  planId: number,
  importId: number,
  ip?: string,
): Promise<ImportPreview['counts']> {
  checkPlanEditor(user, 'import');
  return db.transaction(async (tx) => {
    await lockPlan(tx, user, planId);
    const staged = await getImport(tx, user, planId, importId);
    await claimImport(tx, staged);
    const context = await loadContext(tx, planId);
    const preview = planImport(staged.sheet, staged.mapping, context);
    const { counts } = preview;
    if (counts.errors)
      throw new FormError(
        'import',
        `${plural(counts.errors, 'row has', 'rows have')} errors: correct the file and upload it again`,
      );
    if (counts.created + counts.updated === 0)
      throw new FormError(
        'import',
        'There is nothing to import: every action in the file is already in the plan as it stands',
      );

    const objectives = await addObjectives(tx, planId, preview.newObjectives);
    const objectiveIds = new Map([
      ...[...context.objectives].map(([key, o]) => [key, o.id] as const),
      ...objectives.ids,
    ]);
    const existing = new Map(context.actions.map((a) => [a.id, a]));
    const planned = (row: ImportRow): Planned => ({
      columns: columnsOf(row.values!, objectiveIds),
      partnerIds: row.values!.partnerIds,
    });
    const updated = await updateActions(
      tx,
      context,
      preview.rows
        .filter((r) => r.outcome === 'update')
        .map((r) => ({ ...planned(r), existing: existing.get(r.actionId!)! })),
    );
    const created = await insertActions(tx, user, planId, preview.rows.filter((r) => r.outcome === 'new').map(planned));
    await recordPlanChanges(tx, { user }, planId, null, [...objectives.changes, ...updated, ...created]);
    await recordAudit(tx, {
      action: 'plan.imported',
      user,
      subjectType: 'plan',
      subjectId: planId,
      detail: {
        importId,
        filename: staged.filename,
        created: counts.created,
        updated: counts.updated,
        objectivesAdded: preview.newObjectives.length,
      },
      ip,
    });
    return counts;
  });
}
