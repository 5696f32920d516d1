// What other parts of the Hub may use of the plans module. Everything else in this folder is its own.
export { consultationRoutes } from './consultation.routes.ts';
export { planDashboardRoutes } from './dashboard.routes.ts';
export { planImportRoutes } from './import.routes.ts';
export { plansRoutes } from './plans.routes.ts';
export { actionsDueFor, listPlanActions } from './plans.service.ts';
// Other modules turn their own records into plan actions (a 14-day plan's activity, a weak
// self-assessment criterion): through the one function that writes a plan's history.
export {
  createAction,
  getPlanAction,
  listPlans,
  type ActionInput,
  type ChangeContext,
  type Plan,
  type PlanAction,
} from './plans.service.ts';
export { registerPlanReactions } from './plans.reactions.ts';
// What a board paper can quote from this module (src/modules/papers gathers every module's blocks).
export { consultationBlock, planAppendixBlock, planProgressBlock } from './plans.blocks.ts';
