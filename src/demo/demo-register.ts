// Writes the demo's referral register (content/register.ts): ~150 fictional referrals over the
// three years before "today", each with its Channel journey. Straight to the tables like the rest
// of the demo, with no audit entries. Deterministic: the same day always gives the same register.

import { and, asc, eq, ne } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import { groups } from '../modules/groups/groups.tables.ts';
import { meetings } from '../modules/meetings/meetings.tables.ts';
import { areas } from '../modules/partnership/partnership.tables.ts';
import { referralStages, referrals, type RegisterStage } from '../modules/referrals/register.tables.ts';
import {
  AGE_SHARES,
  AREA_SHARES,
  CONCERN_SHARES,
  GENDER_SHARES,
  ILLUSTRATIVE_NOTE,
  INTERVENTION_PROVIDERS,
  JOURNEY_SHARES,
  REFERRALS_PER_YEAR,
  SECTOR_SHARES,
  STAGE_DAYS,
  STAGE_DETAILS,
  SUPPORT_PLANS,
} from './content/register.ts';
import { addDays, londonIsoDate, seededRandom, type IsoDate, type Random } from './demo-dates.ts';

/** Exactly `total` items in the given shares (largest remainder), in a seeded random order. */
export function shuffledShares<T>(total: number, shares: [T, number][], random: Random): T[] {
  const sum = shares.reduce((n, [, share]) => n + share, 0);
  const exact = shares.map(([item, share]) => ({ item, exact: (total * share) / sum }));
  const counts = exact.map((e) => Math.floor(e.exact));
  const byRemainder = exact.map((e, i) => ({ i, rest: e.exact - counts[i]! })).sort((a, b) => b.rest - a.rest);
  const missing = total - counts.reduce((n, c) => n + c, 0);
  for (let k = 0; k < missing; k += 1) counts[byRemainder[k]!.i]! += 1;
  const items = exact.flatMap((e, i) => Array<T>(counts[i]!).fill(e.item));
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const entries = <K extends string>(record: Record<K, number>) => Object.entries(record) as [K, number][];

interface DemoReferral {
  receivedOn: IsoDate;
  area: string;
  referringSector: string;
  concern: string;
  ageBand: string;
  gender: string | null;
  fate: 'screening' | 'assessment' | 'panel';
}

/** The referrals of the three years, with their categories in the content's shares. */
function drawReferrals(today: IsoDate, random: Random): DemoReferral[] {
  const dated = REFERRALS_PER_YEAR.flatMap((count, year) => {
    const start = addDays(today, -365 * (REFERRALS_PER_YEAR.length - year) + 1);
    const areasOfYear = shuffledShares(
      count,
      AREA_SHARES.map((a) => [a.area, a.shares[year]!]),
      random,
    );
    return areasOfYear.map((area, i) => ({
      area,
      receivedOn: addDays(start, Math.floor(((i + random.next()) * 365) / count)),
    }));
  });
  const total = dated.length;
  const sectors = shuffledShares(total, entries(SECTOR_SHARES), random);
  const ages = shuffledShares(total, entries(AGE_SHARES), random);
  const genders = shuffledShares(total, GENDER_SHARES, random);
  const fates = shuffledShares<DemoReferral['fate']>(
    total,
    [
      ['screening', JOURNEY_SHARES.closedAtScreening],
      ['assessment', JOURNEY_SHARES.closedAfterAssessment],
      ['panel', JOURNEY_SHARES.discussedAtPanel],
    ],
    random,
  );
  const isCity = (area: string) => area === 'Leicester';
  const cityConcerns = shuffledShares(dated.filter((d) => isCity(d.area)).length, entries(CONCERN_SHARES.city), random);
  const countyConcerns = shuffledShares(
    dated.filter((d) => !isCity(d.area)).length,
    entries(CONCERN_SHARES.county),
    random,
  );
  return dated
    .map((d, i) => ({
      ...d,
      referringSector: sectors[i]!,
      ageBand: ages[i]!,
      gender: genders[i]!,
      concern: (isCity(d.area) ? cityConcerns : countyConcerns).pop()!,
      fate: fates[i]!,
    }))
    .sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0));
}

