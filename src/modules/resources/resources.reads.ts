import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { NotFoundError } from '../../errors.ts';
import { isoDate, label } from '../../views/filters.ts';
import { accountName } from '../accounts/index.ts';
import { listOrganisationOptions, organisationName, organisationNames } from '../organisations/index.ts';
import { isPastReview, isWithdrawn, withdrawnLast } from './resources.policy.ts';
import { resources, resourceUses, type ResourceFormat } from './resources.tables.ts';

/*
 * What the resource pages read: the list with each resource's uptake in figures, one resource's
 * uses, and its uptake by organisation and sector with the organisations that have not used it
 * yet. Each page makes one query per table it reads, whatever the number of organisations.
 */

/** Today in London, the day a review date is compared with. */
export const todayInLondon = () => isoDate(new Date());

/** Every resource, offered ones first, with how far each has reached. */
export async function listResources(db: Queryable, today = todayInLondon()) {
  const totals = db
    .select({
      resourceId: resourceUses.resourceId,
      uses: sql<number>`count(*)::int`.as('uses'),
      peopleReached: sql<number>`coalesce(sum(${resourceUses.peopleReached}), 0)::int`.as('people_reached'),
      organisationsReached: sql<number>`count(distinct ${resourceUses.organisationId})::int`.as(
        'organisations_reached',
      ),
    })
    .from(resourceUses)
    .groupBy(resourceUses.resourceId)
    .as('totals');
  const rows = await db
    .select({
      id: resources.id,
      title: resources.title,
      format: resources.format,
      audiences: resources.audiences,
      reviewOn: resources.reviewOn,
      status: resources.status,
      owner: organisationName(resources.ownerOrganisationId),
      uses: totals.uses,
      peopleReached: totals.peopleReached,
      organisationsReached: totals.organisationsReached,
    })
    .from(resources)
    .leftJoin(totals, eq(totals.resourceId, resources.id))
    .orderBy(withdrawnLast, asc(resources.title), asc(resources.id));
  return rows.map((row) => ({
    ...row,
    uses: row.uses ?? 0,
    peopleReached: row.peopleReached ?? 0,
    organisationsReached: row.organisationsReached ?? 0,
    withdrawn: isWithdrawn(row),
    pastReview: !isWithdrawn(row) && isPastReview(row, today),
  }));
}
export type ResourceListRow = Awaited<ReturnType<typeof listResources>>[number];

/** One resource as its page shows it, with who added, changed or withdrew it; a missing page if there is none. */
export async function resourceDetail(db: Queryable, resourceId: number, today = todayInLondon()) {
  const [row] = await db
    .select({
      id: resources.id,
      title: resources.title,
      description: resources.description,
      format: resources.format,
      audiences: resources.audiences,
      link: resources.link,
      documentId: resources.documentId,
      ownerOrganisationId: resources.ownerOrganisationId,
      owner: organisationName(resources.ownerOrganisationId),
      reviewOn: resources.reviewOn,
      status: resources.status,
      withdrawnReason: resources.withdrawnReason,
      withdrawnAt: resources.withdrawnAt,
      withdrawnBy: accountName(resources.withdrawnBy),
      createdAt: resources.createdAt,
      createdBy: accountName(resources.createdBy),
      updatedAt: resources.updatedAt,
      updatedBy: accountName(resources.updatedBy),
    })
    .from(resources)
    .where(eq(resources.id, resourceId));
  if (!row) throw new NotFoundError('resource');
  return { ...row, withdrawn: isWithdrawn(row), pastReview: !isWithdrawn(row) && isPastReview(row, today) };
}
export type ResourceDetail = Awaited<ReturnType<typeof resourceDetail>>;

/** The uses recorded for a resource, newest first, with who recorded each. */
export function usesOf(db: Queryable, resourceId: number) {
  return db
    .select({
      id: resourceUses.id,
      organisation: organisationName(resourceUses.organisationId),
      usedOn: resourceUses.usedOn,
      period: resourceUses.period,
      howUsed: resourceUses.howUsed,
      peopleReached: resourceUses.peopleReached,
      source: resourceUses.source,
      recordedBy: accountName(resourceUses.recordedBy),
      recordedAt: resourceUses.recordedAt,
    })
    .from(resourceUses)
    .where(eq(resourceUses.resourceId, resourceId))
    .orderBy(desc(resourceUses.usedOn), desc(resourceUses.id));
}

// Uptake.

export interface PartnerOrganisation {
  id: number;
  name: string;
  sector: string;
}
/** One organisation's use of one resource, summed. */
export interface UseTotal {
  resourceId: number;
  organisationId: number;
  uses: number;
  peopleReached: number;
  lastUsedOn: string;
}
export interface OrganisationUptake {
  organisationId: number;
  name: string;
  /** Null for an organisation no longer in the partnership (archived): its use still counts. */
  sector: string | null;
  uses: number;
  peopleReached: number;
  lastUsedOn: string;
}
export interface SectorUptake {
  sector: string;
  organisations: number;
  organisationsReached: number;
  uses: number;
  peopleReached: number;
  notYet: { id: number; name: string }[];
}
export interface Uptake {
  byOrganisation: OrganisationUptake[];
  bySector: SectorUptake[];
  uses: number;
  peopleReached: number;
  organisationsReached: number;
  organisationsNotYet: number;
}

