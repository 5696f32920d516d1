// The demo's incidents and tension reports, written straight to the tables like the rest of the demo.

import { asc, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import { groups } from '../modules/groups/groups.tables.ts';
import { areas } from '../modules/partnership/partnership.tables.ts';
import {
  communities,
  incidentAreas,
  incidentCommunities,
  incidentGroups,
  incidents,
  tensionIndicators,
  tensionReportIndicators,
  tensionReports,
} from '../modules/tension/tension.tables.ts';
import {
  DEMO_COMMUNITIES,
  DEMO_INCIDENTS,
  INDICATORS_BY_LEVEL,
  LEVELS,
  LLR_DISTRICTS,
  REPORT_WEEKS,
  SUMMARIES,
  USUAL_LEVELS,
} from './content/tension.ts';

/** The incidents the demo makes: each national record and its LLR localisation, by title. */
export interface TensionDemo {
  incidents: { title: string; nationalId: number; localId: number; occurredOn: string }[];
}

const LLR_AREAS = ['Leicester', 'Leicestershire', 'Rutland', ...LLR_DISTRICTS];

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function seedTensionDemo(tx: Queryable, options: { now?: Date } = {}): Promise<TensionDemo> {
  const now = options.now ?? new Date();
  const have = await tx.select({ name: areas.name }).from(areas);
  const missing = LLR_DISTRICTS.filter((name) => !have.some((a) => a.name === name));
  if (missing.length) await tx.insert(areas).values(missing.map((name) => ({ name, kind: 'district' })));
  const areaRows = await tx
    .select({ id: areas.id, name: areas.name })
    .from(areas)
    .where(inArray(areas.name, LLR_AREAS));
  const areaId = new Map(areaRows.map((a) => [a.name, a.id]));

  const communityRows = await tx
    .insert(communities)
    .values(DEMO_COMMUNITIES.map((c) => ({ name: c.name, kind: c.kind })))
    .returning({ id: communities.id, name: communities.name });
  const communityId = new Map(communityRows.map((c) => [c.name, c.id]));
  // The Prevent Steering Group and the Community Reference Group see the incidents' plans and assessments.
  const named = await tx
    .select({ id: groups.id })
    .from(groups)
    .where(inArray(groups.kind, ['steering', 'community_reference']));
  const [author] = await tx.select({ id: accounts.id }).from(accounts).orderBy(asc(accounts.id)).limit(1);

  const made: TensionDemo['incidents'] = [];
  for (const incident of DEMO_INCIDENTS) {
    const row = {
      title: incident.title,
      summary: incident.summary,
      occurredOn: incident.occurredOn,
      sourceUrl: incident.sourceUrl,
    };
    const createdAt = new Date(`${incident.occurredOn}T22:00:00Z`);
    const [national] = await tx
      .insert(incidents)
      .values({ ...row, scope: 'national', recordedBy: author?.id ?? null, createdAt })
      .returning({ id: incidents.id });
    const [local] = await tx
      .insert(incidents)
      .values({ ...row, scope: 'local', localisedFromId: national!.id, recordedBy: author?.id ?? null, createdAt })
      .returning({ id: incidents.id });
    for (const id of [national!.id, local!.id]) {
      const chosen = incident.communities.map((name) => communityId.get(name)!);
      await tx.insert(incidentCommunities).values(chosen.map((communityId) => ({ incidentId: id, communityId })));
      if (named.length) await tx.insert(incidentGroups).values(named.map((g) => ({ incidentId: id, groupId: g.id })));
    }
    const localAreas = incident.localAreas.map((name) => areaId.get(name)).filter((id) => id !== undefined);
    await tx.insert(incidentAreas).values(localAreas.map((id) => ({ incidentId: local!.id, areaId: id })));
    made.push({ title: incident.title, nationalId: national!.id, localId: local!.id, occurredOn: incident.occurredOn });
  }

  if (author) await seedReports(tx, author.id, areaId, now);
  return { incidents: made };
}

/** A month of weekly reports across the LLR areas, one per area and week, sent on each week's Wednesday. */
async function seedReports(tx: Queryable, authorId: number, areaId: Map<string, number>, now: Date) {
  const indicatorRows = await tx
    .select({ id: tensionIndicators.id, name: tensionIndicators.name })
    .from(tensionIndicators);
  const indicatorId = new Map(indicatorRows.map((i) => [i.name, i.id]));
  const rows = LLR_AREAS.flatMap((name) =>
    REPORT_WEEKS.map((monday, week) => {
      const level = (LEVELS[name] ?? USUAL_LEVELS)[week]!;
      const sentAt = new Date(Math.min(Date.parse(`${addDays(monday, 2)}T16:00:00Z`), now.getTime()));
      return {
        areaId: areaId.get(name)!,
        period: 'weekly' as const,
        periodStart: monday,
        periodEnd: addDays(monday, 6),
        level,
        summary: SUMMARIES[level]!,
        authorId,
        createdAt: sentAt,
        updatedAt: sentAt,
      };
    }),
  ).filter((r) => r.areaId !== undefined);
  const inserted = await tx
    .insert(tensionReports)
    .values(rows)
    .returning({ id: tensionReports.id, level: tensionReports.level });
  const marks = inserted.flatMap((r) =>
    INDICATORS_BY_LEVEL[r.level]!.flatMap((m) => {
      const id = indicatorId.get(m.name);
      return id ? [{ reportId: r.id, indicatorId: id, certainty: m.certainty }] : [];
    }),
  );
  if (marks.length) await tx.insert(tensionReportIndicators).values(marks);
}