interface Journey {
  columns: Partial<typeof referrals.$inferInsert>;
  stages: { stage: RegisterStage; happenedOn: IsoDate; details: string | null; meetingId: number | null }[];
}

interface JourneyContext {
  today: IsoDate;
  random: Random;
  panelMeetings: { id: number; on: IsoDate }[];
  /** Every fifth adopted case leaves its next review undone, so the demo shows overdue reviews. */
  adoptedCount: { n: number };
}

const after = (date: IsoDate, [least, most]: readonly [number, number], random: Random) =>
  addDays(date, random.between(least, most));

/** The case's journey as far as "today" allows: each stage dated after the last, none in the future. */
function journeyOf(referral: DemoReferral, context: JourneyContext): Journey {
  const { today, random } = context;
  const journey: Journey = { columns: { stage: 'referred' }, stages: [] };
  const reach = (stage: RegisterStage, on: IsoDate, details: string | null, meetingId: number | null = null) => {
    if (on > today) return false;
    journey.columns.stage = stage;
    journey.stages.push({ stage, happenedOn: on, details, meetingId });
    return true;
  };
  const close = (on: IsoDate) => {
    if (on > today) return;
    const signposted = random.chance(JOURNEY_SHARES.signpostedOfNotAdopted / 100);
    journey.columns.outcome = signposted ? 'signposted' : 'no_further_action';
    journey.columns.exitedOn = on;
    reach('exited', on, signposted ? STAGE_DETAILS.signposted : STAGE_DETAILS.noFurtherAction);
  };

  const screeningOn = after(referral.receivedOn, STAGE_DAYS.toScreening, random);
  if (!reach('screening', screeningOn, STAGE_DETAILS.screening)) return journey;
  journey.columns.screeningOn = screeningOn;
  if (referral.fate === 'screening') return (close(after(screeningOn, [5, 20], random)), journey);

  const assessmentOn = after(screeningOn, STAGE_DAYS.toAssessment, random);
  if (!reach('assessment', assessmentOn, STAGE_DETAILS.assessment)) return journey;
  journey.columns.assessmentOn = assessmentOn;
  if (referral.fate === 'assessment') return (close(after(assessmentOn, [3, 14], random)), journey);

  return panelAndAfter(journey, assessmentOn, context, reach, close);
}

function panelAndAfter(
  journey: Journey,
  assessmentOn: IsoDate,
  context: JourneyContext,
  reach: (stage: RegisterStage, on: IsoDate, details: string | null, meetingId?: number | null) => boolean,
  close: (on: IsoDate) => void,
): Journey {
  const { random } = context;
  // The panel's next meeting when the demo has one, else a date a few weeks on.
  const meeting = context.panelMeetings.find(
    (m) => m.on >= addDays(assessmentOn, 7) && m.on <= addDays(assessmentOn, 45),
  );
  const panelOn = meeting?.on ?? after(assessmentOn, STAGE_DAYS.toPanel, random);
  if (!reach('panel', panelOn, STAGE_DETAILS.panel, meeting?.id ?? null)) return journey;
  journey.columns.panelOn = panelOn;
  if (!random.chance(JOURNEY_SHARES.adoptedOfDiscussed / 100)) return (close(panelOn), journey);

  reach('adopted', panelOn, null);
  Object.assign(journey.columns, {
    adoptedOn: panelOn,
    outcome: 'adopted',
    consentOn: panelOn,
    supportPlan: SUPPORT_PLANS[random.between(0, SUPPORT_PLANS.length - 1)],
    interventionProvider: INTERVENTION_PROVIDERS[random.between(0, INTERVENTION_PROVIDERS.length - 1)],
  });
  const exitedOn = after(panelOn, STAGE_DAYS.supportLength, random);
  if (!reach('exited', exitedOn, STAGE_DETAILS.exit)) return journey;
  journey.columns.exitedOn = exitedOn;
  context.adoptedCount.n += 1;
  if (context.adoptedCount.n % 5 === 0) return journey;
  const review6On = addDays(exitedOn, 182 + random.between(0, 10));
  if (!reach('review_6', review6On, STAGE_DETAILS.review)) return journey;
  journey.columns.review6On = review6On;
  const review12On = addDays(exitedOn, 365 + random.between(0, 10));
  if (reach('review_12', review12On, STAGE_DETAILS.review)) journey.columns.review12On = review12On;
  return journey;
}

