import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { buildTestHub, withPartnership } from '../../../test/helpers.ts';
import { group, meeting, serviceUser } from '../../../test/factories.ts';
import { ForbiddenError } from '../../errors.ts';
import type { BlockContent, BlockPart } from '../../reports/paper.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { financialYear } from './categories.ts';
import { referralFigures } from './figures.tables.ts';
import { referralsBlock } from './referrals.blocks.ts';
import { referrals } from './register.tables.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub);
const db = hub.database.db;
const board = await group(hub, 'quarterly', 'Prevent Board');
const held = await meeting(hub, board.id, '2019-01-15');
const viewer = await serviceUser(hub, 'viewer');
const context = (user = viewer) => ({ db, user, meeting: held, asAt: new Date('2019-01-02T12:00:00Z') });

async function figure(year: number, value: number, geography = 'England and Wales', breakdown?: [string, string]) {
  const period = financialYear(year);
  await db.insert(referralFigures).values({
    periodKind: 'year',
    periodLabel: period.label,
    periodStart: period.start,
    periodEnd: period.end,
    geographyKind: geography === 'England and Wales' ? 'national' : 'local_authority',
    geography,
    measure: 'referred',
    breakdown: breakdown?.[0] ?? null,
    category: breakdown?.[1] ?? null,
    value,
    sourceTitle: 'Individuals referred to and supported through the Prevent Programme',
    release: 'Home Office, 13 December 2018',
    releaseDate: '2018-12-13',
  });
}

await figure(2016, 6099);
await figure(2017, 7318);
await figure(2016, 3000, undefined, ['concern', 'islamist']);
await figure(2017, 2800, undefined, ['concern', 'islamist']);
await figure(2016, 1000, undefined, ['concern', 'extreme_right_wing']);
await figure(2017, 1360, undefined, ['concern', 'extreme_right_wing']);
await figure(2017, 3876, undefined, ['sector', 'education']);
await figure(2017, 3, undefined, ['sector', 'police']);
await figure(2017, 1000, undefined, ['sector', 'health']);
await figure(2017, 2439, undefined, ['sector', 'local_authority']);
await figure(2017, 3, 'Rutland');

const sentences = (content: BlockContent) => content.parts.flatMap((p) => (p.kind === 'sentence' ? [p.text] : []));
const table = (content: BlockContent, caption: RegExp) =>
  content.parts.find((p): p is Extract<BlockPart, { kind: 'table' }> => p.kind === 'table' && caption.test(p.caption));

test('published figures: the change and the largest share in words, a table of years and a chart', async () => {
  const content = await referralsBlock.build(context(), {
    geography: 'national|England and Wales',
    period: '2017/18',
  });
  assert.equal(content.marking, 'OFFICIAL');
  assert.equal(content.asAt, '2019-01-02');
  assert.match(content.source, /^Home Office/);
  assert.deepEqual(sentences(content), [
    // 6,099 → 7,318 is +19.99%; extreme right-wing 1,000 → 1,360 is +36%, Islamist fell.
    'Prevent referrals have risen by 20% to 7,318 in 2017/18 (including a 36% rise in extreme right-wing referrals).',
    // 3,876 of 7,318 is 52.97%.
    'The majority of referrals come from the education sector (roughly 1/2, 53.0% in 2017/18).',
  ]);
  assert.deepEqual(table(content, /by year/)?.rows, [
    ['2016/17', '6,099', ''],
    ['2017/18', '7,318', '+20.0% on 2016/17'],
  ]);
  const chart = content.parts.find((p) => p.kind === 'chart');
  assert.ok(chart?.kind === 'chart' && /2016\/17: 6,099; 2017\/18: 7,318/.test(chart.alt));
});

test('small numbers are suppressed in the paper, with a neighbour so that the total cannot give them back', async () => {
  const content = await referralsBlock.build(context(), {
    geography: 'national|England and Wales',
    period: '2017/18',
  });
  const rows = table(content, /by sector/)!.rows;
  assert.deepEqual(
    rows.find((r) => r[0] === 'Police'),
    ['Police', '[c]', ''],
  );
  assert.equal(rows.filter((r) => r[1] === '[c]').length, 2, 'a second sector is hidden beside it');
  assert.ok(!JSON.stringify(content).includes('"3"'));
  const rutland = await referralsBlock.build(context(), {
    geography: 'local_authority|Rutland',
    period: '2017/18',
  });
  assert.deepEqual(sentences(rutland), [
    'The number of Prevent referrals in 2017/18 is not shown ([c]): it is small enough to point at a person.',
  ]);
  assert.equal(table(rutland, /by year/)?.rows[0]?.[1], '[c]');
});

test('register figures are refused outside its need-to-know, and suppressed and OFFICIAL-SENSITIVE within it', async () => {
  const received = (n: number, sector: string) =>
    Array.from({ length: n }, (_, i) => ({
      reference: `PB-${sector}-${i}`,
      receivedOn: '2018-05-01',
      referringSector: sector,
      area: 'Leicester',
      concern: 'islamist',
      ageBand: '15_to_20',
      createdBy: viewer.accountId,
    }));
  await db.insert(referrals).values([...received(5, 'education'), ...received(2, 'police')]);
  const settings = { geography: 'register|Test Prevent partnership', period: '2018/19' };
  await assert.rejects(referralsBlock.build(context(), settings), ForbiddenError);
  const choices = await referralsBlock.choices!(context());
  assert.ok(!choices.geography!.some((c) => c.value.startsWith('register|')));

  const panelMember = await serviceUser(hub, 'member', [(await group(hub)).id]);
  const offered = await referralsBlock.choices!(context(panelMember));
  assert.ok(offered.geography!.some((c) => c.value === settings.geography));
  const content = await referralsBlock.build(context(panelMember), settings);
  assert.equal(content.marking, 'OFFICIAL-SENSITIVE');
  assert.deepEqual(sentences(content), ['There were 7 Prevent referrals in 2018/19.']);
  assert.deepEqual(
    table(content, /by sector/)!.rows.map((r) => r[1]),
    ['[c]', '[c]'],
  );
  const reads = await db.select().from(auditLog).where(eq(auditLog.action, 'referral_register.viewed'));
  assert.equal(reads.length, 1);
});

test('a geography or period with no figure is not found (the paper leaves the block out)', async () => {
  await assert.rejects(
    referralsBlock.build(context(), { geography: 'national|Atlantis', period: '2017/18' }),
    /No such referral figures for that geography/,
  );
  await assert.rejects(
    referralsBlock.build(context(), { geography: 'national|England and Wales', period: '2030/31' }),
    /No such referral figure for England and Wales in 2030\/31/,
  );
});
