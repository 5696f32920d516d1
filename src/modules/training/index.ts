// What other parts of the Hub may use of the training module. Everything else in this folder is its own.
export { trainingRoutes } from './training.routes.ts';
// The coordinator's home page lists requests still to answer (views/home-panel.njk shows them).
export { outstandingTrainingRequests } from './training.reads.ts';
// The engagement log page gathers training sessions with events and project deliveries; board papers read the summary.
export { engagementEntries, trainingSummaries, type TrainingSummary } from './training.reads.ts';
// Board papers: staff trained by sector, coverage against targets, the Champions' cascade.
export { trainingBlock } from './training.blocks.ts';
