CREATE TABLE "self_assessment_peer_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"framework_id" integer NOT NULL,
	"filename" text NOT NULL,
	"sheet" jsonb NOT NULL,
	"mapping" jsonb,
	"year" integer,
	"source" text,
	"uploaded_by" integer NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "document_id" integer;--> statement-breakpoint
ALTER TABLE "self_assessment_peer_ratings" ADD COLUMN "import_id" integer;--> statement-breakpoint
ALTER TABLE "self_assessment_peer_imports" ADD CONSTRAINT "self_assessment_peer_imports_framework_id_self_assessment_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."self_assessment_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_peer_imports" ADD CONSTRAINT "self_assessment_peer_imports_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_peer_ratings" ADD CONSTRAINT "self_assessment_peer_ratings_import_id_self_assessment_peer_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."self_assessment_peer_imports"("id") ON DELETE no action ON UPDATE no action;