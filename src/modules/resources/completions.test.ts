import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { organisation } from '../../../test/factories.ts';
import { rowText, textOf } from '../../../test/html.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { organisations } from '../organisations/organisations.tables.ts';
import { readPeriod } from './completions.service.ts';
import { resourceUses } from './resources.tables.ts';

/*
 * E-learning completions from a spreadsheet: upload, preview with each row's problems, confirm.
 * The fixtures are beside the other tests' files (test/fixtures/resources).
 */

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/resources/${name}`, import.meta.url));
const csv = (filename: string, content: Buffer) => ({ field: 'file', filename, contentType: 'text/csv', content });
const ELEARNING = { title: 'Prevent duty awareness e-learning', format: 'e_learning' };

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const stockton = await organisation(hub, 'Stockton Council');
  const police = await organisation(hub, 'Cleveland Police', 'police');
  const nhs = await organisation(hub, 'NHS Tees', 'health');
  const { browser } = await signedIn(hub, 'coordinator');
  await browser.get('/resources/new');
  const added = await browser.post('/resources', ELEARNING);
  const id = Number(/\/resources\/(\d+)/.exec(String(added.headers.location))?.[1]);
  return { hub, browser, id, stockton, police, nhs };
}

test('a good file: upload, preview, confirm; the completions count as uses; a second confirm is refused', async (t) => {
  const { hub, browser, id, stockton, police, nhs } = await setUp(t);
  const form = await browser.get(`/resources/${id}/completions/import`);
  assert.equal(form.statusCode, 200);
  const uploaded = await browser.postMultipart(
    `/resources/${id}/completions/import`,
    {},
    csv('completions.csv', fixture('completions-good.csv')),
  );
  assert.equal(uploaded.statusCode, 303, textOf(uploaded.body).slice(0, 500));
  const previewUrl = String(uploaded.headers.location);
  const preview = await browser.get(previewUrl);
  assert.equal(preview.statusCode, 200);
  assert.match(
    textOf(preview.body),
    /3 rows are ready to import, 47 completions in all; 0 problems to put right first\./,
  );
  assert.equal(
    rowText(preview.body, 'cleveland police') ?? rowText(preview.body, 'Cleveland Police'),
    '3 Cleveland Police 31 March 2010 30',
  );
  assert.equal(rowText(preview.body, 'Stockton Council'), '2 Stockton Council 2009/10 12');
  assert.equal(await hub.database.db.$count(resourceUses), 0, 'nothing saved before confirming');

  const importId = Number(/imports\/(\d+)$/.exec(previewUrl)?.[1]);
  const confirmed = await browser.post(`/resources/${id}/completions/imports/${importId}/confirm`);
  assert.equal(confirmed.statusCode, 303, textOf(confirmed.body).slice(0, 500));
  const uses = await hub.database.db.select().from(resourceUses);
  assert.deepEqual(
    uses.map((u) => [u.organisationId, u.usedOn, u.period, u.peopleReached, u.source]).sort(),
    [
      [stockton.id, '2010-03-31', '2009/10', 12, 'imported'],
      [police.id, '2010-03-31', null, 30, 'imported'],
      [nhs.id, '2010-01-15', null, 5, 'imported'],
    ].sort(),
  );
  const uptake = await browser.get(`/resources/${id}/uptake`);
  assert.match(textOf(uptake.body), /Used 3 times by 3 organisations, reaching 47 people\./);
  const [entry] = await hub.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'resource.completions_imported'));
  assert.deepEqual(entry?.detail, { importId, filename: 'completions.csv', rows: 3, completions: 47 });

  const again = await browser.post(`/resources/${id}/completions/imports/${importId}/confirm`);
  assert.equal(again.statusCode, 400);
  assert.match(textOf(again.body), /These completions have already been imported/);
  assert.equal(await hub.database.db.$count(resourceUses), 3);
});

test('an XLSX file is read the same way, dates typed as dates included', async (t) => {
  const { hub, browser, id } = await setUp(t);
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Completions');
  sheet.addRow(['Organisation name', 'Date completed', 'Number completed']);
  sheet.addRow(['NHS Tees', new Date(Date.UTC(2010, 0, 15)), 9]);
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  const uploaded = await browser.postMultipart(
    `/resources/${id}/completions/import`,
    {},
    {
      field: 'file',
      filename: 'report.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content,
    },
  );
  assert.equal(uploaded.statusCode, 303, textOf(uploaded.body).slice(0, 500));
  const preview = await browser.get(String(uploaded.headers.location));
  assert.equal(rowText(preview.body, 'NHS Tees'), '2 NHS Tees 15 January 2010 9');
  assert.ok(hub);
});

test('a bad file: unknown and archived organisations and unreadable cells are row errors; nothing can be confirmed', async (t) => {
  const { hub, browser, id, nhs } = await setUp(t);
  await hub.database.db.update(organisations).set({ archivedAt: new Date() }).where(eq(organisations.id, nhs.id));
  const uploaded = await browser.postMultipart(
    `/resources/${id}/completions/import`,
    {},
    csv('bad.csv', fixture('completions-bad.csv')),
  );
  assert.equal(uploaded.statusCode, 303);
  const previewUrl = String(uploaded.headers.location);
  const preview = await browser.get(previewUrl);
  const errors = textOf(/<ul[^>]*id="row-errors">([\s\S]*?)<\/ul>/.exec(preview.body)?.[1] ?? '');
  assert.match(errors, /Row 3: 'Gotham City Council' is not an organisation of the partnership: check its name/);
  assert.match(errors, /Row 4: enter the period as a date such as 31\/3\/2010, or a financial year such as 2009\/10/);
  assert.match(errors, /Row 5: 'NHS Tees' is archived/);
  assert.match(errors, /Row 5: enter the completions as a whole number, not 'many'/);
  assert.doesNotMatch(preview.body, /Import the completions/);
  const importId = Number(/imports\/(\d+)$/.exec(previewUrl)?.[1]);
  const forced = await browser.post(`/resources/${id}/completions/imports/${importId}/confirm`);
  assert.equal(forced.statusCode, 400);
  assert.match(textOf(forced.body), /Put right the problems in the file/);
  assert.equal(await hub.database.db.$count(resourceUses), 0);

  const noColumn = await browser.postMultipart(
    `/resources/${id}/completions/import`,
    {},
    csv('wrong.csv', Buffer.from('Name,Count\nStockton Council,3\n')),
  );
  const wrongPreview = await browser.get(String(noColumn.headers.location));
  assert.match(textOf(wrongPreview.body), /The file has no column for the period or date: head it ‘period’/);

  const pdf = await browser.postMultipart(
    `/resources/${id}/completions/import`,
    {},
    { field: 'file', filename: 'report.csv', contentType: 'text/csv', content: Buffer.from('%PDF-1.4 binary') },
  );
  assert.equal(pdf.statusCode, 400);
  const none = await browser.postMultipart(`/resources/${id}/completions/import`, {});
  assert.equal(none.statusCode, 400);
  assert.match(textOf(none.body), /Select a CSV or Excel spreadsheet of completions to import/);
  assert.equal((await browser.get(`/resources/${id}/completions/imports/999999`)).statusCode, 404);
  assert.equal((await browser.get(`/resources/999999/completions/imports/${importId}`)).statusCode, 404);
});

test('only coordinators import completions', async (t) => {
  const { hub, browser, id } = await setUp(t);
  const uploaded = await browser.postMultipart(
    `/resources/${id}/completions/import`,
    {},
    csv('c.csv', fixture('completions-good.csv')),
  );
  const previewUrl = String(uploaded.headers.location);
  for (const role of ['member', 'viewer'] as const) {
    const other = (await signedIn(hub, role)).browser;
    assert.equal((await other.get(`/resources/${id}/completions/import`)).statusCode, 403);
    await other.get('/');
    const upload = await other.postMultipart(
      `/resources/${id}/completions/import`,
      {},
      csv('c.csv', fixture('completions-good.csv')),
    );
    assert.equal(upload.statusCode, 403);
    assert.equal((await other.get(previewUrl)).statusCode, 403);
    assert.equal((await other.post(`${previewUrl}/confirm`)).statusCode, 403);
  }
  assert.equal((await hub.app.inject({ method: 'GET', url: previewUrl })).statusCode, 303);
  assert.equal(await hub.database.db.$count(resourceUses), 0);
});

test('periods and dates as the provider’s reports write them', () => {
  assert.deepEqual(readPeriod('2009/10'), { usedOn: '2010-03-31', period: '2009/10' });
  assert.deepEqual(readPeriod('2009-10'), { usedOn: '2010-03-31', period: '2009/10' });
  assert.deepEqual(readPeriod('31/3/2010'), { usedOn: '2010-03-31', period: null });
  assert.deepEqual(readPeriod('2010-01-15'), { usedOn: '2010-01-15', period: null });
  for (const wrong of ['2009/11', '30/2/2010', '2010-13-01', 'last year', ''])
    assert.equal(readPeriod(wrong), undefined, wrong);
});
