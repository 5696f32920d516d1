import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseOnlyHub } from '../../../test/helpers.ts';
import { group, meeting, organisation, serviceUser } from '../../../test/factories.ts';
import { NotFoundError } from '../../errors.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { resourcesBlock } from './resources.blocks.ts';
import { resources, resourceUses } from './resources.tables.ts';

const hub = await databaseOnlyHub({ after });
const db = hub.database.db;

/*
 * April to June 2009: Stockton Council showed the DVD twice (30 and 20 people), Cleveland Police
 * once (10); Hartlepool Council's showing in August is outside the period; the health trust has
 * never used it.
 */
const stockton = await organisation(hub, 'Stockton Council', 'local_authority');
const police = await organisation(hub, 'Cleveland Police', 'police');
const hartlepool = await organisation(hub, 'Hartlepool Council', 'local_authority');
await organisation(hub, 'Tees Health', 'health');
const coordinator = await serviceUser(hub, 'coordinator');
const [dvd] = await db
  .insert(resources)
  .values({ title: 'Trust your Instincts', format: 'dvd', createdBy: coordinator.accountId })
  .returning();
const used = (organisationId: number, usedOn: string, peopleReached: number) => ({
  resourceId: dvd!.id,
  organisationId,
  usedOn,
  howUsed: 'Shown at a staff briefing',
  peopleReached,
  recordedBy: coordinator.accountId,
});
await db
  .insert(resourceUses)
  .values([
    used(stockton.id, '2009-05-01', 30),
    used(stockton.id, '2009-06-01', 20),
    used(police.id, '2009-05-15', 10),
    used(hartlepool.id, '2009-08-01', 50),
  ]);
const board = await group(hub, 'quarterly', 'Stockton Renaissance Board');
const paperMeeting = await meeting(hub, board.id, '2009-07-07');
const ctx = { db, user: coordinator, meeting: paperMeeting, asAt: new Date('2009-06-30T17:00:00Z') };
const PERIOD = { from: '2009-04-01', to: '2009-06-30' };

const sentences = (block: BlockContent) =>
  block.parts.filter((p): p is Extract<BlockPart, { kind: 'sentence' }> => p.kind === 'sentence').map((p) => p.text);

test('the uptake block gives a resource’s use by sector and the organisations that have not used it', async () => {
  const block = await resourcesBlock.build(ctx, { ...PERIOD, resourceId: dvd!.id });
  assert.equal(block.heading, 'Resource uptake: Trust your Instincts');
  assert.equal(block.marking, 'OFFICIAL');
  assert.deepEqual(sentences(block), [
    '“Trust your Instincts” was used 3 times by 2 organisations from 1 April 2009 to 30 June 2009, reaching 60 people; 2 partner organisations have not used it yet.',
    'It has not yet reached the health sector.',
  ]);
  const table = block.parts.find((p) => p.kind === 'table');
  assert.deepEqual(table?.rows, [
    ['Health', '1', '0', '0', '0', 'Tees Health'],
    ['Local authority', '2', '1', '2', '50', 'Hartlepool Council'],
    ['Police', '1', '1', '1', '10', ''],
  ]);
  const chart = block.parts.find((p) => p.kind === 'chart');
  assert.ok(chart?.kind === 'chart');
  assert.match(chart.alt, /Health: 0; Local authority: 50; Police: 10\./);
  assert.deepEqual((await resourcesBlock.choices!(ctx)).resourceId, [
    { value: String(dvd!.id), text: 'Trust your Instincts' },
  ]);
});

test('a resource that does not exist is not found', async () => {
  await assert.rejects(resourcesBlock.build(ctx, { ...PERIOD, resourceId: dvd!.id + 100 }), NotFoundError);
});
