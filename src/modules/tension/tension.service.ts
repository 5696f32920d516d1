import { asc, desc, eq, isNull } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { accountName } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';

type AuditAction = Parameters<typeof recordAudit>[1]['action'];
import { listGroupOptions } from '../groups/index.ts';
import { listAreas } from '../partnership/index.ts';
import { canLocaliseIncident, canSeeIncidentOf, checkRecordIncidents } from './tension.policy.ts';
import { checkCanSeeIncident, incidentSummaries } from './tension.reads.ts';
import {
  communities,
  incidentAreas,
  incidentCommunities,
  incidentGroups,
  incidents,
  tensionIndicators,
  type CommunityKind,
  type IncidentScope,
} from './tension.tables.ts';

export const audit = (
  tx: Queryable,
  user: CurrentUser,
  action: AuditAction,
  subjectType: string,
  subjectId: number,
  detail?: Record<string, unknown>,
) => recordAudit(tx, { action, user, subjectType, subjectId, detail });

// Incidents.

export interface IncidentInput {
  title: string;
  summary: string;
  scope: IncidentScope;
  occurredOn: string;
  sourceUrl?: string;
  areaIds?: number[];
  communityIds?: number[];
  groupIds?: number[];
}

/** Every id chosen from a list must still be on it: a stale or altered form gets a message, not a database error. */
async function checkChosen(db: Queryable, input: IncidentInput): Promise<void> {
  const [areaList, communityList, groupList] = await Promise.all([
    listAreas(db),
    db.select({ id: communities.id }).from(communities).where(isNull(communities.archivedAt)),
    listGroupOptions(db),
  ]);
  const within = (ids: number[] | undefined, list: { id: number }[]) =>
    (ids ?? []).every((id) => list.some((r) => r.id === id));
  if (!within(input.areaIds, areaList)) throw new FormError('areaIds', 'Select areas from the list');
  if (!within(input.communityIds, communityList))
    throw new FormError('communityIds', 'Select communities from the list');
  if (!within(input.groupIds, groupList)) throw new FormError('groupIds', 'Select groups from the list');
}

async function writeLinks(
  tx: Queryable,
  incidentId: number,
  input: Pick<IncidentInput, 'areaIds' | 'communityIds' | 'groupIds'>,
): Promise<void> {
  await tx.delete(incidentAreas).where(eq(incidentAreas.incidentId, incidentId));
  await tx.delete(incidentCommunities).where(eq(incidentCommunities.incidentId, incidentId));
  await tx.delete(incidentGroups).where(eq(incidentGroups.incidentId, incidentId));
  const unique = (ids?: number[]) => [...new Set(ids ?? [])];
  if (input.areaIds?.length)
    await tx.insert(incidentAreas).values(unique(input.areaIds).map((areaId) => ({ incidentId, areaId })));
  if (input.communityIds?.length)
    await tx
      .insert(incidentCommunities)
      .values(unique(input.communityIds).map((communityId) => ({ incidentId, communityId })));
  if (input.groupIds?.length)
    await tx.insert(incidentGroups).values(unique(input.groupIds).map((groupId) => ({ incidentId, groupId })));
}

const incidentRow = (input: IncidentInput) => ({
  title: input.title,
  summary: input.summary,
  scope: input.scope,
  occurredOn: input.occurredOn,
  sourceUrl: input.sourceUrl ?? null,
});

export async function recordIncident(db: Database, user: CurrentUser, input: IncidentInput): Promise<number> {
  checkRecordIncidents(user);
  await checkChosen(db, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(incidents)
      .values({ ...incidentRow(input), recordedBy: user.accountId })
      .returning({ id: incidents.id });
    await writeLinks(tx, row!.id, input);
    await audit(tx, user, 'incident.recorded', 'incident', row!.id, { scope: input.scope });
    return row!.id;
  });
}

async function incidentToChange(db: Queryable, incidentId: number) {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!row) throw new NotFoundError('incident');
  return row;
}

export async function updateIncident(db: Database, user: CurrentUser, incidentId: number, input: IncidentInput) {
  checkRecordIncidents(user);
  await incidentToChange(db, incidentId);
  await checkChosen(db, input);
  await db.transaction(async (tx) => {
    await tx.update(incidents).set(incidentRow(input)).where(eq(incidents.id, incidentId));
    await writeLinks(tx, incidentId, input);
    await audit(tx, user, 'incident.updated', 'incident', incidentId);
  });
}

/**
 * A national incident recorded once, localised: a local record pointing at it, with its words,
 * communities and groups, for the coordinator to name the areas affected here.
 */
export async function localiseIncident(db: Database, user: CurrentUser, incidentId: number): Promise<number> {
  checkRecordIncidents(user);
  const national = await incidentToChange(db, incidentId);
  if (!canLocaliseIncident(national)) throw new FormError('scope', 'Only a national incident can be localised');
  const [summary] = await incidentSummaries(db, [incidentId]);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(incidents)
      .values({
        title: national.title,
        summary: national.summary,
        scope: 'local',
        occurredOn: national.occurredOn,
        sourceUrl: national.sourceUrl,
        localisedFromId: national.id,
        recordedBy: user.accountId,
      })
      .returning({ id: incidents.id });
    await writeLinks(tx, row!.id, {
      communityIds: summary!.communities.map((c) => c.id),
      groupIds: summary!.groupIds,
    });
    await audit(tx, user, 'incident.localised', 'incident', row!.id, { from: national.id });
    return row!.id;
  });
}

