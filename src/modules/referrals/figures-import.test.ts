import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, isNull } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { Browser, buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { revisedFigureIds } from './figures.service.ts';
import { referralFigureImports, referralFigures } from './figures.tables.ts';

type Row = (string | number | null)[];
type Upload = { field: string; filename: string; contentType: string; content: Buffer };

const csvFile = (rows: Row[], filename = 'prevent-referrals.csv'): Upload => ({
  field: 'file',
  filename,
  contentType: 'text/csv',
  content: Buffer.from(stringify(rows)),
});

async function xlsxFile(rows: Row[], filename = 'prevent-referrals.xlsx'): Promise<Upload> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Table 1');
  for (const row of rows) sheet.addRow(row);
  return {
    field: 'file',
    filename,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}

const decoded = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The national series by type of concern, one row per figure, as the 2017/18 release names them. */
const LONG_2018: Row[] = [
  ['Year', 'Type of concern', 'Number of referrals'],
  ['2016/17', 'Total', '6,093'],
  ['2017/18', 'Total', '7,318'],
  ['2016/17', 'Extreme Right Wing', '968'],
  ['2017/18', 'Extreme Right Wing', '1,312'],
  ['2017/18', 'Mixed, unstable or unclear', '[c]'],
  ['2017/18', 'Islamist', '3,197'],
];

const RELEASE_2018 = {
  sourceTitle: 'Individuals referred to and supported through the Prevent Programme, April 2017 to March 2018',
  sourceUrl:
    'https://www.gov.uk/government/statistics/individuals-referred-to-and-supported-through-the-prevent-programme-april-2017-to-march-2018',
  release: 'Home Office, 13 December 2018',
  releaseDate: '2018-12-13',
};

/** The mapping for LONG_2018: national referrals, by type of concern. */
const LONG_MAPPING = {
  shape: 'long',
  period: '1',
  category: '2',
  value: '3',
  fixedGeographyKind: 'national',
  fixedGeography: 'England and Wales',
  fixedMeasure: 'referred',
  fixedBreakdown: 'concern',
  ...RELEASE_2018,
};

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator');
  return { hub, browser, user };
}

async function upload(browser: Browser, file: Upload) {
  await browser.get('/referrals/figures/import');
  const uploaded = await browser.postMultipart('/referrals/figures/import', {}, file);
  assert.equal(uploaded.statusCode, 303, uploaded.body);
  const mappingUrl = String(uploaded.headers.location);
  const importId = Number(/\/imports\/(\d+)\/mapping$/.exec(mappingUrl)?.[1]);
  assert.ok(importId, mappingUrl);
  return { importId, mappingUrl };
}

/** Upload, map, and open the preview. */
async function uploadAndPreview(browser: Browser, file: Upload, mapping: Record<string, string | string[]>) {
  const { importId, mappingUrl } = await upload(browser, file);
  const mappingPage = await browser.get(mappingUrl);
  assert.equal(mappingPage.statusCode, 200);
  const mapped = await browser.post(mappingUrl, mapping);
  assert.equal(mapped.statusCode, 303, decoded(mapped.body).slice(0, 3000));
  const previewUrl = String(mapped.headers.location);
  const preview = await browser.get(previewUrl);
  assert.equal(preview.statusCode, 200);
  return {
    importId,
    mappingPage,
    previewUrl,
    preview: decoded(preview.body),
    commitUrl: `/referrals/figures/imports/${importId}/commit`,
  };
}

async function currentFigures(hub: TestHub) {
  return hub.database.db
    .select()
    .from(referralFigures)
    .where(isNull(referralFigures.supersededBy))
    .orderBy(referralFigures.periodStart, referralFigures.category);
}

const allFigures = (hub: TestHub) => hub.database.db.select().from(referralFigures);

