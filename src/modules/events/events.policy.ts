import { eq, ne } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { ForbiddenError, FormError } from '../../errors.ts';
import { events, polls } from './events.tables.ts';

/*
 * The one gate for an event's lifecycle: draft (being prepared, not joinable), open (the room
 * takes part) and closed (kept for the record, read only). Services call checkEvent to refuse,
 * routes and pages call canEvent to show or hide; queries use the SQL fragments below. Who
 * moderates an event is in events.service.ts (canModerate), built on src/auth/policy.ts.
 */

export type EventState = { status: 'draft' | 'open' | 'closed'; submissionsOpen?: boolean };

export type EventAction =
  /** A coordinator opens the event to delegates. */
  | 'open'
  /** A coordinator closes it for good. */
  | 'close'
  /** A coordinator pauses or resumes questions and comments. */
  | 'setSubmissions'
  /** A delegate's code finds it (a closed event stays readable). */
  | 'find'
  /** A browser joins it and is given a delegate token. */
  | 'join'
  /** Delegates take part: vote, answer polls and workshop questions. */
  | 'takePart'
  /** Delegates send questions and comments. */
  | 'send'
  /** See the room's shown items: anyone while it runs, signed-in partnership users once closed. */
  | 'readItems';

export const CLOSED_MESSAGE = 'This event has closed. It no longer takes questions, comments or votes.';
export const PAUSED_MESSAGE = 'Questions and comments are paused at the moment. You can still vote.';

/** What a closed event says to each thing asked of it. */
const CLOSED: Partial<Record<EventAction, string>> = {
  open: 'This event has closed. A closed event cannot be opened again.',
  setSubmissions: 'This event has closed. Submissions cannot be opened again.',
  takePart: 'This event has closed: answers are no longer taken',
  send: CLOSED_MESSAGE,
};

const COORDINATOR_ACTIONS: readonly EventAction[] = ['open', 'close', 'setSubmissions'];

export const isOpen = (event: EventState) => event.status === 'open';
export const isClosed = (event: EventState) => event.status === 'closed';
export const isDraft = (event: EventState) => event.status === 'draft';

export function canEvent(user: CurrentUser | null, action: EventAction, event: EventState): boolean {
  if (COORDINATOR_ACTIONS.includes(action) && !(user && isCoordinator(user))) return false;
  switch (action) {
    case 'open':
      return isDraft(event);
    case 'close':
      return !isClosed(event);
    case 'setSubmissions':
      return !isClosed(event);
    case 'find':
      return !isDraft(event);
    case 'join':
    case 'takePart':
      return isOpen(event);
    case 'send':
      return isOpen(event) && event.submissionsOpen !== false;
    case 'readItems':
      return !isClosed(event) || user !== null;
  }
}

/**
 * Refuses what the event's state does not allow: a FormError on `field` with the state's
 * message, or ForbiddenError for someone who is not a coordinator.
 */
export function checkEvent(user: CurrentUser | null, action: EventAction, event: EventState, field = 'status'): void {
  if (canEvent(user, action, event)) return;
  if (COORDINATOR_ACTIONS.includes(action) && !(user && isCoordinator(user))) throw new ForbiddenError();
  if (isClosed(event)) throw new FormError(field, CLOSED[action] ?? CLOSED_MESSAGE);
  if (action === 'send' && isOpen(event)) throw new FormError(field, PAUSED_MESSAGE);
  if (action === 'open') throw new FormError(field, 'This event is open already.');
  throw new FormError(field, 'This event is not open yet.');
}

/** Events that have been held or are running (not drafts), for queries. */
export const eventNotDraft = ne(events.status, 'draft');
/** Events taking part now, for queries. */
export const eventIsOpen = eq(events.status, 'open');
/** Events that have closed, for queries (retention counts its period from the closing). */
export const eventIsClosed = eq(events.status, 'closed');

/** A poll's lifecycle: draft, open (taking answers), closed (results only). */
export type PollState = { state: 'draft' | 'open' | 'closed'; resultsLive?: boolean };

/** Polls that have been run: open now, or closed. */
export const POLLS_STARTED = ['open', 'closed'] as const;
/** Polls taking answers now, for queries. */
export const pollOpenSql = eq(polls.state, 'open');

export const pollIsOpen = (poll: PollState) => poll.state === 'open';
export const pollIsClosed = (poll: PollState) => poll.state === 'closed';

/** Answers are taken only while the poll is open. */
export function checkPollTakesAnswers(poll: PollState & { id: number }): void {
  if (pollIsOpen(poll)) return;
  throw new FormError(`poll-${poll.id}`, pollIsClosed(poll) ? 'This poll has closed' : 'This poll is not open yet');
}

/** Only an open poll can be closed. */
export function checkPollClosable(poll: PollState): void {
  if (!pollIsOpen(poll)) throw new FormError('poll', 'Only an open poll can be closed');
}

/** Delegates see results when the poll shows them live, or once it has closed. */
export const pollResultsVisible = (poll: PollState) =>
  pollIsClosed(poll) || (pollIsOpen(poll) && poll.resultsLive === true);
