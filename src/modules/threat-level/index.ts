// What other parts of the Hub may use of the threat-level module. Everything else in this folder is its own.
export { threatLevelRoutes } from './threat-level.routes.ts';
export {
  disruptedPlotsFor,
  disruptedPlotsSummaries,
  threatLevelOn,
  type DisruptedPlotsSummary,
  type ThreatLevelOnDay,
} from './threat-level.reads.ts';
export { meaningOn } from './threat-level.words.ts';
