import { buildApp } from '../src/app.ts';
import { openPglite, type Database } from '../src/db/client.ts';
import { testConfig, type TestHub } from '../test/helpers.ts';
import { partnership } from '../src/modules/partnership/partnership.tables.ts';
import { organisations, people } from '../src/modules/organisations/organisations.tables.ts';
import { groupMembers, groups } from '../src/modules/groups/groups.tables.ts';
import { agendaItems, attendance, meetings } from '../src/modules/meetings/meetings.tables.ts';
import { eq } from 'drizzle-orm';
import {
  ACTION_STATES,
  STRANDS,
  planActionPartners,
  planActions,
  planObjectives,
  planProgressUpdates,
  plans,
} from '../src/modules/plans/plans.tables.ts';

/** The whole Hub on a fresh PGlite database, as the tests build it but without the test runner. */
export async function benchHub(): Promise<TestHub> {
  const database = await openPglite(undefined);
  const config = testConfig({ logLevel: 'silent' });
  const app = await buildApp({ config, db: database.db });
  return { app, database, config };
}

const SECTORS = ['local_authority', 'police', 'health', 'education', 'probation'] as const;

/** A partnership with one group of `members` people and `meetings` monthly meetings, each with agenda and attendance. */
export async function seedGroupWithMeetings(db: Database, size: { members: number; meetings: number }) {
  await db.insert(partnership).values({ id: 1, name: 'Benchmark partnership' }).onConflictDoNothing();
  const orgs = await db
    .insert(organisations)
    .values(SECTORS.map((sector, i) => ({ name: `Organisation ${i + 1}`, sector })))
    .returning();
  const members = await db
    .insert(people)
    .values(
      Array.from({ length: size.members }, (_, i) => ({
        name: `Member ${i + 1}`,
        organisationId: orgs[i % orgs.length]!.id,
      })),
    )
    .returning();
  const [group] = await db
    .insert(groups)
    .values({ name: 'Prevent Steering Group', kind: 'steering', cadence: 'monthly', chairPersonId: members[0]!.id })
    .returning();
  await db.insert(groupMembers).values(
    members.map((m, i) => ({
      groupId: group!.id,
      personId: m.id,
      organisationId: m.organisationId,
      role: i === 0 ? ('chair' as const) : ('member' as const),
    })),
  );
  const now = Date.now();
  for (let i = 0; i < size.meetings; i++) {
    const startsAt = new Date(now - (size.meetings - 3 - i) * 30 * 24 * 3600 * 1000);
    const [meeting] = await db
      .insert(meetings)
      .values({
        groupId: group!.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3600 * 1000),
        location: 'Civic Centre',
        status: startsAt.getTime() < now ? 'held' : 'scheduled',
      })
      .returning();
    await db
      .insert(agendaItems)
      .values([1, 2, 3].map((position) => ({ meetingId: meeting!.id, position, title: `Item ${position}` })));
    await db.insert(attendance).values(
      members.map((m, j) => ({
        meetingId: meeting!.id,
        personId: m.id,
        organisationId: m.organisationId,
        status: (j + i) % 5 === 0 ? ('apologies' as const) : ('present' as const),
      })),
    );
  }
  return { groupId: group!.id, memberIds: members.map((m) => m.id) };
}

const DAY = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * A strategic plan of `actions` actions under six objectives, led by ten organisations and the
 * group's members, two partners each, and `updatesPerAction` dated progress updates each over the
 * past year (so some actions have gone quiet, some are overdue, a few are complete).
 */
export async function seedPlan(
  db: Database,
  size: { ownerGroupId: number; leadPersonIds: number[]; accountId: number; actions: number; updatesPerAction: number },
) {
  const leads = await db
    .insert(organisations)
    .values(
      Array.from({ length: 10 }, (_, i) => ({
        name: `Lead organisation ${i + 1}`,
        sector: 'local_authority' as const,
      })),
    )
    .returning({ id: organisations.id });
  const [plan] = await db
    .insert(plans)
    .values({
      title: 'Prevent Delivery Plan',
      kind: 'delivery',
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
      ownerGroupId: size.ownerGroupId,
      status: 'approved',
      currentVersion: 1,
      createdBy: size.accountId,
    })
    .returning({ id: plans.id });
  const planId = plan!.id;
  const objectives = await db
    .insert(planObjectives)
    .values(
      Array.from({ length: 6 }, (_, i) => ({
        planId,
        position: i + 1,
        title: `Objective ${i + 1}`,
        strand: STRANDS[i % STRANDS.length]!,
      })),
    )
    .returning({ id: planObjectives.id });
  const now = Date.now();
  const actions = await db
    .insert(planActions)
    .values(
      Array.from({ length: size.actions }, (_, i) => ({
        planId,
        objectiveId: objectives[i % objectives.length]!.id,
        reference: `${(i % objectives.length) + 1}.${Math.floor(i / objectives.length) + 1}`,
        title: `Action ${i + 1}: deliver Prevent awareness sessions to partner staff`,
        description: 'Sessions for frontline staff, recorded in the training log.',
        strand: STRANDS[i % STRANDS.length]!,
        leadOrganisationId: leads[i % leads.length]!.id,
        leadPersonId: size.leadPersonIds[i % size.leadPersonIds.length]!,
        startOn: isoDay(now - ((i * 7) % 300) * DAY),
        dueOn: isoDay(now + (((i * 13) % 400) - 100) * DAY),
        createdBy: size.accountId,
        createdAt: new Date(now - 400 * DAY),
      })),
    )
    .returning({ id: planActions.id });
  await db
    .insert(planActionPartners)
    .values(
      actions.flatMap((a, i) =>
        [1, 2].map((k) => ({ actionId: a.id, organisationId: leads[(i + k) % leads.length]!.id })),
      ),
    );
  for (const [i, action] of actions.entries()) {
    // Every seventh action stopped being updated four months ago: the quiet list has something in it.
    const newest = now - (i % 7 === 0 ? 120 : i % 30) * DAY - i * 60_000;
    const updates = Array.from({ length: size.updatesPerAction }, (_, k) => ({
      actionId: action.id,
      state: ACTION_STATES[(i + k) % ACTION_STATES.length]!,
      note: `Update ${k + 1}: sessions delivered this month and feedback collected.`,
      writtenBy: size.accountId,
      writtenAt: new Date(newest - (size.updatesPerAction - 1 - k) * 30 * DAY),
    }));
    await db.insert(planProgressUpdates).values(updates);
    const last = updates[updates.length - 1]!;
    await db
      .update(planActions)
      .set({ state: last.state, lastProgressAt: last.writtenAt })
      .where(eq(planActions.id, action.id));
  }
  return planId;
}
