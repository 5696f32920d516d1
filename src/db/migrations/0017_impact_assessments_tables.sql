CREATE TABLE "impact_assessment_groups" (
	"assessment_id" integer NOT NULL,
	"group_id" integer NOT NULL,
	CONSTRAINT "impact_assessment_groups_assessment_id_group_id_pk" PRIMARY KEY("assessment_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "impact_assessment_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"assessment_id" integer NOT NULL,
	"number" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"what_changed" text NOT NULL,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "impact_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer,
	"decision_title" text,
	"decision_agenda_item_id" integer,
	"communities_affected" text DEFAULT '' NOT NULL,
	"perceptions" text DEFAULT '' NOT NULL,
	"risks" text DEFAULT '' NOT NULL,
	"review_on" date NOT NULL,
	"owner_person_id" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_reason" text
);
--> statement-breakpoint
CREATE TABLE "impact_assessment_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"assessment_id" integer NOT NULL,
	"description" text NOT NULL,
	"owner_person_id" integer,
	"owner_organisation_id" integer,
	"due_on" date,
	"status" text DEFAULT 'not_started' NOT NULL,
	"plan_action_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "impact_assessment_groups" ADD CONSTRAINT "impact_assessment_groups_assessment_id_impact_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."impact_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessment_groups" ADD CONSTRAINT "impact_assessment_groups_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessment_versions" ADD CONSTRAINT "impact_assessment_versions_assessment_id_impact_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."impact_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessment_versions" ADD CONSTRAINT "impact_assessment_versions_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessments" ADD CONSTRAINT "impact_assessments_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessments" ADD CONSTRAINT "impact_assessments_decision_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("decision_agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessments" ADD CONSTRAINT "impact_assessments_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessments" ADD CONSTRAINT "impact_assessments_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessment_actions" ADD CONSTRAINT "impact_assessment_actions_assessment_id_impact_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."impact_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessment_actions" ADD CONSTRAINT "impact_assessment_actions_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessment_actions" ADD CONSTRAINT "impact_assessment_actions_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_assessment_actions" ADD CONSTRAINT "impact_assessment_actions_plan_action_id_plan_actions_id_fk" FOREIGN KEY ("plan_action_id") REFERENCES "public"."plan_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "impact_assessment_versions_assessment_idx" ON "impact_assessment_versions" USING btree ("assessment_id","number");--> statement-breakpoint
CREATE INDEX "impact_assessments_incident_idx" ON "impact_assessments" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "impact_assessments_owner_idx" ON "impact_assessments" USING btree ("owner_person_id");--> statement-breakpoint
CREATE INDEX "impact_assessment_actions_assessment_idx" ON "impact_assessment_actions" USING btree ("assessment_id");