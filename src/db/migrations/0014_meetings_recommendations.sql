CREATE TABLE "meeting_recommendations" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"agenda_item_id" integer,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"decision" text,
	"reason" text,
	"subject_type" text,
	"subject_id" integer,
	"decided_at" timestamp with time zone,
	"decided_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "meeting_recommendations_number" UNIQUE("meeting_id","number")
);
--> statement-breakpoint
ALTER TABLE "meeting_recommendations" ADD CONSTRAINT "meeting_recommendations_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_recommendations" ADD CONSTRAINT "meeting_recommendations_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_recommendations" ADD CONSTRAINT "meeting_recommendations_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_recommendations" ADD CONSTRAINT "meeting_recommendations_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_recommendations_item_idx" ON "meeting_recommendations" USING btree ("agenda_item_id");--> statement-breakpoint
CREATE INDEX "meeting_recommendations_subject_idx" ON "meeting_recommendations" USING btree ("subject_type","subject_id");--> statement-breakpoint
-- Each agenda item's recommendation and decision becomes a recommendation of its meeting,
-- numbered in agenda order; "approved with amendments" is now "approved with changes". An item
-- with a decision and no words is recommended under its title. Decided at the meeting.
INSERT INTO "meeting_recommendations" ("meeting_id", "agenda_item_id", "number", "text", "decision", "decided_at")
SELECT i."meeting_id", i."id",
	row_number() OVER (PARTITION BY i."meeting_id" ORDER BY i."position", i."id"),
	coalesce(nullif(btrim(i."recommendation"), ''), i."title"),
	CASE WHEN i."decision" = 'approved_with_amendments' THEN 'approved_with_changes' ELSE i."decision" END,
	CASE WHEN i."decision" IS NOT NULL THEN m."starts_at" END
FROM "agenda_items" i JOIN "meetings" m ON m."id" = i."meeting_id"
WHERE nullif(btrim(i."recommendation"), '') IS NOT NULL OR i."decision" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "agenda_items" DROP COLUMN "recommendation";--> statement-breakpoint
ALTER TABLE "agenda_items" DROP COLUMN "decision";