test('a long CSV with renamed categories is mapped, previewed and imported; importing it again changes nothing', async (t) => {
  const { hub, browser } = await setUp(t);
  const { mappingPage, preview, commitUrl, importId } = await uploadAndPreview(
    browser,
    csvFile(LONG_2018),
    LONG_MAPPING,
  );
  // The guesses: a long file, its period and number columns found by their headers.
  assert.match(mappingPage.body, /<input[^>]*name="shape"[^>]*value="long"[^>]*checked/);
  assert.match(mappingPage.body, /<select[^>]*name="period"[^>]*>[\s\S]*?<option value="1" selected/);
  assert.match(mappingPage.body, /<select[^>]*name="value"[^>]*>[\s\S]*?<option value="3" selected/);

  assert.match(preview, /5 new figures, 0 revisions, 1 cell with no figure, 0 rows with errors/);
  // The names the file uses, and the Hub categories they stand for.
  assert.match(
    preview,
    /Extreme Right Wing<\/th>\s*<td[^>]*>Type of concern<\/td>\s*<td[^>]*>Extreme right-wing<\/td>/,
  );
  assert.match(
    preview,
    /Mixed, unstable or unclear<\/th>\s*<td[^>]*>Type of concern<\/td>\s*<td[^>]*>Conflicted<\/td>\s*<td[^>]*>A name the Hub knows/,
  );
  assert.match(
    preview,
    /Islamist<\/th>\s*<td[^>]*>Type of concern<\/td>\s*<td[^>]*>Islamist<\/td>\s*<td[^>]*>The Hub’s own name/,
  );
  assert.equal((await allFigures(hub)).length, 0, 'nothing is saved before the import is confirmed');

  const committed = await browser.post(commitUrl);
  assert.equal(committed.statusCode, 303, committed.body);
  assert.equal(committed.headers.location, '/referrals/figures?done=imported');

  const figures = await currentFigures(hub);
  assert.equal(figures.length, 5);
  const find = (period: string, category: string | null) =>
    figures.find((f) => f.periodLabel === period && f.category === category);
  assert.equal(find('2017/18', null)?.value, 7318, '"7,318" is read as 7318');
  assert.equal(find('2017/18', null)?.breakdown, null, 'the total has no breakdown');
  assert.equal(find('2016/17', null)?.value, 6093);
  assert.equal(find('2017/18', 'extreme_right_wing')?.value, 1312);
  assert.equal(find('2017/18', 'extreme_right_wing')?.breakdown, 'concern');
  assert.equal(find('2017/18', 'conflicted'), undefined, '[c] is no figure, not zero');
  const erw = find('2016/17', 'extreme_right_wing')!;
  assert.deepEqual(
    [erw.periodStart, erw.periodEnd, erw.periodKind, erw.geographyKind, erw.geography, erw.measure],
    ['2016-04-01', '2017-03-31', 'year', 'national', 'England and Wales', 'referred'],
  );
  assert.equal(erw.release, 'Home Office, 13 December 2018');
  assert.equal(erw.sourceTitle, RELEASE_2018.sourceTitle);
  assert.equal(erw.importId, importId);

  const [audit] = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'referral_figures.imported'));
  assert.ok(audit, 'the import is in the audit log');
  assert.equal(audit.subjectId, String(importId));
  assert.equal((audit.detail as { added: number }).added, 5);

  const list = decoded((await browser.get('/referrals/figures?done=imported')).body);
  assert.match(list, /The figures were imported/);
  assert.match(list, /7318/);

  // The same file again: every figure already held, nothing to import.
  const again = await uploadAndPreview(browser, csvFile(LONG_2018), LONG_MAPPING);
  assert.match(again.preview, /0 new figures, 0 revisions, 5 figures already held/);
  assert.match(again.preview, /there is nothing to import/);
  const refused = await browser.post(again.commitUrl);
  assert.equal(refused.statusCode, 400);
  assert.match(decoded(refused.body), /There is nothing to import: every figure in the file is already held/);
  assert.equal((await allFigures(hub)).length, 5, 're-importing adds nothing');

  // A second confirm of the first import is refused too.
  const twice = await browser.post(commitUrl);
  assert.equal(twice.statusCode, 400);
  assert.match(decoded(twice.body), /This file was imported on/);
});

/** A regional table by sector: a row per year, a column per sector, 2016/17 missing. */
const WIDE_2018: Row[] = [
  ['Financial year', 'Education', 'Police', 'Health', 'Local Authorities', 'Family / Friends', 'Total'],
  ['2015/16', 310, 250, 60, 50, 30, 700],
  ['2017/18', 330, 240, '-', 55, 20, 690],
];

const WIDE_MAPPING = {
  shape: 'wide',
  period: '1',
  categoryColumns: ['2', '3', '4', '5', '6', '7'],
  fixedGeographyKind: 'region',
  fixedGeography: 'East Midlands',
  fixedMeasure: 'referred',
  fixedBreakdown: 'sector',
  sourceTitle: 'Prevent referrals by region',
  release: 'Home Office, 13 December 2018',
  releaseDate: '2018-12-13',
};

