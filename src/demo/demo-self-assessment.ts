// The demo's self-assessments: written straight to the tables like the rest of the demo, from
// content/self-assessment.ts, against the two frameworks the migration ships.

import { and, asc, eq, gte } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { groups } from '../modules/groups/groups.tables.ts';
import { meetings } from '../modules/meetings/meetings.tables.ts';
import {
  selfAssessmentCriteria,
  selfAssessmentFrameworks,
  selfAssessmentPeerRatings,
  selfAssessmentRatings,
  selfAssessmentSections,
  selfAssessments,
} from '../modules/self-assessment/self-assessment.tables.ts';
import { DEMO_SELF_ASSESSMENTS, type DemoSelfAssessment } from './content/self-assessment.ts';

async function criteriaOf(db: Queryable, name: string) {
  const [framework] = await db
    .select({ id: selfAssessmentFrameworks.id })
    .from(selfAssessmentFrameworks)
    .where(eq(selfAssessmentFrameworks.name, name));
  const criteria = await db
    .select({ id: selfAssessmentCriteria.id })
    .from(selfAssessmentCriteria)
    .innerJoin(selfAssessmentSections, eq(selfAssessmentSections.id, selfAssessmentCriteria.sectionId))
    .where(eq(selfAssessmentSections.frameworkId, framework!.id))
    .orderBy(asc(selfAssessmentSections.position), asc(selfAssessmentCriteria.position));
  return { frameworkId: framework!.id, criterionIds: criteria.map((c) => c.id) };
}

async function seedOne(db: Queryable, demo: DemoSelfAssessment, now: Date) {
  const { frameworkId, criterionIds } = await criteriaOf(db, demo.framework);
  const [group] = await db.select({ id: groups.id }).from(groups).where(eq(groups.name, demo.group));
  if (!group) return;
  for (const iteration of demo.iterations) {
    const [meeting] = iteration.agreed
      ? await db
          .select({ id: meetings.id, startsAt: meetings.startsAt })
          .from(meetings)
          .where(
            and(eq(meetings.groupId, group.id), gte(meetings.startsAt, new Date(`${iteration.assessedOn}T00:00:00Z`))),
          )
          .orderBy(asc(meetings.startsAt))
          .limit(1)
      : [];
    const [row] = await db
      .insert(selfAssessments)
      .values({
        frameworkId,
        body: demo.body,
        title: iteration.title,
        assessedOn: iteration.assessedOn,
        assessingGroupId: group.id,
        summary: iteration.summary,
        status: meeting ? 'agreed' : 'draft',
        agreedByGroupId: meeting ? group.id : null,
        agreedAtMeetingId: meeting?.id ?? null,
        agreedAt: meeting ? (meeting.startsAt < now ? meeting.startsAt : now) : null,
      })
      .returning({ id: selfAssessments.id });
    await db.insert(selfAssessmentRatings).values(
      criterionIds.map((criterionId, i) => ({
        assessmentId: row!.id,
        criterionId,
        value: iteration.ratings[i] ?? null,
        evidence: iteration.evidence[i] ?? null,
      })),
    );
  }
  await db.insert(selfAssessmentPeerRatings).values(
    demo.peers.flatMap((peer) =>
      criterionIds.map((criterionId, i) => ({
        frameworkId,
        peer: peer.peer,
        year: peer.year,
        criterionId,
        value: peer.ratings[i]!,
        source: peer.source,
      })),
    ),
  );
}

export async function seedSelfAssessmentDemo(db: Queryable, { now }: { now: Date }): Promise<void> {
  for (const demo of DEMO_SELF_ASSESSMENTS) await seedOne(db, demo, now);
}
