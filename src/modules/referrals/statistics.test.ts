import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { Browser, buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { groupWith } from '../../../test/factories.ts';
import { rowText, textOf } from '../../../test/html.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { financialQuarter, financialYear } from './categories.ts';
import { boardPaperSentences } from './index.ts';
import { referralFigures } from './figures.tables.ts';
import { referrals } from './register.tables.ts';
import { workedOutFromDownload, type DownloadRow } from './suppression.check.ts';
import { SUPPRESSION_RULE } from './suppression.ts';

const hub = await buildTestHub({ after });
await withPartnership(hub, 'Leicester, Leicestershire and Rutland');
const db = hub.database.db;

interface FigureInput {
  year: number;
  quarter?: 1 | 2 | 3 | 4;
  value: number;
  geography?: [string, string];
  measure?: string;
  breakdown?: [string, string];
  notComparable?: boolean;
  release?: string;
  supersededBy?: number;
}

async function figure(input: FigureInput) {
  const period = input.quarter ? financialQuarter(input.year, input.quarter) : financialYear(input.year);
  const [kind, name] = input.geography ?? ['national', 'England and Wales'];
  const [row] = await db
    .insert(referralFigures)
    .values({
      periodKind: period.kind,
      periodLabel: period.label,
      periodStart: period.start,
      periodEnd: period.end,
      geographyKind: kind,
      geography: name,
      measure: input.measure ?? 'referred',
      breakdown: input.breakdown?.[0] ?? null,
      category: input.breakdown?.[1] ?? null,
      value: input.value,
      sourceTitle: 'Individuals referred to and supported through the Prevent Programme',
      release: input.release ?? 'Home Office, 13 December 2018',
      releaseDate: '2018-12-13',
      notComparable: input.notComparable ?? false,
      supersededBy: input.supersededBy ?? null,
    })
    .returning();
  return row!;
}

test('with no figures the page tells a coordinator to import them', async () => {
  const { browser } = await signedIn(hub, 'coordinator');
  const page = await browser.get('/referrals/statistics');
  assert.equal(page.statusCode, 200);
  assert.match(textOf(page.body), /No referral figures yet/);
  assert.match(page.body, /href="\/referrals\/figures\/import"/);
  const viewer = await signedIn(hub, 'viewer');
  const seen = await viewer.browser.get('/referrals/statistics');
  assert.doesNotMatch(seen.body, /href="\/referrals\/figures\/import"/);
});

test('signed out, the page and its downloads send people to sign in', async () => {
  for (const path of ['/referrals/statistics', '/referrals/statistics.csv', '/referrals/statistics.xlsx']) {
    const response = await new Browser(hub.app).get(path);
    assert.equal(response.statusCode, 303, path);
  }
});

// The national series as seed 004 quotes it: 6,093 in 2016/17, 7,318 in 2017/18 (+20.1%), the
// extreme right-wing from 968 to 1,312 (+35.5%); 2018/19 missing; 2020/21 not comparable.
async function seedNational() {
  await figure({ year: 2015, value: 7631 });
  await figure({ year: 2016, value: 6093 });
  const first = await figure({ year: 2017, value: 7300, release: 'Home Office, 13 December 2018' });
  // One current figure per period: the revision is written as superseded until the first points at it.
  const revised = await figure({
    year: 2017,
    value: 7318,
    release: 'Home Office, 19 December 2019',
    supersededBy: first.id,
  });
  await db.update(referralFigures).set({ supersededBy: revised.id }).where(eq(referralFigures.id, first.id));
  await db.update(referralFigures).set({ supersededBy: null }).where(eq(referralFigures.id, revised.id));
  await figure({ year: 2019, value: 6287 });
  await figure({ year: 2020, value: 4915, notComparable: true });
  for (const [year, erw, islamist, other] of [
    [2016, 968, 3704, 1421],
    [2017, 1312, 3197, 1500],
  ] as const) {
    await figure({ year, value: erw, breakdown: ['concern', 'extreme_right_wing'] });
    await figure({ year, value: islamist, breakdown: ['concern', 'islamist'] });
    await figure({ year, value: other, breakdown: ['concern', 'conflicted'] });
  }
  await figure({ year: 2017, value: 2462, breakdown: ['sector', 'education'] });
  await figure({ year: 2017, value: 2364, breakdown: ['sector', 'police'] });
  await figure({ year: 2017, value: 2492, breakdown: ['sector', 'other'] });
  await figure({ year: 2017, value: 1800, measure: 'discussed_at_panel' });
  await figure({ year: 2017, value: 394, measure: 'adopted' });
  // The city and county (seed 004 §7): the county from 20% to 41% of the partnership's referrals.
  for (const [year, city, county] of [
    [2017, 160, 40],
    [2018, 118, 82],
  ] as const) {
    await figure({ year, value: city, geography: ['city_county', 'Leicester City'] });
    await figure({ year, value: county, geography: ['city_county', 'Leicestershire'] });
  }
}

test('published figures: change on a year before, gaps, not comparable, revised, shares, conversion and sentences', async () => {
  await seedNational();
  const { browser } = await signedIn(hub, 'viewer');
  const page = await browser.get('/referrals/statistics?geography=national%7CEngland%20and%20Wales&period=year');
  assert.equal(page.statusCode, 200);
  const totals = page.body.slice(page.body.indexOf('id="published-totals-table"'));
  assert.match(rowText(totals, '2017/18')!, /7,318 \+20\.1% on 2016\/17 Revised/);
  assert.match(rowText(totals, '2016/17')!, /6,093 -20\.2% on 2015\/16/);
  assert.match(rowText(totals, '2018/19')!, /^2018\/19 no figure$/);
  // Across the gap and the non-comparable release no change is worked out.
  assert.match(rowText(totals, '2019/20')!, /^2019\/20 6,287$/);
  assert.match(rowText(totals, '2020/21')!, /^2020\/21 4,915 Not comparable Not comparable with earlier years$/);
  // The chart's line breaks at the gap: a new move-to after 2017/18.
  const chart = /<svg[^>]*id="published-totals-chart"[\s\S]*?<\/svg>/.exec(page.body)![0];
  assert.equal((/<path d="([^"]+)"/.exec(chart)![1]!.match(/M/g) ?? []).length, 2);
  assert.match(chart, /2018\/19 no figure/);

  const concern = page.body.slice(page.body.indexOf('id="published-concern-table"'));
  assert.match(rowText(concern, '2017/18')!, /1,312 \(17\.9%\)/);
  const conversion = page.body.slice(page.body.indexOf('id="published-conversion-table"'));
  assert.match(rowText(conversion, '2017/18')!, /7,318 1,800 24\.6% 394 5\.4%/);

  const text = textOf(page.body);
  assert.match(
    text,
    /Prevent referrals have risen by 20% to 7,318 in 2017\/18 \(including a 36% rise in extreme right-wing referrals\)/,
  );
  assert.match(
    text,
    /The largest share of referrals comes from the other sector|The largest share of referrals comes from the education sector/,
  );
  assert.match(
    text,
    /Leicestershire referrals account for 41% of the total for Leicester, Leicestershire and Rutland in 2018\/19 \(previously 20%\)/,
  );
  const split = page.body.slice(page.body.indexOf('id="published-city-county-table"'));
  assert.match(rowText(split, '2018/19')!, /118 \(59\.0%\) 82 \(41\.0%\) 200/);
  assert.ok(text.includes(SUPPRESSION_RULE), 'the rule is written on the page');

  // A board paper takes the same sentences through the module's door.
  const sentences = await boardPaperSentences(db, { kind: 'national', name: 'England and Wales' });
  assert.ok(sentences.some((s) => s.startsWith('Prevent referrals have risen by 20% to 7,318 in 2017/18')));
});

test('the sector sentence names the largest share, roughly', async () => {
  await figure({ year: 2016, value: 2000, breakdown: ['sector', 'education'] });
  const { browser } = await signedIn(hub, 'viewer');
  const page = await browser.get('/referrals/statistics?geography=national%7CEngland%20and%20Wales');
  // 2,492 "other" is 34.1%, education 33.6%: the largest share is stated as it is, roughly 1/3.
  assert.match(
    textOf(page.body),
    /The largest share of referrals comes from the other sector \(roughly 1\/3, 34\.1% in 2017\/18\)/,
  );
});

test('by quarter: quarters of a year, with the same quarter a year before', async () => {
  for (const [year, q, value] of [
    [2017, 1, 40],
    [2017, 2, 44],
    [2018, 1, 50],
  ] as const)
    await figure({ year, quarter: q, value, geography: ['police_force_area', 'Leicestershire'] });
  const { browser } = await signedIn(hub, 'viewer');
  const page = await browser.get('/referrals/statistics?geography=police_force_area%7CLeicestershire&period=quarter');
  assert.equal(page.statusCode, 200);
  assert.match(rowText(page.body, '2018/19 Q1')!, /50 \+25\.0% on 2017\/18 Q1/);
  assert.match(rowText(page.body, '2017/18 Q3')!, /no figure/);
});

test('a bad period is refused with the form error', async () => {
  const { browser } = await signedIn(hub, 'viewer');
  const page = await browser.get('/referrals/statistics?period=decade');
  assert.equal(page.statusCode, 400);
  assert.match(textOf(page.body), /Select years or quarters/);
});

/** A register whose 2021/22 sectors are education 20, police 7, health 3. */
async function seedRegister(createdBy: number) {
  const spread: [string, number][] = [
    ['education', 20],
    ['police', 7],
    ['health', 3],
  ];
  let n = 0;
  for (const [sector, count] of spread)
    for (let i = 0; i < count; i++) {
      n += 1;
      await db.insert(referrals).values({
        reference: `PR-TEST-${n}`,
        receivedOn: `2021-${String(4 + (n % 9)).padStart(2, '0')}-15`,
        referringSector: sector,
        area: n % 3 === 0 ? 'Leicestershire' : 'Leicester City',
        concern: n % 2 ? 'extreme_right_wing' : 'islamist',
        ageBand: '15_to_20',
        stage: 'referred',
        outcome: n <= 2 ? 'adopted' : null,
        panelOn: n <= 6 ? '2021-09-01' : null,
        createdBy,
      });
    }
}

test('register figures: suppressed outside need-to-know, whole for the Channel panel, suppressed in every download', async () => {
  const outsider = await signedIn(hub, 'coordinator');
  await seedRegister(outsider.user.accountId);
  const seen = await outsider.browser.get('/referrals/statistics');
  const sector = seen.body.slice(seen.body.indexOf('id="register-sector-table"'));
  const row = rowText(sector, '2021/22')!;
  assert.match(row, /20 \(66\.7%\)/);
  assert.equal((row.match(/\[c\]/g) ?? []).length, 2, `the 3 and the 7 beside it are hidden: ${row}`);
  assert.doesNotMatch(row, /\b3 \(/);
  const chart = /<svg[^>]*id="register-sector-chart"[\s\S]*?<\/svg>/.exec(seen.body)![0];
  assert.match(chart, /Health: 2021\/22 \[c\]/, 'the chart describes a hidden figure as [c], not as missing');
  assert.doesNotMatch(chart, /Health, 2021\/22: 3/);
  assert.notEqual(seen.headers['cache-control'], 'no-store');

  const panellist = await signedIn(hub, 'member');
  await groupWith(hub, [panellist.user.personId], 'LLR Channel panel');
  const whole = await panellist.browser.get('/referrals/statistics');
  const wholeRow = rowText(whole.body.slice(whole.body.indexOf('id="register-sector-table"')), '2021/22')!;
  assert.match(wholeRow, /20 \(66\.7%\) 7 \(23\.3%\) 3 \(10\.0%\)|3 \(10\.0%\)/);
  assert.match(whole.headers['cache-control'] as string, /no-store/);
  assert.match(whole.body, /OFFICIAL-SENSITIVE/);
  const audited = await db
    .select()
    .from(auditLog)
    .where(
      and(eq(auditLog.accountId, panellist.user.accountId), eq(auditLog.action, 'referral_register.viewed' as never)),
    );
  assert.equal(audited.length, 1, 'the need-to-know read is audited');

  // The panellist's download is suppressed all the same.
  const csv = await panellist.browser.get('/referrals/statistics.csv');
  assert.equal(csv.statusCode, 200);
  assert.match(csv.headers['content-type'] as string, /text\/csv/);
  // The figures, then a blank line and the rule in a row of its own.
  const parsed: Partial<DownloadRow>[] = parse(csv.body, {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const rows = parsed.filter((r): r is DownloadRow => r.Value !== undefined);
  assert.equal(parsed.at(-1)?.Source, SUPPRESSION_RULE);
  const registerRows = rows.filter((r) => r.Source.startsWith('Register'));
  assert.ok(registerRows.some((r) => r.Value === '[c]'));
  for (const r of rows)
    assert.ok(!/^[1-4]$/.test(r.Value), `a small number is downloaded: ${Object.values(r).join(',')}`);
  assert.deepEqual(workedOutFromDownload(rows), [], 'no hidden figure can be worked out');
  assert.ok(csv.body.includes(SUPPRESSION_RULE));

  const xlsx = await panellist.browser.get('/referrals/statistics.xlsx');
  assert.equal(xlsx.statusCode, 200);
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const values = book.getWorksheet('Figures')!.getColumn(8).values.slice(2);
  assert.ok(values.includes('[c]'));
  assert.ok(!values.some((v) => typeof v === 'number' && v >= 1 && v <= 4), 'no small number in the spreadsheet');
});
