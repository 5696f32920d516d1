import { CHART_COLOURS, BAR_COLOUR, chartSvg, describe, type StackedChartSpec } from '../../views/charts.ts';
import { isoDate, label } from '../../views/filters.ts';
import { field, formSchema } from '../../views/forms.ts';
import {
  blockPeriod,
  periodWords,
  PERIOD_SETTINGS,
  type BlockContext,
  type BlockPart,
  type BlockSettings,
  type LiveBlock,
} from '../../reports/paper.ts';
import { pounds } from './funding.arithmetic.ts';
import { checkReadPot } from './funding.policy.ts';
import { fundingSummaries } from './funding.reads.ts';
import { getPot } from './funding.service.ts';
import type { ProjectRow } from './projects.service.ts';
import { PROJECT_STATUSES } from './funding.tables.ts';

/*
 * The projects and spend block of a board paper (seed 004 §4 and §8): a pot's amount, committed,
 * spent and remaining; its projects by status and by place (the city or the county); and each
 * project's spend against its budget as a bar chart with the table beneath. Pots are read by
 * coordinators and the members of their deciding group: a chosen pot outside that is refused,
 * and with no pot chosen only the pots the author may read are counted.
 */

const Settings = formSchema({
  potId: field.optionalId('Funding pot', 'Select a funding pot from the list'),
  ...PERIOD_SETTINGS,
});

const SOURCE = 'Funding pots, proposals, projects and spend recorded in the Hub';

type Summary = Awaited<ReturnType<typeof fundingSummaries>>;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function potSentences(pots: Summary['pots']): BlockPart[] {
  if (!pots.length) return [{ kind: 'sentence', text: 'There is no funding pot to report.' }];
  return pots.map((pot) => ({
    kind: 'sentence',
    text:
      `${pot.name} (${pot.financialYear}) holds ${pounds(pot.amountPence)}: ${pounds(pot.committedPence)} is committed ` +
      `to approved proposals and ${pounds(pot.spentPence)} has been spent, leaving ${pounds(pot.remainingPence)}.`,
  }));
}

function projectSentences(projects: ProjectRow[]): BlockPart[] {
  if (!projects.length) return [{ kind: 'sentence', text: 'No projects are recorded yet.' }];
  const byStatus = PROJECT_STATUSES.map((status) => ({
    status,
    n: projects.filter((p) => p.status === status).length,
  })).filter((s) => s.n > 0);
  const side = (name: string) => projects.filter((p) => p.places.some((place) => place.side === name)).length;
  const unplaced = projects.filter((p) => !p.places.length).length;
  return [
    {
      kind: 'sentence',
      text: `There are ${count(projects.length, 'project', 'projects')}: ${byStatus.map((s) => `${s.n} ${label(s.status).toLowerCase()}`).join(', ')}.`,
    },
    {
      kind: 'sentence',
      text:
        `By place, ${count(side('city'), 'project works', 'projects work')} in the city and ${side('county')} in the county` +
        `${unplaced ? `; ${count(unplaced, 'has', 'have')} no place recorded` : ''}.`,
    },
  ];
}

/** Spend against budget: a bar per project (spent, then budget still to spend), in whole pounds. */
function spendParts(projects: ProjectRow[]): BlockPart[] {
  if (!projects.length) return [];
  const whole = (pence: number) => Math.round(pence / 100);
  const spec: StackedChartSpec = {
    kind: 'stacked',
    id: 'paper-project-spend',
    title: 'Spend against budget by project (£)',
    category: 'Project',
    series: [
      { label: 'Spent', colour: BAR_COLOUR },
      { label: 'Budget not yet spent', colour: CHART_COLOURS.amber },
    ],
    rows: projects.map((p) => ({
      label: p.title,
      values: [whole(p.spentPence), Math.max(0, whole(p.budgetPence) - whole(p.spentPence))],
    })),
  };
  return [
    { kind: 'chart', caption: spec.title, svg: chartSvg(spec), alt: `${spec.title}. ${describe(spec)}` },
    {
      kind: 'table',
      caption: 'Projects: budget, spend and status',
      head: ['Project', 'Status', 'Places', 'Budget', 'Spent', 'Budget remaining'],
      rows: projects.map((p) => [
        p.title,
        label(p.status),
        p.places.map((place) => place.name).join(', '),
        pounds(p.budgetPence),
        pounds(p.spentPence),
        pounds(p.budgetPence - p.spentPence),
      ]),
    },
  ];
}

/** The pots and projects the block covers: one pot (checked), or every pot the author may read and every project. */
async function fundingIn(ctx: BlockContext, settings: BlockSettings<typeof Settings>) {
  const period = blockPeriod(ctx, settings);
  if (settings.potId !== undefined) checkReadPot(ctx.user, await getPot(ctx.db, settings.potId));
  const summary = await fundingSummaries(ctx.db, ctx.user, period);
  const { projects } = summary;
  if (settings.potId === undefined) return { period, summary, pots: summary.pots, projects };
  return {
    period,
    summary,
    pots: summary.pots.filter((p) => p.id === settings.potId),
    projects: projects.filter((p) => p.potId === settings.potId),
  };
}

export const fundingBlock: LiveBlock<typeof Settings> = {
  key: 'funding',
  title: 'Projects and spend',
  description:
    'A funding pot’s committed, spent and remaining money, its projects by status and place, and spend against budget.',
  settings: Settings,
  async choices(ctx) {
    const { pots } = await fundingSummaries(ctx.db, ctx.user, { from: isoDate(ctx.asAt), to: isoDate(ctx.asAt) });
    return { potId: pots.map((pot) => ({ value: String(pot.id), text: `${pot.name} (${pot.financialYear})` })) };
  },
  async build(ctx, settings) {
    const { period, summary, pots, projects } = await fundingIn(ctx, settings);
    const periodSpend: BlockPart[] =
      settings.potId === undefined
        ? [
            {
              kind: 'sentence',
              text: `${pounds(summary.spentInPeriodPence)} of spend was recorded from ${periodWords(period)}.`,
            },
          ]
        : [];
    return {
      key: 'funding',
      heading:
        pots.length === 1 && settings.potId !== undefined
          ? `Projects and spend: ${pots[0]!.name}`
          : 'Projects and spend',
      source: SOURCE,
      asAt: isoDate(ctx.asAt),
      marking: 'OFFICIAL',
      parts: [...potSentences(pots), ...projectSentences(projects), ...periodSpend, ...spendParts(projects)],
    };
  },
};
