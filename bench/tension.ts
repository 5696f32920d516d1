/**
 * What the tension overview is measured against in `npm run bench:pages -- --pages group,tension`:
 * 40 areas, a year of weekly reports from each (2,080) with indicators marked, and 30 incidents.
 */
import type { Database } from '../src/db/client.ts';
import { areas } from '../src/modules/partnership/partnership.tables.ts';
import {
  incidentAreas,
  incidents,
  tensionIndicators,
  tensionReportIndicators,
  tensionReports,
} from '../src/modules/tension/tension.tables.ts';

const AREAS = 40;
const WEEKS = 52;
const INCIDENTS = 30;

const dayAfter = (day: string, days: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function seedTension(db: Database, accountId: number): Promise<{ path: string }> {
  const areaRows = await db
    .insert(areas)
    .values(Array.from({ length: AREAS }, (_, i) => ({ name: `Bench district ${i + 1}`, kind: 'district' })))
    .returning({ id: areas.id });
  const firstMonday = '2025-01-06';
  const rows = areaRows.flatMap((area, a) =>
    Array.from({ length: WEEKS }, (_, w) => ({
      areaId: area.id,
      period: 'weekly' as const,
      periodStart: dayAfter(firstMonday, w * 7),
      periodEnd: dayAfter(firstMonday, w * 7 + 6),
      level: 1 + ((a * 7 + w * 3) % 5),
      summary: 'Online rumour after an incident elsewhere; reassurance patrols in place.',
      authorId: accountId,
    })),
  );
  const reportIds: number[] = [];
  for (let i = 0; i < rows.length; i += 500)
    reportIds.push(
      ...(
        await db
          .insert(tensionReports)
          .values(rows.slice(i, i + 500))
          .returning({ id: tensionReports.id })
      ).map((r) => r.id),
    );
  const [indicator] = await db.select({ id: tensionIndicators.id }).from(tensionIndicators).limit(1);
  if (indicator)
    for (let i = 0; i < reportIds.length; i += 500)
      await db
        .insert(tensionReportIndicators)
        .values(
          reportIds
            .slice(i, i + 500)
            .map((reportId) => ({ reportId, indicatorId: indicator.id, certainty: 'experienced' as const })),
        );
  const made = await db
    .insert(incidents)
    .values(
      Array.from({ length: INCIDENTS }, (_, i) => ({
        title: `Bench incident ${i + 1}`,
        summary: 'An attack elsewhere in the country.',
        scope: 'national' as const,
        occurredOn: dayAfter(firstMonday, i * 12),
        recordedBy: accountId,
      })),
    )
    .returning({ id: incidents.id });
  await db
    .insert(incidentAreas)
    .values(made.map((incident, i) => ({ incidentId: incident.id, areaId: areaRows[i % AREAS]!.id })));
  return { path: '/tension' };
}
