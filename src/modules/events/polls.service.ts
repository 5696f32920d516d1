import { and, asc, eq, inArray, max } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { publishEventChange } from '../../live/live.ts';
import { canModerate, getEvent, type EventRow } from './events.service.ts';
import {
  checkEvent,
  checkPollClosable,
  checkPollTakesAnswers,
  pollIsClosed,
  pollIsOpen,
  pollResultsVisible,
  POLLS_STARTED,
} from './events.policy.ts';
import { pollOptions, pollResponses, polls, type POLL_KINDS } from './events.tables.ts';
import { wordFrequencies, type WordCount } from './themes.ts';

/*
 * Polls at an event. Moderators create, open and close them; delegates answer while a poll is
 * open. One answer per delegate per poll: answering again REPLACES the earlier answer (so a
 * delegate who taps the wrong option can correct it), and the page says so.
 */

export type PollRow = typeof polls.$inferSelect;
export type PollKind = (typeof POLL_KINDS)[number];

/** The event, if this user may moderate it; otherwise it does not exist for them (404). */
export async function moderatedEvent(db: Queryable, user: CurrentUser | null, eventId: number): Promise<EventRow> {
  const event = await getEvent(db, eventId);
  if (!(await canModerate(db, user, event))) throw new NotFoundError('event');
  return event;
}

export interface PollInput {
  question: string;
  kind: PollKind;
  options?: string;
  ratingMax?: number;
  results: 'live' | 'after_close';
}

export const optionLines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export async function createPoll(db: Database, eventId: number, input: PollInput): Promise<number> {
  const choice = input.kind === 'single_choice' || input.kind === 'multiple_choice';
  const options = choice ? optionLines(input.options) : [];
  if (choice && options.length < 2) throw new FormError('options', 'Enter at least two options, one on each line');
  if (options.length > 20) throw new FormError('options', 'Enter 20 options or fewer');
  if (options.some((o) => o.length > 200))
    throw new FormError('options', 'Each option must be 200 characters or fewer');
  if (new Set(options.map((o) => o.toLowerCase())).size !== options.length)
    throw new FormError('options', 'Each option must be different');
  return db.transaction(async (tx) => {
    const [last] = await tx
      .select({ position: max(polls.position) })
      .from(polls)
      .where(eq(polls.eventId, eventId));
    const [poll] = await tx
      .insert(polls)
      .values({
        eventId,
        question: input.question,
        kind: input.kind,
        resultsLive: input.results === 'live',
        ratingMax: input.kind === 'rating' ? (input.ratingMax ?? 5) : 5,
        position: (last?.position ?? 0) + 1,
      })
      .returning({ id: polls.id });
    if (options.length)
      await tx.insert(pollOptions).values(options.map((label, i) => ({ pollId: poll!.id, label, position: i + 1 })));
    return poll!.id;
  });
}

export async function getPoll(db: Queryable, eventId: number, pollId: number): Promise<PollRow> {
  const [poll] = await db
    .select()
    .from(polls)
    .where(and(eq(polls.id, pollId), eq(polls.eventId, eventId)));
  if (!poll) throw new NotFoundError('poll');
  return poll;
}

/** Opens a draft (or reopens a closed) poll. Several polls may be open at once. */
export async function openPoll(db: Database, eventId: number, pollId: number): Promise<void> {
  await getPoll(db, eventId, pollId);
  await db.update(polls).set({ state: 'open', openedAt: new Date(), closedAt: null }).where(eq(polls.id, pollId));
  publishEventChange(db, eventId, { type: 'poll', pollId, state: 'open' });
}

export async function closePoll(db: Database, eventId: number, pollId: number): Promise<void> {
  const poll = await getPoll(db, eventId, pollId);
  checkPollClosable(poll);
  await db.update(polls).set({ state: 'closed', closedAt: new Date() }).where(eq(polls.id, pollId));
  publishEventChange(db, eventId, { type: 'poll', pollId, state: 'closed' });
}

export interface ResultRow {
  label: string;
  count: number;
  /** Whole-number percentage of the people who answered. */
  percent: number;
}

export interface PollResults {
  respondents: number;
  rows: ResultRow[];
  /** Rating polls: the average, to one decimal place. */
  average?: number;
  /** Open-text polls. */
  answers?: string[];
  words?: WordCount[];
}

export interface PollView extends PollRow {
  options: { id: number; label: string }[];
  results: PollResults;
}

const percent = (count: number, of: number) => (of ? Math.round((count / of) * 100) : 0);

function resultsOf(
  poll: PollRow,
  options: { id: number; label: string }[],
  responses: { delegateId: number | null; optionId: number | null; rating: number | null; text: string | null }[],
): PollResults {
  const linked = responses.flatMap((r) => (r.delegateId === null ? [] : [r.delegateId]));
  const respondents = new Set(linked).size + poll.respondentsKept;
  if (poll.kind === 'open_text') {
    const answers = responses.map((r) => r.text ?? '').filter(Boolean);
    return { respondents, rows: [], answers, words: wordFrequencies(answers) };
  }
  if (poll.kind === 'rating') {
    const rows = Array.from({ length: poll.ratingMax }, (_, i) => {
      const count = responses.filter((r) => r.rating === i + 1).length;
      return { label: String(i + 1), count, percent: percent(count, respondents) };
    });
    const rated = responses.filter((r) => r.rating !== null);
    const average = rated.length
      ? Math.round((rated.reduce((s, r) => s + r.rating!, 0) / rated.length) * 10) / 10
      : undefined;
    return { respondents, rows, average };
  }
  const rows = options.map((o) => {
    const count = responses.filter((r) => r.optionId === o.id).length;
    return { label: o.label, count, percent: percent(count, respondents) };
  });
  return { respondents, rows };
}

