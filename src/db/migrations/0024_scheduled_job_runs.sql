CREATE TABLE "scheduled_job_runs" (
	"job" text NOT NULL,
	"period" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text,
	"summary" jsonb,
	"error" text,
	CONSTRAINT "scheduled_job_runs_job_period_pk" PRIMARY KEY("job","period")
);
