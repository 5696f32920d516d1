import type { AnyLiveBlock } from '../../reports/paper.ts';
import { engagementBlock } from '../events/index.ts';
import { fundingBlock } from '../funding/index.ts';
import { impactAssessmentsBlock } from '../impact-assessments/index.ts';
import { previousMeetingBlock } from '../meetings/index.ts';
import { consultationBlock, planAppendixBlock, planProgressBlock } from '../plans/index.ts';
import { referralsBlock } from '../referrals/index.ts';
import { resourcesBlock } from '../resources/index.ts';
import { responsePlansBlock } from '../response-plans/index.ts';
import { selfAssessmentBlock } from '../self-assessment/index.ts';
import { tensionBlock } from '../tension/index.ts';
import { threatLevelBlock } from '../threat-level/index.ts';
import { trainingBlock } from '../training/index.ts';

/*
 * Every live block an author can put in a paper. Each module contributes its own from its door
 * (`<module>.blocks.ts`, exported by its index.ts); this list is the one place they are gathered,
 * in the order the "Add a live block" page offers them.
 */
export const LIVE_BLOCKS: AnyLiveBlock[] = [
  threatLevelBlock,
  referralsBlock,
  planProgressBlock,
  planAppendixBlock,
  consultationBlock,
  engagementBlock,
  tensionBlock,
  responsePlansBlock,
  impactAssessmentsBlock,
  selfAssessmentBlock,
  fundingBlock,
  trainingBlock,
  resourcesBlock,
  previousMeetingBlock,
];

/** The block of a stored key, or undefined for a key no module offers any more. */
export function liveBlock(key: string): AnyLiveBlock | undefined {
  return LIVE_BLOCKS.find((block) => block.key === key);
}
