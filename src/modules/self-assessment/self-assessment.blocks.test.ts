import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseOnlyHub } from '../../../test/helpers.ts';
import { group, meeting, serviceUser } from '../../../test/factories.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { ForbiddenError } from '../../errors.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { agreeAssessment, createAssessment, rateCriterion } from './assessments.service.ts';
import { getFramework, listFrameworks } from './frameworks.service.ts';
import { recordPeerRating } from './peers.service.ts';
import { selfAssessmentBlock } from './self-assessment.blocks.ts';

const hub = await databaseOnlyHub({ after });
const db = hub.database.db;

/*
 * NI35 for Stockton Renaissance (seed 001 §5): a cautious first iteration rated 2, 2, 1, 2 and a
 * second, agreed, rated 3, 2, 2, 1; Hartlepool published 2, 2, 1, 2 and Middlesbrough 4, 4, 3, 4.
 */
const ni35 = await getFramework(db, (await listFrameworks(db)).find((f) => f.name === 'National Indicator 35')!.id);
const board = await group(hub, 'quarterly', 'Stockton Renaissance Board');
const coordinator = await serviceUser(hub, 'coordinator');
const paperMeeting = await meeting(hub, board.id, '2010-03-02');

async function iteration(title: string, assessedOn: string, ratings: number[], summary?: string) {
  const id = await createAssessment(db, coordinator, {
    frameworkId: ni35.id,
    body: 'Stockton Renaissance',
    title,
    assessedOn,
    assessingGroupId: board.id,
    summary,
  });
  for (const [i, value] of ratings.entries()) await rateCriterion(db, coordinator, id, ni35.criteria[i]!.id, { value });
  return id;
}

await iteration('January 2009', '2009-01-31', [2, 2, 1, 2], 'Agreed to be cautious in this first iteration.');
const second = await iteration('January 2010', '2010-01-31', [3, 2, 2, 1]);
await agreeAssessment(db, coordinator, second, { groupId: board.id, meetingId: paperMeeting.id });
for (const [peer, values] of [
  ['Hartlepool', [2, 2, 1, 2]],
  ['Middlesbrough', [4, 4, 3, 4]],
] as const)
  for (const [i, value] of values.entries())
    await recordPeerRating(db, coordinator, {
      frameworkId: ni35.id,
      peer,
      year: 2009,
      criterionId: ni35.criteria[i]!.id,
      value,
    });

const build = (user: CurrentUser, body?: string) =>
  selfAssessmentBlock.build(
    { db, user, meeting: paperMeeting, asAt: new Date('2010-02-20T12:00:00Z') },
    { frameworkId: ni35.id, body },
  );

const parts = <K extends BlockPart['kind']>(block: BlockContent, kind: K) =>
  block.parts.filter((p): p is Extract<BlockPart, { kind: K }> => p.kind === kind);

test('the self-assessment block sets the latest iteration beside peers and says what changed from the first', async () => {
  const block = await build(coordinator, 'Stockton Renaissance');
  assert.equal(block.heading, 'Self-assessment: National Indicator 35');
  assert.equal(block.marking, 'OFFICIAL');
  assert.deepEqual(
    parts(block, 'sentence').map((s) => s.text),
    [
      'The latest National Indicator 35 self-assessment on behalf of Stockton Renaissance is “January 2010”, assessed on 31 January 2010 (agreed).',
      'Our self-assessment is in keeping with Hartlepool, with the exception of Middlesbrough (higher).',
      'Against the previous iteration, “January 2009” (31 January 2009), 2 criteria are rated higher, 1 lower and 1 the same. That iteration’s summary: “Agreed to be cautious in this first iteration”.',
    ],
  );
  const [peers, change] = parts(block, 'table');
  assert.deepEqual(peers!.head.slice(1), [
    'Stockton Renaissance (January 2010)',
    'Hartlepool (2009)',
    'Middlesbrough (2009)',
  ]);
  assert.deepEqual(
    peers!.rows.map((row) => row.slice(1)),
    [
      ['3', '2 (lower)', '4 (higher)'],
      ['2', '2 (in keeping)', '4 (higher)'],
      ['2', '1 (lower)', '3 (higher)'],
      ['1', '2 (higher)', '4 (higher)'],
    ],
  );
  assert.deepEqual(
    change!.rows.map((row) => row.slice(1)),
    [
      ['2', '3', 'Higher'],
      ['2', '2', 'The same'],
      ['1', '2', 'Higher'],
      ['2', '1', 'Lower'],
    ],
  );
  // With no body chosen, the author's first body is taken.
  assert.deepEqual(await build(coordinator), block);
});

test('members of the assessing group read the block; anyone else is refused it and offered no body', async () => {
  const boardMember = await serviceUser(hub, 'member', [board.id]);
  assert.match(parts(await build(boardMember), 'sentence')[0]!.text, /“January 2010”/);
  const outsider = await serviceUser(hub, 'member', [(await group(hub)).id]);
  await assert.rejects(build(outsider, 'Stockton Renaissance'), ForbiddenError);
  await assert.rejects(build(outsider), ForbiddenError);
  const choices = await selfAssessmentBlock.choices!({
    db,
    user: outsider,
    meeting: paperMeeting,
    asAt: new Date('2010-02-20T12:00:00Z'),
  });
  assert.deepEqual(choices.body, []);
  assert.ok(choices.frameworkId?.some((f) => f.text === 'National Indicator 35'));
});
