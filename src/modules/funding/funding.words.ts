import { pounds } from './funding.arithmetic.ts';

export const VIEWS = 'funding/views';

/** Where a pot's money comes from, in the papers' words. */
export const SOURCE_LABELS: Record<string, string> = {
  home_office_prevent: 'Home Office Prevent funding',
  pathfinder: 'Pathfinder',
  other: 'Other',
};

/** Values the templates share: money in pounds and the module's words. */
export const money = { pounds, sourceLabels: SOURCE_LABELS };
