import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Browser, buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { group, organisation, person, samplePlan, serviceUser } from '../../../test/factories.ts';
import { EXPORT_COLUMNS } from './export.ts';
import { addProgressUpdate, createPlan, listPlanActions, type PlanAction } from './plans.service.ts';

/** The sample plan, plus an action with every field filled and progress reported on it. */
async function exportablePlan(hub: TestHub) {
  const police = await organisation(hub, 'Cleveland Police', 'police');
  const health = await organisation(hub, 'Tees, Esk and Wear Valleys NHS Trust', 'health');
  const officer = await person(hub, 'Sergeant Ann Lee', police.id);
  const sample = await samplePlan(hub, undefined, [
    {
      reference: '4.1',
      title: 'Community profiles of all four boroughs',
      description: 'Produced by the dedicated Prevent sergeant.\nStockton first.',
      strand: 'pursue',
      leadOrganisationId: police.id,
      leadPersonId: officer.id,
      partnerOrganisationIds: [health.id],
      startOn: '2026-04-01',
      dueOn: '2026-06-30',
      sourceLabel: 'Cleveland Police Strategic Plan',
    },
  ]);
  const profilesId = sample.actionIds[3]!;
  await addProgressUpdate(hub.database.db, sample.coordinator, profilesId, {
    state: 'at_risk',
    note: 'Stockton profile delayed to July',
  });
  await addProgressUpdate(hub.database.db, sample.coordinator, sample.actionIds[0]!, {
    state: 'completed',
    note: '=HYPERLINK("x") sessions all delivered',
  });
  return { ...sample, police, health, officer, profilesId };
}

/** The files of a zip archive (enough of the format to open a DOCX: stored or deflated entries). */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip archive ends with its central directory');
  const entries = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < entries; i++) {
    assert.equal(archive.readUInt32LE(at), 0x02014b50);
    const method = archive.readUInt16LE(at + 10);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(dataAt, dataAt + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
  }
  return files;
}

test('a plan exports as CSV that reads back with every column, for anyone signed in', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { planId } = await exportablePlan(hub);
  const { browser } = await signedIn(hub, 'viewer');

  const response = await browser.get(`/plans/${planId}/export.csv`);
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/csv/);
  assert.match(
    String(response.headers['content-disposition']),
    /^attachment; filename="Prevent Strategic Action Plan \d+\.csv"/,
  );
  const [header, ...rows]: string[][] = parse(response.body);
  assert.deepEqual(header, [...EXPORT_COLUMNS]);
  assert.deepEqual(
    rows.map((r) => r[0]),
    ['1', '2', '3', '4.1'],
  );
  const profiles = Object.fromEntries(header.map((name, i) => [name, rows[3]![i]]));
  assert.deepEqual(profiles, {
    Reference: '4.1',
    Objective: '',
    Title: 'Community profiles of all four boroughs',
    Description: 'Produced by the dedicated Prevent sergeant.\nStockton first.',
    Strand: 'Pursue',
    'Lead organisation': 'Cleveland Police',
    'Lead officer': 'Sergeant Ann Lee',
    Partners: 'Tees, Esk and Wear Valleys NHS Trust',
    'Start date': '2026-04-01',
    'Due date': '2026-06-30',
    State: 'At risk',
    RAG: profiles.RAG,
    'Latest update': 'Stockton profile delayed to July',
    Source: 'Cleveland Police Strategic Plan',
  });
  assert.ok(['Amber', 'Red'].includes(profiles.RAG!), 'at risk is amber until it is overdue');
  const wrap = rows[0]!;
  assert.equal(wrap[header.indexOf('Objective')], 'Raise awareness of Prevent');
  assert.equal(wrap[header.indexOf('RAG')], 'Complete');
  assert.equal(
    wrap[header.indexOf('Latest update')],
    `'=HYPERLINK("x") sessions all delivered`,
    'formula-like text is kept as text',
  );

  assert.equal((await browser.get('/plans/999999/export.csv')).statusCode, 404);
  const away = await new Browser(hub.app).get(`/plans/${planId}/export.csv`);
  assert.equal(away.statusCode, 303);
  assert.match(String(away.headers.location), /^\/sign-in/);
});

test('a plan exports as XLSX with real dates', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { planId } = await exportablePlan(hub);
  const { browser } = await signedIn(hub, 'member');

  const response = await browser.get(`/plans/${planId}/export.xlsx`);
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-disposition']), /\.xlsx"/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  assert.equal(sheet.name, 'Actions');
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), [...EXPORT_COLUMNS]);
  assert.equal(sheet.rowCount, 5);
  const profiles = sheet.getRow(5);
  assert.equal(profiles.getCell(3).value, 'Community profiles of all four boroughs');
  const due = profiles.getCell(10).value;
  assert.ok(due instanceof Date, 'the due date is an Excel date');
  assert.equal(due.toISOString().slice(0, 10), '2026-06-30');
  assert.equal(profiles.getCell(8).value, 'Tees, Esk and Wear Valleys NHS Trust');
});

