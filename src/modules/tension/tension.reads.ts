import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Queryable } from '../../db/client.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import { listGroupOptions } from '../groups/index.ts';
import { areaName } from '../partnership/index.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { canReadTensionReports, canSeeIncidentOf } from './tension.policy.ts';
import { addDays, todayInLondon } from './tension.periods.ts';
import { ALERT_FROM_LEVEL, tensionLevel } from './tension.words.ts';
import {
  communities,
  incidentAreas,
  incidentCommunities,
  incidentGroups,
  incidents,
  tensionReports,
  tensionSettings,
  type CommunityKind,
  type IncidentScope,
} from './tension.tables.ts';

/* What other modules (14-day plans, Community Impact Assessments, the home page) read of incidents and tension. */

export interface IncidentSummary {
  id: number;
  title: string;
  scope: IncidentScope;
  occurredOn: string;
  localisedFromId: number | null;
  archived: boolean;
  areas: { id: number; name: string }[];
  communities: { id: number; name: string; kind: CommunityKind }[];
  /** The groups named on the incident: with coordinators, the only people who see its plans and assessments. */
  groupIds: number[];
}

/** Incidents by id, with their areas, communities and named groups: four queries whatever the number. */
export async function incidentSummaries(db: Queryable, ids: readonly number[]): Promise<IncidentSummary[]> {
  if (!ids.length) return [];
  const list = [...new Set(ids)];
  const [rows, areaRows, communityRows, groupRows] = await Promise.all([
    db
      .select()
      .from(incidents)
      .where(inArray(incidents.id, list))
      .orderBy(desc(incidents.occurredOn), asc(incidents.id)),
    db
      .select({ incidentId: incidentAreas.incidentId, id: incidentAreas.areaId, name: areaName(incidentAreas.areaId) })
      .from(incidentAreas)
      .where(inArray(incidentAreas.incidentId, list))
      .orderBy(asc(areaName(incidentAreas.areaId))),
    db
      .select({
        incidentId: incidentCommunities.incidentId,
        id: communities.id,
        name: communities.name,
        kind: communities.kind,
      })
      .from(incidentCommunities)
      .innerJoin(communities, eq(communities.id, incidentCommunities.communityId))
      .where(inArray(incidentCommunities.incidentId, list))
      .orderBy(asc(communities.name)),
    db.select().from(incidentGroups).where(inArray(incidentGroups.incidentId, list)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    scope: row.scope,
    occurredOn: row.occurredOn,
    localisedFromId: row.localisedFromId,
    archived: row.archivedAt !== null,
    areas: areaRows.filter((a) => a.incidentId === row.id).map(({ id, name }) => ({ id, name: name ?? '' })),
    communities: communityRows.filter((c) => c.incidentId === row.id).map(({ id, name, kind }) => ({ id, name, kind })),
    groupIds: groupRows.filter((g) => g.incidentId === row.id).map((g) => g.groupId),
  }));
}

async function namedGroupIds(db: Queryable, incidentId: number): Promise<number[] | undefined> {
  // One round trip: the incident, with a row per named group (a null group when none is named).
  const rows = await db
    .select({ groupId: incidentGroups.groupId })
    .from(incidents)
    .leftJoin(incidentGroups, eq(incidentGroups.incidentId, incidents.id))
    .where(eq(incidents.id, incidentId));
  if (!rows.length) return undefined;
  return rows.flatMap((r) => (r.groupId === null ? [] : [r.groupId]));
}

/** What a page that names an incident shows of it (check who may see it first). */
export async function incidentHeading(
  db: Queryable,
  incidentId: number,
): Promise<{ id: number; title: string; occurredOn: string } | undefined> {
  const [row] = await db
    .select({ id: incidents.id, title: incidents.title, occurredOn: incidents.occurredOn })
    .from(incidents)
    .where(eq(incidents.id, incidentId));
  return row;
}

/** Coordinators, and members of the groups named on the incident; false for an incident that does not exist. */
export async function canSeeIncident(db: Queryable, user: CurrentUser, incidentId: number): Promise<boolean> {
  const groupIds = await namedGroupIds(db, incidentId);
  return groupIds !== undefined && canSeeIncidentOf(user, groupIds);
}

/** Throws NotFoundError for no such incident, ForbiddenError for one the user may not see. */
export async function checkCanSeeIncident(db: Queryable, user: CurrentUser, incidentId: number): Promise<void> {
  const groupIds = await namedGroupIds(db, incidentId);
  if (groupIds === undefined) throw new NotFoundError('incident');
  if (!canSeeIncidentOf(user, groupIds)) throw new ForbiddenError();
}

