// What other parts of the Hub may use of the impact-assessments module. Everything else in this folder is its own.
export { impactAssessmentRoutes } from './impact-assessments.routes.ts';
// The home page: reviews past their date, for the assessment's owner.
export { overdueImpactReviews, type AssessmentListItem } from './impact-assessments.service.ts';
// Board papers: open assessments in a period, their actions' status counts and next review.
export { impactAssessmentSummaries, type ImpactAssessmentSummary } from './impact-assessments.service.ts';
// Board papers: open assessments and their mitigating actions.
export { impactAssessmentsBlock } from './impact-assessments.blocks.ts';
