CREATE TABLE "communities" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "communities_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "incident_areas" (
	"incident_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	CONSTRAINT "incident_areas_incident_id_area_id_pk" PRIMARY KEY("incident_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "incident_communities" (
	"incident_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	CONSTRAINT "incident_communities_incident_id_community_id_pk" PRIMARY KEY("incident_id","community_id")
);
--> statement-breakpoint
CREATE TABLE "incident_groups" (
	"incident_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	CONSTRAINT "incident_groups_incident_id_group_id_pk" PRIMARY KEY("incident_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"scope" text NOT NULL,
	"occurred_on" date NOT NULL,
	"source_url" text,
	"localised_from_id" integer,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tension_indicators" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "tension_indicators_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "tension_report_indicators" (
	"report_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"certainty" text NOT NULL,
	CONSTRAINT "tension_report_indicators_report_id_indicator_id_pk" PRIMARY KEY("report_id","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "tension_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"area_id" integer NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"level" integer NOT NULL,
	"summary" text NOT NULL,
	"author_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tension_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"reader_group_ids" integer[] NOT NULL,
	"changed_by" integer,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_areas" ADD CONSTRAINT "incident_areas_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_areas" ADD CONSTRAINT "incident_areas_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_communities" ADD CONSTRAINT "incident_communities_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_communities" ADD CONSTRAINT "incident_communities_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_groups" ADD CONSTRAINT "incident_groups_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_groups" ADD CONSTRAINT "incident_groups_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_localised_from_id_incidents_id_fk" FOREIGN KEY ("localised_from_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tension_report_indicators" ADD CONSTRAINT "tension_report_indicators_report_id_tension_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."tension_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tension_report_indicators" ADD CONSTRAINT "tension_report_indicators_indicator_id_tension_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."tension_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tension_reports" ADD CONSTRAINT "tension_reports_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tension_reports" ADD CONSTRAINT "tension_reports_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tension_settings" ADD CONSTRAINT "tension_settings_changed_by_accounts_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_groups_group_idx" ON "incident_groups" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "incidents_occurred_idx" ON "incidents" USING btree ("occurred_on");--> statement-breakpoint
CREATE INDEX "incidents_localised_idx" ON "incidents" USING btree ("localised_from_id");--> statement-breakpoint
CREATE INDEX "tension_reports_area_period_idx" ON "tension_reports" USING btree ("area_id","period_start");--> statement-breakpoint
-- The indicators the partnership starts with (issue 13); coordinators add to and archive from the list.
INSERT INTO "tension_indicators" ("name") VALUES
  ('Hate incidents'),
  ('Graffiti'),
  ('Protest planned'),
  ('Online rumour'),
  ('School incident'),
  ('Attendance drop at faith settings'),
  ('Anti-Prevent campaigning');