/** What the register needs from the demo partnership: its areas, someone to record, the panel's meetings. */
async function partnershipParts(db: Queryable) {
  const [areaRows, [recorder], meetingRows] = await Promise.all([
    db.select({ id: areas.id, name: areas.name }).from(areas),
    db
      .select({ id: accounts.id })
      .from(accounts)
      .orderBy(asc(accounts.role), asc(accounts.id))
      .where(eq(accounts.role, 'coordinator')),
    db
      .select({ id: meetings.id, startsAt: meetings.startsAt })
      .from(meetings)
      .innerJoin(groups, eq(groups.id, meetings.groupId))
      .where(and(eq(groups.kind, 'channel_panel'), ne(meetings.status, 'cancelled')))
      .orderBy(asc(meetings.startsAt)),
  ]);
  const fallback = recorder ?? (await db.select({ id: accounts.id }).from(accounts).limit(1))[0];
  if (!fallback) throw new Error('The register demo needs an account to record its referrals');
  return {
    areaIds: new Map(areaRows.map((a) => [a.name, a.id])),
    recordedBy: fallback.id,
    panelMeetings: meetingRows.map((m) => ({ id: m.id, on: londonIsoDate(m.startsAt) })),
  };
}

/** "REF-2025-0007": numbered in order of receipt within each calendar year. */
function referencesOf(received: IsoDate[]): string[] {
  const counts = new Map<string, number>();
  return received.map((on) => {
    const year = on.slice(0, 4);
    const n = (counts.get(year) ?? 0) + 1;
    counts.set(year, n);
    return `REF-${year}-${String(n).padStart(4, '0')}`;
  });
}

/**
 * Writes the illustrative register into a demo partnership that has its areas, accounts and the
 * LLR Channel panel's meetings. Returns the number of referrals written.
 */
export async function seedRegisterDemo(db: Queryable, options: { now?: Date } = {}): Promise<number> {
  const today = londonIsoDate(options.now ?? new Date());
  const random = seededRandom(41_2019);
  const parts = await partnershipParts(db);
  const drawn = drawReferrals(today, random).filter((r) => r.receivedOn <= today);
  const context: JourneyContext = { today, random, panelMeetings: parts.panelMeetings, adoptedCount: { n: 0 } };
  const references = referencesOf(drawn.map((r) => r.receivedOn));
  for (const [i, referral] of drawn.entries()) {
    const journey = journeyOf(referral, context);
    const { fate: _fate, ...fields } = referral;
    const [row] = await db
      .insert(referrals)
      .values({
        ...fields,
        ...journey.columns,
        reference: references[i]!,
        areaId: parts.areaIds.get(referral.area) ?? null,
        notes: ILLUSTRATIVE_NOTE,
        createdBy: parts.recordedBy,
      })
      .returning({ id: referrals.id });
    const stages = [{ stage: 'referred' as const, happenedOn: referral.receivedOn, details: null, meetingId: null }];
    await db
      .insert(referralStages)
      .values([...stages, ...journey.stages].map((s) => ({ ...s, referralId: row!.id, recordedBy: parts.recordedBy })));
  }
  return drawn.length;
}
