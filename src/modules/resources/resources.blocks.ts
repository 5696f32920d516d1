import { NotFoundError } from '../../errors.ts';
import { chartSvg, describe, type BarChartSpec } from '../../views/charts.ts';
import { isoDate, label } from '../../views/filters.ts';
import { field, formSchema } from '../../views/forms.ts';
import { blockPeriod, periodWords, PERIOD_SETTINGS, type BlockPart, type LiveBlock } from '../../reports/paper.ts';
import { resourceUptakeSummaries, type ResourceUptakeSummary } from './resources.reads.ts';

/*
 * The resource uptake block of a board paper (seed 001 §6, recommendation 2): a resource's use by
 * sector in the period, the people it reached, and the organisations that have not used it yet.
 * Uptake is open to everyone signed in, as its page is; the block counts organisations' use and
 * names no person.
 */

const Settings = formSchema({
  resourceId: field.id('Resource', 'Select a resource from the list'),
  ...PERIOD_SETTINGS,
});

const SOURCE = 'Resource use recorded by partner organisations in the Hub';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function uptakeSentences(resource: ResourceUptakeSummary, words: string): BlockPart[] {
  const { uptake } = resource;
  const notReached = resource.sectorsNotReached.map((s) => label(s).toLowerCase());
  return [
    {
      kind: 'sentence',
      text:
        `“${resource.title}” was used ${plural(uptake.uses, 'time', 'times')} by ${plural(uptake.organisationsReached, 'organisation', 'organisations')} ` +
        `from ${words}, reaching ${plural(uptake.peopleReached, 'person', 'people')}; ` +
        `${plural(uptake.organisationsNotYet, 'partner organisation has', 'partner organisations have')} not used it yet.`,
    },
    ...(notReached.length
      ? [
          {
            kind: 'sentence' as const,
            text: `It has not yet reached the ${notReached.join(', ')} sector${notReached.length === 1 ? '' : 's'}.`,
          },
        ]
      : []),
  ];
}

function sectorParts(resource: ResourceUptakeSummary): BlockPart[] {
  const { bySector } = resource.uptake;
  if (!bySector.length) return [];
  const spec: BarChartSpec = {
    kind: 'bar',
    id: `paper-resource-${resource.resourceId}-uptake`,
    title: `People reached by sector: ${resource.title}`,
    category: 'Sector',
    bars: bySector.map((s) => ({ label: label(s.sector), value: s.peopleReached })),
  };
  return [
    { kind: 'chart', caption: spec.title, svg: chartSvg(spec), alt: `${spec.title}. ${describe(spec)}` },
    {
      kind: 'table',
      caption: `Uptake by sector: ${resource.title}`,
      head: ['Sector', 'Organisations', 'Have used it', 'Uses', 'People reached', 'Not used it yet'],
      rows: bySector.map((s) => [
        label(s.sector),
        String(s.organisations),
        String(s.organisationsReached),
        String(s.uses),
        String(s.peopleReached),
        s.notYet.map((o) => o.name).join(', '),
      ]),
    },
  ];
}

export const resourcesBlock: LiveBlock<typeof Settings> = {
  key: 'resources',
  title: 'Resource uptake',
  description: 'A resource’s use by sector in the period, the people it reached, and who has not used it yet.',
  settings: Settings,
  async choices(ctx) {
    const day = isoDate(ctx.asAt);
    const list = await resourceUptakeSummaries(ctx.db, { to: day }, day);
    return { resourceId: list.map((r) => ({ value: String(r.resourceId), text: r.title })) };
  },
  async build(ctx, settings) {
    const period = blockPeriod(ctx, settings);
    const list = await resourceUptakeSummaries(ctx.db, period, isoDate(ctx.asAt));
    const resource = list.find((r) => r.resourceId === settings.resourceId);
    if (!resource) throw new NotFoundError('resource');
    return {
      key: 'resources',
      heading: `Resource uptake: ${resource.title}`,
      source: SOURCE,
      asAt: isoDate(ctx.asAt),
      marking: 'OFFICIAL',
      parts: [...uptakeSentences(resource, periodWords(period)), ...sectorParts(resource)],
    };
  },
};
