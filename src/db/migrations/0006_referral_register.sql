CREATE TABLE "referral_corrections" (
	"id" serial PRIMARY KEY NOT NULL,
	"referral_id" integer NOT NULL,
	"field" text NOT NULL,
	"before" text,
	"after" text,
	"corrected_by" integer NOT NULL,
	"corrected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_stages" (
	"id" serial PRIMARY KEY NOT NULL,
	"referral_id" integer NOT NULL,
	"stage" text NOT NULL,
	"happened_on" date NOT NULL,
	"details" text,
	"meeting_id" integer,
	"recorded_by" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" serial PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"received_on" date NOT NULL,
	"referring_sector" text NOT NULL,
	"area" text NOT NULL,
	"area_id" integer,
	"concern" text NOT NULL,
	"age_band" text NOT NULL,
	"gender" text,
	"stage" text DEFAULT 'referred' NOT NULL,
	"outcome" text,
	"notes" text,
	"screening_on" date,
	"assessment_on" date,
	"panel_on" date,
	"adopted_on" date,
	"exited_on" date,
	"review_6_on" date,
	"review_12_on" date,
	"support_plan" text,
	"consent_on" date,
	"intervention_provider" text,
	"reduced_at" timestamp with time zone,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referrals_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "register_access" (
	"id" serial PRIMARY KEY NOT NULL,
	"account_id" integer NOT NULL,
	"added_by" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_by" integer,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "register_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"retention_years" integer DEFAULT 6 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "referral_corrections" ADD CONSTRAINT "referral_corrections_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_corrections" ADD CONSTRAINT "referral_corrections_corrected_by_accounts_id_fk" FOREIGN KEY ("corrected_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_stages" ADD CONSTRAINT "referral_stages_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_stages" ADD CONSTRAINT "referral_stages_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_stages" ADD CONSTRAINT "referral_stages_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_access" ADD CONSTRAINT "register_access_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_access" ADD CONSTRAINT "register_access_added_by_accounts_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_access" ADD CONSTRAINT "register_access_removed_by_accounts_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_settings" ADD CONSTRAINT "register_settings_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referral_corrections_referral_idx" ON "referral_corrections" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "referral_stages_referral_idx" ON "referral_stages" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "referral_stages_meeting_idx" ON "referral_stages" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "referrals_received_idx" ON "referrals" USING btree ("received_on");--> statement-breakpoint
CREATE INDEX "referrals_exited_idx" ON "referrals" USING btree ("exited_on");--> statement-breakpoint
CREATE INDEX "register_access_account_idx" ON "register_access" USING btree ("account_id");
--> statement-breakpoint
-- Register rows are never deleted: a case is reduced at the end of its retention period, not removed.
CREATE FUNCTION register_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER referrals_never_deleted BEFORE DELETE ON referrals
  FOR EACH ROW EXECUTE FUNCTION register_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER referral_stages_never_deleted BEFORE DELETE ON referral_stages
  FOR EACH ROW EXECUTE FUNCTION register_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER referral_corrections_never_deleted BEFORE DELETE ON referral_corrections
  FOR EACH ROW EXECUTE FUNCTION register_refuse_delete();