/** The incidents the user may see, newest first, for pickers (archived ones left out). */
export async function incidentsVisibleTo(
  db: Queryable,
  user: CurrentUser,
): Promise<{ id: number; title: string; scope: IncidentScope; occurredOn: string }[]> {
  const named = user.groupIds.length
    ? sql`exists (select 1 from ${incidentGroups} where ${incidentGroups.incidentId} = ${incidents.id} and ${inArray(incidentGroups.groupId, user.groupIds)})`
    : sql`false`;
  return db
    .select({ id: incidents.id, title: incidents.title, scope: incidents.scope, occurredOn: incidents.occurredOn })
    .from(incidents)
    .where(and(isNull(incidents.archivedAt), isCoordinator(user) ? undefined : named))
    .orderBy(desc(incidents.occurredOn), asc(incidents.id));
}

/**
 * The groups whose members read tension reports: as chosen on the settings page, or until then
 * the Prevent Steering Group and the Community Reference Group (by their kind).
 */
export async function tensionReaderGroupIds(db: Queryable): Promise<number[]> {
  const [chosen] = await db.select().from(tensionSettings).where(eq(tensionSettings.id, 1));
  if (chosen) return chosen.readerGroupIds;
  const options = await listGroupOptions(db);
  return options
    .filter((g) => g.kind === 'steering' || g.kind === 'community_reference')
    .map((g) => g.id)
    .sort((a, b) => a - b);
}

export async function mayReadTensionReports(db: Queryable, user: CurrentUser): Promise<boolean> {
  return canReadTensionReports(user, await tensionReaderGroupIds(db));
}

export interface LatestLevel {
  areaId: number;
  level: number;
  periodStart: string;
  periodEnd: string;
  reportId: number;
}

/**
 * The latest level in each area (the highest reported for its latest period; withdrawn reports
 * left out). Empty for someone who may not read tension reports. `areaIds` undefined: every area.
 */
export async function latestTensionLevels(
  db: Queryable,
  user: CurrentUser,
  areaIds?: readonly number[],
): Promise<LatestLevel[]> {
  if (areaIds?.length === 0 || !(await mayReadTensionReports(db, user))) return [];
  return latestLevels(db, areaIds);
}

/** The same, without the reader check: for callers that have made it. */
export function latestLevels(db: Queryable, areaIds?: readonly number[]): Promise<LatestLevel[]> {
  return db
    .selectDistinctOn([tensionReports.areaId], {
      areaId: tensionReports.areaId,
      level: tensionReports.level,
      periodStart: tensionReports.periodStart,
      periodEnd: tensionReports.periodEnd,
      reportId: tensionReports.id,
    })
    .from(tensionReports)
    .where(and(isNull(tensionReports.withdrawnAt), areaIds ? inArray(tensionReports.areaId, [...areaIds]) : undefined))
    .orderBy(
      asc(tensionReports.areaId),
      desc(tensionReports.periodStart),
      desc(tensionReports.level),
      desc(tensionReports.id),
    );
}

export interface TensionAlert {
  areaId: number;
  areaName: string;
  level: number;
  word: string;
  periodStart: string;
  periodEnd: string;
}

/**
 * For a coordinator's home page: areas whose latest level is 4 (High) or 5 (Critical), in a period
 * still open or ended within the last week. Nobody else is alerted here (the grid is theirs).
 */
export async function tensionAlerts(
  db: Queryable,
  user: CurrentUser,
  today = todayInLondon(),
): Promise<TensionAlert[]> {
  if (!isCoordinator(user)) return [];
  const latest = await latestLevels(db);
  const alerting = latest.filter((l) => l.level >= ALERT_FROM_LEVEL && l.periodEnd >= addDays(today, -7));
  if (!alerting.length) return [];
  const names = await db
    .selectDistinct({ id: tensionReports.areaId, name: areaName(tensionReports.areaId) })
    .from(tensionReports)
    .where(
      inArray(
        tensionReports.id,
        alerting.map((l) => l.reportId),
      ),
    );
  const nameOf = new Map(names.map((a) => [a.id, a.name ?? '']));
  return alerting
    .map((l) => ({
      areaId: l.areaId,
      areaName: nameOf.get(l.areaId) ?? '',
      level: l.level,
      word: tensionLevel(l.level)?.word ?? String(l.level),
      periodStart: l.periodStart,
      periodEnd: l.periodEnd,
    }))
    .sort((a, b) => b.level - a.level || a.areaName.localeCompare(b.areaName));
}
