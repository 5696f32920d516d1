/*
 * Test data, built the way the tests need it. Like the demo, these write any module's tables directly
 * on purpose: a test sets up the world it checks, whichever module owns each row.
 * Plans are the exception: they are made through the plans service, so their history is real.
 */
import { randomBytes } from 'node:crypto';
import type { CurrentUser } from '../src/auth/sessions.ts';
import type { Role } from '../src/modules/accounts/accounts.tables.ts';
import { groupMembers, groups, type Cadence, type GroupKind } from '../src/modules/groups/groups.tables.ts';
import { areas } from '../src/modules/partnership/partnership.tables.ts';
import { incidentAreas, incidentGroups, incidents } from '../src/modules/tension/tension.tables.ts';
import { organisations, people } from '../src/modules/organisations/organisations.tables.ts';
import { londonToUtc } from '../src/modules/meetings/meetings.dates.ts';
import { meetings, type MEETING_STATUSES } from '../src/modules/meetings/meetings.tables.ts';
import { newJoinCode } from '../src/modules/events/events.service.ts';
import {
  delegates,
  eventAudiences,
  eventItems,
  events,
  type EVENT_STATUSES,
  type EventAudience,
  type ITEM_STATES,
} from '../src/modules/events/events.tables.ts';
import { createAction, createObjective, createPlan, type ActionInput } from '../src/modules/plans/plans.service.ts';
import { Browser, createUser, type TestHub } from './helpers.ts';

let counter = 0;

// People, organisations and groups.

export async function organisation(
  hub: TestHub,
  name: string,
  sector: 'local_authority' | 'police' | 'health' = 'local_authority',
) {
  const [row] = await hub.database.db.insert(organisations).values({ name, sector }).returning();
  return row!;
}

export async function person(hub: TestHub, name: string, organisationId: number | null = null) {
  const [row] = await hub.database.db.insert(people).values({ name, organisationId }).returning();
  return row!;
}

/** A Channel panel (or the kind of group the name says), numbered so that names never clash. */
export async function group(hub: TestHub, cadence: Cadence = 'monthly', name?: string) {
  counter += 1;
  const [row] = await hub.database.db
    .insert(groups)
    .values({ name: name ?? `Channel panel ${counter}`, kind: 'channel_panel', cadence })
    .returning();
  return row!;
}

export async function member(hub: TestHub, groupId: number, personId: number, organisationId: number | null = null) {
  await hub.database.db.insert(groupMembers).values({ groupId, personId, organisationId });
}

/** A group and its members (people's ids). */
export async function groupWith(hub: TestHub, personIds: number[], name?: string) {
  const row = await group(hub, 'monthly', name);
  for (const personId of personIds) await member(hub, row.id, personId);
  return row;
}

/** A user as the services see them, for calling services directly; a member of `groupIds`. */
export async function serviceUser(hub: TestHub, role: Role, groupIds: number[] = []): Promise<CurrentUser> {
  const user = await createUser(hub, role);
  for (const groupId of groupIds) await member(hub, groupId, user.personId);
  return {
    accountId: user.accountId,
    personId: user.personId,
    name: `Test ${role}`,
    email: user.email,
    role,
    mustChangePassword: false,
    groupIds,
  };
}

// Meetings.

/** A meeting at London local times on the given date. */
export async function meeting(
  hub: TestHub,
  groupId: number,
  date: string,
  options: { start?: string; end?: string; status?: (typeof MEETING_STATUSES)[number]; location?: string } = {},
) {
  const [row] = await hub.database.db
    .insert(meetings)
    .values({
      groupId,
      startsAt: londonToUtc(date, options.start ?? '10:00'),
      endsAt: londonToUtc(date, options.end ?? '12:00'),
      status: options.status ?? 'scheduled',
      location: options.location ?? null,
    })
    .returning();
  return row!;
}

// Events, their delegates and what delegates send.

export interface EventOptions {
  title?: string;
  kind?: (typeof events.$inferInsert)['kind'];
  status?: (typeof EVENT_STATUSES)[number];
  heldOn?: string;
  premoderation?: boolean;
  meetingId?: number;
  audiences?: EventAudience[];
  attendance?: number;
}

