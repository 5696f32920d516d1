// What other parts of the Hub may use of the impact-assessments module. Everything else in this folder is its own.
export { impactAssessmentRoutes } from './impact-assessments.routes.ts';
