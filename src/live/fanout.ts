import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Database } from '../db/client.ts';
import { liveSessionIds, onSessionsEnded } from '../auth/sessions.ts';
import { eventUpdates } from './live.tables.ts';
import type { EventChange } from './live.ts';

/*
 * Live fan-out. Changes are queued per event and, once per tick, written as ONE event_updates
 * row per event. Delivery is pull-based: each subscriber remembers the last update id it was
 * sent, and a "pull" for an event reads the rows after the smallest of those and hands each
 * subscriber the rows it has not had — so replay on reconnect and live delivery are one path,
 * and nobody gets an update twice or out of order.
 *
 * PGlite (one process): a pull follows each insert. PostgreSQL (several Hubs): the insert and
 * NOTIFY hub_event_updates share a transaction holding a per-event advisory lock, so ids of one
 * event commit in order; every instance (the writer too) pulls when notified.
 */

export const TICK_MS = 75;
/**
 * Vote counts change many times a second in a busy room, and nobody reads a count that fast:
 * they are gathered for longer, so the cost of fan-out stays flat however fast votes arrive.
 */
export const VOTE_TICK_MS = 500;
export const NOTIFY_CHANNEL = 'hub_event_updates';
/** A change type that ends every stream of the event once delivered. */
export const EVENT_CLOSED = 'event.closed';
const ADVISORY_NAMESPACE = 7_319;
const MAX_CHANGES_PER_TICK = 200;
const PULL_BATCH = 500;
/** Streams written to in one go before the event loop is let go (a write costs a few microseconds). */
const FANOUT_SLICE = 500;
/** Each instance re-announces its delegate count this often; older announcements are ignored. */
export const PRESENCE_EVERY_MS = 60_000;
const PRESENCE_FRESH_MS = 2.5 * PRESENCE_EVERY_MS;
/**
 * Streams opened in a session are checked against the database this often: a session ended
 * on another Hub (sign-out, account disabled, password reset) ends its streams here too.
 * One query for all of this Hub's signed-in streams, and none when there are none.
 */
export const SESSION_CHECK_MS = 2_000;

export interface LiveUpdate {
  id: number;
  eventId: number;
  payload: { changes?: EventChange[] } & Record<string, unknown>;
}

export interface Subscriber {
  eventId: number;
  /** The last update id this subscriber was sent (or chose to start after). */
  lastId: number;
  audience: 'moderator' | 'delegate';
  /** The session that opened the stream, if it was opened signed in: the stream ends with it. */
  sessionId?: string;
  /** Write one SSE frame (see frameOf). */
  send(frame: string): void;
  close(): void;
  /** Its session has ended: say so and end (without the event's closed notice). */
  sessionEnded?(): void;
}

/** An update as one Server-Sent Events frame; its id is what a reconnecting client resumes after. */
export const frameOf = (update: LiveUpdate) =>
  `id: ${update.id}\nevent: update\ndata: ${JSON.stringify(update.payload)}\n\n`;

/** Changes to the same thing in one tick collapse to the latest (a burst of votes is one change). */
function coalesceKey(change: EventChange): string | null {
  const target = change.itemId ?? change.pollId ?? change.questionId;
  if (typeof target === 'number' || typeof target === 'string') return `${change.type}:${target}`;
  if (change.type === 'presence') return 'presence';
  return null;
}

/** The change the events module publishes as an event closes; like EVENT_CLOSED, it ends the event's streams. */
export const EVENT_CLOSING = { type: 'event', status: 'closed' } as const;

/** The event has closed: its streams end once this is delivered. */
export const closesEvent = (c: EventChange) =>
  c.type === EVENT_CLOSED || (c.type === EVENT_CLOSING.type && c.status === EVENT_CLOSING.status);

export class LiveHub {
  private pending = new Map<number, EventChange[]>();
  private timer: NodeJS.Timeout | undefined;
  /** Items whose vote count changed, per event, waiting for the vote tick. */
  private votes = new Map<number, Map<unknown, EventChange>>();
  private voteTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private subscribers = new Map<number, Set<Subscriber>>();
  /** Delegates' streams per event, counted as they open and close (a room of thousands is never walked to count it). */
  private delegateCounts = new Map<number, number>();
  /**
   * The newest update id known for each event with open streams: what a new stream starts from
   * without asking the database, which a join storm would otherwise ask thousands of times.
   * Forgotten when an event's last stream closes (updates are then not followed).
   */
  private latest = new Map<number, number>();
  private pulls = new Map<number, Promise<void>>();
  private repull = new Set<number>();
  private listener: pg.PoolClient | undefined;
  private stopped = false;
  /** Set once the Hub starts closing: a stream that opens after that is ended at once. */
  private closing = false;
  private presenceTimer: NodeJS.Timeout | undefined;
  private sessionTimer: NodeJS.Timeout | undefined;
  private checkingSessions = false;
  private stopHearingSessions = () => {};
  /** Names this instance in presence announcements (delegates connected here). */
  readonly instanceId = randomUUID().slice(0, 8);
  /** Pre-computed per update for delegate streams (set by the moderation routes). */
  delegateView: ((update: LiveUpdate) => Promise<LiveUpdate | null>) | undefined;

