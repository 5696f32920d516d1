/**
 * What the training overview is measured against in `npm run bench:pages -- --pages group,training`:
 * ten times the demo's training (40 courses' worth of kinds, 120 sessions over a year with their
 * attendance and feedback, 30 Prevent Champions delivering the cascade, 50 targets, 20 requests).
 */
import type { Database } from '../src/db/client.ts';
import { organisations, people } from '../src/modules/organisations/organisations.tables.ts';
import {
  COURSE_KINDS,
  preventChampions,
  trainingAttendance,
  trainingCourses,
  trainingFeedback,
  trainingRequests,
  trainingSessions,
  trainingTargets,
} from '../src/modules/training/training.tables.ts';

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

export async function seedTraining(db: Database, accountId: number): Promise<{ path: string }> {
  const orgs = await db
    .insert(organisations)
    .values(
      Array.from({ length: 50 }, (_, i) => ({
        name: `Training bench organisation ${i + 1}`,
        sector: i % 3 ? ('education' as const) : ('health' as const),
      })),
    )
    .returning({ id: organisations.id });
  const trainers = await db
    .insert(people)
    .values(
      Array.from({ length: 31 }, (_, i) => ({
        name: `Bench trainer ${i + 1}`,
        organisationId: orgs[i % orgs.length]!.id,
      })),
    )
    .returning({ id: people.id, organisationId: people.organisationId });
  const courses = await db
    .insert(trainingCourses)
    .values(
      Array.from({ length: 40 }, (_, i) => ({
        title: `Bench course ${i + 1}`,
        kind: COURSE_KINDS[i % COURSE_KINDS.length]!,
        trainsTrainers: i % 10 === 3,
        createdBy: accountId,
      })),
    )
    .returning({ id: trainingCourses.id });
  await db
    .insert(preventChampions)
    .values(
      trainers
        .slice(1)
        .map((t) => ({ personId: t.id, organisationId: t.organisationId, trainedOn: day(360), recordedBy: accountId })),
    );
  const sessions = await db
    .insert(trainingSessions)
    .values(
      Array.from({ length: 120 }, (_, i) => ({
        courseId: courses[i % courses.length]!.id,
        heldOn: day(350 - i * 3),
        place: `Venue ${i % 12}`,
        trainerPersonId: trainers[i % trainers.length]!.id,
        capacity: 30,
        createdBy: accountId,
      })),
    )
    .returning({ id: trainingSessions.id });
  await db.insert(trainingAttendance).values(
    sessions.flatMap((s, i) =>
      [0, 1].map((k) => ({
        sessionId: s.id,
        organisationId: orgs[(i * 2 + k) % orgs.length]!.id,
        staff: 5 + ((i + k) % 11),
        recordedBy: accountId,
      })),
    ),
  );
  await db
    .insert(trainingFeedback)
    .values(
      sessions.flatMap((s) =>
        [3, 4, 5].map((score) => ({ sessionId: s.id, score, responses: score, recordedBy: accountId })),
      ),
    );
  await db.insert(trainingTargets).values(orgs.map((o) => ({ organisationId: o.id, staff: 40, setBy: accountId })));
  await db.insert(trainingRequests).values(
    Array.from({ length: 20 }, (_, i) => ({
      organisationId: orgs[i]!.id,
      topic: 'Prevent awareness',
      audience: 'Frontline staff',
      numbers: 20,
      contactName: 'Bench contact',
      contactEmail: 'bench@example.org',
      source: 'member' as const,
      requestedBy: accountId,
    })),
  );
  return { path: '/training' };
}
