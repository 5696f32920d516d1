// What other parts of the Hub may use of the tension module. Everything else in this folder is its own.
export { tensionRoutes } from './tension.routes.ts';
// Read by 14-day response plans and Community Impact Assessments (incidents, who sees them, the current level).
export {
  canSeeIncident,
  checkCanSeeIncident,
  incidentHeading,
  incidentSummaries,
  incidentsVisibleTo,
  latestTensionLevels,
  type IncidentSummary,
  type LatestLevel,
} from './tension.reads.ts';
export { TENSION_LEVELS, tensionLevel, type TensionLevel } from './tension.words.ts';
// The home page: level 4 and 5 reports alert coordinators at once.
export { tensionAlerts, type TensionAlert } from './tension.reads.ts';
// Putting a record on a group's next meeting under a neutral title (impact assessments do too).
// Board papers: each area's latest tension level and the period's incidents.
export { tensionBlock } from './tension.blocks.ts';
