import { randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { accountNames, enabledAccounts, isEnabledAccount } from '../accounts/index.ts';
import { meetingLabels, recentMeetings } from '../meetings/index.ts';
import { announce, ask } from '../../reactions.ts';
import { canEvent, checkEvent, isClosed, isOpen } from './events.policy.ts';
import type { EventInput, ItemInput } from './events.forms.ts';
import { delegates, eventAudiences, eventItems, eventModerators, events, eventSpeakers } from './events.tables.ts';

/*
 * The core every part of live engagement shares: finding an event and knowing who may
 * moderate (the delegate behind a browser is in delegates.service.ts). Delegate pages,
 * moderation, polls and workshops build on these.
 */

export type EventRow = typeof events.$inferSelect;

/** Join codes avoid letters and digits that are confused when read aloud or off a screen. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newJoinCode(length = 6): string {
  return [...randomBytes(length)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

export const normaliseCode = (code: string) =>
  code
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

export async function getEvent(db: Queryable, eventId: number): Promise<EventRow> {
  const [event] = await db.select().from(events).where(eq(events.id, eventId));
  if (!event) throw new NotFoundError('event');
  return event;
}

/** The event a delegate's code names; draft events are not joinable, closed ones stay readable. */
export async function getEventByCode(db: Queryable, code: string): Promise<EventRow> {
  const [event] = await db
    .select()
    .from(events)
    .where(eq(events.joinCode, normaliseCode(code)));
  if (!event || !canEvent(null, 'find', event)) throw new NotFoundError('event');
  return event;
}

/** The coordinators and administrators, the event's creator and its named helpers moderate it; nobody else. */
export async function canModerate(db: Queryable, user: CurrentUser | null, event: EventRow): Promise<boolean> {
  if (!user) return false;
  if (isCoordinator(user) || event.createdBy === user.accountId) return true;
  const [helper] = await db
    .select({ accountId: eventModerators.accountId })
    .from(eventModerators)
    .where(and(eq(eventModerators.eventId, event.id), eq(eventModerators.accountId, user.accountId)));
  return Boolean(helper);
}

/* ------------------------------------------------------------------------------------------
 * Coordinators: creating, opening and closing events, speakers and helper moderators.
 * ---------------------------------------------------------------------------------------- */

/** Filter words from a textarea: one per line or separated by commas, lower-cased, no repeats. */
export function parseFilterWords(text: string | undefined): string[] {
  const words = (text ?? '')
    .split(/[,\n\r]+/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0);
  return [...new Set(words)].slice(0, 200);
}

export function listEvents(db: Queryable) {
  return db
    .select({
      id: events.id,
      title: events.title,
      kind: events.kind,
      heldOn: events.heldOn,
      venue: events.venue,
      status: events.status,
      joinCode: events.joinCode,
      // Each event's own items, joined and counted (0 for an event without any).
      itemCount: count(eventItems.id),
    })
    .from(events)
    .leftJoin(eventItems, eq(eventItems.eventId, events.id))
    .groupBy(events.id)
    .orderBy(desc(events.heldOn), desc(events.id));
}

async function uniqueJoinCode(db: Queryable): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const code = newJoinCode(attempt < 10 ? 6 : 8);
    const [taken] = await db.select({ id: events.id }).from(events).where(eq(events.joinCode, code));
    if (!taken) return code;
  }
  throw new Error('could not find a free join code');
}

async function checkMeeting(db: Queryable, meetingId: number | undefined): Promise<void> {
  if (meetingId === undefined) return;
  const found = await meetingLabels(db, [meetingId]);
  if (!found.has(meetingId)) throw new FormError('meetingId', 'Select the group meeting from the list');
}

const eventValues = (input: EventInput) => ({
  title: input.title,
  kind: input.kind,
  heldOn: input.heldOn,
  venue: input.venue ?? null,
  meetingId: input.meetingId ?? null,
  planId: input.planId ?? null,
  attendance: input.attendance ?? null,
  premoderation: input.premoderation !== 'no',
  filterWords: parseFilterWords(input.filterWords),
});

