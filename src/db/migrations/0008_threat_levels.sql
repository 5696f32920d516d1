CREATE TABLE "disrupted_plots" (
	"id" serial PRIMARY KEY NOT NULL,
	"period_label" text NOT NULL,
	"period_from" date,
	"period_to" date,
	"ideology" text NOT NULL,
	"plots" integer NOT NULL,
	"source" text NOT NULL,
	"published_on" date,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"corrects_id" integer,
	CONSTRAINT "disrupted_plots_corrects_once" UNIQUE("corrects_id")
);
--> statement-breakpoint
CREATE TABLE "threat_level_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"in_force_from" date NOT NULL,
	"level" text NOT NULL,
	"scope" text NOT NULL,
	"note" text,
	"provenance" text DEFAULT 'recorded' NOT NULL,
	"to_confirm" boolean DEFAULT false NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"corrects_id" integer,
	CONSTRAINT "threat_level_changes_corrects_once" UNIQUE("corrects_id")
);
--> statement-breakpoint
ALTER TABLE "disrupted_plots" ADD CONSTRAINT "disrupted_plots_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disrupted_plots" ADD CONSTRAINT "disrupted_plots_corrects_id_disrupted_plots_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."disrupted_plots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_level_changes" ADD CONSTRAINT "threat_level_changes_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_level_changes" ADD CONSTRAINT "threat_level_changes_corrects_id_threat_level_changes_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."threat_level_changes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "threat_level_changes_from_idx" ON "threat_level_changes" USING btree ("in_force_from");