// Seeds an empty database with the illustrative partnership used by `npm run demo`.
//
// Written straight against the Drizzle tables rather than the module services: the services
// are still changing, and the demo should not break (or write audit entries for every row)
// whenever they do. The data itself lives in demo-directory.ts, demo-groups.ts and
// demo-documents.ts; this file turns it into rows.

import { createHash } from 'node:crypto';
import type { Database, Transaction } from '../db/client.ts';
import { hashPassword } from '../auth/passwords.ts';
import { areas, partnership } from '../modules/partnership/partnership.tables.ts';
import { organisations, people } from '../modules/organisations/organisations.tables.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import { groupMembers, groupReportingLines, groups } from '../modules/groups/groups.tables.ts';
import {
  actionsArising,
  agendaItems,
  attendance,
  meetingRecommendations,
  meetings,
} from '../modules/meetings/meetings.tables.ts';
import { documentFiles, documentGroups, documents } from '../modules/documents/documents.tables.ts';
import { auditLog } from '../modules/audit/audit.tables.ts';
import {
  ACCOUNTS,
  AREAS,
  DEMO_PARTNERSHIP_NAME,
  DEMO_PASSWORD,
  ORGANISATIONS,
  PEOPLE,
  emailOf,
  phoneOf,
} from './content/directory.ts';
import {
  CADENCE_MONTHS,
  GROUPS,
  type AttendanceStatus,
  type DemoGroup,
  type ItemContext,
  type ItemTemplate,
} from './content/groups.ts';
import { DOCUMENTS, type DocumentContext } from './content/documents.ts';
import {
  addDays,
  isoDate,
  londonIsoDate,
  londonTime,
  monthName,
  nthWeekdayOfMonth,
  parseIso,
  seededRandom,
  type IsoDate,
  type Random,
} from './demo-dates.ts';
import { seedDemoEvents } from './demo-events.ts';
import { seedDemoPlans } from './demo-plans.ts';
import { seedFiguresDemo } from './demo-figures.ts';
import { seedRegisterDemo } from './demo-register.ts';
import { seedThreatLevelDemo } from './demo-threat-level.ts';
import { seedResourcesDemo } from './demo-resources.ts';
import { seedTensionDemo } from './demo-tension.ts';
import { seedTrainingDemo } from './demo-training.ts';
import { seedFundingDemo } from './demo-funding.ts';
import { seedResponsePlansDemo } from './demo-response-plans.ts';
import { seedImpactAssessmentsDemo } from './demo-impact-assessments.ts';
import { seedSelfAssessmentDemo } from './demo-self-assessment.ts';

export { DEMO_PARTNERSHIP_NAME, DEMO_PASSWORD };

/** The four sign-ins the demo prints. */
export const DEMO_SIGN_INS = ACCOUNTS.map((a) => ({
  email: emailOf(PEOPLE.find((p) => p.key === a.person)!),
  role: a.role,
}));

export class DemoAlreadySeededError extends Error {}

export interface SeedOptions {
  /** "Today" for the demo (tests pin it); everything is dated relative to it. */
  now?: Date;
}

export interface SeedSummary {
  people: number;
  groups: number;
  meetings: number;
  agendaItems: number;
  actions: number;
  attendance: number;
  documents: number;
  plans: number;
  planActions: number;
  progressUpdates: number;
  suggestions: number;
  events: number;
  eventItems: number;
  publishedFigures: number;
  referrals: number;
}

const DAY = 86_400_000;
// The demo year runs from about 12 months ago to 3 months ahead.
const MONTHS_BACK = 12;
const MONTHS_AHEAD = 3;
// Future agendas are published about six weeks ahead; later meetings show only items already planned.
const AGENDA_PUBLISHED_DAYS = 45;
// Members who joined "long ago" joined two years before today.
const LONG_AGO_MONTHS = 24;

// ─── Planning in memory ──────────────────────────────────────────────────────

interface PlannedItem {
  template: ItemTemplate;
  title: string;
  recommendation: string | null;
  minute: string | null;
  decision: ItemTemplate['decision'] | null;
  reason: string | null;
  action: { description: string; owner: string; dueOn: IsoDate; completedOn: IsoDate | null } | null;
}

