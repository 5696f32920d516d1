// What other parts of the Hub may use of the response-plans module. Everything else in this folder is its own.
export { responsePlanRoutes } from './response-plans.routes.ts';
// Tension asks where a plan is in force (src/reactions.ts); src/app.ts registers the answer at start.
export { registerResponsePlanReactions } from './response-plans.reactions.ts';
// Board papers quote each closed plan's summary.
export { responsePlanSummaries, type ResponsePlanSummary } from './response-plans.reads.ts';
// Board papers: the 14-day plans in force in a period.
export { responsePlansBlock } from './response-plans.blocks.ts';
