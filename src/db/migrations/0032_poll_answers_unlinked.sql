ALTER TABLE "poll_responses" ALTER COLUMN "delegate_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "workshop_answers" ALTER COLUMN "delegate_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "respondents_kept" integer DEFAULT 0 NOT NULL;