/** An event (open unless said otherwise) with a fresh join code. */
export async function event(hub: TestHub, createdBy: number, options: EventOptions = {}) {
  const [row] = await hub.database.db
    .insert(events)
    .values({
      title: options.title ?? 'Prevent community forum',
      kind: options.kind ?? 'workshop',
      heldOn: options.heldOn ?? '2026-05-20',
      status: options.status ?? 'open',
      ...(options.premoderation === undefined ? {} : { premoderation: options.premoderation }),
      joinCode: newJoinCode(),
      createdBy,
      meetingId: options.meetingId ?? null,
      attendance: options.attendance ?? null,
    })
    .returning();
  if (options.audiences?.length)
    await hub.database.db
      .insert(eventAudiences)
      .values(options.audiences.map((audience) => ({ eventId: row!.id, audience })));
  return row!;
}

/** A delegate: a browser with no account, which has loaded a page to get a CSRF token. */
export async function delegate(hub: TestHub, path: string) {
  const browser = new Browser(hub.app);
  const page = await browser.get(path);
  if (page.statusCode !== 200) throw new Error(`delegate page ${path}: ${page.statusCode}`);
  return browser;
}

/** A delegate's record, written directly (no browser): for authors of items the test does not follow. */
export async function delegateRecord(hub: TestHub, eventId: number) {
  const [row] = await hub.database.db
    .insert(delegates)
    .values({ eventId, tokenHash: randomBytes(16).toString('hex') })
    .returning();
  return row!;
}

/** A question or comment on an event, by `delegateId` or a new delegate. */
export async function eventItem(
  hub: TestHub,
  eventId: number,
  body: string,
  options: { state?: (typeof ITEM_STATES)[number]; delegateId?: number } = {},
) {
  const delegateId = options.delegateId ?? (await delegateRecord(hub, eventId)).id;
  const [row] = await hub.database.db
    .insert(eventItems)
    .values({ eventId, delegateId, body, originalBody: body, state: options.state ?? 'pending' })
    .returning();
  return row!;
}

// Plans.

let plans = 0;

/**
 * A draft strategic plan owned by a new Steering group with two objectives and three actions
 * (1, 2 and 3: Prevent, Prevent and Protect), led by a new council. Returns everything made.
 */
export async function samplePlan(hub: TestHub, coordinator?: CurrentUser, extraActions: ActionInput[] = []) {
  plans += 1;
  const steering = await group(hub, 'quarterly', `Prevent Steering Group ${plans}`);
  const user = coordinator ?? (await serviceUser(hub, 'coordinator', [steering.id]));
  const council = await organisation(hub, `Test Borough Council ${plans}`);
  const planId = await createPlan(hub.database.db, user, {
    title: `Prevent Strategic Action Plan ${plans}`,
    kind: 'strategic',
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    ownerGroupId: steering.id,
  });
  const awareness = await createObjective(hub.database.db, user, planId, {
    title: 'Raise awareness of Prevent',
    strand: 'prevent',
  });
  const places = await createObjective(hub.database.db, user, planId, {
    title: 'Protect crowded places',
    strand: 'protect',
  });
  const actions: ActionInput[] = [
    {
      title: 'WRAP training for frontline staff',
      strand: 'prevent',
      objectiveId: awareness,
      leadOrganisationId: council.id,
      dueOn: '2027-03-31',
    },
    {
      title: 'Awareness sessions for councillors',
      strand: 'prevent',
      objectiveId: awareness,
      leadOrganisationId: council.id,
      dueOn: '2026-12-31',
    },
    { title: 'Review security at public events', strand: 'protect', objectiveId: places, dueOn: '2027-01-31' },
    ...extraActions,
  ];
  const actionIds: number[] = [];
  for (const input of actions)
    actionIds.push(await hub.database.db.transaction((tx) => createAction(tx, { user }, planId, input)));
  return { planId, steering, council, coordinator: user, objectiveIds: [awareness, places], actionIds };
}

/** An incident in one area, named on one group (who, with coordinators, see its plans and assessments). */
export async function incidentInArea(
  hub: TestHub,
  options: { title: string; occurredOn: string; area: string; group: string; kind: GroupKind },
) {
  const db = hub.database.db;
  const [named] = await db
    .insert(groups)
    .values({ name: options.group, kind: options.kind, cadence: 'quarterly' })
    .returning();
  const [area] = await db.insert(areas).values({ name: options.area }).returning();
  const [row] = await db
    .insert(incidents)
    .values({ title: options.title, summary: 'An attack', scope: 'national', occurredOn: options.occurredOn })
    .returning();
  await db.insert(incidentAreas).values({ incidentId: row!.id, areaId: area!.id });
  await db.insert(incidentGroups).values({ incidentId: row!.id, groupId: named!.id });
  return { incidentId: row!.id, areaId: area!.id, groupId: named!.id };
}
