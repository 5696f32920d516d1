/**
 * What the uptake page is measured against in `npm run bench:pages -- --pages group,uptake`: ten
 * times the demo's organisations (260, across every sector) and ten times its uses (130 of the
 * "Trust your Instincts" DVD by 90 organisations, the rest not reached yet), beside two other
 * resources with uses of their own, so the page reads one resource out of several.
 */
import type { Database } from '../src/db/client.ts';
import { organisations, SECTORS } from '../src/modules/organisations/organisations.tables.ts';
import { resources, resourceUses } from '../src/modules/resources/resources.tables.ts';

const ORGANISATIONS = 260;
const USES = 130;
const USING = 90;

export async function seedUptake(db: Database, accountId: number): Promise<{ path: string }> {
  const orgs = await db
    .insert(organisations)
    .values(
      Array.from({ length: ORGANISATIONS }, (_, i) => ({
        name: `Uptake bench organisation ${i + 1}`,
        sector: SECTORS[i % SECTORS.length]!,
      })),
    )
    .returning({ id: organisations.id });
  const made = await db
    .insert(resources)
    .values(
      ['Trust your Instincts', 'Prevent leaflet', 'Prevent e-learning'].map((title, i) => ({
        title,
        format: (['dvd', 'leaflet', 'e_learning'] as const)[i]!,
        reviewOn: '2030-03-31',
        createdBy: accountId,
      })),
    )
    .returning({ id: resources.id });
  // Every resource gets the same spread of uses; the page is asked about the first.
  await db.insert(resourceUses).values(
    made.flatMap((resource) =>
      Array.from({ length: USES }, (_, i) => ({
        resourceId: resource.id,
        // Uses fall on the first USING organisations: the other 170 have not used it yet.
        organisationId: orgs[(i * 7) % USING]!.id,
        usedOn: `2009-${String((i % 12) + 1).padStart(2, '0')}-15`,
        howUsed: 'Shown at team briefing',
        peopleReached: 10 + (i % 40),
        recordedBy: accountId,
      })),
    ),
  );
  return { path: `/resources/${made[0]!.id}/uptake` };
}
