import { and, asc, count, desc, eq, like, sql, type SQL } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { csvText } from '../../views/csv.ts';
import { accountNames } from '../accounts/index.ts';
import { listAreas } from '../partnership/index.ts';
import { categoryLabel, financialYear } from './categories.ts';
import { identifyingHints } from './identifying-text.ts';
import { auditRegister, reduceExpiredCases, requireRegister } from './register.access.ts';
import { checkCorrectable, checkStep, JOURNEY_STEPS, nextSteps, type JourneyStepName } from './register.policy.ts';
import { panelMeetingLabels, panelMeetingOptions } from './register.reads.ts';
import {
  referralCorrections,
  referralStages,
  referrals,
  type RegisterOutcome,
  type RegisterStage,
} from './register.tables.ts';

export const PAGE_SIZE = 50;

/** Notes that look as if they identify someone, saved only once the user has said so. */
export class IdentifyingTextError extends FormError {
  constructor(
    field: string,
    readonly hints: string[],
  ) {
    super(field, 'Check the text does not identify the person: remove any name, date of birth or address');
  }
}

function checkIdentifying(field: string, text: string | undefined, confirmed: boolean) {
  if (!text || confirmed) return;
  const hints = identifyingHints(text);
  if (hints.length) throw new IdentifyingTextError(field, hints);
}

/** The referral form's free text: the area typed when the list lacks it, and the notes. */
function checkReferralText(input: { area?: string; notes?: string; confirmIdentifying?: 'yes' }) {
  checkIdentifying('area', input.area, input.confirmIdentifying === 'yes');
  checkIdentifying('notes', input.notes, input.confirmIdentifying === 'yes');
}

const today = () => new Date().toISOString().slice(0, 10);

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The review an adopted case is waiting for after its exit, with its due date, or none. */
export function reviewDue(referral: {
  stage: RegisterStage;
  outcome: RegisterOutcome | null;
  exitedOn: string | null;
}): { months: 6 | 12; dueOn: string; overdue: boolean } | null {
  if (referral.outcome !== 'adopted' || !referral.exitedOn) return null;
  const months = referral.stage === 'exited' ? 6 : referral.stage === 'review_6' ? 12 : null;
  if (!months) return null;
  const dueOn = addMonths(referral.exitedOn, months);
  return { months, dueOn, overdue: dueOn < today() };
}

// The list.

export interface RegisterFilter {
  stage?: RegisterStage;
  area?: string;
  year?: number;
  page?: number;
}

function filterConditions(filter: RegisterFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.stage) conditions.push(eq(referrals.stage, filter.stage));
  if (filter.area) conditions.push(eq(referrals.area, filter.area));
  if (filter.year) {
    const { start, end } = financialYear(filter.year);
    conditions.push(sql`${referrals.receivedOn} between ${start} and ${end}`);
  }
  return conditions.length ? and(...conditions) : undefined;
}

const listColumns = {
  id: referrals.id,
  reference: referrals.reference,
  receivedOn: referrals.receivedOn,
  referringSector: referrals.referringSector,
  area: referrals.area,
  concern: referrals.concern,
  stage: referrals.stage,
  outcome: referrals.outcome,
  exitedOn: referrals.exitedOn,
};

