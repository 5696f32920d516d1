ALTER TABLE "funding_proposals" ADD COLUMN "proposer_event_id" integer;--> statement-breakpoint
ALTER TABLE "funding_proposals" ADD COLUMN "proposer_plan_id" integer;--> statement-breakpoint
ALTER TABLE "funding_proposals" ADD CONSTRAINT "funding_proposals_proposer_event_id_events_id_fk" FOREIGN KEY ("proposer_event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_proposals" ADD CONSTRAINT "funding_proposals_proposer_plan_id_plans_id_fk" FOREIGN KEY ("proposer_plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Proposals typed before the pickers keep their words; a reference that was an event's or plan's id is linked as well.
UPDATE "funding_proposals" SET "proposer_event_id" = e."id" FROM "events" e WHERE "funding_proposals"."proposer_kind" = 'live_event' AND "funding_proposals"."proposer_reference" ~ '^[0-9]{1,9}$' AND e."id" = "funding_proposals"."proposer_reference"::integer;--> statement-breakpoint
UPDATE "funding_proposals" SET "proposer_plan_id" = p."id" FROM "plans" p WHERE "funding_proposals"."proposer_kind" = 'consultation' AND "funding_proposals"."proposer_reference" ~ '^[0-9]{1,9}$' AND p."id" = "funding_proposals"."proposer_reference"::integer;
