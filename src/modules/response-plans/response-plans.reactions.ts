import { answerQuestion } from '../../reactions.ts';
import { areasInForce } from './response-plans.reads.ts';

/** Tension (below) asks where a 14-day plan is in force on a day: its reports go daily there. */
export function registerResponsePlanReactions(): void {
  answerQuestion('responsePlans.areasInForce', areasInForce);
}
