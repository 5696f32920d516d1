// What other parts of the Hub may use of the resources module. Everything else in this folder is its own.
export { resourcesRoutes } from './resources.routes.ts';
// Board papers to come: each resource's uptake in a period, with the sectors it has not reached.
export { resourceUptakeSummaries, type ResourceUptakeSummary, type Uptake } from './resources.reads.ts';
// Board papers: a resource's uptake by sector, and who has not used it yet.
export { resourcesBlock } from './resources.blocks.ts';
