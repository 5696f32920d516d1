// What other parts of the Hub may use of the self-assessment module. Everything else in this folder is its own.
export { selfAssessmentRoutes } from './self-assessment.routes.ts';
// Board papers: a framework's latest iteration beside peers.
export { selfAssessmentBlock } from './self-assessment.blocks.ts';
