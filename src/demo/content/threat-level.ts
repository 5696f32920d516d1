// The disrupted attack plots the demo records, as the Leicestershire board paper of June 2019 quotes
// them (its paragraph 3). The national threat level itself needs no demo data: its published
// history ships with the Hub.

import type { PlotIdeology } from '../../modules/threat-level/threat-level.tables.ts';
import type { IsoDate } from '../demo-dates.ts';

export interface DemoDisruptedPlots {
  periodLabel: string;
  ideology: PlotIdeology;
  plots: number;
  source: string;
  publishedOn: IsoDate;
}

const BOARD_PAPER = 'Leicestershire Safer Communities Strategy Board, 14 June 2019: LSCSB update: Prevent, paragraph 3';

export const DISRUPTED_PLOTS: DemoDisruptedPlots[] = [
  { periodLabel: 'the past 2 years', ideology: 'islamist', plots: 14, source: BOARD_PAPER, publishedOn: '2019-06-14' },
  {
    periodLabel: 'the past 2 years',
    ideology: 'extreme_right_wing',
    plots: 5,
    source: BOARD_PAPER,
    publishedOn: '2019-06-14',
  },
];