  constructor(
    readonly db: Database,
    private readonly pool?: pg.Pool,
    private readonly log: (message: string, error?: unknown) => void = () => {},
  ) {}

  get distributed() {
    return Boolean(this.pool);
  }

  async start(): Promise<void> {
    if (this.pool) await this.listen();
    this.presenceTimer = setInterval(() => {
      for (const eventId of this.subscribers.keys())
        if (this.count(eventId, 'delegate')) this.announcePresence(eventId);
    }, PRESENCE_EVERY_MS);
    this.presenceTimer.unref();
    this.stopHearingSessions = onSessionsEnded((ids) => this.endSessions(new Set(ids)));
    this.sessionTimer = setInterval(() => void this.checkSessions(), SESSION_CHECK_MS);
    this.sessionTimer.unref();
  }

  /** Ends the streams opened in these sessions, at once. */
  endSessions(sessionIds: Set<string>): void {
    for (const set of this.subscribers.values()) {
      for (const s of [...set]) if (s.sessionId && sessionIds.has(s.sessionId)) (s.sessionEnded ?? s.close)();
    }
  }

  /** Ends the streams whose session has ended anywhere (on another Hub, or by expiry). */
  private async checkSessions(): Promise<void> {
    if (this.checkingSessions || this.stopped) return;
    const open = new Set<string>();
    for (const set of this.subscribers.values()) for (const s of set) if (s.sessionId) open.add(s.sessionId);
    if (!open.size) return;
    this.checkingSessions = true;
    try {
      const live = await liveSessionIds(this.db, [...open]);
      this.endSessions(new Set([...open].filter((id) => !live.has(id))));
    } catch (error) {
      this.log('live: could not check the sessions of open streams', error);
    } finally {
      this.checkingSessions = false;
    }
  }

  /** Tells every instance how many delegates are connected here (coalesced per tick). */
  announcePresence(eventId: number): void {
    this.publish(eventId, { type: 'presence', instance: this.instanceId, delegates: this.count(eventId, 'delegate') });
  }

  /** Delegates connected to this event on every instance: ours, plus the others' latest announcements. */
  async connectedDelegates(eventId: number): Promise<number> {
    let total = this.count(eventId, 'delegate');
    if (!this.pool) return total;
    const rows = await this.db
      .select({ payload: eventUpdates.payload })
      .from(eventUpdates)
      .where(
        and(
          eq(eventUpdates.eventId, eventId),
          gte(eventUpdates.at, new Date(Date.now() - PRESENCE_FRESH_MS)),
          sql`${eventUpdates.payload} @> '{"changes":[{"type":"presence"}]}'::jsonb`,
        ),
      )
      .orderBy(desc(eventUpdates.id))
      .limit(200);
    const seen = new Set([this.instanceId]);
    for (const row of rows) {
      for (const c of (row.payload as LiveUpdate['payload']).changes ?? []) {
        if (c.type !== 'presence' || typeof c.instance !== 'string' || seen.has(c.instance)) continue;
        seen.add(c.instance);
        total += Number(c.delegates) || 0;
      }
    }
    return total;
  }

  private async listen(): Promise<void> {
    if (this.stopped || !this.pool) return;
    try {
      const client = await this.pool.connect();
      this.listener = client;
      client.on('notification', (message) => {
        if (message.channel !== NOTIFY_CHANNEL || !message.payload) return;
        const eventId = Number(message.payload.split(':')[0]);
        if (this.subscribers.has(eventId)) this.pull(eventId);
      });
      client.on('error', (error) => this.relisten(client, error));
      client.on('end', () => this.relisten(client));
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      // Anything committed while not listening is picked up now.
      for (const eventId of this.subscribers.keys()) this.pull(eventId);
    } catch (error) {
      this.log('live: LISTEN failed, retrying', error);
      setTimeout(() => void this.listen(), 1000).unref();
    }
  }

  private relisten(client: pg.PoolClient, error?: unknown) {
    if (this.listener !== client || this.stopped) return;
    this.listener = undefined;
    this.log('live: LISTEN connection lost, reconnecting', error);
    try {
      client.release(true);
    } catch {
      /* already gone */
    }
    setTimeout(() => void this.listen(), 500).unref();
  }

