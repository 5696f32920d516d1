// What other parts of the Hub may use of the funding module. Everything else in this folder is its own.
export { fundingRoutes } from './funding.routes.ts';
// src/app.ts registers the reaction to meetings' decisions on funding proposals.
export { registerFundingReactions } from './funding.service.ts';
// The coordinator's home page (deadlines), the engagement log (project deliveries) and board papers (summaries).
export { fundingDeadlines, fundingSummaries, type FundingDeadline } from './funding.reads.ts';
export { engagementEntries } from './projects.service.ts';
// Board papers: a pot's money, its projects, and spend against budget.
export { fundingBlock } from './funding.blocks.ts';
