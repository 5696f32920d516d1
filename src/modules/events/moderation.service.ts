import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { field, formSchema, Id, querySchema } from '../../views/forms.ts';
import { publishEventChange, type EventChange } from '../../live/live.ts';
import type { LiveUpdate } from '../../live/fanout.ts';
import { accountNames } from '../accounts/index.ts';
import { canModerate, getEvent, type EventRow } from './events.service.ts';
import { eventItems, eventSpeakers } from './events.tables.ts';
import { suggestDuplicates } from './similarity.ts';
import { pollOnScreen, type PollView } from './polls.service.ts';
import { chartSvg } from '../../views/charts.ts';

/*
 * The moderator's side of live engagement: the queue, the actions on items, the presenter's
 * view and what delegates' live streams may carry. A moderator of one event has no power over
 * another: every call first checks canModerate for the item's own event.
 */

export const ItemParams = Type.Object({ eventId: Id(), itemId: Id() });
export const ModerationEventParams = Type.Object({ eventId: Id() });
export const FragmentQuery = querySchema({
  fragment: Type.Optional(Type.String({ maxLength: 20 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});
export const LiveQuery = querySchema({ after: Type.Optional(Type.Integer({ minimum: 0 })) });
export const CsrfOnly = formSchema({});
export const EditItemForm = formSchema({
  body: field.text('Corrected wording', 'Enter the corrected wording of the question', 500),
});
export const DirectForm = formSchema({ speakerId: field.optionalId('Speaker', 'Select the speaker from the list') });
export const MergeForm = formSchema({
  intoItemId: field.id('Duplicate of', 'Select the question this one duplicates'),
});
export const FlagForm = formSchema({ flagNote: field.optionalText('Safeguarding note', 1000) });

export const ITEM_ACTIONS = ['approve', 'hide', 'edit', 'answer', 'pin', 'unpin', 'direct', 'merge', 'flag'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

/** The event, if this user may moderate it; otherwise it does not exist for them (404). */
export async function moderatedEvent(db: Queryable, user: CurrentUser, eventId: number): Promise<EventRow> {
  const event = await getEvent(db, eventId);
  if (!(await canModerate(db, user, event))) throw new NotFoundError('event');
  return event;
}

// Votes of a reduced event are kept as a count on the item (retention.ts), not as rows.
const votesOf = sql<number>`(${eventItems.votesKept} + (select count(*)::int from item_votes v where v.item_id = ${eventItems.id}))`;

/** Everything the queue shows. Never the delegate behind an item. */
export async function moderationQueue(db: Queryable, user: CurrentUser, eventId: number) {
  const event = await moderatedEvent(db, user, eventId);
  const [rows, speakers] = await Promise.all([
    db
      .select({
        id: eventItems.id,
        kind: eventItems.kind,
        body: eventItems.body,
        originalBody: eventItems.originalBody,
        displayName: eventItems.displayName,
        state: eventItems.state,
        pinned: eventItems.pinned,
        speakerId: eventItems.speakerId,
        mergedIntoId: eventItems.mergedIntoId,
        filterMatched: eventItems.filterMatched,
        flaggedAt: eventItems.flaggedAt,
        flagNote: eventItems.flagNote,
        flaggedBy: eventItems.flaggedBy,
        createdAt: eventItems.createdAt,
        answeredAt: eventItems.answeredAt,
        votes: votesOf,
      })
      .from(eventItems)
      .where(eq(eventItems.eventId, event.id))
      .orderBy(asc(eventItems.createdAt), asc(eventItems.id)),
    db.select().from(eventSpeakers).where(eq(eventSpeakers.eventId, event.id)).orderBy(asc(eventSpeakers.name)),
  ]);
  const speakerName = new Map(speakers.map((s) => [s.id, s.name]));
  const flaggers = await accountNames(
    db,
    rows.flatMap((r) => (r.flaggedBy ? [r.flaggedBy] : [])),
  );
  const items = rows.map(({ flaggedBy, ...r }) => ({
    ...r,
    flaggedByName: flaggedBy ? (flaggers.get(flaggedBy)?.name ?? null) : null,
    votes: Number(r.votes),
    edited: r.body !== r.originalBody,
    speakerName: r.speakerId ? speakerName.get(r.speakerId) : undefined,
  }));
  const byId = new Map(items.map((i) => [i.id, i]));
  const live = items.filter((i) => i.state !== 'merged' && !i.flaggedAt);
  const pending = items.filter((i) => i.state === 'pending' && !i.flaggedAt);
  // Each pending item against every other live item of the event (earlier or later).
  const suggestions = suggestDuplicates(pending, live);
  const mergeTargets = live.filter((i) => i.state !== 'pending').map((i) => ({ id: i.id, body: i.body }));
  const withSuggestion = <T extends { id: number }>(i: T) => {
    const s = suggestions.get(i.id);
    const target = s ? byId.get(s.id) : undefined;
    return {
      ...i,
      duplicateOf: target ? { id: target.id, body: target.body, score: Math.round(s!.score * 100) } : undefined,
    };
  };
  const byVotes = (a: (typeof items)[number], b: (typeof items)[number]) =>
    Number(b.pinned) - Number(a.pinned) || b.votes - a.votes || a.id - b.id;
  return {
    event,
    speakers,
    mergeTargets,
    pending: pending.map(withSuggestion),
    shown: items.filter((i) => i.state === 'shown' && !i.flaggedAt).sort(byVotes),
    answered: items.filter((i) => i.state === 'answered' && !i.flaggedAt),
    hidden: items.filter((i) => i.state === 'hidden' || i.flaggedAt),
    merged: items
      .filter((i) => i.state === 'merged')
      .map((i) => ({ ...i, mergedIntoBody: i.mergedIntoId ? byId.get(i.mergedIntoId)?.body : undefined })),
  };
}

/**
 * The merge page of one item: the questions it may be merged into (shown to the room or
 * answered), the suggested duplicate first. A page of its own, because a choice of every
 * question on every card made the queue grow with the square of the questions.
 */
export async function mergeChoice(db: Queryable, user: CurrentUser, eventId: number, itemId: number) {
  const queue = await moderationQueue(db, user, eventId);
  const pending = queue.pending.find((i) => i.id === itemId);
  const item = pending ?? [...queue.shown, ...queue.answered, ...queue.hidden].find((i) => i.id === itemId);
  if (!item || item.flaggedAt) throw new NotFoundError('question');
  const suggested = pending?.duplicateOf;
  const candidates = queue.mergeTargets
    .filter((t) => t.id !== itemId)
    .map((t) => ({ ...t, hint: t.id === suggested?.id ? `Suggested: ${suggested.score}% alike` : undefined }))
    .sort((a, b) => Number(Boolean(b.hint)) - Number(Boolean(a.hint)));
  return { event: queue.event, item, candidates };
}

async function itemOf(db: Queryable, event: EventRow, itemId: number) {
  const [item] = await db
    .select()
    .from(eventItems)
    .where(and(eq(eventItems.id, itemId), eq(eventItems.eventId, event.id)));
  if (!item) throw new NotFoundError('question');
  return item;
}

type ItemRow = Awaited<ReturnType<typeof itemOf>>;

function refuseMerged(item: ItemRow) {
  if (item.state === 'merged')
    throw new FormError('item', 'This question was merged into another; act on that one instead');
}

const change = (itemId: number, action: string): EventChange => ({ type: 'item', itemId, action });

/** One moderator action on one item of the moderator's own event. Returns the item to scroll back to. */
export async function moderateItem(
  db: Database,
  user: CurrentUser,
  eventId: number,
  itemId: number,
  action: ItemAction,
  input: { body?: string; speakerId?: number; intoItemId?: number; flagNote?: string } = {},
): Promise<number> {
  const event = await moderatedEvent(db, user, eventId);
  const item = await itemOf(db, event, itemId);
  const set = (values: Partial<typeof eventItems.$inferInsert>) =>
    db.update(eventItems).set(values).where(eq(eventItems.id, item.id));
  let target = item.id;
  switch (action) {
    case 'approve':
      refuseMerged(item);
      if (item.flaggedAt) throw new FormError('item', 'A flagged item stays hidden from the room');
      await set({ state: 'shown' });
      break;
    case 'hide':
      refuseMerged(item);
      await set({ state: 'hidden', pinned: false });
      break;
    case 'edit':
      refuseMerged(item);
      // The delegate's own words stay in original_body.
      await set({ body: input.body! });
      break;
    case 'answer':
      refuseMerged(item);
      if (item.flaggedAt) throw new FormError('item', 'A flagged item stays hidden from the room');
      await set({ state: 'answered', pinned: false, answeredAt: new Date() });
      break;
    case 'pin':
      if (item.state !== 'shown' || item.flaggedAt)
        throw new FormError('item', 'Only a question shown to the room can be pinned');
      await set({ pinned: true });
      break;
    case 'unpin':
      await set({ pinned: false });
      break;
    case 'direct': {
      refuseMerged(item);
      if (input.speakerId !== undefined) {
        const [speaker] = await db
          .select({ id: eventSpeakers.id })
          .from(eventSpeakers)
          .where(and(eq(eventSpeakers.id, input.speakerId), eq(eventSpeakers.eventId, event.id)));
        if (!speaker) throw new FormError('speakerId', 'Select the speaker from the list');
      }
      await set({ speakerId: input.speakerId ?? null });
      break;
    }
    case 'merge':
      target = await mergeItems(db, event, item, input.intoItemId!);
      break;
    case 'flag':
      await set({
        state: 'hidden',
        pinned: false,
        flaggedAt: new Date(),
        flaggedBy: user.accountId,
        flagNote: input.flagNote ?? null,
      });
      break;
  }
  publishEventChange(db, event.id, change(item.id, action));
  if (target !== item.id) publishEventChange(db, event.id, change(target, 'merged-into'));
  return target;
}

/**
 * Merges a duplicate into the item that carries on: the duplicate keeps its wording, is marked
 * merged and points at the survivor; its votes move across unless that delegate already voted
 * for the survivor (one vote per delegate). Nothing is deleted.
 */
async function mergeItems(db: Database, event: EventRow, item: ItemRow, intoItemId: number): Promise<number> {
  refuseMerged(item);
  if (intoItemId === item.id)
    throw new FormError('intoItemId', 'Select a different question: a question cannot duplicate itself');
  const [survivor] = await db
    .select()
    .from(eventItems)
    .where(and(eq(eventItems.id, intoItemId), eq(eventItems.eventId, event.id)));
  if (!survivor || survivor.state === 'merged' || survivor.flaggedAt)
    throw new FormError('intoItemId', 'Select the question this one duplicates from the list');
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update item_votes set item_id = ${survivor.id}
      where item_id = ${item.id}
        and delegate_id not in (select delegate_id from item_votes where item_id = ${survivor.id})`);
    await tx
      .update(eventItems)
      .set({ state: 'merged', mergedIntoId: survivor.id, pinned: false })
      .where(eq(eventItems.id, item.id));
  });
  return survivor.id;
}

const VISIBLE = ['shown', 'answered'];

/** The presenter's screen: pinned first, then the most voted shown questions, and the poll running. */
export async function presenterView(db: Queryable, user: CurrentUser, eventId: number, limit = 12) {
  const event = await moderatedEvent(db, user, eventId);
  const [items, poll] = await Promise.all([presentedItems(db, event.id, limit), pollOnScreen(db, event.id)]);
  return { event, items, poll, pollChart: poll?.showResults ? resultsChart(poll) : undefined };
}

async function presentedItems(db: Queryable, eventId: number, limit: number) {
  const items = await db
    .select({
      id: eventItems.id,
      body: eventItems.body,
      displayName: eventItems.displayName,
      pinned: eventItems.pinned,
      speakerName: eventSpeakers.name,
      votes: votesOf,
    })
    .from(eventItems)
    .leftJoin(eventSpeakers, eq(eventSpeakers.id, eventItems.speakerId))
    .where(and(eq(eventItems.eventId, eventId), eq(eventItems.state, 'shown')))
    .orderBy(desc(eventItems.pinned), desc(votesOf), asc(eventItems.id))
    .limit(limit);
  return items.map((i) => ({ ...i, votes: Number(i.votes) }));
}

/**
 * The plan dashboard's accessible bar chart (role="img", every number in its description), one
 * bar per option or rating, each labelled with its percentage and ending in its count. Open-text
 * polls have no bars: the screen lists their most used words instead.
 */
function resultsChart(poll: PollView): string | undefined {
  if (poll.kind === 'open_text') return undefined;
  return chartSvg({
    kind: 'bar',
    id: `present-poll-${poll.id}-chart`,
    title: `Results: ${poll.question}`,
    category: poll.kind === 'rating' ? 'Rating' : 'Option',
    bars: poll.results.rows.map((row) => ({ label: `${row.label}: ${row.percent}%`, value: row.count })),
  });
}

/**
 * What a delegate's stream may carry of an update: item changes rewritten from the item's
 * current state (its text only if shown or answered; "gone" for one no longer shown; nothing
 * for one still pending), the vote count, and changes marked public. Never who wrote anything.
 */
export async function delegateUpdate(db: Queryable, update: LiveUpdate): Promise<LiveUpdate> {
  const changes = update.payload.changes ?? [];
  const ids = [...new Set(changes.map((c) => Number(c.itemId)).filter((n) => Number.isSafeInteger(n) && n > 0))];
  const rows = ids.length
    ? await db
        .select({
          id: eventItems.id,
          state: eventItems.state,
          body: eventItems.body,
          displayName: eventItems.displayName,
          pinned: eventItems.pinned,
          flaggedAt: eventItems.flaggedAt,
          votes: votesOf,
        })
        .from(eventItems)
        .where(and(eq(eventItems.eventId, update.eventId), inArray(eventItems.id, ids)))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Items that only gained votes need only their count (most of a busy room's updates).
  const changedOtherwise = new Set(
    changes.filter((c) => c.itemId !== undefined && c.type !== 'vote').map((c) => Number(c.itemId)),
  );
  const out: EventChange[] = [];
  const seen = new Set<number>();
  for (const c of changes) {
    if (c.itemId === undefined) {
      // A workshop question starting or stopping: delegates' event pages show the running one.
      if (c.public === true || c.type === 'event' || c.type === 'poll' || c.type === 'workshop' || c.type === 'refresh')
        out.push(publicPart(c));
      continue;
    }
    const row = byId.get(Number(c.itemId));
    if (!row || seen.has(row.id)) continue;
    seen.add(row.id);
    const visible = VISIBLE.includes(row.state) && !row.flaggedAt;
    if (!changedOtherwise.has(row.id)) {
      if (visible) out.push({ type: 'votes', itemId: row.id, votes: Number(row.votes) });
    } else if (visible) {
      out.push({
        type: 'item',
        itemId: row.id,
        state: row.state,
        body: row.body,
        displayName: row.displayName,
        pinned: row.pinned,
        votes: Number(row.votes),
      });
    } else if (row.state !== 'pending') {
      out.push({ type: 'item', itemId: row.id, state: 'gone' });
    }
  }
  return { ...update, payload: { changes: out } };
}

/** Only the fields of a public change that carry no one's words. */
function publicPart(c: EventChange): EventChange {
  const keep: EventChange = { type: c.type };
  for (const key of ['pollId', 'state', 'status', 'submissionsOpen', 'questionId', 'public'])
    if (key in c) keep[key] = c[key];
  return keep;
}
