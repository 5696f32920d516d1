CREATE TABLE "sign_in_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"account_id" integer,
	"email" text,
	"outcome" text NOT NULL,
	"detail" jsonb,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "retention_settings" (
	"kind" text PRIMARY KEY NOT NULL,
	"days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
ALTER TABLE "event_items" ADD COLUMN "votes_kept" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "reduced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_settings_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_in_attempts_at_idx" ON "sign_in_attempts" USING btree ("at");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_email_at_idx" ON "sign_in_attempts" USING btree ("email","at");--> statement-breakpoint
-- Sign-in attempts move to their own table, deleted after their retention period. The audit log's
-- entries are hash-chained and never deleted, so those written before today are copied, not moved:
-- they stay in the audit log, which keeps them forever.
INSERT INTO "sign_in_attempts" ("at", "account_id", "email", "outcome", "detail", "ip")
SELECT "at", "account_id", coalesce("detail"->>'email', "actor"), substring("action" from 9), "detail", "ip"
FROM "audit_log" WHERE "action" LIKE 'sign\_in.%' ORDER BY "id";
