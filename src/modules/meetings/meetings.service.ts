import { and, asc, desc, eq, gte, inArray, isNull, lt, max, sql, type SQL } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { preparedFor } from '../../db/prepared.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { currentGroupIdsOf, groupBasics, groupName, groupNames } from '../groups/index.ts';
import { findPerson, peopleNames } from '../organisations/index.ts';
import { canMeeting, checkMeeting, presentAttendance, type MeetingAction } from './meetings.policy.ts';
import { addCadence, hasCadence, londonDate, londonTime, londonToUtc, proposeNextDate } from './meetings.dates.ts';
import { actionsArising, agendaItems, attendance, meetings, type MEETING_STATUSES } from './meetings.tables.ts';
import { allRecommendationsOfMeeting, type MeetingRecommendation } from './recommendations.service.ts';
import { canRecommendation, isWithdrawn } from './recommendations.policy.ts';

// CONTRACT (used by other modules; the meetings module owns the implementation).

export interface MeetingSummary {
  id: number;
  groupId: number;
  groupName: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  status: string;
  agendaCount: number;
  presentCount: number;
}

/*
 * Written out with its table: in a select from `meetings` alone, Drizzle leaves columns of the
 * select list unqualified, and inside a subquery a bare "id" would be the subquery's own.
 */
const MEETING_ID = sql`${meetings}.${sql.identifier('id')}`;

const summaryColumns = {
  id: meetings.id,
  groupId: meetings.groupId,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  location: meetings.location,
  status: meetings.status,
  agendaCount: sql<number>`(select count(*)::int from ${agendaItems} where ${agendaItems.meetingId} = ${MEETING_ID})`,
  presentCount: sql<number>`(select count(*)::int from ${attendance} where ${attendance.meetingId} = ${MEETING_ID} and ${presentAttendance})`,
};

function selectSummaries(db: Queryable, where: SQL | undefined) {
  return db.select(summaryColumns).from(meetings).where(where);
}

/** Rows with a `groupId`, given their group's name: one query for the page, from the groups module. */
export async function withGroupNames<T extends { groupId: number }>(
  db: Queryable,
  rows: T[],
): Promise<(T & { groupName: string })[]> {
  const names = await groupNames(
    db,
    rows.map((row) => row.groupId),
  );
  return rows.map((row) => ({ ...row, groupName: names.get(row.groupId) ?? '' }));
}

/** Meetings of the groups a person currently belongs to, as a condition. */
export async function ofCurrentGroupsOf(db: Queryable, personId: number): Promise<SQL> {
  const groupIds = await currentGroupIdsOf(db, personId);
  return groupIds.length ? inArray(meetings.groupId, groupIds) : sql`false`;
}

const groupMeetingsQuery = preparedFor((db) =>
  db
    .select({ ...summaryColumns, groupName: sql<string>`coalesce(${groupName(meetings.groupId)}, '')` })
    .from(meetings)
    .where(eq(meetings.groupId, sql.placeholder('groupId')))
    .orderBy(desc(meetings.startsAt))
    .prepare('group_meetings'),
);

/** All meetings of a group, newest first (the group page's list: one prepared query). */
export async function listMeetingsOfGroup(db: Queryable, groupId: number): Promise<MeetingSummary[]> {
  return groupMeetingsQuery(db).execute({ groupId });
}

/** The next meetings of the groups a person is in, soonest first (cancelled ones too, marked so). */
export async function upcomingMeetingsForPerson(db: Queryable, personId: number, limit = 5): Promise<MeetingSummary[]> {
  const rows = await selectSummaries(db, and(await ofCurrentGroupsOf(db, personId), gte(meetings.endsAt, sql`now()`)))
    .orderBy(asc(meetings.startsAt))
    .limit(limit);
  return withGroupNames(db, rows);
}

/** Actions arising owned by a person and not completed, soonest due first. */
export async function openActionsForPerson(
  db: Queryable,
  personId: number,
): Promise<{ id: number; description: string; dueOn: string | null; meetingId: number; groupName: string }[]> {
  const rows = await db
    .select({
      id: actionsArising.id,
      description: actionsArising.description,
      dueOn: actionsArising.dueOn,
      meetingId: meetings.id,
      groupId: meetings.groupId,
    })
    .from(actionsArising)
    .innerJoin(agendaItems, eq(agendaItems.id, actionsArising.agendaItemId))
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(and(eq(actionsArising.ownerPersonId, personId), isNull(actionsArising.completedOn)))
    .orderBy(sql`${actionsArising.dueOn} asc nulls last`, asc(actionsArising.id));
  return (await withGroupNames(db, rows)).map(({ groupId: _groupId, ...row }) => row);
}