export async function listRegister(db: Database, user: CurrentUser, filter: RegisterFilter, ip?: string) {
  const access = await requireRegister(db, user, 'read');
  await reduceExpiredCases(db);
  const where = filterConditions(filter);
  const page = filter.page ?? 1;
  const [rows, [total], areas, years] = await Promise.all([
    db
      .select(listColumns)
      .from(referrals)
      .where(where)
      .orderBy(desc(referrals.receivedOn), desc(referrals.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(referrals).where(where),
    db.selectDistinct({ area: referrals.area }).from(referrals).orderBy(asc(referrals.area)),
    db
      .selectDistinct({ year: sql<number>`extract(year from ${referrals.receivedOn} - interval '3 months')::int` })
      .from(referrals),
  ]);
  await auditRegister(db, 'referral_register.viewed', { user, ip, detail: { ...filter, shown: rows.length } });
  return {
    access,
    rows: rows.map((row) => ({ ...row, review: reviewDue(row) })),
    total: total?.n ?? 0,
    pages: Math.max(1, Math.ceil((total?.n ?? 0) / PAGE_SIZE)),
    areas: areas.map((a) => a.area),
    years: years.map((y) => Number(y.year)).sort((a, b) => b - a),
  };
}

// Adding a referral.

export interface ReferralInput {
  receivedOn: string;
  referringSector: string;
  areaId?: number;
  area?: string;
  concern: string;
  ageBand: string;
  gender?: string;
  notes?: string;
  confirmIdentifying?: 'yes';
}

/** The area's name: one from the partnership's list, or the text typed when the list lacks it. */
async function areaOf(db: Queryable, input: Pick<ReferralInput, 'areaId' | 'area'>) {
  if (input.areaId) {
    const area = (await listAreas(db)).find((a) => a.id === input.areaId);
    if (!area) throw new FormError('areaId', 'Select an area');
    return { area: area.name, areaId: area.id };
  }
  if (input.area) return { area: input.area, areaId: null };
  throw new FormError('areaId', 'Select the area, or type it if it is not in the list');
}

function checkReceivedOn(receivedOn: string) {
  if (receivedOn > today()) throw new FormError('receivedOn', 'The date received must be today or in the past');
}

/** "REF-2026-0042": the year received and the next number in that year (past 9999 it grows a digit). */
async function nextReference(db: Queryable, receivedOn: string): Promise<string> {
  const prefix = `REF-${receivedOn.slice(0, 4)}-`;
  const [row] = await db
    .select({ last: sql<number | null>`max(split_part(${referrals.reference}, '-', 3)::int)` })
    .from(referrals)
    .where(like(referrals.reference, `${prefix}%`));
  const next = (row?.last ?? 0) + 1;
  return `${prefix}${String(next).padStart(4, '0')}`;
}

/** The add form: open to those who may change the register. */
export async function referralToCreate(db: Database, user: CurrentUser) {
  await requireRegister(db, user, 'write');
}

export async function createReferral(db: Database, user: CurrentUser, input: ReferralInput, ip?: string) {
  await requireRegister(db, user, 'write');
  checkReceivedOn(input.receivedOn);
  checkReferralText(input);
  const area = await areaOf(db, input);
  return db.transaction(async (tx) => {
    // One numbering at a time, so two referrals received together never take the same reference.
    await tx.execute(sql`lock table ${referrals} in share row exclusive mode`);
    const reference = await nextReference(tx, input.receivedOn);
    const [row] = await tx
      .insert(referrals)
      .values({
        reference,
        receivedOn: input.receivedOn,
        referringSector: input.referringSector,
        ...area,
        concern: input.concern,
        ageBand: input.ageBand,
        gender: input.gender ?? null,
        notes: input.notes ?? null,
        createdBy: user.accountId,
      })
      .returning({ id: referrals.id });
    await tx.insert(referralStages).values({
      referralId: row!.id,
      stage: 'referred',
      happenedOn: input.receivedOn,
      recordedBy: user.accountId,
    });
    await auditRegister(tx, 'referral.created', { user, ip, subjectType: 'referral', subjectId: reference });
    return { id: row!.id, reference };
  });
}

// One case.

/** Every page that shows a case's fields is a read of it, and logged as one. */
function auditRead(db: Queryable, user: CurrentUser, reference: string, page: string, ip?: string) {
  return auditRegister(db, 'referral.viewed', {
    user,
    ip,
    subjectType: 'referral',
    subjectId: reference,
    detail: { page },
  });
}

async function referralById(db: Queryable, referralId: number) {
  const [row] = await db.select().from(referrals).where(eq(referrals.id, referralId));
  if (!row) throw new NotFoundError('referral');
  return row;
}

async function journeyOf(db: Queryable, referralId: number) {
  const [stages, corrections] = await Promise.all([
    db
      .select()
      .from(referralStages)
      .where(eq(referralStages.referralId, referralId))
      .orderBy(asc(referralStages.happenedOn), asc(referralStages.id)),
    db
      .select()
      .from(referralCorrections)
      .where(eq(referralCorrections.referralId, referralId))
      .orderBy(asc(referralCorrections.correctedAt), asc(referralCorrections.id)),
  ]);
  const [names, meetings] = await Promise.all([
    accountNames(db, [...stages.map((s) => s.recordedBy), ...corrections.map((c) => c.correctedBy)]),
    panelMeetingLabels(
      db,
      stages.flatMap((s) => (s.meetingId ? [s.meetingId] : [])),
    ),
  ]);
  return {
    stages: stages.map((s) => ({
      ...s,
      recordedByName: names.get(s.recordedBy)?.name ?? '',
      meeting: s.meetingId ? meetings.get(s.meetingId) : undefined,
    })),
    corrections: corrections.map((c) => ({ ...c, correctedByName: names.get(c.correctedBy)?.name ?? '' })),
  };
}

export async function viewReferral(db: Database, user: CurrentUser, referralId: number, ip?: string) {
  const access = await requireRegister(db, user, 'read');
  await reduceExpiredCases(db);
  const referral = await referralById(db, referralId);
  const journey = await journeyOf(db, referralId);
  await auditRead(db, user, referral.reference, 'case', ip);
  return { access, referral, ...journey, steps: nextSteps(referral), review: reviewDue(referral) };
}

/** The case as a step's form needs it: checked for access and for the step being open. */
export async function referralForStep(
  db: Database,
  user: CurrentUser,
  referralId: number,
  step: JourneyStepName,
  ip?: string,
) {
  await requireRegister(db, user, 'write');
  const referral = await referralById(db, referralId);
  checkStep(referral, step);
  await auditRead(db, user, referral.reference, `step:${step}`, ip);
  const meetings = step === 'panel' ? await panelMeetingOptions(db) : [];
  return { referral, meetings };
}

// The journey.

export interface StepInput {
  happenedOn: string;
  details?: string;
  meetingId?: number;
  outcome?: 'signposted' | 'no_further_action';
  supportPlan?: string;
  consentOn?: string;
  interventionProvider?: string;
  confirmIdentifying?: 'yes';
}

/** The date a referral reached its present stage: a new step cannot come before it. */
function latestDate(referral: typeof referrals.$inferSelect): string {
  const dates = [
    referral.receivedOn,
    referral.screeningOn,
    referral.assessmentOn,
    referral.panelOn,
    referral.adoptedOn,
    referral.exitedOn,
    referral.review6On,
    referral.review12On,
  ];
  return dates
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1)!;
}

async function checkStepInput(db: Queryable, step: JourneyStepName, input: StepInput) {
  if (step === 'panel' && input.meetingId) {
    const options = await panelMeetingOptions(db);
    if (!options.some((m) => m.id === input.meetingId)) {
      throw new FormError('meetingId', 'Select a meeting of a Channel panel');
    }
  }
  if (step === 'adopted') {
    if (!input.supportPlan) throw new FormError('supportPlan', 'Describe the support plan agreed');
    if (!input.consentOn) throw new FormError('consentOn', 'Enter the date consent was given');
    if (!input.interventionProvider) throw new FormError('interventionProvider', 'Enter the intervention provider');
  }
  if (step === 'not_adopted' && !input.outcome) {
    throw new FormError('outcome', 'Select signposted to other services or no further action');
  }
}

/** The columns a step sets on the referral: its stage, the stage's date and its own fields. */
function stepChanges(step: JourneyStepName, input: StepInput): Partial<typeof referrals.$inferInsert> {
  const on = input.happenedOn;
  switch (step) {
    case 'screening':
      return { screeningOn: on };
    case 'assessment':
      return { assessmentOn: on };
    case 'panel':
      return { panelOn: on };
    case 'adopted':
      return {
        adoptedOn: on,
        outcome: 'adopted',
        supportPlan: input.supportPlan,
        consentOn: input.consentOn,
        interventionProvider: input.interventionProvider,
      };
    case 'not_adopted':
      return { exitedOn: on, outcome: input.outcome };
    case 'exit':
      return { exitedOn: on };
    case 'review_6':
      return { review6On: on };
    case 'review_12':
      return { review12On: on };
  }
}

export async function recordStep(
  db: Database,
  user: CurrentUser,
  referralId: number,
  step: JourneyStepName,
  input: StepInput,
  ip?: string,
) {
  await requireRegister(db, user, 'write');
  const confirmed = input.confirmIdentifying === 'yes';
  checkIdentifying('details', input.details, confirmed);
  checkIdentifying('supportPlan', input.supportPlan, confirmed);
  checkIdentifying('interventionProvider', input.interventionProvider, confirmed);
  await checkStepInput(db, step, input);
  await db.transaction(async (tx) => {
    const [referral] = await tx.select().from(referrals).where(eq(referrals.id, referralId)).for('update');
    if (!referral) throw new NotFoundError('referral');
    checkStep(referral, step);
    if (input.happenedOn > today()) throw new FormError('happenedOn', 'The date must be today or in the past');
    if (input.happenedOn < latestDate(referral)) {
      throw new FormError('happenedOn', 'The date must be on or after the referral’s last stage');
    }
    const to = JOURNEY_STEPS[step].to;
    await tx
      .update(referrals)
      .set({ stage: to, ...stepChanges(step, input) })
      .where(eq(referrals.id, referralId));
    await tx.insert(referralStages).values({
      referralId,
      stage: to,
      happenedOn: input.happenedOn,
      details: input.details ?? null,
      meetingId: step === 'panel' ? (input.meetingId ?? null) : null,
      recordedBy: user.accountId,
    });
    const detail = { step, stage: to, outcome: input.outcome ?? null, meetingId: input.meetingId ?? null };
    await auditRegister(tx, 'referral.stage_recorded', {
      user,
      ip,
      subjectType: 'referral',
      subjectId: referral.reference,
      detail,
    });
  });
}

// Corrections.

/** The fields a correction may change, as stored and as the case page names them. */
const CORRECTABLE = ['receivedOn', 'referringSector', 'area', 'concern', 'ageBand', 'gender', 'notes'] as const;

export async function referralToCorrect(db: Database, user: CurrentUser, referralId: number, ip?: string) {
  await requireRegister(db, user, 'write');
  const referral = await referralById(db, referralId);
  checkCorrectable(referral);
  await auditRead(db, user, referral.reference, 'correct', ip);
  return referral;
}

export async function correctReferral(
  db: Database,
  user: CurrentUser,
  referralId: number,
  input: ReferralInput,
  ip?: string,
) {
  await requireRegister(db, user, 'write');
  checkReceivedOn(input.receivedOn);
  checkReferralText(input);
  const area = await areaOf(db, input);
  const after = { ...input, area: area.area, gender: input.gender ?? null, notes: input.notes ?? null };
  await db.transaction(async (tx) => {
    const [referral] = await tx.select().from(referrals).where(eq(referrals.id, referralId)).for('update');
    if (!referral) throw new NotFoundError('referral');
    checkCorrectable(referral);
    if (after.receivedOn > (referral.screeningOn ?? after.receivedOn)) {
      throw new FormError('receivedOn', 'The date received must be on or before screening began');
    }
    const changed = CORRECTABLE.filter((name) => (referral[name] ?? null) !== (after[name] ?? null));
    if (!changed.length) return;
    await tx
      .update(referrals)
      .set({ ...Object.fromEntries(changed.map((name) => [name, after[name]])), areaId: area.areaId })
      .where(eq(referrals.id, referralId));
    await tx.insert(referralCorrections).values(
      changed.map((name) => ({
        referralId,
        field: name,
        before: referral[name] ?? null,
        after: after[name] ?? null,
        correctedBy: user.accountId,
      })),
    );
    if (changed.includes('receivedOn')) {
      await tx
        .update(referralStages)
        .set({ happenedOn: after.receivedOn })
        .where(and(eq(referralStages.referralId, referralId), eq(referralStages.stage, 'referred')));
    }
    await auditRegister(tx, 'referral.corrected', {
      user,
      ip,
      subjectType: 'referral',
      subjectId: referral.reference,
      detail: { fields: changed },
    });
  });
}

// The export.

const EXPORT_COLUMNS = [
  'Reference',
  'Date received',
  'Referring sector',
  'Area',
  'Type of concern',
  'Age band',
  'Gender',
  'Stage',
  'Outcome',
  'Screening',
  'Vulnerability assessment',
  'Panel discussion',
  'Adopted',
  'Exited',
  '6-month review',
  '12-month review',
];

/** The register as CSV: every statistical field and date, no notes (the export leaves the Hub). */
export async function exportRegister(db: Database, user: CurrentUser, ip?: string): Promise<string> {
  await requireRegister(db, user, 'read');
  await reduceExpiredCases(db);
  const rows = await db.select().from(referrals).orderBy(asc(referrals.receivedOn), asc(referrals.id));
  await auditRegister(db, 'referral_register.exported', { user, ip, detail: { rows: rows.length } });
  return csvText([
    EXPORT_COLUMNS,
    ...rows.map((r) => [
      r.reference,
      r.receivedOn,
      categoryLabel('sector', r.referringSector),
      r.area,
      categoryLabel('concern', r.concern),
      categoryLabel('age_band', r.ageBand),
      r.gender ? categoryLabel('gender', r.gender) : '',
      r.stage,
      r.outcome ?? '',
      r.screeningOn,
      r.assessmentOn,
      r.panelOn,
      r.adoptedOn,
      r.exitedOn,
      r.review6On,
      r.review12On,
    ]),
  ]);
}