interface PlannedMeeting {
  group: DemoGroup;
  date: IsoDate;
  startsAt: Date;
  endsAt: Date;
  status: 'scheduled' | 'held' | 'cancelled';
  location: string;
  items: PlannedItem[];
  /** Among the group's held meetings, oldest first; -1 when not held. */
  heldIndex: number;
}

/** Same day of month, n months away (clamped to the 28th so February does not roll over). */
function monthsFrom(today: IsoDate, months: number): IsoDate {
  const { year, month0, day } = parseIso(today);
  return isoDate(year, month0 + months, Math.min(day, 28));
}

const words = (value: ItemTemplate['minute'], c: ItemContext): string | null =>
  value === undefined ? null : typeof value === 'function' ? value(c) : value;

/** Nobody meets between Christmas and New Year: such a meeting moves a week earlier (or later in January). */
function clearOfChristmas(date: IsoDate): IsoDate {
  const { month0, day } = parseIso(date);
  if (month0 === 11 && day >= 22) return addDays(date, -7);
  if (month0 === 0 && day <= 3) return addDays(date, 7);
  return date;
}

function meetingDates(group: DemoGroup, today: IsoDate): { date: IsoDate; monthOffset: number }[] {
  const { year, month0 } = parseIso(today);
  const step = CADENCE_MONTHS[group.cadence];
  const first = addDays(today, -365);
  const last = addDays(today, MONTHS_AHEAD * 31);
  const dates: { date: IsoDate; monthOffset: number }[] = [];
  for (let offset = -MONTHS_BACK; offset <= MONTHS_AHEAD; offset++) {
    const absolute = year * 12 + month0 + offset;
    const meets =
      group.cadence === 'ad_hoc'
        ? (group.schedule.months ?? []).includes(offset)
        : (((absolute - (group.schedule.phase ?? 0)) % step) + step) % step === 0;
    if (!meets) continue;
    const date = clearOfChristmas(
      nthWeekdayOfMonth(Math.floor(absolute / 12), absolute % 12, group.schedule.nth, group.schedule.weekday),
    );
    if (date >= first && date <= last) dates.push({ date, monthOffset: offset });
  }
  return dates;
}

function planItem(template: ItemTemplate, held: boolean, c: ItemContext, today: IsoDate, random: Random): PlannedItem {
  let action: PlannedItem['action'] = null;
  if (held && template.action) {
    const dueOn = addDays(c.date, template.action.dueInDays);
    let completedOn: IsoDate | null = null;
    if (dueOn < today) {
      // Most past actions were done, around their due date; a few are overdue, as in any real log.
      if (random.chance(0.8)) {
        const done = addDays(dueOn, -random.between(0, 7));
        completedOn = done > c.date ? done : addDays(c.date, 1);
      }
    } else if (random.chance(0.2) && addDays(c.date, 1) < today) {
      completedOn = addDays(c.date, 1 + random.between(0, 6));
      if (completedOn > today) completedOn = today;
    }
    action = { description: template.action.description, owner: template.action.owner, dueOn, completedOn };
  }
  return {
    template,
    title: template.title,
    recommendation: words(template.recommendation, c),
    minute: held ? words(template.minute, c) : null,
    decision: held ? (template.decision ?? null) : null,
    reason: held ? words(template.reason, c) : null,
    action,
  };
}