/** Every poll of the event, in order, with its options and results. */
export async function listPolls(
  db: Queryable,
  eventId: number,
  only?: { states: PollRow['state'][] },
): Promise<PollView[]> {
  const list = await db
    .select()
    .from(polls)
    .where(only ? and(eq(polls.eventId, eventId), inArray(polls.state, only.states)) : eq(polls.eventId, eventId))
    .orderBy(asc(polls.position), asc(polls.id));
  if (!list.length) return [];
  const ids = list.map((p) => p.id);
  const [options, responses] = await Promise.all([
    db.select().from(pollOptions).where(inArray(pollOptions.pollId, ids)).orderBy(asc(pollOptions.position)),
    db
      .select({
        pollId: pollResponses.pollId,
        delegateId: pollResponses.delegateId,
        optionId: pollResponses.optionId,
        rating: pollResponses.rating,
        text: pollResponses.text,
      })
      .from(pollResponses)
      .where(inArray(pollResponses.pollId, ids))
      .orderBy(asc(pollResponses.id)),
  ]);
  return list.map((poll) => {
    const own = options.filter((o) => o.pollId === poll.id).map((o) => ({ id: o.id, label: o.label }));
    return {
      ...poll,
      options: own,
      results: resultsOf(
        poll,
        own,
        responses.filter((r) => r.pollId === poll.id),
      ),
    };
  });
}

/** Delegates see results when the poll shows them live, or once it has closed. */
export const resultsVisible = (poll: PollRow) => pollResultsVisible(poll);

/**
 * The poll the room's screens show: the poll opened most recently while any is open, otherwise
 * the poll closed most recently (so hidden results appear on the screen when it closes).
 */
export async function pollOnScreen(
  db: Queryable,
  eventId: number,
): Promise<(PollView & { showResults: boolean }) | undefined> {
  const run = await listPolls(db, eventId, { states: [...POLLS_STARTED] });
  const latest = (inState: (p: PollView) => boolean, at: (p: PollView) => Date | null) =>
    run.filter(inState).sort((a, b) => (at(b)?.getTime() ?? 0) - (at(a)?.getTime() ?? 0) || b.id - a.id)[0];
  const poll = latest(pollIsOpen, (p) => p.openedAt) ?? latest(pollIsClosed, (p) => p.closedAt);
  return poll && { ...poll, showResults: resultsVisible(poll) };
}

/** The polls this delegate has answered already. */
export async function answeredPolls(db: Queryable, delegateId: number | null, pollIds: number[]): Promise<Set<number>> {
  if (!delegateId || !pollIds.length) return new Set();
  const rows = await db
    .selectDistinct({ pollId: pollResponses.pollId })
    .from(pollResponses)
    .where(and(eq(pollResponses.delegateId, delegateId), inArray(pollResponses.pollId, pollIds)));
  return new Set(rows.map((r) => r.pollId));
}

export interface ResponseInput {
  optionId?: number[];
  rating?: number;
  text?: string;
}

/** Delegates take part only while the event itself is open (a closed event stays readable). */
export function checkEventOpen(event: EventRow, field: string): void {
  checkEvent(null, 'takePart', event, field);
}

/** Answers are taken only while the poll is open. */
export function checkOpen(poll: PollRow): void {
  checkPollTakesAnswers(poll);
}

/** Checks the answer fits the poll, then replaces any earlier answer of this delegate. */
export async function respond(
  db: Database,
  event: EventRow,
  pollId: number,
  delegateId: number,
  input: ResponseInput,
): Promise<void> {
  const poll = await getPoll(db, event.id, pollId);
  checkEventOpen(event, `poll-${pollId}`);
  checkOpen(poll);
  const fieldId = `poll-${pollId}`;
  let rows: { optionId?: number; rating?: number; text?: string }[];
  if (poll.kind === 'open_text') {
    const text = input.text?.trim();
    if (!text) throw new FormError(fieldId, 'Enter your answer');
    if (text.length > 500) throw new FormError(fieldId, 'Your answer must be 500 characters or fewer');
    rows = [{ text }];
  } else if (poll.kind === 'rating') {
    if (!input.rating || input.rating < 1 || input.rating > poll.ratingMax)
      throw new FormError(fieldId, `Select a rating from 1 to ${poll.ratingMax}`);
    rows = [{ rating: input.rating }];
  } else {
    const chosen = [...new Set(input.optionId ?? [])];
    if (!chosen.length)
      throw new FormError(fieldId, poll.kind === 'single_choice' ? 'Select an option' : 'Select at least one option');
    if (poll.kind === 'single_choice' && chosen.length > 1) throw new FormError(fieldId, 'Select one option only');
    const valid = await db
      .select({ id: pollOptions.id })
      .from(pollOptions)
      .where(and(eq(pollOptions.pollId, pollId), inArray(pollOptions.id, chosen)));
    if (valid.length !== chosen.length) throw new FormError(fieldId, 'Select an option from this poll');
    rows = chosen.map((optionId) => ({ optionId }));
  }
  await db.transaction(async (tx) => {
    await tx
      .delete(pollResponses)
      .where(and(eq(pollResponses.pollId, pollId), eq(pollResponses.delegateId, delegateId)));
    await tx.insert(pollResponses).values(rows.map((r) => ({ pollId, delegateId, ...r })));
  });
  publishEventChange(db, event.id, { type: 'poll', pollId });
}
