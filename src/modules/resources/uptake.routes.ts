import { contentDisposition, sanitiseFilename } from '../documents/index.ts';
import type { HubApp } from '../../routes.ts';
import { CHART_COLOURS, stackedBarChart } from '../../views/charts.ts';
import { csvText } from '../../views/csv.ts';
import { label } from '../../views/filters.ts';
import { ResourceParams } from './resources.forms.ts';
import {
  archivedNamesOf,
  partnerOrganisations,
  resourceDetail,
  uptakeFrom,
  useTotals,
  type Uptake,
} from './resources.reads.ts';
import { FORMAT_LABELS } from './resources.words.ts';

/** Organisations that have used it and those that have not yet, sector by sector: the table beneath prints the same numbers. */
function sectorChart(uptake: Uptake) {
  return stackedBarChart({
    kind: 'stacked',
    id: 'uptake-by-sector',
    title: 'Organisations that have used the resource, by sector',
    category: 'Sector',
    series: [
      { label: 'Used it', colour: CHART_COLOURS.blue },
      { label: 'Not used yet', colour: CHART_COLOURS.amber },
    ],
    rows: uptake.bySector.map((s) => ({ label: label(s.sector), values: [s.organisationsReached, s.notYet.length] })),
  });
}

/** The CSV: every organisation of the partnership with its use, those not used yet included, then archived ones. */
export function uptakeCsv(uptake: Uptake): string {
  const reached = new Map(uptake.byOrganisation.map((o) => [o.organisationId, o]));
  const rows = uptake.bySector.flatMap((s) => [
    ...uptake.byOrganisation
      .filter((o) => o.sector === s.sector)
      .map((o) => [o.name, label(s.sector), o.uses, o.peopleReached, o.lastUsedOn]),
    ...s.notYet.filter((o) => !reached.has(o.id)).map((o) => [o.name, label(s.sector), 0, 0, 'Not used yet']),
  ]);
  const archived = uptake.byOrganisation
    .filter((o) => o.sector === null)
    .map((o) => [o.name, 'No longer in the partnership', o.uses, o.peopleReached, o.lastUsedOn]);
  return csvText([['Organisation', 'Sector', 'Uses', 'People reached', 'Last used'], ...rows, ...archived]);
}

export function uptakeRoutes(app: HubApp): void {
  const uptakeOf = async (resourceId: number) => {
    const [resource, partners, totals] = await Promise.all([
      resourceDetail(app.db, resourceId),
      partnerOrganisations(app.db),
      useTotals(app.db, { resourceId }),
    ]);
    return { resource, uptake: uptakeFrom(partners, totals, await archivedNamesOf(app.db, partners, totals)) };
  };

  app.get('/resources/:resourceId/uptake', { schema: { params: ResourceParams } }, async (request, reply) => {
    const { resource, uptake } = await uptakeOf(request.params.resourceId);
    return reply.page('resources/views/uptake.njk', {
      title: `Uptake of ${resource.title}`,
      resource,
      uptake,
      formatLabel: FORMAT_LABELS[resource.format],
      chart: uptake.bySector.length ? sectorChart(uptake) : null,
      archivedUses: uptake.byOrganisation.filter((o) => o.sector === null),
    });
  });

  app.get('/resources/:resourceId/uptake.csv', { schema: { params: ResourceParams } }, async (request, reply) => {
    const { resource, uptake } = await uptakeOf(request.params.resourceId);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition(sanitiseFilename(`Uptake of ${resource.title}.csv`)))
      .send(uptakeCsv(uptake));
  });
}