export async function createEvent(db: Database, user: CurrentUser, input: EventInput): Promise<number> {
  return db.transaction(async (tx) => {
    await checkMeeting(tx, input.meetingId);
    await checkLinkablePlan(tx, input.planId, null);
    const [row] = await tx
      .insert(events)
      .values({ ...eventValues(input), joinCode: await uniqueJoinCode(tx), createdBy: user.accountId })
      .returning({ id: events.id });
    const audiences = [...new Set(input.audiences ?? [])];
    if (audiences.length)
      await tx.insert(eventAudiences).values(audiences.map((audience) => ({ eventId: row!.id, audience })));
    return row!.id;
  });
}

export async function updateEvent(db: Database, eventId: number, input: EventInput): Promise<void> {
  await db.transaction(async (tx) => {
    const event = await getEvent(tx, eventId);
    await checkMeeting(tx, input.meetingId);
    await checkLinkablePlan(tx, input.planId, event.planId);
    await tx.update(events).set(eventValues(input)).where(eq(events.id, eventId));
    await tx.delete(eventAudiences).where(eq(eventAudiences.eventId, eventId));
    const audiences = [...new Set(input.audiences ?? [])];
    if (audiences.length) await tx.insert(eventAudiences).values(audiences.map((audience) => ({ eventId, audience })));
  });
}

/** Delivery plans an event may be linked to (asked of the plans module, which sits above events). */
export function linkablePlans(db: Queryable, including: number | null) {
  return ask('plans.linkable', [], db, including);
}

/** The plan an event is linked to, by the plans module's answer; null if it gives none. */
async function linkedPlan(db: Queryable, planId: number | null) {
  if (planId === null) return null;
  const options = await linkablePlans(db, planId);
  return options.find((p) => p.id === planId) ?? null;
}

/** Refuses a link to a plan that is not one of the linkable ones, unless the event is already linked to it. */
async function checkLinkablePlan(db: Queryable, planId: number | undefined, currentPlanId: number | null) {
  if (planId === undefined || planId === currentPlanId) return;
  const options = await linkablePlans(db, currentPlanId);
  if (!options.some((p) => p.id === planId))
    throw new FormError('planId', 'Select a draft plan, or a plan in consultation, from the list');
}

async function audiencesOf(db: Queryable, eventId: number) {
  const rows = await db
    .select({ audience: eventAudiences.audience })
    .from(eventAudiences)
    .where(eq(eventAudiences.eventId, eventId));
  return rows.map((r) => r.audience);
}

/** The event as its form shows it. */
export async function eventForEditing(db: Queryable, eventId: number) {
  const event = await getEvent(db, eventId);
  return {
    title: event.title,
    kind: event.kind,
    heldOn: event.heldOn,
    venue: event.venue ?? undefined,
    meetingId: event.meetingId ?? undefined,
    planId: event.planId ?? undefined,
    attendance: event.attendance ?? undefined,
    premoderation: event.premoderation ? 'yes' : 'no',
    filterWords: event.filterWords.join('\n'),
    audiences: await audiencesOf(db, eventId),
  };
}

