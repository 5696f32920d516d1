import { isoDate } from '../../views/filters.ts';
import { formSchema } from '../../views/forms.ts';
import {
  blockPeriod,
  periodWords,
  PERIOD_SETTINGS,
  type BlockPart,
  type BlockPeriod,
  type LiveBlock,
} from '../../reports/paper.ts';
import { trainingFigures } from './training.figures.ts';

/*
 * The training block of a board paper (seed 004 §6): staff trained by sector in the period,
 * coverage against each organisation's target, and the cascade through Prevent Champions. The
 * figures are the training overview's own (trainingFigures), so the paper and the page agree.
 * Training figures are counts of staff, open to everyone signed in: the block names no trainee
 * and none of the contact details on requests for training.
 */

const Settings = formSchema({ ...PERIOD_SETTINGS });

const SOURCE = 'Training sessions, attendance and targets recorded in the Hub';

type Figures = Awaited<ReturnType<typeof trainingFigures>>;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function deliveredSentence({ summary }: Figures, period: BlockPeriod): string {
  if (!summary.sessions) return `No training sessions were held from ${periodWords(period)}.`;
  return `From ${periodWords(period)}, ${plural(summary.staffTrained, 'member of staff was', 'staff were')} trained in ${plural(summary.sessions, 'session', 'sessions')}.`;
}

function sectorParts(figures: Figures): BlockPart[] {
  const bySector = figures.charts.find((chart) => chart.id === 'training-by-sector');
  if (!bySector) return [];
  return [
    {
      kind: 'chart',
      caption: bySector.title,
      svg: bySector.svg,
      alt: `${bySector.title}: ${bySector.rows.map((row) => `${row.label} ${row.values.join(', ')}`).join('; ')}.`,
    },
    {
      kind: 'table',
      caption: bySector.title,
      head: bySector.head,
      rows: bySector.rows.map((row) => [row.label, ...row.values.map((value) => value.toLocaleString('en-GB'))]),
    },
  ];
}

function coverageParts({ coverage, coverageSvg }: Figures): BlockPart[] {
  if (!coverage.length) return [{ kind: 'sentence', text: 'No organisation has a training target yet.' }];
  const reached = coverage.filter((row) => row.trained >= row.target).length;
  const target = coverage.reduce((total, row) => total + row.target, 0);
  const trained = coverage.reduce((total, row) => total + Math.min(row.trained, row.target), 0);
  const percent = target ? Math.round((100 * trained) / target) : 100;
  const caption = 'Staff trained against each organisation’s target';
  return [
    {
      kind: 'sentence',
      text:
        `Of the ${plural(coverage.length, 'organisation', 'organisations')} with a training target, ${reached} ` +
        `${reached === 1 ? 'has' : 'have'} reached it: ${trained.toLocaleString('en-GB')} of the ` +
        `${plural(target, 'member of staff', 'staff')} they aim to train (${percent}%) were trained in the period.`,
    },
    ...(coverageSvg
      ? [
          {
            kind: 'chart' as const,
            caption,
            svg: coverageSvg,
            alt: `${caption}: ${coverage.map((row) => `${row.organisation} ${row.trained} of ${row.target}`).join('; ')}.`,
          },
        ]
      : []),
    {
      kind: 'table',
      caption,
      head: ['Organisation', 'Target', 'Trained', 'Coverage'],
      rows: coverage.map((row) => [row.organisation, String(row.target), String(row.trained), `${row.percent}%`]),
    },
  ];
}

function cascadeSentence({ summary }: Figures): string {
  if (!summary.champions) return 'No Prevent Champions have been trained yet.';
  return (
    `${plural(summary.champions, 'Prevent Champion has', 'Prevent Champions have')} been trained; in the period ` +
    `${summary.champions === 1 ? 'they' : 'Champions'} delivered ${plural(summary.cascadeSessions, 'session', 'sessions')} ` +
    `to ${plural(summary.cascadeStaff, 'member of staff', 'staff')}.`
  );
}

export const trainingBlock: LiveBlock<typeof Settings> = {
  key: 'training',
  title: 'Training figures',
  description: 'Staff trained by sector in the period, coverage against targets, and the Prevent Champions’ cascade.',
  settings: Settings,
  async build(ctx, settings) {
    const period = blockPeriod(ctx, settings);
    const figures = await trainingFigures(ctx.db, period);
    return {
      key: 'training',
      heading: 'Training',
      source: SOURCE,
      asAt: isoDate(ctx.asAt),
      marking: 'OFFICIAL',
      parts: [
        { kind: 'sentence', text: deliveredSentence(figures, period) },
        ...sectorParts(figures),
        ...coverageParts(figures),
        { kind: 'sentence', text: cascadeSentence(figures) },
      ],
    };
  },
};
