import type { Database } from '../db/client.ts';

// CONTRACT (the live-updates developer owns the implementation).

/** A change to an event that open screens should show: a new item, a vote, a poll result… */
export interface EventChange {
  type: string;
  [key: string]: unknown;
}

/**
 * Queue a change for an event's live screens. Changes are coalesced per short tick, written
 * to event_updates (whose id is the SSE event id) and fanned out to every instance.
 */
export function publishEventChange(_db: Database, _eventId: number, _change: EventChange): void {}
