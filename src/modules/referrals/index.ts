// What other parts of the Hub may use of the referrals module. Everything else in this folder is its own.
export { registerRoutes } from './register.routes.ts';
export { figuresRoutes } from './figures.routes.ts';
export { statisticsRoutes } from './statistics.routes.ts';
export { overdueRegisterReviews, panelCasesForMeeting } from './register.reads.ts';
export { hasRegisterAccess } from './register.policy.ts';
export { casesDueReduction, reduceExpiredCases, registerAccessOf } from './register.access.ts';
export { riseSentence, shareSentence, largestShareSentence, changeOn, roughFraction } from './statistics.sentences.ts';
export { boardPaperSentences } from './statistics.view.ts';
// What a board paper can quote from this module (src/modules/papers gathers every module's blocks).
export { referralsBlock } from './referrals.blocks.ts';
