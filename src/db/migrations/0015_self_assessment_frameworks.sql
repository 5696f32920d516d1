CREATE TABLE "self_assessment_criteria" (
	"id" serial PRIMARY KEY NOT NULL,
	"section_id" integer NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"evidence_expected" text,
	CONSTRAINT "self_assessment_criteria_position" UNIQUE("section_id","position")
);
--> statement-breakpoint
CREATE TABLE "self_assessment_evidence" (
	"id" serial PRIMARY KEY NOT NULL,
	"assessment_id" integer NOT NULL,
	"criterion_id" integer NOT NULL,
	"document_id" integer,
	"plan_action_id" integer,
	"added_by" integer,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "self_assessment_framework_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"filename" text NOT NULL,
	"file" text NOT NULL,
	"name" text NOT NULL,
	"years" text NOT NULL,
	"uploaded_by" integer NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone,
	"framework_id" integer
);
--> statement-breakpoint
CREATE TABLE "self_assessment_frameworks" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"years" text NOT NULL,
	"description" text,
	"weak_up_to" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "self_assessment_frameworks_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "self_assessment_levels" (
	"id" serial PRIMARY KEY NOT NULL,
	"framework_id" integer NOT NULL,
	"value" integer NOT NULL,
	"name" text NOT NULL,
	"meaning" text NOT NULL,
	"colour" text DEFAULT 'grey' NOT NULL,
	CONSTRAINT "self_assessment_levels_value" UNIQUE("framework_id","value")
);
--> statement-breakpoint
CREATE TABLE "self_assessment_peer_ratings" (
	"id" serial PRIMARY KEY NOT NULL,
	"framework_id" integer NOT NULL,
	"peer" text NOT NULL,
	"year" integer NOT NULL,
	"criterion_id" integer NOT NULL,
	"value" integer NOT NULL,
	"source" text,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "self_assessment_ratings" (
	"id" serial PRIMARY KEY NOT NULL,
	"assessment_id" integer NOT NULL,
	"criterion_id" integer NOT NULL,
	"value" integer,
	"evidence" text,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "self_assessment_ratings_once" UNIQUE("assessment_id","criterion_id")
);
--> statement-breakpoint
CREATE TABLE "self_assessment_sections" (
	"id" serial PRIMARY KEY NOT NULL,
	"framework_id" integer NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	CONSTRAINT "self_assessment_sections_position" UNIQUE("framework_id","position")
);
--> statement-breakpoint
CREATE TABLE "self_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"framework_id" integer NOT NULL,
	"body" text NOT NULL,
	"title" text NOT NULL,
	"assessed_on" date NOT NULL,
	"completed_by_person_id" integer,
	"assessing_group_id" integer NOT NULL,
	"summary" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"agreed_by_group_id" integer,
	"agreed_at_meeting_id" integer,
	"agreed_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "self_assessment_criteria" ADD CONSTRAINT "self_assessment_criteria_section_id_self_assessment_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."self_assessment_sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_evidence" ADD CONSTRAINT "self_assessment_evidence_assessment_id_self_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."self_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_evidence" ADD CONSTRAINT "self_assessment_evidence_criterion_id_self_assessment_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."self_assessment_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_evidence" ADD CONSTRAINT "self_assessment_evidence_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_evidence" ADD CONSTRAINT "self_assessment_evidence_plan_action_id_plan_actions_id_fk" FOREIGN KEY ("plan_action_id") REFERENCES "public"."plan_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_evidence" ADD CONSTRAINT "self_assessment_evidence_added_by_accounts_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_framework_imports" ADD CONSTRAINT "self_assessment_framework_imports_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_framework_imports" ADD CONSTRAINT "self_assessment_framework_imports_framework_id_self_assessment_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."self_assessment_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_frameworks" ADD CONSTRAINT "self_assessment_frameworks_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_levels" ADD CONSTRAINT "self_assessment_levels_framework_id_self_assessment_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."self_assessment_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_peer_ratings" ADD CONSTRAINT "self_assessment_peer_ratings_framework_id_self_assessment_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."self_assessment_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_peer_ratings" ADD CONSTRAINT "self_assessment_peer_ratings_criterion_id_self_assessment_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."self_assessment_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_peer_ratings" ADD CONSTRAINT "self_assessment_peer_ratings_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_ratings" ADD CONSTRAINT "self_assessment_ratings_assessment_id_self_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."self_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_ratings" ADD CONSTRAINT "self_assessment_ratings_criterion_id_self_assessment_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."self_assessment_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_ratings" ADD CONSTRAINT "self_assessment_ratings_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_sections" ADD CONSTRAINT "self_assessment_sections_framework_id_self_assessment_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."self_assessment_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_framework_id_self_assessment_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."self_assessment_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_completed_by_person_id_people_id_fk" FOREIGN KEY ("completed_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_assessing_group_id_groups_id_fk" FOREIGN KEY ("assessing_group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_agreed_by_group_id_groups_id_fk" FOREIGN KEY ("agreed_by_group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_agreed_at_meeting_id_meetings_id_fk" FOREIGN KEY ("agreed_at_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "self_assessment_evidence_assessment_idx" ON "self_assessment_evidence" USING btree ("assessment_id");--> statement-breakpoint
CREATE INDEX "self_assessment_peer_ratings_framework_idx" ON "self_assessment_peer_ratings" USING btree ("framework_id","peer","year");--> statement-breakpoint
CREATE INDEX "self_assessments_framework_idx" ON "self_assessments" USING btree ("framework_id","body");--> statement-breakpoint
-- The two frameworks the Hub ships with (src/modules/self-assessment/shipped-frameworks.ts).
INSERT INTO self_assessment_frameworks (name, years, description, weak_up_to) VALUES ('National Indicator 35', '2008–2010', 'Building resilience to violent extremism: the national indicator by which local strategic partnerships assessed their Prevent work, each of four strands scored from 1 to 5.', 2);
--> statement-breakpoint
INSERT INTO self_assessment_levels (framework_id, value, name, meaning, colour) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35'), 1, '1', 'Little or no work in place yet', 'red'), ((SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35'), 2, '2', 'Early stages: work planned or just begun', 'orange'), ((SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35'), 3, '3', 'Work in place and making progress, with some evidence', 'yellow'), ((SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35'), 4, '4', 'Established and effective, with good evidence', 'green'), ((SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35'), 5, '5', 'Fully established, evaluated and improving, with strong evidence', 'blue');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35'), 1, 'Understanding of, and engagement with, Muslim communities');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35') AND position = 1), 1, 'Understanding of, and engagement with, Muslim communities', 'The partnership knows its Muslim communities (their make-up, places of worship, organisations and leaders) and engages with them regularly, including women and young people.', 'A community profile; a record of meetings and engagement with mosques, faith and community groups; examples of concerns raised by communities and what was done.');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35'), 2, 'Knowledge and understanding of the drivers and causes of violent extremism and the Prevent objectives');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35') AND position = 2), 1, 'Knowledge and understanding of the drivers and causes of violent extremism and the Prevent objectives', 'Partners and front-line staff understand what draws people towards violent extremism and what the Prevent objectives ask of them.', 'Awareness sessions held and who attended; briefing material in use; staff able to say how they would raise a concern.');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35'), 3, 'Development of a risk-based Prevent action plan');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35') AND position = 3), 1, 'Development of a risk-based Prevent action plan', 'An action plan drawn from a local assessment of risk (with the police Counter-Terrorism Local Profile), agreed by the partnership and owned by named leads.', 'The action plan with leads and dates; the risk assessment it rests on; the minute of the meeting that agreed it.');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35'), 4, 'Effective oversight, delivery and evaluation of projects');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'National Indicator 35') AND position = 4), 1, 'Effective oversight, delivery and evaluation of projects', 'A named group oversees delivery, reviews progress against the plan and evaluates what projects achieved.', 'Progress reports to the overseeing group; project monitoring returns; evaluations and the changes made as a result.');
--> statement-breakpoint
INSERT INTO self_assessment_frameworks (name, years, description, weak_up_to) VALUES ('Prevent duty toolkit for local authorities', '2024', 'The Home Office toolkit for local authorities and partners to assess how well the Prevent duty is delivered locally, area by area.', 2);
--> statement-breakpoint
INSERT INTO self_assessment_levels (framework_id, value, name, meaning, colour) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 1, 'Red', 'Not in place', 'red'), ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 2, 'Amber', 'Partly in place', 'orange'), ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 3, 'Green', 'In place', 'green'), ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 4, 'Blue', 'Good practice others could adopt', 'blue');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 1, 'Multi-agency partnership group');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities') AND position = 1), 1, 'A multi-agency group oversees Prevent delivery', 'A partnership group with the right partners (council, police, health, education, probation) meets regularly, with terms of reference and a senior chair.', 'Terms of reference; membership list; minutes and attendance of recent meetings.');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 2, 'Local risk assessment');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities') AND position = 2), 1, 'Prevent activity rests on an up-to-date local risk assessment', 'The local risk is assessed using the Counter-Terrorism Local Profile and local information, and refreshed at least once a year.', 'The risk assessment and its date; how the Counter-Terrorism Local Profile was used.');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 3, 'Partnership plan');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities') AND position = 3), 1, 'A partnership plan answers the local risk', 'A plan with actions, leads and dates that answers each risk identified, reviewed by the group.', 'The partnership plan; progress reports against it.');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 4, 'Referral pathway');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities') AND position = 4), 1, 'Staff know how to make a Prevent referral', 'A clear referral pathway, consistent with safeguarding procedures, that staff across the authority and partners know and use.', 'The published pathway; referral figures; examples of referrals handled well.');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 5, 'Channel panel');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities') AND position = 5), 1, 'The Channel panel works as the duty guidance requires', 'The panel is chaired by the local authority, meets when needed with the right partners and reviews cases at 6 and 12 months.', 'Panel terms of reference; attendance; case review records.');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 6, 'Training programme');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities') AND position = 6), 1, 'Staff are trained to the level their role needs', 'A training programme covering who needs which training, with completion recorded and refreshed.', 'The training plan; completion figures by service; feedback from sessions.');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 7, 'Reducing permissive environments');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities') AND position = 7), 1, 'Venues, events and council systems do not give extremists a platform', 'Policies on room bookings, events, IT filtering and procurement stop the authority’s resources being used to spread extremist views.', 'Venue hire and IT policies; examples of their use; checks on commissioned services.');
--> statement-breakpoint
INSERT INTO self_assessment_sections (framework_id, position, title) VALUES ((SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities'), 8, 'Communications and engagement');
--> statement-breakpoint
INSERT INTO self_assessment_criteria (section_id, position, title, description, evidence_expected) VALUES ((SELECT id FROM self_assessment_sections WHERE framework_id = (SELECT id FROM self_assessment_frameworks WHERE name = 'Prevent duty toolkit for local authorities') AND position = 8), 1, 'Communities and staff hear about Prevent and can raise concerns', 'A communications plan explains Prevent to communities and staff, answers misinformation and engages civil society groups.', 'The communications plan; engagement held and with whom; how feedback was acted on.');