/** Incidents for the list: coordinators see every one, others those naming a group they are in. */
export async function incidentList(db: Queryable, user: CurrentUser) {
  const rows = await db.select({ id: incidents.id }).from(incidents).orderBy(desc(incidents.occurredOn));
  const all = await incidentSummaries(
    db,
    rows.map((r) => r.id),
  );
  return all.filter((i) => canSeeIncidentOf(user, i.groupIds));
}

/** One incident with its record, for those who may see it, and its local records. */
export async function incidentPage(db: Queryable, user: CurrentUser, incidentId: number) {
  await checkCanSeeIncident(db, user, incidentId);
  const [row] = await db
    .select({
      id: incidents.id,
      summary: incidents.summary,
      sourceUrl: incidents.sourceUrl,
      recordedBy: accountName(incidents.recordedBy),
      createdAt: incidents.createdAt,
    })
    .from(incidents)
    .where(eq(incidents.id, incidentId));
  const localIds = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(eq(incidents.localisedFromId, incidentId))
    .orderBy(asc(incidents.id));
  const [summaries, locals] = await Promise.all([
    incidentSummaries(db, [incidentId]),
    incidentSummaries(
      db,
      localIds.map((r) => r.id),
    ),
  ]);
  return { ...row!, ...summaries[0]!, locals: locals.filter((i) => canSeeIncidentOf(user, i.groupIds)) };
}

/** The record as its edit form shows it. */
export async function incidentValues(db: Queryable, user: CurrentUser, incidentId: number) {
  checkRecordIncidents(user);
  const row = await incidentToChange(db, incidentId);
  const [summary] = await incidentSummaries(db, [incidentId]);
  return {
    title: row.title,
    summary: row.summary,
    scope: row.scope,
    occurredOn: row.occurredOn,
    sourceUrl: row.sourceUrl ?? undefined,
    areaIds: summary!.areas.map((a) => a.id),
    communityIds: summary!.communities.map((c) => c.id),
    groupIds: summary!.groupIds,
  };
}

// The editable lists: communities an incident may affect, indicators a report may mark.

export function communityList(db: Queryable) {
  return db.select().from(communities).orderBy(asc(communities.kind), asc(communities.name));
}

export function indicatorList(db: Queryable) {
  return db.select().from(tensionIndicators).orderBy(asc(tensionIndicators.id));
}

export async function addCommunity(db: Database, user: CurrentUser, input: { name: string; kind: CommunityKind }) {
  checkRecordIncidents(user);
  const [same] = await db.select({ id: communities.id }).from(communities).where(eq(communities.name, input.name));
  if (same) throw new FormError('name', 'That community is already on the list');
  await db.transaction(async (tx) => {
    const [row] = await tx.insert(communities).values({ name: input.name, kind: input.kind }).returning();
    await audit(tx, user, 'community.added', 'community', row!.id);
  });
}

export async function addIndicator(db: Database, user: CurrentUser, input: { name: string }) {
  checkRecordIncidents(user);
  const [same] = await db
    .select({ id: tensionIndicators.id })
    .from(tensionIndicators)
    .where(eq(tensionIndicators.name, input.name));
  if (same) throw new FormError('indicator', 'That indicator is already on the list');
  await db.transaction(async (tx) => {
    const [row] = await tx.insert(tensionIndicators).values({ name: input.name }).returning();
    await audit(tx, user, 'tension_indicator.added', 'tension_indicator', row!.id);
  });
}

/** Archived entries stay on the records that name them, and are no longer offered. Archiving again restores. */
export async function toggleCommunityArchived(db: Database, user: CurrentUser, communityId: number) {
  checkRecordIncidents(user);
  const [row] = await db.select().from(communities).where(eq(communities.id, communityId));
  if (!row) throw new NotFoundError('community');
  await db.transaction(async (tx) => {
    await tx
      .update(communities)
      .set({ archivedAt: row.archivedAt ? null : new Date() })
      .where(eq(communities.id, communityId));
    await audit(tx, user, 'community.updated', 'community', communityId, { archived: !row.archivedAt });
  });
}

export async function toggleIndicatorArchived(db: Database, user: CurrentUser, indicatorId: number) {
  checkRecordIncidents(user);
  const [row] = await db.select().from(tensionIndicators).where(eq(tensionIndicators.id, indicatorId));
  if (!row) throw new NotFoundError('indicator');
  await db.transaction(async (tx) => {
    await tx
      .update(tensionIndicators)
      .set({ archivedAt: row.archivedAt ? null : new Date() })
      .where(eq(tensionIndicators.id, indicatorId));
    await audit(tx, user, 'tension_indicator.updated', 'tension_indicator', indicatorId, { archived: !row.archivedAt });
  });
}
