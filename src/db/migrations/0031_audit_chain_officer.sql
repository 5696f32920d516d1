CREATE TABLE "audit_chain_officer" (
	"id" integer PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" text,
	CONSTRAINT "audit_chain_officer_one_row" CHECK ("audit_chain_officer"."id" = 1)
);
