/** Test data for the meetings tests, inserted directly: a Channel panel and the people around it. */
import type { TestHub } from '../../../test/helpers.ts';
import type { Cadence } from '../groups/groups.tables.ts';
import { groupMembers, groups } from '../groups/groups.tables.ts';
import { organisations, people } from '../organisations/organisations.tables.ts';
import { londonToUtc } from './meetings.dates.ts';
import { meetings, type MEETING_STATUSES } from './meetings.tables.ts';

let counter = 0;

export async function organisation(
  hub: TestHub,
  name: string,
  sector: 'local_authority' | 'police' | 'health' = 'local_authority',
) {
  const [row] = await hub.database.db.insert(organisations).values({ name, sector }).returning();
  return row!;
}

export async function group(hub: TestHub, cadence: Cadence = 'monthly', name?: string) {
  counter += 1;
  const [row] = await hub.database.db
    .insert(groups)
    .values({ name: name ?? `Channel panel ${counter}`, kind: 'channel_panel', cadence })
    .returning();
  return row!;
}

export async function person(hub: TestHub, name: string, organisationId: number | null = null) {
  const [row] = await hub.database.db.insert(people).values({ name, organisationId }).returning();
  return row!;
}

export async function member(hub: TestHub, groupId: number, personId: number, organisationId: number | null = null) {
  await hub.database.db.insert(groupMembers).values({ groupId, personId, organisationId });
}

/** A meeting at London local times on the given date. */
export async function meeting(
  hub: TestHub,
  groupId: number,
  date: string,
  options: { start?: string; end?: string; status?: (typeof MEETING_STATUSES)[number]; location?: string } = {},
) {
  const [row] = await hub.database.db
    .insert(meetings)
    .values({
      groupId,
      startsAt: londonToUtc(date, options.start ?? '10:00'),
      endsAt: londonToUtc(date, options.end ?? '12:00'),
      status: options.status ?? 'scheduled',
      location: options.location ?? null,
    })
    .returning();
  return row!;
}

/** The text of the table row containing `text`, tags stripped, spaces squeezed. */
export function rowText(html: string, text: string): string | undefined {
  const row = [...html.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes(text));
  return row
    ?.replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