test('a wide XLSX with a missing year: the gap stays a gap, and a later release revises a figure and keeps the earlier', async (t) => {
  const { hub, browser } = await setUp(t);
  const first = await uploadAndPreview(browser, await xlsxFile(WIDE_2018), WIDE_MAPPING);
  // The guessed shape: a column per sector.
  assert.match(first.mappingPage.body, /<input[^>]*name="shape"[^>]*value="wide"[^>]*checked/);
  assert.match(first.mappingPage.body, /<input[^>]*name="categoryColumns"[^>]*value="2"[^>]*checked/);
  assert.match(
    first.mappingPage.body,
    /<select[^>]*name="fixedBreakdown"[^>]*>[\s\S]*?<option value="sector" selected/,
  );

  assert.match(first.preview, /11 new figures, 0 revisions, 1 cell with no figure, 0 rows with errors/);
  assert.match(first.preview, /No figures in the file for 2016\/17/);
  assert.match(
    first.preview,
    /Local Authorities<\/th>\s*<td[^>]*>Sector of referral<\/td>\s*<td[^>]*>Local authority<\/td>/,
  );
  assert.equal((await browser.post(first.commitUrl)).statusCode, 303);

  const held = await currentFigures(hub);
  assert.equal(held.length, 11);
  assert.ok(!held.some((f) => f.periodLabel === '2016/17'), 'no figure is made up for the missing year');
  assert.ok(!held.some((f) => f.periodLabel === '2017/18' && f.category === 'health'), '- is no figure');
  assert.equal(held.find((f) => f.periodLabel === '2017/18' && f.category === null)?.value, 690);
  assert.equal(held.find((f) => f.periodLabel === '2015/16' && f.category === 'family_friends')?.value, 30);

  // The next year's release revises 2017/18 education and flags itself not comparable.
  const later: Row[] = [
    ['Financial year', 'Education', 'Police', 'Total'],
    ['2017/18', 335, 240, 690],
    ['2018/19', 300, 250, 650],
  ];
  const second = await uploadAndPreview(browser, csvFile(later, 'prevent-referrals-2019.csv'), {
    ...WIDE_MAPPING,
    categoryColumns: ['2', '3', '4'],
    release: 'Home Office, 12 December 2019',
    releaseDate: '2019-12-12',
    notComparable: 'yes',
  });
  assert.match(second.preview, /3 new figures, 1 revision, 2 figures already held, 0 rows with errors/);
  assert.match(second.preview, /Revised<\/strong> from 330 \(Home Office, 13 December 2018\)/);
  assert.match(second.preview, /Not comparable with earlier years/);
  assert.equal((await browser.post(second.commitUrl)).statusCode, 303);

  const education = (await allFigures(hub)).filter((f) => f.periodLabel === '2017/18' && f.category === 'education');
  assert.equal(education.length, 2, 'the earlier figure is kept');
  const current = education.find((f) => f.supersededBy === null)!;
  const earlier = education.find((f) => f.supersededBy !== null)!;
  assert.equal(current.value, 335);
  assert.equal(current.release, 'Home Office, 12 December 2019');
  assert.equal(current.notComparable, true);
  assert.equal(earlier.value, 330);
  assert.equal(earlier.supersededBy, current.id, 'the earlier figure points at its replacement');
  assert.equal(earlier.release, 'Home Office, 13 December 2018', 'and keeps its own source');

  const revised = await revisedFigureIds(
    hub.database.db,
    (await currentFigures(hub)).map((f) => f.id),
  );
  assert.deepEqual([...revised], [current.id], 'only the revised figure is said to be revised');

  const page = decoded((await browser.get('/referrals/figures?geography=region%7CEast%20Midlands')).body);
  assert.match(page, /Revised<\/strong> from 330 \(Home Office, 13 December 2018\)/);

  // The earlier release imported after the later one: its different figure is kept beneath, not current.
  const old = await uploadAndPreview(
    browser,
    csvFile(
      [
        ['Financial year', 'Education'],
        ['2017/18', 320],
      ],
      'old.csv',
    ),
    {
      ...WIDE_MAPPING,
      categoryColumns: ['2'],
      release: 'Home Office, 1 June 2018',
      releaseDate: '2018-06-01',
    },
  );
  assert.match(old.preview, /0 new figures, 0 revisions, 1 earlier figure/);
  assert.equal((await browser.post(old.commitUrl)).statusCode, 303);
  const [stillCurrent] = await hub.database.db
    .select()
    .from(referralFigures)
    .where(
      and(
        eq(referralFigures.category, 'education'),
        eq(referralFigures.periodLabel, '2017/18'),
        isNull(referralFigures.supersededBy),
      ),
    );
  assert.equal(stillCurrent?.value, 335);
});

