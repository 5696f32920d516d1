CREATE TABLE "response_plan_activities" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"heading" text NOT NULL,
	"description" text NOT NULL,
	"lead_organisation_id" integer,
	"day" integer NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"plan_action_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_plan_areas" (
	"plan_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	CONSTRAINT "response_plan_areas_plan_id_area_id_pk" PRIMARY KEY("plan_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "response_plan_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"kind" text NOT NULL,
	"ends_before" date,
	"ends_after" date,
	"reason" text,
	"changed_by" integer,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_plan_check_ins" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"on" date NOT NULL,
	"level" integer NOT NULL,
	"note" text NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_plan_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"event_id" integer NOT NULL,
	"linked_by" integer,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "response_plan_events_once" UNIQUE("incident_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "response_plan_template_activities" (
	"id" serial PRIMARY KEY NOT NULL,
	"template_id" integer NOT NULL,
	"position" integer NOT NULL,
	"heading" text NOT NULL,
	"description" text NOT NULL,
	"day" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_plan_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "response_plan_templates_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "response_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"title" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"closed_on" date,
	"closing" text,
	"summary" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "response_plan_activities" ADD CONSTRAINT "response_plan_activities_plan_id_response_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."response_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_activities" ADD CONSTRAINT "response_plan_activities_lead_organisation_id_organisations_id_fk" FOREIGN KEY ("lead_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_activities" ADD CONSTRAINT "response_plan_activities_plan_action_id_plan_actions_id_fk" FOREIGN KEY ("plan_action_id") REFERENCES "public"."plan_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_areas" ADD CONSTRAINT "response_plan_areas_plan_id_response_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."response_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_areas" ADD CONSTRAINT "response_plan_areas_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_changes" ADD CONSTRAINT "response_plan_changes_plan_id_response_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."response_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_changes" ADD CONSTRAINT "response_plan_changes_changed_by_accounts_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_check_ins" ADD CONSTRAINT "response_plan_check_ins_plan_id_response_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."response_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_check_ins" ADD CONSTRAINT "response_plan_check_ins_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_events" ADD CONSTRAINT "response_plan_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_events" ADD CONSTRAINT "response_plan_events_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_events" ADD CONSTRAINT "response_plan_events_linked_by_accounts_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plan_template_activities" ADD CONSTRAINT "response_plan_template_activities_template_id_response_plan_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."response_plan_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plans" ADD CONSTRAINT "response_plans_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_plans" ADD CONSTRAINT "response_plans_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "response_plan_activities_plan_idx" ON "response_plan_activities" USING btree ("plan_id","day");--> statement-breakpoint
CREATE INDEX "response_plan_changes_plan_idx" ON "response_plan_changes" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "response_plan_check_ins_plan_idx" ON "response_plan_check_ins" USING btree ("plan_id","on");--> statement-breakpoint
CREATE INDEX "response_plan_template_activities_template_idx" ON "response_plan_template_activities" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "response_plans_dates_idx" ON "response_plans" USING btree ("starts_on","ends_on");--> statement-breakpoint
CREATE INDEX "response_plans_incident_idx" ON "response_plans" USING btree ("incident_id");--> statement-breakpoint
-- The national 14-day plan's headings (seed 002 §14), the template every partnership starts with.
INSERT INTO "response_plan_templates" ("name") VALUES ('National 14-day plan');--> statement-breakpoint
INSERT INTO "response_plan_template_activities" ("template_id", "position", "heading", "description", "day")
SELECT t."id", v.position, v.heading, v.description, v.day
FROM "response_plan_templates" t,
(VALUES
  (1, 'Positive messaging', 'Joint statement from partners and faith leaders condemning the attack and calling for calm', 0),
  (2, 'Reassurance and high-visibility policing', 'High-visibility patrols at places of worship and community venues in the affected areas', 0),
  (3, 'Engagement with affected communities', 'Neighbourhood teams and the Community Reference Group contact affected communities', 1),
  (4, 'Monitoring of sentiment', 'Daily tension reports from neighbourhood teams, council community safety and schools', 1),
  (5, 'Schools and education', 'Guidance to schools and colleges on talking with pupils about the attack', 2),
  (6, 'Online', 'Monitor and counter online rumour and hate speech; refer illegal content', 2),
  (7, 'Vigils and multi-faith events', 'Support a vigil or multi-faith event with partners and faith leaders', 3),
  (8, 'Reassurance and high-visibility policing', 'Review patrols and reassurance visits against the latest tension reports', 7),
  (9, 'Monitoring of sentiment', 'Review of sentiment across the areas and whether the plan should be extended', 14)
) AS v(position, heading, description, day)
WHERE t."name" = 'National 14-day plan';
