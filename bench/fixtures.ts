import { buildApp } from '../src/app.ts';
import { openPglite, type Database } from '../src/db/client.ts';
import { testConfig, type TestHub } from '../test/helpers.ts';
import { partnership } from '../src/modules/partnership/partnership.tables.ts';
import { organisations, people } from '../src/modules/organisations/organisations.tables.ts';
import { groupMembers, groups } from '../src/modules/groups/groups.tables.ts';
import { agendaItems, attendance, meetings } from '../src/modules/meetings/meetings.tables.ts';

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
