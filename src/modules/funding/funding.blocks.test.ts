import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseOnlyHub, type TestHub } from '../../../test/helpers.ts';
import { group, meeting, serviceUser } from '../../../test/factories.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { ForbiddenError } from '../../errors.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { areas } from '../partnership/partnership.tables.ts';
import { fundingBlock } from './funding.blocks.ts';
import { fundingPots, fundingProjects, fundingProposals, projectPlaces, projectSpend } from './funding.tables.ts';

/*
 * A Home Office pot of £100,000 with £30,000 approved for schools workshops, which have spent
 * £15,000 (£12,000 of it in the period); a football project with no proposal that has spent
 * £1,000 beyond any commitment; and a mentoring project on another group's pot.
 */
async function fundingWorld(hub: TestHub) {
  const db = hub.database.db;
  const silver = await group(hub, 'quarterly', 'Prevent Silver Group');
  const other = await group(hub, 'quarterly', 'Community Safety Partnership');
  const [grant, local] = await db
    .insert(fundingPots)
    .values([
      {
        name: 'Home Office Prevent grant',
        source: 'home_office_prevent',
        amountPence: 10_000_000,
        financialYear: '2019/20',
        decidingGroupId: silver.id,
      },
      {
        name: 'Local fund',
        source: 'other',
        amountPence: 2_000_000,
        financialYear: '2019/20',
        decidingGroupId: other.id,
      },
    ])
    .returning();
  const [proposal] = await db
    .insert(fundingProposals)
    .values({
      potId: grant!.id,
      title: 'Schools workshops',
      proposerKind: 'other',
      amountAskedPence: 3_000_000,
      outcomeSought: 'Pupils resist extremist narratives',
      decision: 'approved',
      approvedAmountPence: 3_000_000,
    })
    .returning();
  const [city, county] = await db
    .insert(areas)
    .values([
      { name: 'Leicester', kind: 'city' },
      { name: 'Melton', kind: 'district' },
    ])
    .returning();
  const [schools, football] = await db
    .insert(fundingProjects)
    .values([
      {
        title: 'Schools workshops',
        type: 'schools_workshop',
        potId: grant!.id,
        proposalId: proposal!.id,
        budgetPence: 3_000_000,
        status: 'delivering',
      },
      { title: 'Football against hate', type: 'sports_engagement', potId: grant!.id, budgetPence: 500_000 },
      { title: 'Mentoring', type: 'other', potId: local!.id, budgetPence: 800_000, status: 'completed' },
    ])
    .returning();
  await db.insert(projectPlaces).values([
    { projectId: schools!.id, areaId: city!.id },
    { projectId: football!.id, areaId: county!.id },
  ]);
  await db.insert(projectSpend).values([
    {
      projectId: schools!.id,
      quarter: '2019/20 Q2',
      amountPence: 1_200_000,
      recordedAt: new Date('2019-08-01T10:00Z'),
    },
    { projectId: schools!.id, quarter: '2019/20 Q3', amountPence: 300_000, recordedAt: new Date('2019-10-15T10:00Z') },
    { projectId: football!.id, quarter: '2019/20 Q2', amountPence: 100_000, recordedAt: new Date('2019-09-01T10:00Z') },
  ]);
  const paperMeeting = await meeting(hub, silver.id, '2019-10-01');
  return { silver, other, grant: grant!, local: local!, paperMeeting };
}

const hub = await databaseOnlyHub({ after });
const world = await fundingWorld(hub);
const coordinator = await serviceUser(hub, 'coordinator');
const ctx = (user: CurrentUser) => ({
  db: hub.database.db,
  user,
  meeting: world.paperMeeting,
  asAt: new Date('2019-09-30T17:00:00Z'),
});
const PERIOD = { from: '2019-07-01', to: '2019-09-30' };

const sentences = (block: BlockContent) =>
  block.parts.filter((p): p is Extract<BlockPart, { kind: 'sentence' }> => p.kind === 'sentence').map((p) => p.text);

test('a pot’s block gives committed, spent and remaining, its projects by status and place, and spend against budget', async () => {
  const block = await fundingBlock.build(ctx(coordinator), { ...PERIOD, potId: world.grant.id });
  assert.equal(block.heading, 'Projects and spend: Home Office Prevent grant');
  assert.equal(block.marking, 'OFFICIAL');
  assert.equal(block.asAt, '2019-09-30');
  assert.deepEqual(sentences(block), [
    'Home Office Prevent grant (2019/20) holds £100,000: £30,000 is committed to approved proposals and £16,000 has been spent, leaving £69,000.',
    'There are 2 projects: 1 planned, 1 delivering.',
    'By place, 1 project works in the city and 1 in the county.',
  ]);
  const table = block.parts.find((p) => p.kind === 'table');
  assert.deepEqual(table?.rows, [
    ['Football against hate', 'Planned', 'Melton', '£5,000', '£1,000', '£4,000'],
    ['Schools workshops', 'Delivering', 'Leicester', '£30,000', '£15,000', '£15,000'],
  ]);
  const chart = block.parts.find((p) => p.kind === 'chart');
  assert.ok(chart?.kind === 'chart');
  assert.match(chart.svg, /^<svg[^>]*role="img"/);
  assert.match(
    chart.alt,
    /Football against hate: 1000 spent, 4000 budget not yet spent; Schools workshops: 15000 spent, 15000 budget not yet spent\./,
  );
});

test('with no pot chosen, every pot the author may read and the spend recorded in the period', async () => {
  const block = await fundingBlock.build(ctx(coordinator), PERIOD);
  const text = sentences(block);
  assert.equal(text.length, 5);
  assert.match(text[1]!, /^Local fund \(2019\/20\) holds £20,000: £0 is committed/);
  assert.equal(text[2], 'There are 3 projects: 1 planned, 1 delivering, 1 completed.');
  assert.equal(text[3], 'By place, 1 project works in the city and 1 in the county; 1 has no place recorded.');
  assert.equal(text[4], '£13,000 of spend was recorded from 1 July 2019 to 30 September 2019.');
});

test('a member reads only their group’s pot: another pot is refused, and left out when none is chosen', async () => {
  const member = await serviceUser(hub, 'member', [world.other.id]);
  const choices = await fundingBlock.choices!(ctx(member));
  assert.deepEqual(choices.potId, [{ value: String(world.local.id), text: 'Local fund (2019/20)' }]);
  await assert.rejects(fundingBlock.build(ctx(member), { ...PERIOD, potId: world.grant.id }), ForbiddenError);
  const block = await fundingBlock.build(ctx(member), PERIOD);
  assert.doesNotMatch(sentences(block).join(' '), /Home Office Prevent grant/);
  assert.equal((await fundingBlock.choices!(ctx(coordinator))).potId?.length, 2);
});