function planMeetings(today: IsoDate, now: Date, random: Random, profileExpectedMonth: string): PlannedMeeting[] {
  const planned: PlannedMeeting[] = [];
  for (const group of GROUPS) {
    const dates = meetingDates(group, today);
    // Groups that meet every few months may not meet in the month named: take the nearest meeting.
    const nearest = (candidates: typeof dates, month: number) =>
      candidates.reduce((best, d) => (Math.abs(d.monthOffset - month) < Math.abs(best.monthOffset - month) ? d : best))
        .monthOffset;
    const cancelled = new Set(
      dates.length ? (group.schedule.cancelledIn ?? []).map((month) => nearest(dates, month)) : [],
    );
    const live = dates.filter((d) => !cancelled.has(d.monthOffset));
    const oneOffsByOffset = new Map<number, ItemTemplate[]>();
    for (const { monthsFromNow, item } of group.agenda.oneOff ?? []) {
      if (live.length === 0) continue;
      const offset = nearest(live, monthsFromNow);
      oneOffsByOffset.set(offset, [...(oneOffsByOffset.get(offset) ?? []), item]);
    }
    let turn = 0;
    let heldCount = 0;
    dates.forEach(({ date, monthOffset }, index) => {
      const startsAt = londonTime(date, group.schedule.time);
      const endsAt = new Date(startsAt.getTime() + group.schedule.minutes * 60_000);
      const status = cancelled.has(monthOffset) ? 'cancelled' : endsAt <= now ? 'held' : 'scheduled';
      const meeting: PlannedMeeting = {
        group,
        date,
        startsAt,
        endsAt,
        status,
        location: group.schedule.location,
        items: [],
        heldIndex: status === 'held' ? heldCount++ : -1,
      };
      planned.push(meeting);
      if (status === 'cancelled') return;
      const per = group.agenda.perMeeting ?? 1;
      const rotating = group.agenda.rotating.length
        ? Array.from(
            { length: Math.min(per, group.agenda.rotating.length) },
            (_, j) => group.agenda.rotating[(turn * per + j) % group.agenda.rotating.length]!,
          )
        : [];
      turn += 1;
      const oneOffs = oneOffsByOffset.get(monthOffset) ?? [];
      const published = status === 'held' || date <= addDays(today, AGENDA_PUBLISHED_DAYS);
      const templates = published ? [...group.agenda.standing, ...oneOffs, ...rotating] : oneOffs;
      const context: ItemContext = { date, index, random, profileExpectedMonth };
      meeting.items = templates.map((t) => planItem(t, status === 'held', context, today, random));
    });
  }
  return planned;
}

// ─── Writing rows ────────────────────────────────────────────────────────────

function lookup(map: Map<string, number>, kind: string) {
  return (key: string): number => {
    const id = map.get(key);
    if (id === undefined) throw new Error(`Demo data: no ${kind} "${key}"`);
    return id;
  };
}

/** Inserts many rows a slice at a time, well under PostgreSQL's limit of parameters per statement. */
async function insertInSlices<T>(rows: T[], insert: (slice: T[]) => Promise<unknown>, size = 500) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * Inserts the demo partnership into an empty database, in one transaction: the partnership,
 * areas, organisations, fictional people, four accounts (password DEMO_PASSWORD), groups with
 * members and reporting lines, a year of meetings with agendas, minutes, decisions, actions and
 * attendance, a small document library, live engagement events (demo-events.ts) and delivery
 * plans (demo-plans.ts), published referral figures, disrupted plots and an illustrative referral
 * register (demo-figures.ts, demo-threat-level.ts, demo-register.ts). Throws DemoAlreadySeededError if a partnership exists.
 */