test('a plan exports as a DOCX appendix for a board paper', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { planId } = await exportablePlan(hub);
  const { browser } = await signedIn(hub, 'viewer');

  const response = await browser.get(`/plans/${planId}/export.docx`);
  assert.equal(response.statusCode, 200);
  assert.equal(
    response.headers['content-type'],
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  assert.match(
    String(response.headers['content-disposition']),
    /filename\*=UTF-8''Appendix%20B%20%E2%80%93%20Prevent%20Strategic%20Action%20Plan%20\d+\.docx/,
  );
  const files = unzip(response.rawPayload);
  assert.ok(files.has('[Content_Types].xml'));
  const xml = files.get('word/document.xml')?.toString('utf8');
  assert.ok(xml, 'the archive holds word/document.xml');
  const text = xml.replace(/<[^>]+>/g, '');
  assert.match(text, /Appendix B – Prevent Strategic Action Plan \d+/);
  assert.match(text, /Objective 1: Raise awareness of Prevent/);
  assert.match(text, /WRAP training for frontline staff/);
  assert.match(text, /Other actions/, 'actions with no objective have their own table');
  assert.match(text, /Community profiles of all four boroughs/);
  assert.match(text, /Owner group: Prevent Steering Group \d+/);
  assert.match(text, /Period: 1 April 2026 to 31 March 2027/);
  assert.match(text, /Red: the action is blocked/, 'the RAG rule is written out');
  assert.match(xml, /w:orient="landscape"/);
});

/** What must survive an export and an import: everything but ids, RAG (worked out) and progress notes. */
const comparable = (actions: PlanAction[]) =>
  actions.map((a) => ({
    reference: a.reference,
    title: a.title,
    description: a.description,
    strand: a.strand,
    objective: a.objectiveTitle,
    leadOrganisation: a.leadOrganisationName,
    leadOfficer: a.leadPersonName,
    partners: a.partnerNames,
    startOn: a.startOn,
    dueOn: a.dueOn,
    state: a.state,
    source: a.sourceLabel,
  }));

test('round trip: a plan exported to XLSX imports into an empty partnership as the same plan', async (t) => {
  const first = await buildTestHub(t);
  await withPartnership(first, 'Stockton Prevent partnership');
  const original = await exportablePlan(first);
  const { browser: reader } = await signedIn(first, 'viewer');
  const xlsx = (await reader.get(`/plans/${original.planId}/export.xlsx`)).rawPayload;

  // A second partnership with the same organisations and people, and an empty plan of the same kind.
  const second = await buildTestHub(t);
  await withPartnership(second, 'Leicester Prevent partnership');
  const exported = await listPlanActions(first.database.db, { planId: original.planId });
  const organisationNames = new Set(exported.flatMap((a) => [a.leadOrganisationName ?? [], a.partnerNames].flat()));
  for (const name of organisationNames) await organisation(second, name);
  for (const name of new Set(exported.flatMap((a) => a.leadPersonName ?? []))) await person(second, name);
  const steering = await group(second, 'quarterly', 'Prevent Steering Group');
  const planner = await serviceUser(second, 'coordinator', [steering.id]);
  const planId = await createPlan(second.database.db, planner, {
    title: 'Prevent Delivery Plan',
    kind: 'strategic',
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    ownerGroupId: steering.id,
  });

  const { browser } = await signedIn(second, 'coordinator');
  await browser.get(`/plans/${planId}/import`);
  const uploaded = await browser.postMultipart(
    `/plans/${planId}/import`,
    {},
    {
      field: 'file',
      filename: 'exported.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content: xlsx,
    },
  );
  assert.equal(uploaded.statusCode, 303, uploaded.body);
  const previewUrl = String(uploaded.headers.location).replace(/mapping$/, 'preview');
  // The guessed mapping, untouched.
  const preview = await browser.get(previewUrl);
  assert.match(preview.body, /4 new actions, 0 updates, 0 rows with errors/);
  assert.equal((await browser.post(previewUrl.replace(/preview$/, 'commit'))).statusCode, 303);

  const before = comparable(exported);
  const after = comparable(await listPlanActions(second.database.db, { planId }));
  assert.deepEqual(after, before);

  // Exported again and imported again, the plan is already as the file says.
  const again = (await browser.get(`/plans/${planId}/export.xlsx`)).rawPayload;
  await browser.get(`/plans/${planId}/import`);
  const reuploaded = await browser.postMultipart(
    `/plans/${planId}/import`,
    {},
    { field: 'file', filename: 'again.xlsx', contentType: 'application/octet-stream', content: again },
  );
  const previewAgain = await browser.get(String(reuploaded.headers.location).replace(/mapping$/, 'preview'));
  assert.match(previewAgain.body, /0 new actions, 0 updates, 4 actions unchanged, 0 rows with errors/);
  assert.match(previewAgain.body, /there is nothing to import/);
});
