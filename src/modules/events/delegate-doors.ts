import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../../errors.ts';
import { AttemptCounter } from '../../auth/attempts.ts';
import { EVENT_CLOSED } from '../../live/fanout.ts';
import { canEvent } from './events.policy.ts';
import { delegateToken, giveDelegateToken, hasJoined } from './delegates.service.ts';
import { getEventByCode, getOpenEventByCode, normaliseCode, type EventRow } from './events.service.ts';

/*
 * The doors delegates come in by, and what keeps one client from blocking them for everyone:
 * - a delegate may send a few items a minute, and an event takes a bounded number a minute;
 * - one source (network address) may use only part of an event's minute, may get only so many
 *   delegate tokens, and is refused after many wrong join codes: guessing codes is slow;
 * - a whole hall can sit behind one public address, so a source's allowances fit a hall.
 *
 * A source is known only by a keyed hash of its address (AttemptCounter). The key is random, held
 * in memory, replaced every hour (with everything counted under it) and never written anywhere; so
 * no address, nor anything that could be turned back into one, is stored, logged or kept longer.
 * Each Hub counts on its own: several Hubs on one database each give the same allowances.
 */

const MINUTE = 60_000;

/** How much one phone may send: generous for people, a wall for a script. */
export const ITEMS_PER_DELEGATE_PER_MINUTE = 5;
/** How much an event takes in a minute: a packed hall, with room to spare. */
export const ITEMS_PER_EVENT_PER_MINUTE = 800;
/** One source (a hall behind one address, or one script) never takes more than half the event's minute. */
export const ITEMS_PER_SOURCE_PER_MINUTE = ITEMS_PER_EVENT_PER_MINUTE / 2;
/** Delegate tokens one source gets in ten minutes: a hall of hundreds joins at once; a script cannot mint without end. */
export const JOINS_PER_SOURCE_PER_TEN_MINUTES = 600;
/** Wrong join codes from one source in a minute before its requests naming a code are refused. */
export const WRONG_CODES_PER_SOURCE_PER_MINUTE = 60;

export const JOINED_NOW_MESSAGE =
  'This page had not joined the event yet, or its cookie has gone. It has joined now: send it again.';
export const JOINS_FULL_MESSAGE =
  'Too many people have joined from your network in the last few minutes. Wait a few minutes, then reload this page.';
export const TOO_MANY_WRONG_CODES =
  'Too many wrong event codes have come from your network. Wait a minute, then try again.';

/** A request's source, its network address: the counters hold it only as a keyed hash (src/auth/attempts.ts). */
const source = (request: FastifyRequest) => request.ip ?? '';

/** What a delegate sends that the limits count: the room's questions and comments, or workshop answers. */
export type Sending = 'items' | 'answers';

export class DelegateDoors {
  readonly perDelegate = new AttemptCounter(ITEMS_PER_DELEGATE_PER_MINUTE, MINUTE);
  readonly perEvent = new AttemptCounter(ITEMS_PER_EVENT_PER_MINUTE, MINUTE);
  private readonly perSource = new AttemptCounter(ITEMS_PER_SOURCE_PER_MINUTE, MINUTE);
  private readonly joins = new AttemptCounter(JOINS_PER_SOURCE_PER_TEN_MINUTES, 10 * MINUTE);
  private readonly wrongCodes = new AttemptCounter(WRONG_CODES_PER_SOURCE_PER_MINUTE, MINUTE);

  /** Counts a new delegate token for the request's source; false when its source has had its share. */
  mayJoin(request: FastifyRequest, now = Date.now()): boolean {
    return this.joins.take(source(request), now);
  }

  /** Why a delegate's send must wait (their own minute, or the event's), or null. */
  refusal(
    sending: Sending,
    request: FastifyRequest,
    eventId: number,
    delegateId: number | null,
  ): 'delegate' | 'event' | null {
    if (delegateId !== null && this.perDelegate.isBlocked([sending, `d${delegateId}`])) return 'delegate';
    if (this.perSource.isBlocked([sending, `e${eventId}`, source(request)])) return 'event';
    if (this.perEvent.isBlocked([sending, `e${eventId}`])) return 'event';
    return null;
  }

