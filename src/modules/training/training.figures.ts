import type { Queryable } from '../../db/client.ts';
import { BAR_COLOUR, CHART_COLOURS, chartSvg, type BarChartSpec, type StackedChartSpec } from '../../views/charts.ts';
import { label } from '../../views/filters.ts';
import type { EngagementPeriod } from '../events/index.ts';
import { listOrganisationOptions } from '../organisations/index.ts';
import { deliveredBy, summaryOf, targets, trainedInPeriod, trainingCounts } from './training.reads.ts';

/*
 * The figures on the training overview: staff trained by sector and by quarter in the period,
 * coverage against each organisation's target, who delivered the sessions (the cascade through
 * Prevent Champions counted once) — each chart with its table beneath.
 */

interface Figure {
  id: string;
  title: string;
  svg: string;
  head: string[];
  rows: { label: string; values: (number | string)[] }[];
}

function barFigure(spec: BarChartSpec, valueHead: string): Figure {
  return {
    id: spec.id,
    title: spec.title,
    svg: chartSvg(spec),
    head: [spec.category, valueHead],
    rows: spec.bars.map((bar) => ({ label: bar.label, values: [bar.value] })),
  };
}

type Organisations = Map<number, { name: string; sector: string }>;

/** Each organisation's target against the staff it had trained in the period. */
function coverageOf(
  targetRows: { organisationId: number; staff: number }[],
  trained: Map<number, number>,
  organisation: Organisations,
) {
  return targetRows
    .map((target) => {
      const done = trained.get(target.organisationId) ?? 0;
      return {
        organisation: organisation.get(target.organisationId)?.name ?? 'Archived organisation',
        target: target.staff,
        trained: done,
        percent: target.staff ? Math.round((100 * done) / target.staff) : 100,
      };
    })
    .sort((a, b) => a.organisation.localeCompare(b.organisation));
}

function coverageSvg(coverage: ReturnType<typeof coverageOf>) {
  const spec: StackedChartSpec = {
    kind: 'stacked',
    id: 'training-coverage',
    title: 'Staff trained against each organisation’s target',
    category: 'Organisation',
    series: [
      { label: 'Trained', colour: BAR_COLOUR },
      { label: 'Still to train', colour: CHART_COLOURS.amber },
    ],
    rows: coverage.map((row) => ({
      label: row.organisation,
      values: [Math.min(row.trained, row.target), Math.max(0, row.target - row.trained)],
    })),
  };
  return coverage.length ? chartSvg(spec) : null;
}

/* Staff by sector: the organisations module keeps the sector, so its few dozen totals are added up here. */
function bySectorOf(trained: Map<number, number>, organisation: Organisations) {
  const totals = new Map<string, number>();
  for (const [organisationId, staff] of trained) {
    const sector = organisation.get(organisationId)?.sector ?? 'other';
    totals.set(sector, (totals.get(sector) ?? 0) + staff);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** The overview's figures: PostgreSQL adds the staff up by organisation and by quarter (trainedInPeriod). */
export async function trainingFigures(db: Queryable, period: EngagementPeriod) {
  const [trained, organisations, targetRows, delivered, counts] = await Promise.all([
    trainedInPeriod(db, period),
    listOrganisationOptions(db),
    targets(db),
    deliveredBy(db, period),
    trainingCounts(db, period),
  ]);
  const organisation: Organisations = new Map(organisations.map((o) => [o.id, o]));
  const coverage = coverageOf(targetRows, trained.byOrganisation, organisation);
  const bySector = bySectorOf(trained.byOrganisation, organisation);
  return {
    summary: summaryOf(period, delivered, counts),
    delivered,
    coverage,
    coverageSvg: coverageSvg(coverage),
    charts: [
      barFigure(
        {
          kind: 'bar',
          id: 'training-by-sector',
          title: 'Staff trained by sector',
          category: 'Sector',
          bars: bySector.map(([sector, value]) => ({ label: label(sector), value })),
        },
        'Staff trained',
      ),
      barFigure(
        {
          kind: 'bar',
          id: 'training-by-quarter',
          title: 'Staff trained by quarter',
          category: 'Quarter',
          bars: trained.byQuarter.map((row) => ({ label: row.quarter, value: row.staff })),
        },
        'Staff trained',
      ),
    ].filter((figure) => figure.rows.length > 0),
  };
}