// The meetings list.

const PAST_SHOWN = 100;

/** Upcoming meetings (soonest first) and recent past ones (newest first), of one group or all. */
export async function listMeetings(db: Queryable, filter: { groupId?: number }) {
  const ofGroup = filter.groupId ? eq(meetings.groupId, filter.groupId) : undefined;
  const [upcoming, past] = await Promise.all([
    selectSummaries(db, and(ofGroup, gte(meetings.endsAt, sql`now()`))).orderBy(asc(meetings.startsAt)),
    selectSummaries(db, and(ofGroup, lt(meetings.endsAt, sql`now()`)))
      .orderBy(desc(meetings.startsAt))
      .limit(PAST_SHOWN),
  ]);
  const named = await withGroupNames(db, [...upcoming, ...past]);
  return { upcoming: named.slice(0, upcoming.length), past: named.slice(upcoming.length) };
}

/** Groups that have meetings, for the filter on the meetings list. */
export async function groupsWithMeetings(db: Queryable) {
  const rows = await db.selectDistinct({ groupId: meetings.groupId }).from(meetings);
  return (await withGroupNames(db, rows))
    .map((row) => ({ id: row.groupId, name: row.groupName }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// Groups, as far as meetings need them.

export async function getGroupBasics(db: Queryable, groupId: number) {
  const group = await groupBasics(db, groupId);
  if (!group) throw new NotFoundError('group');
  return group;
}

/** A group that still meets: an archived one is kept for its record, and has no new meetings. */
async function activeGroup(db: Queryable, groupId: number) {
  const group = await getGroupBasics(db, groupId);
  if (group.archivedAt) throw new NotFoundError('group');
  return group;
}

/*
 * Papers, as the meetings module sees them. They are documents, and the documents module sits
 * above this one, so the meetings module never asks it: whoever calls (a page in src/pages)
 * passes in the documents module's answer for the signed-in user.
 */
export interface PaperSource {
  /** The papers the user may put on this meeting's agenda (visible, not archived). */
  options(meeting: { id: number; groupId: number }): Promise<Paper[]>;
  /** Of these papers, the ones the user may know exist. */
  visibleIds(ids: number[]): Promise<Set<number>>;
}

export interface Paper {
  id: number;
  title: string;
  marking: string;
}

// Scheduling.

export interface MeetingTimes {
  date: string;
  startTime: string;
  endTime: string;
  location?: string;
}

const DEFAULT_TIMES = { startTime: '10:00', endTime: '12:00' };

/**
 * What the schedule form starts with: the next date from the group's cadence after its latest
 * meeting, at the same local times and place as that meeting.
 */
export async function proposeMeeting(db: Queryable, groupId: number, today = londonDate(new Date())) {
  const group = await activeGroup(db, groupId);
  const [latest] = await db
    .select({ startsAt: meetings.startsAt, endsAt: meetings.endsAt, location: meetings.location })
    .from(meetings)
    .where(eq(meetings.groupId, groupId))
    .orderBy(desc(meetings.startsAt))
    .limit(1);
  const times = latest ? { startTime: londonTime(latest.startsAt), endTime: londonTime(latest.endsAt) } : DEFAULT_TIMES;
  return {
    date: proposeNextDate(group.cadence, latest ? londonDate(latest.startsAt) : null, today) ?? undefined,
    ...times,
    location: latest?.location ?? undefined,
  };
}

function toInstants(input: MeetingTimes, date = input.date) {
  if (input.endTime <= input.startTime) throw new FormError('endTime', 'The end time must be after the start time');
  return { startsAt: londonToUtc(date, input.startTime), endsAt: londonToUtc(date, input.endTime) };
}

/** Schedules one meeting, or a series of `count` following the group's cadence. Returns their ids. */
export async function scheduleMeetings(
  db: Queryable,
  user: CurrentUser,
  groupId: number,
  input: MeetingTimes & { count?: number },
): Promise<number[]> {
  checkMeeting(user, 'schedule', { groupId });
  const group = await activeGroup(db, groupId);
  const count = input.count ?? 1;
  if (count > 1 && !hasCadence(group.cadence)) {
    throw new FormError(
      'count',
      'This group meets ad hoc, so there is no cadence to repeat: schedule one meeting at a time',
    );
  }
  const rows = Array.from({ length: count }, (_, k) => ({
    groupId,
    location: input.location ?? null,
    ...toInstants(input, k === 0 ? input.date : addCadence(input.date, group.cadence, k)!),
  }));
  const created = await db.insert(meetings).values(rows).returning({ id: meetings.id });
  return created.map((row) => row.id);
}

export async function getMeeting(db: Queryable, meetingId: number) {
  const [meeting] = await selectSummaries(db, eq(meetings.id, meetingId));
  if (!meeting) throw new NotFoundError('meeting');
  const group = await getGroupBasics(db, meeting.groupId);
  return { ...meeting, groupName: group.name, cadence: group.cadence };
}

/** A meeting, checked to exist and to be the user's to change in this way. */
export async function meetingToChange(db: Queryable, user: CurrentUser, meetingId: number, action: MeetingAction) {
  const meeting = await getMeeting(db, meetingId);
  checkMeeting(user, action, meeting);
  return meeting;
}

export async function updateMeeting(
  db: Queryable,
  user: CurrentUser,
  meetingId: number,
  input: MeetingTimes,
): Promise<void> {
  await meetingToChange(db, user, meetingId, 'edit');
  await db
    .update(meetings)
    .set({ ...toInstants(input), location: input.location ?? null })
    .where(eq(meetings.id, meetingId));
}

export async function setMeetingStatus(
  db: Queryable,
  user: CurrentUser,
  meetingId: number,
  status: (typeof MEETING_STATUSES)[number],
): Promise<void> {
  await meetingToChange(db, user, meetingId, 'setStatus');
  await db.update(meetings).set({ status }).where(eq(meetings.id, meetingId));
}

// The meeting page.

/** Rows naming a person by id, given the person's name (null when none): one query, from the organisations module. */
async function withPeopleNames<T, K extends keyof T & string>(db: Queryable, rows: T[], key: K) {
  const ids = rows.flatMap((row) => (typeof row[key] === 'number' ? [row[key]] : []));
  const names = await peopleNames(db, ids);
  return rows.map((row) => {
    const id = row[key];
    return { row, name: typeof id === 'number' ? (names.get(id) ?? null) : null };
  });
}

async function listItems(db: Queryable, meetingId: number) {
  const rows = await db
    .select({
      id: agendaItems.id,
      position: agendaItems.position,
      title: agendaItems.title,
      presenterPersonId: agendaItems.presenterPersonId,
      paperDocumentId: agendaItems.paperDocumentId,
      minute: agendaItems.minute,
    })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position), asc(agendaItems.id));
  return (await withPeopleNames(db, rows, 'presenterPersonId')).map(({ row, name }) => ({
    ...row,
    presenterName: name,
  }));
}

async function listActions(db: Queryable, itemIds: number[]) {
  if (itemIds.length === 0) return [];
  const rows = await db
    .select({
      id: actionsArising.id,
      agendaItemId: actionsArising.agendaItemId,
      description: actionsArising.description,
      ownerPersonId: actionsArising.ownerPersonId,
      dueOn: actionsArising.dueOn,
      completedOn: actionsArising.completedOn,
    })
    .from(actionsArising)
    .where(inArray(actionsArising.agendaItemId, itemIds))
    .orderBy(asc(actionsArising.id));
  return (await withPeopleNames(db, rows, 'ownerPersonId')).map(({ row: { ownerPersonId: _owner, ...row }, name }) => ({
    ...row,
    ownerName: name,
  }));
}

/**
 * Papers on the agenda the user may know of, with their titles. A paper the user may not see
 * is left off altogether: even its existence is need-to-know.
 */
async function visiblePapers(papers: PaperSource, meeting: { id: number; groupId: number }, paperIds: number[]) {
  const [options, visible] = await Promise.all([papers.options(meeting), papers.visibleIds([...new Set(paperIds)])]);
  const titles = new Map(options.map((doc) => [doc.id, doc.title]));
  return new Map([...visible].map((id) => [id, { id, title: titles.get(id) ?? `Paper ${id}` }]));
}

/** Recommendations as pages show them: whether withdrawn, and what this user may do with each. */
export function shownRecommendations(
  user: CurrentUser,
  meeting: { groupId: number },
  recommendations: MeetingRecommendation[],
) {
  return recommendations.map((rec) => {
    const facts = { groupId: meeting.groupId, decision: rec.decision, withdrawnAt: rec.withdrawnAt };
    return {
      ...rec,
      withdrawn: isWithdrawn(rec),
      canEdit: canRecommendation(user, 'edit', facts),
      canDecide: canRecommendation(user, 'decide', facts),
      canWithdraw: canRecommendation(user, 'withdraw', facts),
    };
  });
}

/** Everything the meeting page shows. */
export async function meetingPage(db: Queryable, user: CurrentUser, meetingId: number, papers: PaperSource) {
  const meeting = await getMeeting(db, meetingId);
  const items = await listItems(db, meetingId);
  const recommendations = shownRecommendations(user, meeting, await allRecommendationsOfMeeting(db, meetingId));
  const actions = await listActions(
    db,
    items.map((item) => item.id),
  );
  const shown = await visiblePapers(
    papers,
    meeting,
    items.flatMap((item) => (item.paperDocumentId ? [item.paperDocumentId] : [])),
  );
  return {
    meeting,
    items: items.map((item) => ({
      ...item,
      paper: item.paperDocumentId ? (shown.get(item.paperDocumentId) ?? null) : null,
      actions: actions.filter((action) => action.agendaItemId === item.id),
      recommendations: recommendations.filter((rec) => rec.agendaItemId === item.id),
    })),
    // Recommendations that stand on the meeting rather than under an item (a proposal put to it).
    meetingRecommendations: recommendations.filter((rec) => rec.agendaItemId === null),
    canRun: canMeeting(user, 'editAgenda', meeting),
  };
}

// Agenda items.

export interface AgendaItemInput {
  title: string;
  presenterPersonId?: number;
  paperDocumentId?: number;
}

export interface MinuteInput extends AgendaItemInput {
  minute?: string;
}

/** A person chosen from a list must exist: a stale or altered form gets a message, not a database error. */
async function checkPerson(
  db: Queryable,
  personId: number | undefined,
  fieldName: string,
  message: string,
): Promise<void> {
  if (personId === undefined) return;
  if (!(await findPerson(db, personId))) throw new FormError(fieldName, message);
}

async function checkPaper(
  papers: PaperSource,
  meeting: { id: number; groupId: number },
  paperId: number | undefined,
): Promise<void> {
  if (paperId === undefined) return;
  const options = await papers.options(meeting);
  if (!options.some((doc) => doc.id === paperId))
    throw new FormError('paperDocumentId', 'Select a paper from the list');
}

export async function addAgendaItem(
  db: Database,
  user: CurrentUser,
  meetingId: number,
  input: AgendaItemInput,
  papers: PaperSource,
): Promise<number> {
  const meeting = await meetingToChange(db, user, meetingId, 'editAgenda');
  await checkPerson(db, input.presenterPersonId, 'presenterPersonId', 'Select a presenter from the list');
  await checkPaper(papers, meeting, input.paperDocumentId);
  return db.transaction(async (tx) => {
    const [last] = await tx
      .select({ position: max(agendaItems.position) })
      .from(agendaItems)
      .where(eq(agendaItems.meetingId, meetingId));
    const [item] = await tx
      .insert(agendaItems)
      .values({
        meetingId,
        position: (last?.position ?? 0) + 1,
        title: input.title,
        presenterPersonId: input.presenterPersonId ?? null,
        paperDocumentId: input.paperDocumentId ?? null,
      })
      .returning({ id: agendaItems.id });
    return item!.id;
  });
}

export async function getAgendaItem(db: Queryable, meetingId: number, itemId: number) {
  const [item] = await db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)));
  if (!item) throw new NotFoundError('agenda item');
  return item;
}

