ALTER TABLE "event_updates" DROP CONSTRAINT "event_updates_event_id_events_id_fk";