/** The event's named helper moderators, by name. */
async function moderatorsOf(db: Queryable, eventId: number) {
  const rows = await db
    .select({ accountId: eventModerators.accountId })
    .from(eventModerators)
    .where(eq(eventModerators.eventId, eventId));
  const names = await accountNames(
    db,
    rows.map((r) => r.accountId),
  );
  return [...names.values()]
    .map((a) => ({ accountId: a.id, name: a.name, email: a.email }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Everything the coordinator's summary page shows: counts, never who sent what. */
export async function eventSummary(db: Queryable, eventId: number) {
  const event = await getEvent(db, eventId);
  const [audiences, speakers, moderators, [delegateCount], itemCounts, [voteCount], meeting, plan] = await Promise.all([
    audiencesOf(db, eventId),
    db.select().from(eventSpeakers).where(eq(eventSpeakers.eventId, eventId)).orderBy(asc(eventSpeakers.id)),
    moderatorsOf(db, eventId),
    db.select({ n: count() }).from(delegates).where(eq(delegates.eventId, eventId)),
    db
      .select({ state: eventItems.state, n: count() })
      .from(eventItems)
      .where(eq(eventItems.eventId, eventId))
      .groupBy(eventItems.state),
    db
      .select({
        n: sql<number>`(select count(*)::int from item_votes v join event_items i on i.id = v.item_id where i.event_id = ${eventId})
          + (select coalesce(sum(votes_kept), 0)::int from event_items where event_id = ${eventId})`,
      })
      .from(events)
      .where(eq(events.id, eventId)),
    event.meetingId
      ? meetingLabels(db, [event.meetingId]).then((found) => found.get(event.meetingId!) ?? null)
      : Promise.resolve(null),
    linkedPlan(db, event.planId),
  ]);
  const byState = Object.fromEntries(itemCounts.map((r) => [r.state, Number(r.n)])) as Record<string, number>;
  const items = Object.values(byState).reduce((a, b) => a + b, 0);
  return {
    event,
    audiences,
    speakers,
    moderators,
    meeting,
    plan,
    counts: {
      delegates: Number(delegateCount?.n ?? 0),
      items,
      pending: byState.pending ?? 0,
      votes: Number(voteCount?.n ?? 0),
    },
  };
}

export async function openEvent(db: Database, user: CurrentUser, eventId: number): Promise<void> {
  const event = await getEvent(db, eventId);
  if (isOpen(event)) return;
  checkEvent(user, 'open', event);
  await db.update(events).set({ status: 'open', openedAt: new Date() }).where(eq(events.id, eventId));
}

export async function closeEvent(db: Database, user: CurrentUser, eventId: number): Promise<void> {
  const event = await getEvent(db, eventId);
  if (isClosed(event)) return;
  checkEvent(user, 'close', event);
  await db.transaction(async (tx) => {
    await tx.update(events).set({ status: 'closed', closedAt: new Date() }).where(eq(events.id, eventId));
    // The room's approved questions and comments become suggestions on the linked plan.
    await announce('event.closed', { tx, eventId });
  });
}

export async function setSubmissionsOpen(db: Database, user: CurrentUser, eventId: number, open: boolean) {
  const event = await getEvent(db, eventId);
  checkEvent(user, 'setSubmissions', event);
  await db.update(events).set({ submissionsOpen: open }).where(eq(events.id, eventId));
}

export async function addSpeaker(db: Database, eventId: number, input: { name: string; role?: string }): Promise<void> {
  await getEvent(db, eventId);
  await db.insert(eventSpeakers).values({ eventId, name: input.name, role: input.role ?? null });
}

/** A speaker questions were directed to stays on the record. */
export async function removeSpeaker(db: Database, eventId: number, speakerId: number): Promise<void> {
  const [speaker] = await db
    .select()
    .from(eventSpeakers)
    .where(and(eq(eventSpeakers.id, speakerId), eq(eventSpeakers.eventId, eventId)));
  if (!speaker) throw new NotFoundError('speaker');
  const [used] = await db
    .select({ id: eventItems.id })
    .from(eventItems)
    .where(eq(eventItems.speakerId, speakerId))
    .limit(1);
  if (used) throw new FormError('speakers', `Questions were directed to ${speaker.name}, so they stay on the list`);
  await db.delete(eventSpeakers).where(eq(eventSpeakers.id, speakerId));
}

/** Accounts that may be named as helper moderators: any enabled account. */
export function moderatorOptions(db: Queryable) {
  return enabledAccounts(db);
}

export async function addModerator(db: Database, eventId: number, accountId: number): Promise<void> {
  await getEvent(db, eventId);
  if (!(await isEnabledAccount(db, accountId)))
    throw new FormError('accountId', 'Select the person who will help moderate');
  await db.insert(eventModerators).values({ eventId, accountId }).onConflictDoNothing();
}

export async function removeModerator(db: Database, eventId: number, accountId: number): Promise<void> {
  await db
    .delete(eventModerators)
    .where(and(eq(eventModerators.eventId, eventId), eq(eventModerators.accountId, accountId)));
}

/** Group meetings an event can be linked to, newest first. */
export function meetingOptions(db: Queryable) {
  return recentMeetings(db, 300);
}

/* ------------------------------------------------------------------------------------------
 * Delegates: sending questions and comments, voting. Nothing about the sender is stored
 * beyond the delegate id (a hash of a random cookie token) and, if they choose, a name.
 * ---------------------------------------------------------------------------------------- */

/** An event that takes part right now, by its code; a draft or closed event is "no open event". */
export async function getOpenEventByCode(db: Queryable, code: string): Promise<EventRow | null> {
  const [event] = await db
    .select()
    .from(events)
    .where(eq(events.joinCode, normaliseCode(code)));
  return event && canEvent(null, 'join', event) ? event : null;
}

/** The filter word an item contains, if any (case-insensitive). */
export function matchedFilterWord(event: Pick<EventRow, 'filterWords'>, body: string): string | null {
  const text = body.toLowerCase();
  return event.filterWords.find((word) => word && text.includes(word.toLowerCase())) ?? null;
}

/** Refuses a delegate's action when the event is not taking part (closed, or submissions paused). */
export function checkTakingItems(event: EventRow): void {
  checkEvent(null, 'send', event, 'body');
}

/** Stores a delegate's question or comment; it waits for moderation if the event says so or a filter word matches. */
export async function submitItem(db: Queryable, event: EventRow, delegateId: number, input: ItemInput) {
  checkTakingItems(event);
  const filterMatched = matchedFilterWord(event, input.body) !== null;
  const state = event.premoderation || filterMatched ? ('pending' as const) : ('shown' as const);
  const [row] = await db
    .insert(eventItems)
    .values({
      eventId: event.id,
      delegateId,
      kind: input.kind,
      body: input.body,
      originalBody: input.body,
      displayName: input.displayName ?? null,
      state,
      filterMatched,
    })
    .returning({ id: eventItems.id, state: eventItems.state });
  return row!;
}

/** Items delegates see and vote for (the vote statement in votes.ts says the same). */
const VOTABLE = ['shown', 'answered'] as const;

export type DelegateSort = 'votes' | 'time';

/** What one delegate sees: the shown items of the event, and their own items with their states. */
export async function delegateView(db: Queryable, event: EventRow, delegateId: number | null, sort: DelegateSort) {
  const votes = sql<number>`(${eventItems.votesKept} + (select count(*)::int from item_votes v where v.item_id = ${eventItems.id}))`;
  const votedByMe = delegateId
    ? sql<boolean>`exists (select 1 from item_votes v where v.item_id = ${eventItems.id} and v.delegate_id = ${delegateId})`
    : sql<boolean>`false`;
  const mineExpr = delegateId ? sql<boolean>`${eventItems.delegateId} = ${delegateId}` : sql<boolean>`false`;
  const order =
    sort === 'time'
      ? [desc(eventItems.pinned), desc(eventItems.createdAt), desc(eventItems.id)]
      : [desc(eventItems.pinned), desc(votes), asc(eventItems.createdAt), asc(eventItems.id)];
  const [shown, mine] = await Promise.all([
    db
      .select({
        id: eventItems.id,
        kind: eventItems.kind,
        body: eventItems.body,
        displayName: eventItems.displayName,
        state: eventItems.state,
        pinned: eventItems.pinned,
        createdAt: eventItems.createdAt,
        votes,
        votedByMe,
        mine: mineExpr,
      })
      .from(eventItems)
      .where(and(eq(eventItems.eventId, event.id), inArray(eventItems.state, [...VOTABLE])))
      .orderBy(...order),
    delegateId
      ? db
          .select({
            id: eventItems.id,
            kind: eventItems.kind,
            body: eventItems.body,
            state: eventItems.state,
            createdAt: eventItems.createdAt,
          })
          .from(eventItems)
          .where(and(eq(eventItems.eventId, event.id), eq(eventItems.delegateId, delegateId)))
          .orderBy(desc(eventItems.createdAt), desc(eventItems.id))
      : Promise.resolve([]),
  ]);
  return {
    items: shown.map((i) => ({ ...i, votes: Number(i.votes), votedByMe: Boolean(i.votedByMe), mine: Boolean(i.mine) })),
    // A delegate is never told an item was hidden: to them it is still waiting.
    mine: mine.map((i) => ({ ...i, stateLabel: DELEGATE_STATE_LABELS[i.state] })),
  };
}

const DELEGATE_STATE_LABELS: Record<string, string> = {
  pending: 'Waiting for moderation',
  hidden: 'Waiting for moderation',
  shown: 'Shown',
  answered: 'Answered',
  merged: 'Merged with a similar question',
};