/** The item edit page: the item, its actions, and whether its paper is one the user may see. */
export async function agendaItemPage(
  db: Queryable,
  user: CurrentUser,
  meetingId: number,
  itemId: number,
  papers: PaperSource,
) {
  const meeting = await meetingToChange(db, user, meetingId, 'editAgenda');
  const item = await getAgendaItem(db, meetingId, itemId);
  const actions = await listActions(db, [itemId]);
  const paperVisible = item.paperDocumentId ? await isVisible(papers, item.paperDocumentId) : false;
  const recommendations = shownRecommendations(
    user,
    meeting,
    (await allRecommendationsOfMeeting(db, meetingId)).filter((rec) => rec.agendaItemId === itemId),
  );
  return { meeting, item, actions, paperVisible, recommendations };
}

const isVisible = async (papers: PaperSource, id: number) => (await papers.visibleIds([id])).has(id);

/**
 * Saves the item and its minute (its recommendations are rows of their own). An empty field clears it, except a paper this user
 * may not see: it is not in their list, so their form cannot keep it, and it stays as it was.
 */
export async function updateAgendaItem(
  db: Queryable,
  user: CurrentUser,
  meetingId: number,
  itemId: number,
  input: MinuteInput,
  papers: PaperSource,
): Promise<void> {
  const meeting = await meetingToChange(db, user, meetingId, 'editAgenda');
  checkMeeting(user, 'minute', meeting);
  const item = await getAgendaItem(db, meetingId, itemId);
  await checkPerson(db, input.presenterPersonId, 'presenterPersonId', 'Select a presenter from the list');
  if (input.paperDocumentId !== item.paperDocumentId) await checkPaper(papers, meeting, input.paperDocumentId);
  const keepHiddenPaper =
    input.paperDocumentId === undefined &&
    item.paperDocumentId !== null &&
    !(await isVisible(papers, item.paperDocumentId));
  await db
    .update(agendaItems)
    .set({
      title: input.title,
      presenterPersonId: input.presenterPersonId ?? null,
      paperDocumentId: keepHiddenPaper ? item.paperDocumentId : (input.paperDocumentId ?? null),
      minute: input.minute ?? null,
    })
    .where(eq(agendaItems.id, itemId));
}