  record(sending: Sending, request: FastifyRequest, eventId: number, delegateId: number): void {
    this.perDelegate.record([sending, `d${delegateId}`]);
    this.perSource.record([sending, `e${eventId}`, source(request)]);
    this.perEvent.record([sending, `e${eventId}`]);
  }

  /**
   * Before a code is looked up: refuses a source that has sent many wrong codes (unless this
   * browser joined the code it names), and counts the lookup as wrong until it proves right,
   * so that guesses sent all at once are counted as they arrive, not after. Returns what to
   * call once the code proves right.
   */
  lookingUp(request: FastifyRequest, reply: FastifyReply, code: string): () => void {
    if (hasJoined(request, code)) return () => {};
    const from = source(request);
    if (this.wrongCodes.isBlocked(from)) {
      reply.header('retry-after', '60');
      throw new HubError(429, 'too-many-requests', TOO_MANY_WRONG_CODES);
    }
    this.wrongCodes.record(from);
    return () => this.wrongCodes.giveBack(from);
  }
}

/** One set of doors per running Hub. */
const doors = new WeakMap<object, DelegateDoors>();
export function doorsOf(app: FastifyInstance): DelegateDoors {
  let found = doors.get(app.server);
  if (!found) doors.set(app.server, (found = new DelegateDoors()));
  return found;
}

/** The event a delegate's code names (open or closed); a wrong code counts against its source. */
export async function eventForDelegate(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  code: string,
): Promise<EventRow> {
  const wanted = normaliseCode(code);
  const right = doorsOf(app).lookingUp(request, reply, wanted);
  const event = await getEventByCode(app.db, wanted);
  right();
  return event;
}

/*
 * Events by join code, kept for a second for live streams: a room joining at once asks for the
 * same event thousands of times a second. A change to an event on this instance (opened,
 * closed, paused) forgets them at once; one made on another instance is seen within the second.
 */
const STREAM_EVENT_MS = 1000;
const streamEvents = new WeakMap<object, Map<string, { event: EventRow; at: number }>>();
function streamEventsOf(app: FastifyInstance) {
  let kept = streamEvents.get(app.server);
  if (!kept) {
    const created = new Map<string, { event: EventRow; at: number }>();
    app.live.onPublish((_eventId, change) => {
      if (change.type === 'event' || change.type === EVENT_CLOSED) created.clear();
    });
    streamEvents.set(app.server, (kept = created));
  }
  return kept;
}

/** As eventForDelegate, for opening a live stream: the event may be up to a second old. */
export async function eventForStream(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  code: string,
): Promise<EventRow> {
  const kept = streamEventsOf(app);
  const found = kept.get(normaliseCode(code));
  const now = performance.now();
  if (found && now - found.at < STREAM_EVENT_MS) return found.event;
  const event = await eventForDelegate(app, request, reply, code);
  if (kept.size >= 1000) kept.clear();
  kept.set(event.joinCode, { event, at: now });
  return event;
}

/** The open event a code typed into the join box names, or null; a wrong code counts against its source. */
export async function openEventForJoining(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  code: string,
): Promise<EventRow | null> {
  const wanted = normaliseCode(code);
  const right = doorsOf(app).lookingUp(request, reply, wanted);
  const event = await getOpenEventByCode(app.db, wanted);
  if (event) right();
  return event;
}

/**
 * Gives a browser that has not joined this open event its delegate token, unless its source
 * has had its share of tokens. True when the browser holds (or now gets) a token.
 */
export function welcomeDelegate(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  event: EventRow,
): boolean {
  if (!canEvent(null, 'join', event)) return false;
  if (delegateToken(request, event)) return true;
  if (!doorsOf(app).mayJoin(request)) return false;
  giveDelegateToken(request, reply, event);
  return true;
}

/** What to tell a browser that sent something to an open event without having joined it: it joins now if it may. */
export function notJoinedMessage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  event: EventRow,
): string {
  return welcomeDelegate(app, request, reply, event) ? JOINED_NOW_MESSAGE : JOINS_FULL_MESSAGE;
}