  /** Called on every change published on this instance, before it is coalesced and written. */
  onPublish(listener: (eventId: number, change: EventChange) => void): void {
    this.publishListeners.push(listener);
  }
  private readonly publishListeners: ((eventId: number, change: EventChange) => void)[] = [];

  publish(eventId: number, change: EventChange): void {
    if (this.stopped) return;
    for (const listener of this.publishListeners) listener(eventId, change);
    if (change.type === 'vote') return this.publishVote(eventId, change);
    this.enqueue(eventId, change);
  }

  private enqueue(eventId: number, change: EventChange): void {
    let list = this.pending.get(eventId);
    if (!list) this.pending.set(eventId, (list = []));
    const key = coalesceKey(change);
    const at = key === null ? -1 : list.findIndex((c) => coalesceKey(c) === key);
    if (at >= 0) list[at] = change;
    else if (list.length < MAX_CHANGES_PER_TICK) list.push(change);
    else list.splice(0, list.length, { type: 'refresh' });
    this.schedule();
  }

  private publishVote(eventId: number, change: EventChange): void {
    let latest = this.votes.get(eventId);
    if (!latest) this.votes.set(eventId, (latest = new Map<unknown, EventChange>()));
    latest.set(change.itemId, change);
    this.voteTimer ??= setTimeout(() => this.releaseVotes(), VOTE_TICK_MS);
  }

  /** Vote changes (the latest per item) join the next ordinary tick. */
  private releaseVotes(): void {
    this.voteTimer = undefined;
    const votes = [...this.votes];
    this.votes.clear();
    for (const [eventId, latest] of votes) for (const change of latest.values()) this.enqueue(eventId, change);
  }

