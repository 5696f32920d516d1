import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNull } from 'drizzle-orm';
import { buildTestHub } from '../../../test/helpers.ts';
import { seedFiguresDemo } from '../../demo/demo-figures.ts';
import { financialQuarter, financialQuarterOf, financialYearOf, parsePeriod, periodYearBefore } from './categories.ts';
import { builtInCategory, readMeasure } from './figures.names.ts';
import { readCount } from './figures.read.ts';
import { guessSettings } from './figures.service.ts';
import { referralFigures } from './figures.tables.ts';

test('periods are financial years from April and their quarters', () => {
  for (const text of [
    '2017/18',
    '2017-18',
    '2017/2018',
    '2017 to 2018',
    'April 2017 to March 2018',
    'Year ending March 2018',
  ])
    assert.deepEqual(
      parsePeriod(text),
      { kind: 'year', label: '2017/18', start: '2017-04-01', end: '2018-03-31' },
      text,
    );
  assert.deepEqual(parsePeriod('2017/18 Q4'), {
    kind: 'quarter',
    label: '2017/18 Q4',
    start: '2018-01-01',
    end: '2018-03-31',
  });
  assert.deepEqual(parsePeriod('Q1 2017/18'), financialQuarter(2017, 1));
  assert.equal(financialQuarter(2017, 1).end, '2017-06-30');
  for (const text of ['2017', '2017/19', 'Q5 2017/18', 'last year']) assert.equal(parsePeriod(text), null, text);
  assert.equal(financialYearOf('2018-03-31').label, '2017/18');
  assert.equal(financialYearOf('2018-04-01').label, '2018/19');
  assert.equal(financialQuarterOf('2018-02-10').label, '2017/18 Q4');
  assert.equal(periodYearBefore(financialQuarter(2017, 2)).label, '2016/17 Q2');
});

test('published numbers: separators read, suppressed cells are no figure, anything else is an error', () => {
  assert.deepEqual(readCount('1,234'), { value: 1234 });
  assert.deepEqual(readCount('7 318'), { value: 7318 });
  assert.deepEqual(readCount('1,312 [r]'), { value: 1312 });
  assert.deepEqual(readCount('0'), { value: 0 }, 'a published zero is a figure');
  for (const cell of ['[c]', '[x]', '-', '', '..', 'n/a', ':'])
    assert.deepEqual(readCount(cell), { value: null }, cell);
  for (const cell of ['12a', '33%', '-4', '2.5', '1,23']) assert.ok('problem' in readCount(cell), cell);
});

test('category names across releases resolve to the Hub categories', () => {
  assert.equal(builtInCategory('concern', 'Extreme Right Wing')?.category, 'extreme_right_wing');
  assert.equal(builtInCategory('concern', 'Extreme right-wing')?.category, 'extreme_right_wing');
  assert.equal(builtInCategory('concern', 'Mixed, unstable or unclear')?.category, 'conflicted');
  assert.equal(
    builtInCategory('concern', 'Vulnerability present but no ideology')?.category,
    'vulnerability_no_ideology',
  );
  assert.equal(builtInCategory('sector', 'Family / Friends')?.category, 'family_friends');
  assert.equal(builtInCategory('age_band', '15-20')?.category, '15_to_20');
  assert.equal(builtInCategory('concern', 'Far left'), undefined, 'an unknown name is left for a coordinator');
  assert.equal(readMeasure('Adopted as a Channel case'), 'adopted');
});

test('a file is guessed long by its columns, or wide by category headers', () => {
  const long = guessSettings(['Financial year', 'Area', 'Measure', 'Type of concern', 'Number']);
  assert.equal(long.shape, 'long');
  assert.deepEqual(long.mapping, { period: 1, geography: 2, measure: 3, category: 4, value: 5 });
  const wide = guessSettings(['Year', 'Islamist', 'Extreme right-wing', 'Conflicted', 'Total']);
  assert.equal(wide.shape, 'wide');
  assert.deepEqual(wide.categoryColumns, [2, 3, 4, 5]);
  assert.equal(wide.fixed.breakdown, 'concern');
});

test('the demo loads the figures the board paper quotes, with their source', async (t) => {
  const hub = await buildTestHub(t);
  await seedFiguresDemo(hub.database.db);
  const figures = await hub.database.db.select().from(referralFigures).where(isNull(referralFigures.supersededBy));
  const total = (label: string) => figures.find((f) => f.periodLabel === label && f.breakdown === null)!.value;
  assert.equal(Math.round(((total('2017/18') - total('2016/17')) / total('2016/17')) * 100), 20, 'a 20% rise to 7,318');
  assert.equal(total('2017/18'), 7318);
  const erw = (label: string) =>
    figures.find((f) => f.periodLabel === label && f.category === 'extreme_right_wing')!.value;
  assert.equal(
    Math.round(((erw('2017/18') - erw('2016/17')) / erw('2016/17')) * 100),
    36,
    'a 36% rise in extreme right-wing',
  );
  const education = figures.find((f) => f.category === 'education')!;
  assert.ok(Math.abs(education.value / total('2017/18') - 1 / 3) < 0.01, 'education roughly a third');
  assert.match(education.sourceTitle, /^Illustrative/);
  assert.doesNotMatch(
    figures.find((f) => f.periodLabel === '2017/18' && f.breakdown === null)!.sourceTitle,
    /Illustrative/,
  );
  assert.ok(figures.every((f) => f.release === 'Home Office, 13 December 2018'));
});
