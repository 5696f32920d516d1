import type { Queryable } from '../../db/client.ts';
import { BAR_COLOUR, CHART_COLOURS, chartSvg, type BarChartSpec, type StackedChartSpec } from '../../views/charts.ts';
import { label } from '../../views/filters.ts';
import type { EngagementPeriod } from '../events/index.ts';
import { listOrganisationOptions } from '../organisations/index.ts';
import { champions, deliveredBy, targets, trainedByOrganisation, trainingSummaries } from './training.reads.ts';

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

const sumBy = <T>(rows: T[], key: (row: T) => string, value: (row: T) => number) => {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(key(row), (totals.get(key(row)) ?? 0) + value(row));
  return totals;
};

export async function trainingFigures(db: Queryable, period: EngagementPeriod) {
  const [summary, trained, organisations, targetRows, delivered, championList] = await Promise.all([
    trainingSummaries(db, period),
    trainedByOrganisation(db, period),
    listOrganisationOptions(db),
    targets(db),
    deliveredBy(db, period),
    champions(db),
  ]);
  const organisation = new Map(organisations.map((o) => [o.id, o]));
  const bySector = [
    ...sumBy(
      trained,
      (row) => organisation.get(row.organisationId)?.sector ?? 'other',
      (row) => row.staff,
    ),
  ].sort((a, b) => b[1] - a[1]);
  const byQuarter = [
    ...sumBy(
      trained,
      (row) => row.quarter,
      (row) => row.staff,
    ),
  ].sort((a, b) => a[0].localeCompare(b[0]));
  const trainedAt = sumBy(
    trained,
    (row) => String(row.organisationId),
    (row) => row.staff,
  );
  const coverage = targetRows
    .map((target) => {
      const done = trainedAt.get(String(target.organisationId)) ?? 0;
      return {
        organisation: organisation.get(target.organisationId)?.name ?? 'Archived organisation',
        target: target.staff,
        trained: done,
        percent: target.staff ? Math.round((100 * done) / target.staff) : 100,
      };
    })
    .sort((a, b) => a.organisation.localeCompare(b.organisation));
  const coverageSpec: StackedChartSpec = {
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
  return {
    summary,
    delivered,
    champions: championList,
    coverage,
    coverageSvg: coverage.length ? chartSvg(coverageSpec) : null,
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
          bars: byQuarter.map(([quarter, value]) => ({ label: quarter, value })),
        },
        'Staff trained',
      ),
    ].filter((figure) => figure.rows.length > 0),
  };
}