  private schedule() {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.flushing = this.flushing
        .then(() => this.flush())
        .finally(() => {
          this.timer = undefined;
          if (this.pending.size) this.schedule();
        });
    }, TICK_MS);
  }

  /** Writes one row per event with queued changes; then delivers (PGlite) or notifies (PostgreSQL). */
  async flush(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    for (const [eventId, changes] of batch) {
      try {
        await this.write(eventId, changes);
        if (!this.pool) this.pull(eventId);
      } catch (error) {
        this.log(`live: could not record update for event ${eventId}`, error);
      }
    }
  }

  private async write(eventId: number, changes: EventChange[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      if (this.pool) await tx.execute(sql`select pg_advisory_xact_lock(${ADVISORY_NAMESPACE}, ${eventId})`);
      const [row] = await tx
        .insert(eventUpdates)
        .values({ eventId, payload: { changes } })
        .returning({ id: eventUpdates.id });
      if (this.pool) await tx.execute(sql`select pg_notify(${NOTIFY_CHANNEL}, ${`${eventId}:${row!.id}`})`);
      return row!.id;
    });
  }

  /** The newest update id of an event (0 if none): where a new subscriber starts. */
  async latestId(eventId: number): Promise<number> {
    const known = this.latest.get(eventId);
    if (known !== undefined) return known;
    const [row] = await this.db
      .select({ id: sql<number>`coalesce(max(${eventUpdates.id}), 0)`.mapWith(Number) })
      .from(eventUpdates)
      .where(eq(eventUpdates.eventId, eventId));
    const id = row?.id ?? 0;
    // Kept only while streams are open: then every newer update is pulled, and moves it on.
    if (this.subscribers.has(eventId)) this.seen(eventId, id);
    return id;
  }

  private seen(eventId: number, id: number) {
    this.latest.set(eventId, Math.max(this.latest.get(eventId) ?? 0, id));
  }

  /** Adds a subscriber and sends it what it missed (rows after its lastId), then live updates. */
  subscribe(subscriber: Subscriber): () => void {
    // A stream whose request began before closing (it awaited the database) but subscribes after
    // closeAll would hold its connection open, and the server's close with it, for ever.
    if (this.closing) {
      queueMicrotask(() => subscriber.close());
      return () => {};
    }
    let set = this.subscribers.get(subscriber.eventId);
    if (!set) this.subscribers.set(subscriber.eventId, (set = new Set()));
    set.add(subscriber);
    // A stream that starts from the newest update has nothing to catch up on: a pull would only
    // walk the whole room again. One resuming from an older id is sent what it missed.
    if (subscriber.lastId < (this.latest.get(subscriber.eventId) ?? Infinity)) this.pull(subscriber.eventId);
    if (subscriber.audience === 'delegate') this.countDelegate(subscriber.eventId, +1);
    return () => {
      const current = this.subscribers.get(subscriber.eventId);
      if (!current?.delete(subscriber)) return;
      if (current.size === 0) {
        this.subscribers.delete(subscriber.eventId);
        this.latest.delete(subscriber.eventId);
      }
      if (subscriber.audience === 'delegate') this.countDelegate(subscriber.eventId, -1);
    };
  }

  private countDelegate(eventId: number, change: 1 | -1) {
    const n = (this.delegateCounts.get(eventId) ?? 0) + change;
    if (n > 0) this.delegateCounts.set(eventId, n);
    else this.delegateCounts.delete(eventId);
    this.announcePresence(eventId);
  }

  count(eventId: number, audience: Subscriber['audience']): number {
    if (audience === 'delegate') return this.delegateCounts.get(eventId) ?? 0;
    let n = 0;
    for (const s of this.subscribers.get(eventId) ?? []) if (s.audience === audience) n += 1;
    return n;
  }

  /** Serialised per event; a pull asked for while one runs runs once more afterwards. */
  pull(eventId: number): void {
    if (this.pulls.has(eventId)) {
      this.repull.add(eventId);
      return;
    }
    const run = (async () => {
      do {
        this.repull.delete(eventId);
        await this.pullOnce(eventId).catch((error) =>
          this.log(`live: could not read updates of event ${eventId}`, error),
        );
      } while (this.repull.has(eventId) && !this.stopped);
    })().finally(() => this.pulls.delete(eventId));
    this.pulls.set(eventId, run);
  }

  /** Resolves when the pull in progress for the event (if any) has finished. */
  async settled(eventId: number): Promise<void> {
    await this.pulls.get(eventId);
  }

  private async pullOnce(eventId: number): Promise<void> {
    for (;;) {
      const subs = [...(this.subscribers.get(eventId) ?? [])];
      if (!subs.length || this.stopped) return;
      const after = Math.min(...subs.map((s) => s.lastId));
      const rows = await this.db
        .select({ id: eventUpdates.id, eventId: eventUpdates.eventId, payload: eventUpdates.payload })
        .from(eventUpdates)
        .where(and(eq(eventUpdates.eventId, eventId), gt(eventUpdates.id, after)))
        .orderBy(asc(eventUpdates.id))
        .limit(PULL_BATCH);
      for (const row of rows) {
        const update: LiveUpdate = row;
        this.seen(eventId, update.id);
        const current = [...(this.subscribers.get(eventId) ?? [])].filter((s) => s.lastId < update.id);
        const delegates = current.filter((s) => s.audience === 'delegate');
        const forDelegates = delegates.length
          ? ((this.delegateView && (await this.delegateView(update))) ?? { ...update, payload: { changes: [] } })
          : null;
        // One frame per audience, written to every subscriber: serialising per subscriber would
        // cost as much as the whole room's update for each of them.
        // An update with nothing for the room (presence counts, moderators' work) is not written to
        // delegates at all: during a join storm every arrival is one, and the room has thousands.
        const frames = {
          moderator: frameOf(update),
          delegate: forDelegates?.payload.changes?.length ? frameOf(forDelegates) : '',
        };
        for (let i = 0; i < current.length; i += FANOUT_SLICE) {
          // A room of thousands is written to in slices, letting other work (votes, pages) in between.
          if (i > 0) await new Promise((resolve) => setImmediate(resolve));
          for (const s of current.slice(i, i + FANOUT_SLICE)) {
            s.lastId = update.id;
            if (frames[s.audience]) s.send(frames[s.audience]);
          }
        }
        if (update.payload.changes?.some(closesEvent)) {
          for (const s of current) s.close();
        }
      }
      if (rows.length < PULL_BATCH) return;
    }
  }

  closeAll(): void {
    this.closing = true;
    for (const set of this.subscribers.values()) for (const s of set) s.close();
    this.subscribers.clear();
  }

  async stop(): Promise<void> {
    clearInterval(this.presenceTimer);
    clearInterval(this.sessionTimer);
    this.stopHearingSessions();
    if (this.voteTimer) {
      clearTimeout(this.voteTimer);
      this.releaseVotes();
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // Whatever was queued is still written before the database closes.
    await this.flushing;
    if (this.pending.size) await this.flush().catch(() => {});
    this.stopped = true;
    this.closeAll();
    await Promise.allSettled([...this.pulls.values()]);
    const listener = this.listener;
    this.listener = undefined;
    if (listener) {
      await listener.query(`UNLISTEN ${NOTIFY_CHANNEL}`).catch(() => {});
      listener.release();
    }
  }
}