test('bad rows get row-by-row errors and nothing is saved; an unknown category name is matched on the preview', async (t) => {
  const { hub, browser } = await setUp(t);
  const rows: Row[] = [
    ['Year', 'Type of concern', 'Number of referrals'],
    ['2017/18', 'Islamist', '3,197'],
    ['2017', 'Islamist', '10'],
    ['2018/19', 'Islamist', '12a'],
    ['2018/19', 'Far left', '40'],
    ['2018/19', 'Incel', '33%'],
    ['2017/18', 'Islamist', '3,197'],
  ];
  const { preview, commitUrl, previewUrl, importId } = await uploadAndPreview(browser, csvFile(rows), LONG_MAPPING);
  assert.match(preview, /Row 3: period '2017' is not a financial year like 2017\/18/);
  assert.match(preview, /Row 4: the number '12a' is not a number/);
  assert.match(preview, /Row 5: 'Far left' is not a type of concern category the Hub knows/);
  assert.match(preview, /Row 6: the number '33%' is a percentage, not a number of people/);
  assert.match(preview, /Row 7: the same figure as row 2/);
  assert.match(preview, /5 rows with errors/);
  assert.doesNotMatch(preview, /Confirm and import/);
  const refused = await browser.post(commitUrl);
  assert.equal(refused.statusCode, 400);
  assert.equal((await allFigures(hub)).length, 0);
  const [staged] = await hub.database.db
    .select()
    .from(referralFigureImports)
    .where(eq(referralFigureImports.id, importId));
  assert.equal(staged?.committedAt, null, 'a refused import stays open');

  // "Far left" is matched on the preview, and the row reads from then on.
  const saved = await browser.post(`/referrals/figures/imports/${importId}/category-names`, {
    breakdown: 'concern',
    sourceName: 'Far left',
    category: 'left_wing_single_issue',
  });
  assert.equal(saved.statusCode, 303);
  const after = decoded((await browser.get(previewUrl)).body);
  assert.doesNotMatch(after, /Row 5:/);
  assert.match(
    after,
    /Far left<\/th>\s*<td[^>]*>Type of concern<\/td>\s*<td[^>]*>Left wing \/ anarchist \/ single issue<\/td>\s*<td[^>]*>Chosen by a coordinator/,
  );
  assert.match(after, /4 rows with errors/);
  const wrong = await browser.post(`/referrals/figures/imports/${importId}/category-names`, {
    breakdown: 'concern',
    sourceName: 'Far left',
    category: 'education',
  });
  assert.equal(wrong.statusCode, 400, 'a sector is not a type of concern');
});

test('the mapping page asks for what the file lacks', async (t) => {
  const { browser } = await setUp(t);
  const { mappingUrl } = await upload(browser, csvFile(LONG_2018));
  await browser.get(mappingUrl);
  const noArea = await browser.post(mappingUrl, { ...LONG_MAPPING, fixedGeography: '' });
  assert.equal(noArea.statusCode, 400);
  assert.match(decoded(noArea.body), /Enter the area the figures are for, or select the column that holds it/);
  const noRelease = await browser.post(mappingUrl, { ...LONG_MAPPING, release: '' });
  assert.equal(noRelease.statusCode, 400);
  assert.match(decoded(noRelease.body), /Enter who published the figures and when/);
  const wideWithout = await browser.post(mappingUrl, { ...LONG_MAPPING, shape: 'wide' });
  assert.equal(wideWithout.statusCode, 400);
  assert.match(decoded(wideWithout.body), /Select the columns that hold a category each/);
  const outside = await browser.post(mappingUrl, { ...LONG_MAPPING, value: '9' });
  assert.equal(outside.statusCode, 400);
  assert.match(decoded(outside.body), /Select a column from the list/);
});

test('a file that is not a table of figures is refused in the words of figures', async (t) => {
  const { browser } = await setUp(t);
  await browser.get('/referrals/figures/import');
  const headerOnly = await browser.postMultipart('/referrals/figures/import', {}, csvFile([['Year', 'Number']]));
  assert.equal(headerOnly.statusCode, 400);
  assert.match(decoded(headerOnly.body), /The selected file has a header row but no figures under it/);
  const none = await browser.postMultipart('/referrals/figures/import', {});
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /Select a CSV or Excel spreadsheet to import/);
});