/** Swaps the item with its neighbour, then numbers the agenda 1, 2, 3… again. */
export async function moveAgendaItem(
  db: Database,
  user: CurrentUser,
  meetingId: number,
  itemId: number,
  direction: 'up' | 'down',
): Promise<void> {
  await meetingToChange(db, user, meetingId, 'editAgenda');
  await db.transaction(async (tx) => {
    const order = (await listItems(tx, meetingId)).map((item) => item.id);
    const from = order.indexOf(itemId);
    if (from < 0) throw new NotFoundError('agenda item');
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to]!, order[from]!];
    for (const [index, id] of order.entries())
      await tx
        .update(agendaItems)
        .set({ position: index + 1 })
        .where(eq(agendaItems.id, id));
  });
}

// Actions arising.

export interface ActionInput {
  description: string;
  ownerPersonId?: number;
  dueOn?: string;
}

export async function addAction(
  db: Queryable,
  user: CurrentUser,
  meetingId: number,
  itemId: number,
  input: ActionInput,
): Promise<void> {
  await meetingToChange(db, user, meetingId, 'recordActions');
  await getAgendaItem(db, meetingId, itemId);
  await checkPerson(db, input.ownerPersonId, 'ownerPersonId', 'Select an owner from the list');
  await db.insert(actionsArising).values({
    agendaItemId: itemId,
    description: input.description,
    ownerPersonId: input.ownerPersonId ?? null,
    dueOn: input.dueOn ?? null,
  });
}

export async function completeAction(
  db: Queryable,
  user: CurrentUser,
  meetingId: number,
  itemId: number,
  actionId: number,
): Promise<void> {
  await meetingToChange(db, user, meetingId, 'recordActions');
  await getAgendaItem(db, meetingId, itemId);
  const [action] = await db
    .select({ id: actionsArising.id, completedOn: actionsArising.completedOn })
    .from(actionsArising)
    .where(and(eq(actionsArising.id, actionId), eq(actionsArising.agendaItemId, itemId)));
  if (!action) throw new NotFoundError('action');
  // Completing twice keeps the first date: that is when it was done.
  if (!action.completedOn)
    await db
      .update(actionsArising)
      .set({ completedOn: londonDate(new Date()) })
      .where(eq(actionsArising.id, actionId));
}
