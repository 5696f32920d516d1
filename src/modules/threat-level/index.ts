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
// What a board paper can quote from this module (src/modules/papers gathers every module's blocks).
export { threatLevelBlock } from './threat-level.blocks.ts';
