// Writes the demo's year of training (content/training.ts) straight to the tables, attributed to the
// demo's coordinator: courses, sessions with attendance and feedback, the Prevent Champions made by
// the Train the Trainer sessions and their cascade, targets, and two requests still to answer.

import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import { events } from '../modules/events/events.tables.ts';
import { organisations, people } from '../modules/organisations/organisations.tables.ts';
import {
  preventChampions,
  trainingAttendance,
  trainingCourses,
  trainingEventOffers,
  trainingFeedback,
  trainingRequests,
  trainingSessions,
  trainingTargets,
} from '../modules/training/training.tables.ts';
import { DEMO_COURSES, DEMO_REQUESTS, DEMO_SESSIONS, DEMO_TARGETS } from './content/training.ts';
import { addDays, londonIsoDate } from './demo-dates.ts';

const DAY = 86_400_000;

export async function seedTrainingDemo(db: Queryable, options: { now: Date }): Promise<{ sessions: number }> {
  const today = londonIsoDate(options.now);
  const [orgRows, personRows, [coordinator], [forum]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name }).from(organisations),
    db.select({ id: people.id, name: people.name, organisationId: people.organisationId }).from(people),
    db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.role, 'coordinator'))
      .orderBy(asc(accounts.id))
      .limit(1),
    db.select({ id: events.id }).from(events).where(eq(events.joinCode, DEMO_REQUESTS.liveEvent.eventJoinCode)),
  ]);
  const by = coordinator?.id ?? null;
  const orgId = (name: string) => {
    const found = orgRows.find((o) => o.name === name);
    if (!found) throw new Error(`No demo organisation named ${name}`);
    return found.id;
  };
  const personOf = (name: string) => {
    const found = personRows.find((p) => p.name === name);
    if (!found) throw new Error(`No demo person named ${name}`);
    return found;
  };

  const courseIds = new Map<string, number>();
  for (const c of DEMO_COURSES) {
    const [row] = await db
      .insert(trainingCourses)
      .values({
        title: c.title,
        kind: c.kind,
        description: c.description,
        trainsTrainers: c.trainsTrainers ?? false,
        createdBy: by,
      })
      .returning({ id: trainingCourses.id });
    courseIds.set(c.key, row!.id);
  }

  for (const s of DEMO_SESSIONS) {
    const heldOn = addDays(today, -Math.round(s.monthsAgo * 30.4));
    const [row] = await db
      .insert(trainingSessions)
      .values({
        courseId: courseIds.get(s.course)!,
        heldOn,
        place: s.place,
        trainerPersonId: 'person' in s.trainer ? personOf(s.trainer.person).id : null,
        externalTrainer: 'external' in s.trainer ? s.trainer.external : null,
        capacity: s.capacity,
        createdBy: by,
        ...(s.cancelled
          ? {
              status: 'cancelled' as const,
              cancelReason: s.cancelled,
              cancelledBy: by,
              cancelledAt: new Date(Date.parse(heldOn) - 7 * DAY),
            }
          : {}),
      })
      .returning({ id: trainingSessions.id });
    const sessionId = row!.id;
    for (const a of s.attendance) {
      const named = 'person' in a ? personOf(a.person) : null;
      await db.insert(trainingAttendance).values({
        sessionId,
        organisationId: named ? named.organisationId! : orgId((a as { organisation: string }).organisation),
        personId: named?.id ?? null,
        staff: named ? 1 : (a as { staff: number }).staff,
        recordedBy: by,
      });
      // A named attendee of Train the Trainer is a Prevent Champion from that day.
      if (named && s.course === 'ttt')
        await db.insert(preventChampions).values({
          personId: named.id,
          organisationId: named.organisationId,
          trainedOn: heldOn,
          trainedAtSessionId: sessionId,
          recordedBy: by,
        });
    }
    if (s.feedback)
      await db
        .insert(trainingFeedback)
        .values(
          s.feedback
            .map((responses, i) => ({ sessionId, score: i + 1, responses, recordedBy: by }))
            .filter((f) => f.responses > 0),
        );
  }

  await db
    .insert(trainingTargets)
    .values(DEMO_TARGETS.map((t) => ({ organisationId: orgId(t.organisation), staff: t.staff, setBy: by })));

  const { member, liveEvent } = DEMO_REQUESTS;
  const { daysAgo, organisation, ...asked } = member;
  await db.insert(trainingRequests).values({
    ...asked,
    organisationId: orgId(organisation),
    source: 'member',
    requestedBy: by,
    requestedAt: new Date(options.now.getTime() - daysAgo * DAY),
  });
  if (forum) {
    await db.insert(trainingEventOffers).values({ eventId: forum.id, offeredBy: by });
    const { eventJoinCode: _code, ...fromDelegate } = liveEvent;
    await db.insert(trainingRequests).values({ ...fromDelegate, source: 'live_event', eventId: forum.id });
  }
  return { sessions: DEMO_SESSIONS.length };
}
