import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { and, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Browser, buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { group, meeting, member, samplePlan, serviceUser } from '../../../test/factories.ts';
import { rowText, textOf } from '../../../test/html.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { planActions } from '../plans/plans.tables.ts';
import { createAssessment, rateCriterion } from './assessments.service.ts';
import { compareIterations, compareWithPeers, peerSentence } from './compare.ts';
import { getFramework, listFrameworks } from './frameworks.service.ts';
import { recordPeerRating } from './peers.service.ts';
import { selfAssessmentPeerRatings } from './self-assessment.tables.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/self-assessment/${name}`, import.meta.url));

async function frameworkNamed(hub: TestHub, name: string) {
  const found = (await listFrameworks(hub.database.db)).find((f) => f.name === name);
  assert.ok(found, `${name} ships with the Hub`);
  return getFramework(hub.database.db, found.id);
}

/** NI35 for Stockton Renaissance: two iterations, the first cautious, rated as given. */
async function stocktonIterations(hub: TestHub, first: number[], second: number[]) {
  const board = await group(hub, 'quarterly', 'Stockton Renaissance Board');
  const coordinator = await serviceUser(hub, 'coordinator', [board.id]);
  const ni35 = await frameworkNamed(hub, 'National Indicator 35');
  const ids: number[] = [];
  for (const [title, assessedOn, ratings] of [
    ['January 2009', '2009-01-31', first],
    ['January 2010', '2010-01-31', second],
  ] as const) {
    const id = await createAssessment(hub.database.db, coordinator, {
      frameworkId: ni35.id,
      body: 'Stockton Renaissance',
      title,
      assessedOn,
      assessingGroupId: board.id,
    });
    for (const [i, value] of ratings.entries())
      await rateCriterion(hub.database.db, coordinator, id, ni35.criteria[i]!.id, {
        value,
        evidence: `Evidence ${i + 1}`,
      });
    ids.push(id);
  }
  return { board, coordinator, ni35, ids };
}

test('the two frameworks ship with the Hub, and a coordinator renames a level of the scale', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const ni35 = await frameworkNamed(hub, 'National Indicator 35');
  assert.equal(ni35.sections.length, 4);
  assert.deepEqual(
    ni35.levels.map((l) => l.value),
    [1, 2, 3, 4, 5],
  );
  const toolkit = await frameworkNamed(hub, 'Prevent duty toolkit for local authorities');
  assert.equal(toolkit.sections.length, 8);
  assert.deepEqual(
    toolkit.levels.map((l) => `${l.name} — ${l.meaning}`),
    ['Red — Not in place', 'Amber — Partly in place', 'Green — In place', 'Blue — Good practice others could adopt'],
  );
  assert.ok(toolkit.criteria.every((c) => c.evidenceExpected));

  const { browser } = await signedIn(hub, 'coordinator');
  const page = await browser.get(`/self-assessment/frameworks/${toolkit.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Channel panel/);
  const blue = toolkit.levels[3]!;
  const renamed = await browser.post(`/self-assessment/frameworks/${toolkit.id}/levels/${blue.id}`, {
    name: 'Exemplary',
    meaning: 'Good practice others could adopt',
  });
  assert.equal(renamed.statusCode, 303);
  assert.equal((await frameworkNamed(hub, toolkit.name)).levels[3]!.name, 'Exemplary');
  const clash = await browser.post(`/self-assessment/frameworks/${toolkit.id}/levels/${blue.id}`, {
    name: 'red',
    meaning: 'x',
  });
  assert.equal(clash.statusCode, 400);
  assert.match(clash.body, /already has that name/);
  const empty = await browser.post(`/self-assessment/frameworks/${toolkit.id}/levels/${blue.id}`, { name: '' });
  assert.equal(empty.statusCode, 400);

  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal((await viewer.get(`/self-assessment/frameworks/${toolkit.id}`)).statusCode, 200);
  const refused = await viewer.post(`/self-assessment/frameworks/${toolkit.id}/levels/${blue.id}`, {
    name: 'Mine',
    meaning: 'x',
  });
  assert.equal(refused.statusCode, 403);
  const [entry] = await hub.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'self_assessment.level_renamed'));
  assert.ok(entry);
  const signedOut = await new Browser(hub.app).get('/self-assessment');
  assert.equal(signedOut.statusCode, 303);
  assert.match(String(signedOut.headers.location), /sign-in/);
});

test('iterations are created, rated, evidenced and agreed by coordinators; members of the group read them', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const board = await group(hub, 'quarterly', 'Silver Group');
  const ni35 = await frameworkNamed(hub, 'National Indicator 35');
  const { browser } = await signedIn(hub, 'coordinator');
  assert.equal((await browser.get('/self-assessment/assessments/new')).statusCode, 200);
  const bad = await browser.post('/self-assessment/assessments', { frameworkId: ni35.id, body: '' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the body the assessment is on behalf of/);
  const created = await browser.post('/self-assessment/assessments', {
    frameworkId: ni35.id,
    body: 'Stockton Renaissance',
    title: 'January 2009',
    assessedOn: '2009-01-31',
    assessingGroupId: board.id,
    summary: 'Agreed to be cautious in this first iteration',
  });
  assert.equal(created.statusCode, 303);
  const path = String(created.headers.location).split('?')[0]!;
  const criterion = ni35.criteria[0]!;
  const rated = await browser.post(`${path}/criteria/${criterion.id}`, { value: 2, evidence: 'Mosque liaison begun' });
  assert.equal(rated.statusCode, 303);
  const outOfScale = await browser.post(`${path}/criteria/${criterion.id}`, { value: 9 });
  assert.equal(outOfScale.statusCode, 400);
  assert.match(outOfScale.body, /Select a rating from the scale/);
  const page = await browser.get(path);
  assert.match(page.body, /Mosque liaison begun/);
  assert.match(page.body, /on behalf of Stockton Renaissance/);

  // A plan action linked as evidence, then removed: kept on record with its date.
  const sample = await samplePlan(hub);
  assert.equal(
    (await browser.post(`${path}/criteria/${criterion.id}/evidence`, { planActionId: sample.actionIds[0]! }))
      .statusCode,
    303,
  );
  assert.equal((await browser.post(`${path}/criteria/${criterion.id}/evidence`, {})).statusCode, 400);
  const withLink = await browser.get(`${path}/criteria/${criterion.id}`);
  assert.match(withLink.body, /WRAP training for frontline staff<\/a> \(plan action\)/);
  const evidenceId = /evidence\/(\d+)\/remove/.exec(withLink.body)![1];
  assert.equal((await browser.post(`${path}/evidence/${evidenceId}/remove`)).statusCode, 303);
  assert.doesNotMatch((await browser.get(`${path}/criteria/${criterion.id}`)).body, /\(plan action\)/);

  // Reading: a member of the group may, one outside it may not; neither may write.
  const { browser: inside, user: insider } = await signedIn(hub, 'member');
  await member(hub, board.id, insider.personId);
  assert.equal((await inside.get(path)).statusCode, 200);
  assert.equal((await inside.post(`${path}/criteria/${criterion.id}`, { value: 5 })).statusCode, 403);
  const { browser: outside } = await signedIn(hub, 'member');
  assert.equal((await outside.get(path)).statusCode, 403);
  assert.doesNotMatch((await outside.get('/self-assessment')).body, /January 2009/);

  // Agreed by a named group at one of its meetings; then its ratings no longer change.
  const other = await group(hub, 'monthly', 'Safer Stockton Partnership');
  const otherMeeting = await meeting(hub, other.id, '2009-02-10');
  const wrong = await browser.post(`${path}/agree`, { groupId: board.id, meetingId: otherMeeting.id });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /a meeting of Safer Stockton Partnership/);
  const boardMeeting = await meeting(hub, board.id, '2009-02-12');
  assert.equal(
    (await browser.post(`${path}/agree`, { groupId: board.id, meetingId: boardMeeting.id })).statusCode,
    303,
  );
  assert.match((await browser.get(path)).body, /Agreed<\/strong> by Silver Group at its meeting of 12 February 2009/);
  const late = await browser.post(`${path}/criteria/${criterion.id}`, { value: 3 });
  assert.equal(late.statusCode, 400);
  assert.match(late.body, /has been agreed/);

  const actions = (await hub.database.db.select().from(auditLog).where(like(auditLog.action, 'self_assessment.%'))).map(
    (e) => e.action,
  );
  for (const action of ['created', 'rated', 'evidence_linked', 'evidence_removed', 'agreed'])
    assert.ok(actions.includes(`self_assessment.${action}`), action);
  assert.equal((await browser.get('/self-assessment/assessments/999999')).statusCode, 404);
});

test('two iterations compare side by side as the hand-made table says, with the chart table beneath', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { ni35, ids, board } = await stocktonIterations(hub, [2, 2, 1, 2], [3, 2, 3, 1]);
  const framework = await getFramework(hub.database.db, ni35.id);
  const table = compareIterations(framework, [
    {
      id: ids[0]!,
      title: 'a',
      assessedOn: '',
      ratings: new Map(framework.criteria.map((c, i) => [c.id, [2, 2, 1, 2][i]!])),
    },
    {
      id: ids[1]!,
      title: 'b',
      assessedOn: '',
      ratings: new Map(framework.criteria.map((c, i) => [c.id, [3, 2, 3, 1][i]!])),
    },
  ]);
  assert.deepEqual(
    table.map((s) => s.rows.map((r) => r.cells.map((c) => `${c.value}:${c.change}`))),
    [[['2:null', '3:up']], [['2:null', '2:same']], [['1:null', '3:up']], [['2:null', '1:down']]],
  );

  const { browser, user } = await signedIn(hub, 'member');
  await member(hub, board.id, user.personId);
  const page = await browser.get(`/self-assessment/compare?framework=${ni35.id}&body=Stockton%20Renaissance`);
  assert.equal(page.statusCode, 200);
  const cells = [...page.body.matchAll(/data-value="(\d*)" data-change="(\w*)"/g)].map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(cells, ['2:', '3:up', '2:', '2:same', '1:', '3:up', '2:', '1:down']);
  assert.match(page.body, /<svg/);
  assert.match(page.body, /id="ratings-over-time-table"/);
  const chosen = await browser.get(`/self-assessment/compare?framework=${ni35.id}&a=${ids[1]}&b=${ids[0]}`);
  assert.equal(chosen.statusCode, 200);
  assert.equal((await browser.get('/self-assessment/compare?a=abc')).statusCode, 400);
  const { browser: outside } = await signedIn(hub, 'member');
  assert.match((await outside.get(`/self-assessment/compare?framework=${ni35.id}`)).body, /No iterations/);
});

test('peers: ours beside theirs with the words the hand-made table gives, recorded by coordinators', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { ni35, coordinator } = await stocktonIterations(hub, [1, 1, 1, 1], [2, 2, 3, 2]);
  const peers = { Middlesbrough: [3, 3, 4, 3], Hartlepool: [2, 2, 2, 2], 'Redcar and Cleveland': [2, 3, 3, 1] };
  for (const [peer, values] of Object.entries(peers))
    for (const [i, value] of values.entries())
      await recordPeerRating(hub.database.db, coordinator, {
        frameworkId: ni35.id,
        peer,
        year: 2009,
        criterionId: ni35.criteria[i]!.id,
        value,
      });
  // Ours (the latest) is 2, 2, 3, 2. Hartlepool: in keeping, in keeping, lower, in keeping (mean −0.25: in keeping);
  // Middlesbrough: higher on every criterion (mean +1); Redcar and Cleveland: in keeping, higher, in keeping, lower (0).
  const ours = new Map(ni35.criteria.map((c, i) => [c.id, [2, 2, 3, 2][i]!]));
  const columns = Object.entries(peers).map(([peer, values]) => ({
    peer,
    year: 2009,
    ratings: new Map(ni35.criteria.map((c, i) => [c.id, values[i]!])),
  }));
  const comparison = compareWithPeers(ni35, ours, columns);
  assert.deepEqual(
    comparison.rows.map((r) => r.peers.map((p) => p.word)),
    [
      ['higher', 'in keeping', 'in keeping'],
      ['higher', 'in keeping', 'higher'],
      ['higher', 'lower', 'in keeping'],
      ['higher', 'in keeping', 'lower'],
    ],
  );
  assert.equal(
    peerSentence(comparison.overall),
    'Our self-assessment is in keeping with Hartlepool and Redcar and Cleveland, with the exception of Middlesbrough (higher).',
  );

  const { browser } = await signedIn(hub, 'coordinator');
  const page = await browser.get(`/self-assessment/frameworks/${ni35.id}/peers`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /with the exception of Middlesbrough \(higher\)/);
  const words = [...page.body.matchAll(/data-word="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(words.slice(0, 3), ['in keeping', 'higher', 'in keeping']);
  const recorded = await browser.post(`/self-assessment/frameworks/${ni35.id}/peers`, {
    frameworkId: ni35.id,
    peer: 'Darlington',
    year: 2009,
    criterionId: ni35.criteria[0]!.id,
    value: 2,
  });
  assert.equal(recorded.statusCode, 303);
  const bad = await browser.post(`/self-assessment/frameworks/${ni35.id}/peers`, { peer: 'Darlington', year: 'x' });
  assert.equal(bad.statusCode, 400);
  const peerRatingId = /peer-ratings\/(\d+)\/withdraw/.exec(
    (await browser.get(`/self-assessment/frameworks/${ni35.id}/peers`)).body,
  )![1];
  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal((await viewer.get(`/self-assessment/frameworks/${ni35.id}/peers`)).statusCode, 200);
  assert.equal((await viewer.post(`/self-assessment/peer-ratings/${peerRatingId}/withdraw`)).statusCode, 403);
  assert.equal((await browser.post(`/self-assessment/peer-ratings/${peerRatingId}/withdraw`)).statusCode, 303);
});

test('a framework imports from a good spreadsheet after its preview; a bad one shows its row errors', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  assert.equal((await browser.get('/self-assessment/frameworks/import')).statusCode, 200);
  const upload = (name: string, file: string) =>
    browser.postMultipart(
      '/self-assessment/frameworks/import',
      { name, years: '2025' },
      {
        field: 'file',
        filename: file,
        contentType: 'text/csv',
        content: fixture(file),
      },
    );
  const staged = await upload('Schools Prevent review', 'good-framework.csv');
  assert.equal(staged.statusCode, 303);
  const preview = await browser.get(String(staged.headers.location));
  assert.match(preview.body, /2 sections, 3 criteria and a scale of 3 levels/);
  const confirmed = await browser.post(`${staged.headers.location}/confirm`);
  assert.equal(confirmed.statusCode, 303);
  const imported = await frameworkNamed(hub, 'Schools Prevent review');
  assert.deepEqual(
    imported.sections.map((s) => [s.title, s.criteria.map((c) => c.title)]),
    [
      ['Leadership', ['A senior lead for Prevent', 'Elected members are briefed']],
      ['Schools', ['Schools know how to refer']],
    ],
  );
  assert.deepEqual(
    imported.levels.map((l) => `${l.value} ${l.name}`),
    ['1 Not started', '2 Developing', '3 Established'],
  );
  assert.equal((await browser.post(`${staged.headers.location}/confirm`)).statusCode, 400);
  assert.equal((await upload('Schools Prevent review', 'good-framework.csv')).statusCode, 400);

  const bad = await upload('Broken', 'bad-framework.csv');
  const badPreview = await browser.get(String(bad.headers.location));
  assert.match(badPreview.body, /Row 3: Enter the section the criterion belongs to/);
  assert.match(badPreview.body, /Row 4: The criterion &#39;A senior lead for Prevent&#39; appears twice/);
  assert.match(badPreview.body, /at least two rows with Rating scale/);
  assert.doesNotMatch(badPreview.body, /Import the framework<\/button>/);
  assert.equal((await browser.post(`${bad.headers.location}/confirm`)).statusCode, 400);
  const noFile = await browser.postMultipart('/self-assessment/frameworks/import', { name: 'x', years: '2025' });
  assert.equal(noFile.statusCode, 400);

  const { browser: member } = await signedIn(hub, 'member');
  assert.equal((await member.get('/self-assessment/frameworks/import')).statusCode, 403);
  assert.equal((await member.get(String(staged.headers.location))).statusCode, 403);
});

test('a weak criterion becomes a delivery plan action in one step, named as its source', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { ids, ni35 } = await stocktonIterations(hub, [1, 4, 2, 2], [1, 4, 2, 2]);
  const sample = await samplePlan(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const weak = ni35.criteria[0]!;
  const page = await browser.get(`/self-assessment/assessments/${ids[0]}/criteria/${weak.id}`);
  assert.match(page.body, /Make it a delivery plan action/);
  assert.doesNotMatch(
    (await browser.get(`/self-assessment/assessments/${ids[0]}/criteria/${ni35.criteria[1]!.id}`)).body,
    /Make it a delivery plan action/,
  );
  const strong = await browser.post(`/self-assessment/assessments/${ids[0]}/criteria/${ni35.criteria[1]!.id}/action`, {
    planId: sample.planId,
  });
  assert.equal(strong.statusCode, 400);
  assert.equal(
    (await browser.post(`/self-assessment/assessments/${ids[0]}/criteria/${weak.id}/action`, {})).statusCode,
    400,
  );
  const made = await browser.post(`/self-assessment/assessments/${ids[0]}/criteria/${weak.id}/action`, {
    planId: sample.planId,
  });
  assert.equal(made.statusCode, 303);
  const [action] = await hub.database.db
    .select()
    .from(planActions)
    .where(and(eq(planActions.planId, sample.planId), like(planActions.title, 'Improve:%')));
  assert.ok(action);
  assert.equal(
    action.sourceLabel,
    `National Indicator 35: ${weak.title} (Stockton Renaissance, January 2009, rated 1)`,
  );
  assert.match(
    (await browser.get(`/self-assessment/assessments/${ids[0]}/criteria/${weak.id}`)).body,
    /Improve: Understanding/,
  );
  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal(
    (await viewer.post(`/self-assessment/assessments/${ids[0]}/criteria/${weak.id}/action`, { planId: sample.planId }))
      .statusCode,
    403,
  );
});

test('an iteration exports as XLSX and as the DOCX Appendix C, both reading back', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { ids, ni35 } = await stocktonIterations(hub, [2, 2, 1, 2], [3, 2, 3, 1]);
  const { browser } = await signedIn(hub, 'coordinator');
  const xlsx = await browser.get(`/self-assessment/assessments/${ids[0]}/export.xlsx`);
  assert.equal(xlsx.statusCode, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet('Self-assessment')!;
  assert.deepEqual((sheet.getRow(2).values as unknown[]).slice(1), [
    'Section',
    'Criterion',
    'Rating',
    'Meaning',
    'Evidence',
  ]);
  assert.deepEqual((sheet.getRow(5).values as unknown[]).slice(1), [
    ni35.sections[2]!.title,
    ni35.criteria[2]!.title,
    '1',
    'Little or no work in place yet',
    'Evidence 3',
  ]);
  assert.match(sheet.getCell('A1').text, /on behalf of Stockton Renaissance, January 2009/);

  const docx = await browser.get(`/self-assessment/assessments/${ids[0]}/export.docx`);
  assert.equal(docx.statusCode, 200);
  assert.match(String(docx.headers['content-disposition']), /Appendix%20C/);
  const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
  assert.match(xml, /Appendix C – National Indicator 35 self-assessment/);
  assert.match(xml, /Development of a risk-based Prevent action plan/);
  assert.match(xml, /Evidence 4/);
  const { browser: outside } = await signedIn(hub, 'member');
  assert.equal((await outside.get(`/self-assessment/assessments/${ids[0]}/export.docx`)).statusCode, 403);
  assert.equal((await outside.get(`/self-assessment/assessments/${ids[0]}/export.xlsx`)).statusCode, 403);
});

/** Peers' ratings as a CSV upload (or an XLSX one), through the import page of the framework. */
async function uploadPeers(browser: Browser, frameworkId: number, file: { name: string; content: Buffer }, year = '') {
  await browser.get(`/self-assessment/frameworks/${frameworkId}/peers/import`);
  const xlsx = file.name.endsWith('.xlsx');
  return browser.postMultipart(
    `/self-assessment/frameworks/${frameworkId}/peers/import`,
    { year, source: 'Teesside NI35 returns' },
    {
      field: 'file',
      filename: file.name,
      contentType: xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
      content: file.content,
    },
  );
}

const peerCsv = (lines: string[]) => ({ name: 'peers.csv', content: Buffer.from(lines.join('\n')) });

const TEESSIDE_CSV = peerCsv([
  'Peer,Criterion,Rating,Date',
  'Middlesbrough,1.1,3,January 2009',
  'Middlesbrough,2.1,3,January 2009',
  'Middlesbrough,3.1,4,January 2009',
  'Middlesbrough,4.1,3,January 2009',
  'Hartlepool,"understanding of, and engagement with, muslim communities",2,31/01/2009',
  'Hartlepool,2.1,2,31/01/2009',
  'Hartlepool,3.1,2,31/01/2009',
  'Hartlepool,4.1,2,31/01/2009',
]);

async function redcarWorkbook() {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Ratings');
  sheet.addRow(['Peer partnership', 'Reference', 'Score']);
  for (const [i, value] of [2, 3, 3, 1].entries()) sheet.addRow(['Redcar and Cleveland', `${i + 1}.1`, value]);
  return { name: 'redcar.xlsx', content: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

test("peers' ratings import from CSV and XLSX and read back beside ours as the hand-made table says; again changes nothing", async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { ni35 } = await stocktonIterations(hub, [1, 1, 1, 1], [2, 2, 3, 2]);
  const { browser } = await signedIn(hub, 'coordinator');
  const count = () => hub.database.db.$count(selfAssessmentPeerRatings);

  const staged = await uploadPeers(browser, ni35.id, TEESSIDE_CSV);
  assert.equal(staged.statusCode, 303, staged.body.slice(0, 300));
  const previewUrl = String(staged.headers.location);
  const preview = await browser.get(previewUrl);
  assert.equal(preview.statusCode, 200);
  assert.match(textOf(preview.body), /8 new ratings, 0 revisions, 0 ratings already held, 0 rows with errors\./);
  assert.equal(rowText(preview.body, 'Hartlepool'), `6 Hartlepool 2009 ${ni35.criteria[0]!.title} 2 New`);
  assert.equal(await count(), 0, 'nothing saved before confirming');
  const confirmed = await browser.post(`${previewUrl}/confirm`);
  assert.equal(confirmed.statusCode, 303);
  assert.match((await browser.get(String(confirmed.headers.location))).body, /The peers’ ratings were imported\./);
  assert.equal((await browser.post(`${previewUrl}/confirm`)).statusCode, 400);

  const xlsx = await uploadPeers(browser, ni35.id, await redcarWorkbook(), '2009');
  assert.equal(xlsx.statusCode, 303, xlsx.body.slice(0, 300));
  assert.match(textOf((await browser.get(String(xlsx.headers.location))).body), /4 new ratings, 0 revisions/);
  assert.equal((await browser.post(`${xlsx.headers.location}/confirm`)).statusCode, 303);
  assert.equal(await count(), 12);

  // Ours (the latest) is 2, 2, 3, 2. Peers in name order: Hartlepool 2, 2, 2, 2; Middlesbrough 3, 3, 4, 3;
  // Redcar and Cleveland 2, 3, 3, 1. Worked by hand, criterion by criterion:
  const page = await browser.get(`/self-assessment/frameworks/${ni35.id}/peers`);
  const words = [...page.body.matchAll(/data-word="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(words, [
    ...['in keeping', 'higher', 'in keeping'],
    ...['in keeping', 'higher', 'higher'],
    ...['lower', 'higher', 'in keeping'],
    ...['in keeping', 'higher', 'lower'],
  ]);
  assert.match(
    page.body,
    /in keeping with Hartlepool and Redcar and Cleveland, with the exception of Middlesbrough \(higher\)/,
  );
  const [entry] = await hub.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'self_assessment.peer_ratings_imported'));
  assert.deepEqual(entry?.detail, {
    importId: Number(/(\d+)$/.exec(previewUrl)![1]),
    filename: 'peers.csv',
    new: 8,
    revised: 0,
    held: 0,
  });

  // The same file again: every rating already held, nothing to confirm.
  const again = await uploadPeers(browser, ni35.id, TEESSIDE_CSV);
  const againPreview = await browser.get(String(again.headers.location));
  assert.match(textOf(againPreview.body), /0 new ratings, 0 revisions, 8 ratings already held, 0 rows with errors\./);
  assert.doesNotMatch(againPreview.body, /Import the ratings<\/button>/);
  assert.equal((await browser.post(`${again.headers.location}/confirm`)).statusCode, 400);
  assert.equal(await count(), 12);

  // A corrected rating revises the one held: the old stays on record, withdrawn.
  const revised = await uploadPeers(
    browser,
    ni35.id,
    peerCsv(['Peer,Criterion,Rating,Year', 'Middlesbrough,1.1,2,2009']),
  );
  assert.match(textOf((await browser.get(String(revised.headers.location))).body), /0 new ratings, 1 revision/);
  assert.equal((await browser.post(`${revised.headers.location}/confirm`)).statusCode, 303);
  const middlesbrough = await hub.database.db
    .select()
    .from(selfAssessmentPeerRatings)
    .where(
      and(
        eq(selfAssessmentPeerRatings.peer, 'Middlesbrough'),
        eq(selfAssessmentPeerRatings.criterionId, ni35.criteria[0]!.id),
      ),
    );
  assert.deepEqual(middlesbrough.map((r) => [r.value, r.withdrawnAt !== null]).sort(), [
    [2, false],
    [3, true],
  ]);
});

test("a bad file of peers' ratings shows its numbered row errors and saves nothing; a member is refused", async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const ni35 = await frameworkNamed(hub, 'National Indicator 35');
  const { browser } = await signedIn(hub, 'coordinator');
  const bad = peerCsv([
    'Peer,Criterion,Rating',
    'Middlesbrough,9.1,3',
    'Middlesbrough,1.1,Excellent',
    ',2.1,2',
    'Middlesbrough,3.1,4',
  ]);
  const staged = await uploadPeers(browser, ni35.id, bad);
  assert.equal(staged.statusCode, 303);
  const preview = await browser.get(String(staged.headers.location));
  const text = textOf(preview.body);
  assert.match(text, /Row 2: '9\.1' is not a criterion of National Indicator 35/);
  assert.match(text, /Row 3: 'Excellent' is not a level of the scale/);
  assert.match(text, /Row 4: enter the peer partnership/);
  assert.match(text, /Row 5: enter the year, or give one for the whole file/);
  assert.doesNotMatch(preview.body, /Import the ratings<\/button>/);
  assert.equal((await browser.post(`${staged.headers.location}/confirm`)).statusCode, 400);
  assert.equal(await hub.database.db.$count(selfAssessmentPeerRatings), 0);

  // The columns chosen by hand: a column the file does not have is refused.
  const outside = await browser.post(`${staged.headers.location}/columns`, { peer: 1, criterion: 2, rating: 9 });
  assert.equal(outside.statusCode, 400);
  assert.match(outside.body, /Choose one of the columns of the file/);
  const badYear = await uploadPeers(browser, ni35.id, bad, 'soon');
  assert.equal(badYear.statusCode, 400);
  assert.match(badYear.body, /Enter the year as four digits/);
  assert.equal(
    (await browser.postMultipart(`/self-assessment/frameworks/${ni35.id}/peers/import`, {})).statusCode,
    400,
  );

  const { browser: member } = await signedIn(hub, 'member');
  assert.equal((await member.get(`/self-assessment/frameworks/${ni35.id}/peers/import`)).statusCode, 403);
  const refused = await uploadPeers(member, ni35.id, TEESSIDE_CSV);
  assert.equal(refused.statusCode, 403);
  assert.equal((await member.get(String(staged.headers.location))).statusCode, 403);
  assert.equal((await member.post(`${staged.headers.location}/confirm`)).statusCode, 403);
  assert.equal(await hub.database.db.$count(selfAssessmentPeerRatings), 0);
});