test('only coordinators import figures; every signed-in person reads them', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const { importId } = await upload(coordinator, csvFile(LONG_2018));
  for (const role of ['member', 'viewer'] as const) {
    const { browser } = await signedIn(hub, role, `A ${role}`);
    assert.equal((await browser.get('/referrals/figures')).statusCode, 200);
    assert.doesNotMatch((await browser.get('/referrals/figures')).body, /Import published figures/);
    assert.equal((await browser.get('/referrals/figures/import')).statusCode, 403);
    assert.equal((await browser.postMultipart('/referrals/figures/import', {}, csvFile(LONG_2018))).statusCode, 403);
    for (const step of ['mapping', 'preview'])
      assert.equal((await browser.get(`/referrals/figures/imports/${importId}/${step}`)).statusCode, 403, step);
    for (const step of ['mapping', 'commit', 'category-names'])
      assert.equal(
        (await browser.post(`/referrals/figures/imports/${importId}/${step}`, LONG_MAPPING)).statusCode,
        403,
        step,
      );
  }
  assert.equal((await allFigures(hub)).length, 0);
  const anonymous = new Browser(hub.app);
  const signedOut = await anonymous.get('/referrals/figures/import');
  assert.notEqual(signedOut.statusCode, 200);
});

test('a long XLSX with numbers typed as numbers and quarters as periods', async (t) => {
  const { hub, browser } = await setUp(t);
  const rows: Row[] = [
    ['Quarter', 'Area', 'Measure', 'Sector', 'Number'],
    ['2018/19 Q1', 'Leicester', 'Referred', 'Education', 12],
    ['2018/19 Q1', 'Leicester', 'Discussed at a Channel panel', 'Education', 5],
    ['2018/19 Q2', 'Leicestershire', 'Referred', 'Police', 7],
  ];
  const { preview, commitUrl } = await uploadAndPreview(browser, await xlsxFile(rows), {
    shape: 'long',
    period: '1',
    geography: '2',
    measure: '3',
    category: '4',
    value: '5',
    fixedGeographyKind: 'city_county',
    fixedBreakdown: 'sector',
    sourceTitle: 'Leicester, Leicestershire and Rutland quarterly Prevent return',
    release: 'LLR Prevent partnership, 15 October 2018',
    releaseDate: '2018-10-15',
  });
  assert.match(preview, /3 new figures, 0 revisions, 0 rows with errors/);
  assert.equal((await browser.post(commitUrl)).statusCode, 303);
  const figures = await currentFigures(hub);
  const discussed = figures.find((f) => f.measure === 'discussed_at_panel')!;
  assert.deepEqual(
    [discussed.periodKind, discussed.periodLabel, discussed.periodStart, discussed.periodEnd, discussed.value],
    ['quarter', '2018/19 Q1', '2018-04-01', '2018-06-30', 5],
  );
  assert.equal(figures.find((f) => f.geography === 'Leicestershire')?.category, 'police');
});

test('hostile values on the import forms are GOV.UK errors, never a failure', async (t) => {
  const { browser } = await setUp(t);
  const { importId, mappingUrl } = await upload(browser, csvFile(LONG_2018));
  await browser.get(mappingUrl);
  for (const hostile of ['2147483648', '-1', '0', '1.5', 'a\u0000b', '__proto__'])
    for (const name of [
      'shape',
      'period',
      'value',
      'categoryColumns',
      'fixedMeasure',
      'releaseDate',
      'fixedGeography',
    ]) {
      const answer = await browser.post(mappingUrl, { ...LONG_MAPPING, [name]: hostile });
      assert.ok(answer.statusCode < 500, `${name}=${JSON.stringify(hostile)}: ${answer.statusCode}`);
    }
  const names = `/referrals/figures/imports/${importId}/category-names`;
  for (const form of [
    { breakdown: 'nonsense', sourceName: 'x', category: 'islamist' },
    { breakdown: 'concern', sourceName: '', category: 'islamist' },
    { breakdown: 'concern', sourceName: 'x', category: '__proto__' },
  ])
    assert.equal((await browser.post(names, form)).statusCode, 400, JSON.stringify(form));
  assert.ok((await browser.get('/referrals/figures?geography=%00&measure=x')).statusCode < 500);
  assert.equal((await browser.get('/referrals/figures/imports/2147483647/preview')).statusCode, 404);
});
