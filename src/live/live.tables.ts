import { bigserial, index, integer, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';

/*
 * The live-update log: one row per coalesced tick per event. Its id is the SSE event id, so a
 * reconnecting client resumes with Last-Event-ID from here, on any instance, without loss or repeat.
 * The live infrastructure owns it and imports no module, so `event_id` names an event without a
 * foreign key: rows are only written for an event that exists, and nothing deletes events.
 */
export const eventUpdates = pgTable(
  'event_updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: integer('event_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('event_updates_event_idx').on(t.eventId, t.id)],
);
