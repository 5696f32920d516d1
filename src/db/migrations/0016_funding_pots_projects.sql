CREATE TABLE "ctlp_risks" (
	"id" serial PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"document_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "ctlp_risks_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "funding_delivery_participants" (
	"delivery_id" integer NOT NULL,
	"audience" text NOT NULL,
	"participants" integer NOT NULL,
	CONSTRAINT "funding_delivery_participants_delivery_id_audience_pk" PRIMARY KEY("delivery_id","audience")
);
--> statement-breakpoint
CREATE TABLE "funding_pots" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"amount_pence" integer NOT NULL,
	"financial_year" text NOT NULL,
	"conditions" text,
	"deciding_group_id" integer NOT NULL,
	"claim_deadline" date,
	"spend_deadline" date,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "funding_projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"pot_id" integer,
	"proposal_id" integer,
	"delivery_partner_id" integer,
	"budget_pence" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"rag" text DEFAULT 'green' NOT NULL,
	"outputs" text,
	"outcomes" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "funding_proposals" (
	"id" serial PRIMARY KEY NOT NULL,
	"pot_id" integer NOT NULL,
	"title" text NOT NULL,
	"proposer_kind" text NOT NULL,
	"proposer_organisation_id" integer,
	"proposer_reference" text,
	"amount_asked_pence" integer NOT NULL,
	"risk_id" integer,
	"area_id" integer,
	"outcome_sought" text NOT NULL,
	"decision" text,
	"approved_amount_pence" integer,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	"overcommit_confirmed" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "funding_hosting_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"organisation_id" integer,
	"area_id" integer,
	"place" text NOT NULL,
	"preferred_on" date,
	"audience" text,
	"contact" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"reason" text,
	"delivery_id" integer,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_project_deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"area_id" integer,
	"place" text,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_project_places" (
	"project_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	CONSTRAINT "funding_project_places_project_id_area_id_pk" PRIMARY KEY("project_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "funding_project_risks" (
	"project_id" integer NOT NULL,
	"risk_id" integer NOT NULL,
	CONSTRAINT "funding_project_risks_project_id_risk_id_pk" PRIMARY KEY("project_id","risk_id")
);
--> statement-breakpoint
CREATE TABLE "funding_project_spend" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"quarter" text NOT NULL,
	"amount_pence" integer NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ctlp_risks" ADD CONSTRAINT "ctlp_risks_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ctlp_risks" ADD CONSTRAINT "ctlp_risks_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_delivery_participants" ADD CONSTRAINT "funding_delivery_participants_delivery_id_funding_project_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."funding_project_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_pots" ADD CONSTRAINT "funding_pots_deciding_group_id_groups_id_fk" FOREIGN KEY ("deciding_group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_pots" ADD CONSTRAINT "funding_pots_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_projects" ADD CONSTRAINT "funding_projects_pot_id_funding_pots_id_fk" FOREIGN KEY ("pot_id") REFERENCES "public"."funding_pots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_projects" ADD CONSTRAINT "funding_projects_proposal_id_funding_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."funding_proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_projects" ADD CONSTRAINT "funding_projects_delivery_partner_id_organisations_id_fk" FOREIGN KEY ("delivery_partner_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_projects" ADD CONSTRAINT "funding_projects_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_proposals" ADD CONSTRAINT "funding_proposals_pot_id_funding_pots_id_fk" FOREIGN KEY ("pot_id") REFERENCES "public"."funding_pots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_proposals" ADD CONSTRAINT "funding_proposals_proposer_organisation_id_organisations_id_fk" FOREIGN KEY ("proposer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_proposals" ADD CONSTRAINT "funding_proposals_risk_id_ctlp_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."ctlp_risks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_proposals" ADD CONSTRAINT "funding_proposals_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_proposals" ADD CONSTRAINT "funding_proposals_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_hosting_requests" ADD CONSTRAINT "funding_hosting_requests_project_id_funding_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."funding_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_hosting_requests" ADD CONSTRAINT "funding_hosting_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_hosting_requests" ADD CONSTRAINT "funding_hosting_requests_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_hosting_requests" ADD CONSTRAINT "funding_hosting_requests_delivery_id_funding_project_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."funding_project_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_hosting_requests" ADD CONSTRAINT "funding_hosting_requests_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_hosting_requests" ADD CONSTRAINT "funding_hosting_requests_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_project_deliveries" ADD CONSTRAINT "funding_project_deliveries_project_id_funding_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."funding_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_project_deliveries" ADD CONSTRAINT "funding_project_deliveries_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_project_deliveries" ADD CONSTRAINT "funding_project_deliveries_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_project_places" ADD CONSTRAINT "funding_project_places_project_id_funding_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."funding_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_project_places" ADD CONSTRAINT "funding_project_places_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_project_risks" ADD CONSTRAINT "funding_project_risks_project_id_funding_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."funding_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_project_risks" ADD CONSTRAINT "funding_project_risks_risk_id_ctlp_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."ctlp_risks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_project_spend" ADD CONSTRAINT "funding_project_spend_project_id_funding_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."funding_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_project_spend" ADD CONSTRAINT "funding_project_spend_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funding_projects_pot_idx" ON "funding_projects" USING btree ("pot_id");--> statement-breakpoint
CREATE INDEX "funding_proposals_pot_idx" ON "funding_proposals" USING btree ("pot_id");--> statement-breakpoint
CREATE INDEX "funding_hosting_requests_project_idx" ON "funding_hosting_requests" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "funding_project_deliveries_project_idx" ON "funding_project_deliveries" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "funding_project_spend_project_idx" ON "funding_project_spend" USING btree ("project_id");