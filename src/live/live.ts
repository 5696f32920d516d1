import type pg from 'pg';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.ts';
import { EVENT_CLOSED, LiveHub } from './fanout.ts';

/** A change to an event that open screens should show: a new item, a vote, a poll result… */
export interface EventChange {
  type: string;
  [key: string]: unknown;
}

/*
 * Conventions for changes (see src/live/fanout.ts):
 * - a change with `itemId` is about a delegate's item; delegate streams rewrite it from the
 *   item's current state (text only when the item is shown or answered), never pass it as is;
 * - other changes reach delegates only if they say `public: true` (a poll's live results…);
 * - `{ type: 'event.closed' }` ends every stream of the event once delivered (see closeEventStreams).
 */

const hubs = new WeakMap<object, LiveHub>();

/**
 * Queue a change for an event's live screens. Changes are coalesced per short tick, written
 * to event_updates (whose id is the SSE event id) and fanned out to every instance.
 */
export function publishEventChange(db: Database, eventId: number, change: EventChange): void {
  hubs.get(db)?.publish(eventId, change);
}

/** Ends every live stream of an event (call when it closes). */
export function closeEventStreams(db: Database, eventId: number): void {
  publishEventChange(db, eventId, { type: EVENT_CLOSED, public: true });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Live updates of events: queue, log, fan-out and subscribers. */
    live: LiveHub;
  }
}

/** Starts live updates for the app (LISTEN on PostgreSQL when a pool is given); stops on close. */
export async function registerLive(app: FastifyInstance, db: Database, pool?: pg.Pool): Promise<void> {
  const hub = new LiveHub(db, pool, (message, error) => app.log.warn({ err: error }, message));
  hubs.set(db, hub);
  app.decorate('live', hub);
  await hub.start();
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', () => Promise.resolve(hub.closeAll()));
  app.addHook('onClose', async () => {
    await hub.stop();
    if (hubs.get(db) === hub) hubs.delete(db);
  });
}