/**
 * A resource's uptake from its use totals and the partnership's current organisations: by
 * organisation (most people reached first), by sector (each sector that has organisations,
 * alphabetical), and who has not used it yet, sector by sector.
 */
export function uptakeFrom(
  partners: PartnerOrganisation[],
  totals: UseTotal[],
  archivedNames: Map<number, string> = new Map(),
): Uptake {
  const sectors = [...new Set(partners.map((o) => o.sector))].sort((a, b) => label(a).localeCompare(label(b)));
  const sectorOf = new Map(partners.map((o) => [o.id, o.sector]));
  const nameOf = new Map([...partners.map((o) => [o.id, o.name] as const), ...archivedNames]);
  const byOrganisation = totals
    .map((t) => ({
      organisationId: t.organisationId,
      name: nameOf.get(t.organisationId) ?? '',
      sector: sectorOf.get(t.organisationId) ?? null,
      uses: t.uses,
      peopleReached: t.peopleReached,
      lastUsedOn: t.lastUsedOn,
    }))
    .sort((a, b) => b.peopleReached - a.peopleReached || a.name.localeCompare(b.name));
  const used = new Set(totals.map((t) => t.organisationId));
  const bySector = sectors.map((sector) => {
    const members = partners.filter((o) => o.sector === sector);
    const reached = byOrganisation.filter((o) => o.sector === sector);
    return {
      sector,
      organisations: members.length,
      organisationsReached: reached.length,
      uses: reached.reduce((sum, o) => sum + o.uses, 0),
      peopleReached: reached.reduce((sum, o) => sum + o.peopleReached, 0),
      notYet: members.filter((o) => !used.has(o.id)).map((o) => ({ id: o.id, name: o.name })),
    };
  });
  return {
    byOrganisation,
    bySector,
    uses: byOrganisation.reduce((sum, o) => sum + o.uses, 0),
    peopleReached: byOrganisation.reduce((sum, o) => sum + o.peopleReached, 0),
    organisationsReached: byOrganisation.length,
    organisationsNotYet: bySector.reduce((sum, s) => sum + s.notYet.length, 0),
  };
}

/** Use summed per resource and organisation, for one resource or all, within a period when given. */
export function useTotals(db: Queryable, where: { resourceId?: number; from?: string; to?: string }) {
  const conditions: SQL[] = [];
  if (where.resourceId !== undefined) conditions.push(eq(resourceUses.resourceId, where.resourceId));
  if (where.from) conditions.push(gte(resourceUses.usedOn, where.from));
  if (where.to) conditions.push(lte(resourceUses.usedOn, where.to));
  return db
    .select({
      resourceId: resourceUses.resourceId,
      organisationId: resourceUses.organisationId,
      uses: sql<number>`count(*)::int`,
      peopleReached: sql<number>`coalesce(sum(${resourceUses.peopleReached}), 0)::int`,
      lastUsedOn: sql<string>`max(${resourceUses.usedOn})::text`,
    })
    .from(resourceUses)
    .where(and(...conditions))
    .groupBy(resourceUses.resourceId, resourceUses.organisationId);
}

/**
 * The names of organisations with use recorded that are no longer in the partnership (archived):
 * a query only when there are any, since current organisations come named with their sectors.
 */
export function archivedNamesOf(db: Queryable, partners: PartnerOrganisation[], totals: UseTotal[]) {
  const current = new Set(partners.map((o) => o.id));
  return organisationNames(
    db,
    totals.map((t) => t.organisationId).filter((id) => !current.has(id)),
  );
}

/** The partnership's current organisations with their sectors. */
export const partnerOrganisations = (db: Queryable): Promise<PartnerOrganisation[]> => listOrganisationOptions(db);

export interface ResourceUptakeSummary {
  resourceId: number;
  title: string;
  format: ResourceFormat;
  withdrawn: boolean;
  pastReview: boolean;
  uptake: Uptake;
  /** Sectors with organisations none of which used the resource in the period. */
  sectorsNotReached: string[];
}

/**
 * For board papers: each resource's uptake between `from` and `to` (YYYY-MM-DD, either may be
 * left open), with the sectors it has not reached. Resources withdrawn with no use in the
 * period are left out. Three queries, whatever the number of resources.
 */
export async function resourceUptakeSummaries(
  db: Queryable,
  period: { from?: string; to?: string },
  today = todayInLondon(),
): Promise<ResourceUptakeSummary[]> {
  const [list, partners, totals] = await Promise.all([
    db
      .select({
        id: resources.id,
        title: resources.title,
        format: resources.format,
        status: resources.status,
        reviewOn: resources.reviewOn,
      })
      .from(resources)
      .orderBy(withdrawnLast, asc(resources.title), asc(resources.id)),
    partnerOrganisations(db),
    useTotals(db, period),
  ]);
  const archivedNames = await archivedNamesOf(db, partners, totals);
  return list
    .map((resource) => {
      const uptake = uptakeFrom(
        partners,
        totals.filter((t) => t.resourceId === resource.id),
        archivedNames,
      );
      return {
        resourceId: resource.id,
        title: resource.title,
        format: resource.format,
        withdrawn: isWithdrawn(resource),
        pastReview: !isWithdrawn(resource) && isPastReview(resource, today),
        uptake,
        sectorsNotReached: uptake.bySector.filter((s) => s.organisationsReached === 0).map((s) => s.sector),
      };
    })
    .filter((summary) => !summary.withdrawn || summary.uptake.uses > 0);
}
