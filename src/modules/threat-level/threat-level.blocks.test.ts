import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestHub, withPartnership } from '../../../test/helpers.ts';
import { group, meeting, serviceUser } from '../../../test/factories.ts';
import { sourceLine } from '../../reports/paper.ts';
import { threatLevelBlock } from './threat-level.blocks.ts';
import { disruptedPlots } from './threat-level.tables.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;
const board = await group(hub, 'quarterly', 'Prevent Board');
const user = await serviceUser(hub, 'viewer');

/** A paper for a meeting on `meetingDay`, its figures taken at noon on `asAtDay`. */
async function contextFor(meetingDay: string, asAtDay: string) {
  const held = await meeting(hub, board.id, meetingDay);
  return { db, user, meeting: held, asAt: new Date(`${asAtDay}T12:00:00Z`) };
}

test('a paper for a coming meeting states the level in force now and its meaning', async () => {
  const content = await threatLevelBlock.build(await contextFor('2018-06-05', '2018-05-20'), {});
  assert.equal(content.marking, 'OFFICIAL');
  assert.equal(content.asAt, '2018-05-20');
  assert.deepEqual(content.parts, [
    {
      kind: 'sentence',
      text: 'The national threat level for international terrorism is SEVERE, meaning an attack is highly likely.',
    },
  ]);
  assert.equal(sourceLine(content), 'Source: MI5, threat levels; as at 20 May 2018.');
});

test('a paper written after its meeting states the level on the meeting date, as it was worded then', async () => {
  const content = await threatLevelBlock.build(await contextFor('2017-05-24', '2017-06-10'), {});
  assert.equal(content.asAt, '2017-05-24');
  assert.deepEqual(content.parts[0], {
    kind: 'sentence',
    text: 'On 24 May 2017 the national threat level for international terrorism was CRITICAL, meaning an attack was expected imminently.',
  });
});

test('the disrupted plots published by then and a timeline of the level are added when asked for', async () => {
  const row = { ideology: 'islamist' as const, source: 'Home Office, 6 March 2019', publishedOn: '2019-03-06' };
  await db.insert(disruptedPlots).values([
    { ...row, periodLabel: 'the past 2 years', plots: 14 },
    { ...row, periodLabel: 'the past 2 years', plots: 5, ideology: 'extreme_right_wing' },
  ]);
  const before = await threatLevelBlock.build(await contextFor('2019-01-10', '2019-01-02'), {
    plots: 'yes',
  });
  assert.equal(before.parts.length, 1, 'figures not yet published are not quoted');
  const content = await threatLevelBlock.build(await contextFor('2019-04-10', '2019-04-01'), {
    plots: 'yes',
    timeline: 'yes',
  });
  assert.deepEqual(content.parts[1], {
    kind: 'sentence',
    text: '19 late-stage attack plots were disrupted in the past 2 years (14 Islamist-inspired, 5 extreme right-wing-inspired).',
  });
  assert.equal(content.source, 'MI5, threat levels; Home Office, 6 March 2019');
  const chart = content.parts[2];
  assert.equal(chart?.kind, 'chart');
  if (chart?.kind !== 'chart') return;
  assert.match(chart.svg, /^<svg[^>]+role="img"/);
  assert.match(chart.alt, /From 1 April 2014: SUBSTANTIAL; From 29 August 2014: SEVERE; From 23 May 2017: CRITICAL/);
});

test('before the first published level the paper says there was none', async () => {
  const content = await threatLevelBlock.build(await contextFor('2005-03-01', '2005-02-01'), {
    timeline: 'yes',
  });
  assert.deepEqual(content.parts, [
    { kind: 'sentence', text: 'No national threat level was published before 1 August 2006.' },
  ]);
});