export async function seedDemoPartnership(db: Database, options: SeedOptions = {}): Promise<SeedSummary> {
  const now = options.now ?? new Date();
  const today = londonIsoDate(now);
  // Fixed seed: the same day always gives the same demo.
  const random = seededRandom(20090602);
  const { year, month0 } = parseIso(today);
  const profileExpectedOn = isoDate(year, month0 + 1, 5);
  const documentContext: DocumentContext = { profileExpectedOn, profileExpectedMonth: monthName(profileExpectedOn) };
  const plan = planMeetings(today, now, random, documentContext.profileExpectedMonth);

  // scrypt is deliberately slow: hash before the transaction rather than hold it open.
  const passwordHashes = await Promise.all(ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));

  return db.transaction(async (tx: Transaction) => {
    const existing = await tx.select({ id: partnership.id }).from(partnership);
    if (existing.length)
      throw new DemoAlreadySeededError('This database already has a partnership; the demo only seeds an empty one.');
    await tx.insert(partnership).values({ id: 1, name: DEMO_PARTNERSHIP_NAME });

    const areaRows = await tx.insert(areas).values(AREAS).returning({ id: areas.id, name: areas.name });
    const areaId = lookup(new Map(areaRows.map((r) => [r.name, r.id])), 'area');

    const orgRows = await tx
      .insert(organisations)
      .values(ORGANISATIONS.map((o) => ({ name: o.name, sector: o.sector, areaId: o.area ? areaId(o.area) : null })))
      .returning({ id: organisations.id, name: organisations.name });
    const orgId = lookup(new Map(orgRows.map((r) => [r.name, r.id])), 'organisation');

    const personRows = await tx
      .insert(people)
      .values(
        PEOPLE.map((p, i) => ({
          name: p.name,
          jobTitle: p.jobTitle,
          email: emailOf(p),
          phone: phoneOf(p, i),
          organisationId: orgId(p.organisation),
        })),
      )
      .returning({ id: people.id, email: people.email });
    const idByEmail = new Map(personRows.map((r) => [r.email!, r.id]));
    const personId = lookup(new Map(PEOPLE.map((p) => [p.key, idByEmail.get(emailOf(p))!])), 'person');
    const organisationOf = (key: string) => orgId(PEOPLE.find((p) => p.key === key)!.organisation);

    const accountRows = await tx
      .insert(accounts)
      .values(
        ACCOUNTS.map((a, i) => ({
          personId: personId(a.person),
          email: emailOf(PEOPLE.find((p) => p.key === a.person)!),
          passwordHash: passwordHashes[i]!,
          role: a.role,
          mustChangePassword: false,
        })),
      )
      .returning({ id: accounts.id, personId: accounts.personId });
    const accountId = lookup(
      new Map(ACCOUNTS.map((a) => [a.person, accountRows.find((r) => r.personId === personId(a.person))!.id])),
      'account',
    );

    // Groups one at a time, in list order, so each parent exists before its children.
    const groupIds = new Map<string, number>();
    for (const g of GROUPS) {
      const [row] = await tx
        .insert(groups)
        .values({
          name: g.name,
          kind: g.kind,
          description: g.description,
          areaId: areaId(g.area),
          parentGroupId: g.parent ? lookup(groupIds, 'parent group')(g.parent) : null,
          chairPersonId: personId(g.chair),
          cadence: g.cadence,
        })
        .returning({ id: groups.id });
      groupIds.set(g.key, row!.id);
    }
    const groupId = lookup(groupIds, 'group');

    const lines = GROUPS.flatMap((g) =>
      (g.reportsTo ?? []).map((to) => ({ groupId: groupId(g.key), reportsToGroupId: groupId(to) })),
    );
    if (lines.length) await tx.insert(groupReportingLines).values(lines);

    const membershipRows = GROUPS.flatMap((g) =>
      g.members.map((m) => ({
        groupId: groupId(g.key),
        personId: personId(m.person),
        organisationId: m.organisation ? orgId(m.organisation) : organisationOf(m.person),
        role: m.role ?? 'member',
        joinedOn: monthsFrom(today, -(m.joinedMonthsAgo ?? LONG_AGO_MONTHS)),
        leftOn: m.leftMonthsAgo === undefined ? null : monthsFrom(today, -m.leftMonthsAgo),
      })),
    );
    await tx.insert(groupMembers).values(membershipRows);

    // Meetings, matched back to the plan by group and start time.
    const meetingRows = await tx
      .insert(meetings)
      .values(
        plan.map((m) => ({
          groupId: groupId(m.group.key),
          startsAt: m.startsAt,
          endsAt: m.endsAt,
          location: m.location,
          status: m.status,
        })),
      )
      .returning({ id: meetings.id, groupId: meetings.groupId, startsAt: meetings.startsAt });
    const meetingKey = (gid: number, at: Date) => `${gid}@${at.getTime()}`;
    const meetingIds = new Map(meetingRows.map((r) => [meetingKey(r.groupId, r.startsAt), r.id]));
    const meetingId = (m: PlannedMeeting) => meetingIds.get(meetingKey(groupId(m.group.key), m.startsAt))!;

    // Documents. A meeting's paper belongs to the first meeting that tables it.
    const firstTabled = new Map<string, PlannedMeeting>();
    for (const m of [...plan].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
      for (const item of m.items)
        if (item.template.paper && !firstTabled.has(item.template.paper)) firstTabled.set(item.template.paper, m);
    }
    const notAfterNow = (t: number) => new Date(Math.min(t, now.getTime()));
    const documentIds = new Map<string, number>();
    let fileCount = 0;
    for (const d of DOCUMENTS) {
      const tabledAt = firstTabled.get(d.key);
      const createdAt = notAfterNow(
        tabledAt ? tabledAt.startsAt.getTime() - 7 * DAY : now.getTime() - d.createdDaysAgo * DAY,
      );
      const createdBy = accountId(d.createdBy);
      const [row] = await tx
        .insert(documents)
        .values({
          title: d.title,
          description: d.description,
          marking: d.marking,
          audience: d.audienceGroups?.length ? 'groups' : 'everyone',
          groupId: d.group ? groupId(d.group) : null,
          meetingId: tabledAt ? meetingId(tabledAt) : null,
          areaId: d.area ? areaId(d.area) : null,
          expectedOn: d.expected ? profileExpectedOn : null,
          createdBy,
          createdAt,
        })
        .returning({ id: documents.id });
      documentIds.set(d.key, row!.id);
      if (d.audienceGroups?.length)
        await tx
          .insert(documentGroups)
          .values(d.audienceGroups.map((g) => ({ documentId: row!.id, groupId: groupId(g) })));
      for (const f of d.files) {
        const content = Buffer.from(f.content(documentContext), 'utf8');
        await tx.insert(documentFiles).values({
          documentId: row!.id,
          filename: f.filename,
          contentType: f.contentType,
          size: content.length,
          sha256: sha256(content),
          content,
          uploadedBy: createdBy,
          uploadedAt: notAfterNow(createdAt.getTime() + f.daysAfterCreation * DAY),
        });
        fileCount += 1;
      }
    }
    const documentId = lookup(documentIds, 'document');

    // Agenda items, matched back by meeting and position.
    const itemRows = plan.flatMap((m) =>
      m.items.map((item, i) => ({
        meetingId: meetingId(m),
        position: i + 1,
        title: item.title,
        presenterPersonId: personId(item.template.presenter),
        paperDocumentId: item.template.paper ? documentId(item.template.paper) : null,
        minute: item.minute,
      })),
    );
    const insertedItems: { id: number; meetingId: number; position: number }[] = [];
    await insertInSlices(itemRows, async (slice) => {
      insertedItems.push(
        ...(await tx
          .insert(agendaItems)
          .values(slice)
          .returning({ id: agendaItems.id, meetingId: agendaItems.meetingId, position: agendaItems.position })),
      );
    });
    const itemIds = new Map(insertedItems.map((r) => [`${r.meetingId}#${r.position}`, r.id]));

    // Each item's recommendation, numbered through its meeting in agenda order; decided at the meeting.
    const recommendationRows = plan.flatMap((m) => {
      const recommended = m.items.flatMap((item, i) => (item.recommendation || item.decision ? [{ item, i }] : []));
      return recommended.map(({ item, i }, k) => ({
        meetingId: meetingId(m),
        agendaItemId: itemIds.get(`${meetingId(m)}#${i + 1}`)!,
        number: k + 1,
        text: item.recommendation ?? item.title,
        decision: item.decision,
        reason: item.reason,
        decidedAt: item.decision ? m.endsAt : null,
        createdAt: new Date(Math.min(m.startsAt.getTime() - 7 * DAY, now.getTime())),
      }));
    });
    await insertInSlices(recommendationRows, (slice) => tx.insert(meetingRecommendations).values(slice));

    const actionRows = plan.flatMap((m) =>
      m.items.flatMap((item, i) =>
        item.action
          ? [
              {
                agendaItemId: itemIds.get(`${meetingId(m)}#${i + 1}`)!,
                description: item.action.description,
                ownerPersonId: personId(item.action.owner),
                dueOn: item.action.dueOn,
                completedOn: item.action.completedOn,
                createdAt: m.endsAt,
              },
            ]
          : [],
      ),
    );
    await insertInSlices(actionRows, (slice) => tx.insert(actionsArising).values(slice));

    // Attendance at held meetings, by the people who were members on the day.
    const attendanceRows: { meetingId: number; personId: number; organisationId: number; status: AttendanceStatus }[] =
      [];
    for (const m of plan) {
      if (m.status !== 'held') continue;
      const seen = new Set<string>();
      for (const member of m.group.members) {
        const joinedOn = monthsFrom(today, -(member.joinedMonthsAgo ?? LONG_AGO_MONTHS));
        const leftOn = member.leftMonthsAgo === undefined ? null : monthsFrom(today, -member.leftMonthsAgo);
        if (m.date < joinedOn || (leftOn !== null && m.date >= leftOn) || seen.has(member.person)) continue;
        seen.add(member.person);
        const status: AttendanceStatus = member.attendance
          ? member.attendance(m.heldIndex)
          : member.role === 'chair'
            ? 'present'
            : (() => {
                const r = random.next();
                return r < 0.8 ? 'present' : r < 0.95 ? 'apologies' : 'absent';
              })();
        attendanceRows.push({
          meetingId: meetingId(m),
          personId: personId(member.person),
          organisationId: member.organisation ? orgId(member.organisation) : organisationOf(member.person),
          status,
        });
      }
    }
    await insertInSlices(attendanceRows, (slice) => tx.insert(attendance).values(slice));

    // Live events, then the delivery plans: the awareness event's room feeds the strategic plan's consultation.
    const refs = { tx, now, today, profileExpectedOn, personId, orgId, groupId, accountId, documentId };
    const engagement = await seedDemoEvents(refs);
    const delivery = await seedDemoPlans(refs, engagement.awareness);
    // Evidence: the board paper's published figures and plots, and an illustrative register.
    const published = await seedFiguresDemo(tx);
    await seedThreatLevelDemo(tx);
    const referrals = await seedRegisterDemo(tx, { now });
    await seedResourcesDemo(tx, { now });
    // Two attacks in close succession in 2017, localised for LLR, and a month of tension reports around them.
    await seedTensionDemo(tx, { now });
    await seedTrainingDemo(tx, { now });
    // After the events and plans it draws suggestions from: the Pathfinder pot and the ten LLR projects.
    await seedFundingDemo(tx, { now });
    // After the tension demo's incidents: the overlapping 14-day plans of the two 2017 attacks.
    await seedResponsePlansDemo(tx, { now });
    // A Community Impact Assessment of the first 2017 attack, with two reviews.
    await seedImpactAssessmentsDemo(tx, { now });
    // NI35 for Stockton beside the Teesside districts; the Prevent duty toolkit for LLR.
    await seedSelfAssessmentDemo(tx, { now });

    // One entry so the audit log says where this data came from.
    await tx.insert(auditLog).values({
      action: 'setup.completed',
      actor: 'npm run demo',
      subjectType: 'partnership',
      subjectId: '1',
      detail: { partnership: DEMO_PARTNERSHIP_NAME, demo: true, files: fileCount },
    });

    return {
      people: PEOPLE.length,
      groups: GROUPS.length,
      meetings: plan.length,
      agendaItems: itemRows.length,
      actions: actionRows.length,
      attendance: attendanceRows.length,
      documents: DOCUMENTS.length,
      plans: delivery.plans,
      planActions: delivery.actions,
      progressUpdates: delivery.progressUpdates,
      suggestions: delivery.suggestions,
      events: engagement.counts.events,
      eventItems: engagement.counts.items,
      publishedFigures: published.figures,
      referrals,
    };
  });
}

/** Whether the database already has a partnership (the demo seeds only an empty one). */
export async function hasPartnership(db: Database): Promise<boolean> {
  const rows = await db.select({ id: partnership.id }).from(partnership).limit(1);
  return rows.length > 0;
}
