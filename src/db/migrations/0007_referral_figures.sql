CREATE TABLE "referral_category_names" (
	"id" serial PRIMARY KEY NOT NULL,
	"breakdown" text NOT NULL,
	"source_key" text NOT NULL,
	"source_name" text NOT NULL,
	"category" text NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_category_names_source" UNIQUE("breakdown","source_key")
);
--> statement-breakpoint
CREATE TABLE "referral_figure_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"filename" text NOT NULL,
	"file" "bytea" NOT NULL,
	"settings" jsonb,
	"uploaded_by" integer NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone,
	"outcome" jsonb
);
--> statement-breakpoint
CREATE TABLE "referral_figures" (
	"id" serial PRIMARY KEY NOT NULL,
	"period_kind" text NOT NULL,
	"period_label" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"geography_kind" text NOT NULL,
	"geography" text NOT NULL,
	"measure" text NOT NULL,
	"breakdown" text,
	"category" text,
	"value" integer NOT NULL,
	"source_title" text NOT NULL,
	"source_url" text,
	"release" text NOT NULL,
	"release_date" date NOT NULL,
	"not_comparable" boolean DEFAULT false NOT NULL,
	"superseded_by" integer,
	"import_id" integer,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "referral_category_names" ADD CONSTRAINT "referral_category_names_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_figure_imports" ADD CONSTRAINT "referral_figure_imports_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_figures" ADD CONSTRAINT "referral_figures_superseded_by_referral_figures_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."referral_figures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_figures" ADD CONSTRAINT "referral_figures_import_id_referral_figure_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."referral_figure_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_figures" ADD CONSTRAINT "referral_figures_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "referral_figures_current" ON "referral_figures" USING btree ("geography_kind","geography","measure","period_start","period_kind",coalesce("breakdown", ''),coalesce("category", '')) WHERE "referral_figures"."superseded_by" is null;--> statement-breakpoint
CREATE INDEX "referral_figures_place_idx" ON "referral_figures" USING btree ("geography_kind","geography","measure","period_start");--> statement-breakpoint
CREATE INDEX "referral_figures_superseded_by_idx" ON "referral_figures" USING btree ("superseded_by");--> statement-breakpoint
CREATE INDEX "referral_figures_import_idx" ON "referral_figures" USING btree ("import_id");