import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { group, meeting, member, organisation, person } from '../../../test/factories.ts';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { textOf } from '../../../test/html.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { actionsArising, agendaItems, attendance, meetingRecommendations } from '../meetings/meetings.tables.ts';
import { issuedPaperFixture } from './late.fixtures.ts';

/*
 * The minutes read back as Word would read them: word/document.xml's tables and paragraphs, and the
 * marking from the page header and footer parts, with no help from the library that wrote them.
 */

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const textRuns = (xml: string) =>
  [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join('');

const paragraphTexts = (xml: string) =>
  [...xml.matchAll(/<w:p(?: [^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => textRuns(m[1]!)).filter(Boolean);

/** Each table's rows, each row's cells' text. */
const tables = (xml: string) =>
  [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<w:tr(?: [^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => paragraphTexts(c[1]!).join('\n')),
    ),
  );

async function readDocx(body: Buffer) {
  const zip = await JSZip.loadAsync(body);
  const parts = async (pattern: RegExp) =>
    Promise.all(
      Object.keys(zip.files)
        .filter((name) => pattern.test(name))
        .map((name) => zip.file(name)!.async('string')),
    );
  const document = await zip.file('word/document.xml')!.async('string');
  return {
    paragraphs: paragraphTexts(document),
    tables: tables(document),
    headers: (await parts(/^word\/header\d*\.xml$/)).map(textRuns),
    footers: (await parts(/^word\/footer\d*\.xml$/)).map(textRuns),
  };
}

/**
 * A board (the runner and a viewer in it) that met on 10 March 2026 in the council chamber: people
 * from two organisations, an item with its minute, three recommendations decided three ways, one
 * put to the meeting itself, and an action arising; the next meeting on 14 April.
 */
async function heldMeeting(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const db = hub.database.db;
  const board = await group(hub, 'monthly', 'Stockton Renaissance Partnership Board');
  const runner = await signedIn(hub, 'member');
  await member(hub, board.id, runner.user.personId);
  const council = await organisation(hub, 'Stockton-on-Tees Borough Council');
  const police = await organisation(hub, 'Cleveland Police', 'police');
  const [alice, bob, carol] = [
    await person(hub, 'Alice Ward', council.id),
    await person(hub, 'Bob Hill', police.id),
    await person(hub, 'Carol Dean', council.id),
  ];
  for (const p of [alice, bob, carol]) await member(hub, board.id, p.id, p.organisationId);
  const held = await meeting(hub, board.id, '2026-03-10', { status: 'held', location: 'Council chamber' });
  const next = await meeting(hub, board.id, '2026-04-14');
  await db.insert(attendance).values([
    { meetingId: held.id, personId: alice.id, organisationId: council.id, status: 'present' },
    { meetingId: held.id, personId: bob.id, organisationId: police.id, status: 'apologies' },
    { meetingId: held.id, personId: carol.id, organisationId: council.id, status: 'absent' },
  ]);
  const [item] = await db
    .insert(agendaItems)
    .values({
      meetingId: held.id,
      position: 1,
      title: 'Preventing violent extremism',
      minute: 'The board received the report.',
    })
    .returning();
  await db.insert(meetingRecommendations).values([
    {
      meetingId: held.id,
      agendaItemId: item!.id,
      number: 1,
      text: 'The PVE action plan be approved.',
      decision: 'approved',
    },
    {
      meetingId: held.id,
      agendaItemId: item!.id,
      number: 2,
      text: 'A youth worker be funded.',
      decision: 'declined',
      reason: 'No budget this year',
    },
    { meetingId: held.id, agendaItemId: item!.id, number: 3, text: 'Schools be surveyed.', decision: 'deferred' },
    { meetingId: held.id, number: 4, text: 'The funding proposal for the mosque project.', decision: 'noted' },
  ]);
  await db.insert(actionsArising).values({
    agendaItemId: item!.id,
    description: 'Circulate the plan',
    ownerPersonId: alice.id,
    dueOn: '2026-03-31',
  });
  const minutesUrl = `/meetings/${held.id}/minutes`;
  return { hub, db, board, runner, held, next, item: item!, minutesUrl };
}

test('the minutes as a Word document: attendance by organisation, each decision, actions, status and marking', async (t) => {
  const { runner, minutesUrl } = await heldMeeting(t);
  const response = await runner.browser.get(`${minutesUrl}.docx`);
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /wordprocessingml/);
  const docx = await readDocx(response.rawPayload);

  assert.ok(docx.paragraphs.includes('Minutes'));
  const [header, attendanceTable, decisions, meetingDecisions, actions] = docx.tables;
  assert.deepEqual(header, [
    ['Meeting', 'Stockton Renaissance Partnership Board, 10 March 2026'],
    ['Time', '10:00 to 12:00'],
    ['Place', 'Council chamber'],
    ['Marking', 'OFFICIAL'],
    ['Status', 'Draft'],
  ]);
  assert.deepEqual(attendanceTable, [
    ['Organisation', 'Present', 'Apologies', 'Absent'],
    ['Cleveland Police', 'None', 'Bob Hill', 'None'],
    ['Stockton-on-Tees Borough Council', 'Alice Ward', 'None', 'Carol Dean'],
  ]);
  assert.deepEqual(decisions, [
    ['No.', 'Recommendation', 'Decision'],
    ['1', 'The PVE action plan be approved.', 'Approved'],
    ['2', 'A youth worker be funded.', 'Declined: No budget this year'],
    ['3', 'Schools be surveyed.', 'Deferred'],
  ]);
  assert.deepEqual(meetingDecisions?.[1], ['4', 'The funding proposal for the mosque project.', 'Noted']);
  assert.deepEqual(actions?.[1], ['1', 'Circulate the plan', 'Alice Ward', '31 March 2026', 'Open']);
  assert.ok(docx.paragraphs.includes('1. Preventing violent extremism'));
  assert.ok(docx.paragraphs.includes('The board received the report.'));
  assert.equal(docx.paragraphs.at(-1), 'Draft', 'the approval status closes the minutes');
  assert.deepEqual(docx.headers, ['OFFICIAL']);
  assert.ok(docx.footers.length === 1 && docx.footers[0]!.endsWith('OFFICIAL'), docx.footers.join());
});

test('printable minutes: the Word document’s content on a page of its own, marked at the top and foot, its style allowed by hash', async (t) => {
  const { runner, minutesUrl } = await heldMeeting(t);
  const page = await runner.browser.get(minutesUrl);
  assert.match(page.body, /href="\/meetings\/\d+\/minutes\/print">Printable minutes</);
  assert.match(page.body, /govuk-template/, 'the minutes page is in the Hub’s layout');
  const printed = await runner.browser.get(`${minutesUrl}/print`);
  assert.equal(printed.statusCode, 200);
  assert.match(String(printed.headers['content-type']), /text\/html/);
  assert.match(String(printed.headers['content-security-policy']), /style-src 'self' 'sha256-/);
  assert.doesNotMatch(printed.body, /govuk-template/, 'not the Hub’s layout: a page that prints alone');
  assert.match(printed.body, /<header class="marking"><p>OFFICIAL<\/p><\/header>/);
  assert.match(printed.body, /<footer class="marking"><p>OFFICIAL<\/p><\/footer>/);
  const text = textOf(printed.body);
  for (const expected of [
    'Meeting Stockton Renaissance Partnership Board, 10 March 2026',
    'Place Council chamber',
    'Cleveland Police None Bob Hill None',
    'Stockton-on-Tees Borough Council Alice Ward None Carol Dean',
    '1. Preventing violent extremism',
    'The board received the report.',
    '2 A youth worker be funded. Declined: No budget this year',
    '4 The funding proposal for the mosque project. Noted',
    '1 Circulate the plan Alice Ward 31 March 2026 Open',
    'Approval of these minutes Draft',
  ])
    assert.ok(text.includes(expected), `${expected} in: ${text}`);
});

test('minutes take the highest marking of the meeting’s issued papers, and only its group reads them then', async (t) => {
  const { hub, db, board, runner, held, item, minutesUrl } = await heldMeeting(t);
  await issuedPaperFixture(db, {
    meetingId: held.id,
    agendaItemId: item.id,
    accountId: runner.user.accountId,
    issuedAt: new Date('2026-03-01T10:00:00Z'),
    marking: 'OFFICIAL-SENSITIVE',
  });
  const docxResponse = await runner.browser.get(`${minutesUrl}.docx`);
  assert.equal(docxResponse.statusCode, 200);
  assert.match(String(docxResponse.headers['cache-control']), /no-store/);
  const docx = await readDocx(docxResponse.rawPayload);
  assert.deepEqual(docx.headers, ['OFFICIAL-SENSITIVE']);
  assert.ok(docx.footers[0]!.endsWith('OFFICIAL-SENSITIVE'));
  assert.deepEqual(docx.tables[0]![3], ['Marking', 'OFFICIAL-SENSITIVE']);
  const page = await runner.browser.get(minutesUrl);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /hub-marking--sensitive/);

  const reads = await db
    .select({ detail: auditLog.detail, accountId: auditLog.accountId })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'minutes.read'), eq(auditLog.subjectId, String(held.id))));
  assert.deepEqual(reads, [
    { detail: { marking: 'OFFICIAL-SENSITIVE', as: 'docx' }, accountId: runner.user.accountId },
    { detail: { marking: 'OFFICIAL-SENSITIVE' }, accountId: runner.user.accountId },
  ]);

  const printed = await runner.browser.get(`${minutesUrl}/print`);
  assert.equal(printed.statusCode, 200);
  assert.match(String(printed.headers['cache-control']), /no-store/);
  assert.match(printed.body, /<header class="marking"><p>OFFICIAL-SENSITIVE<\/p><\/header>/);
  assert.match(printed.body, /<footer class="marking"><p>OFFICIAL-SENSITIVE<\/p><\/footer>/);
  assert.match(printed.body, /@top-center \{ content: "OFFICIAL-SENSITIVE"; \}/, 'the marking on every printed page');

  const coordinator = await signedIn(hub, 'coordinator');
  assert.equal((await coordinator.browser.get(minutesUrl)).statusCode, 200);
  const groupViewer = await signedIn(hub, 'viewer');
  await member(hub, board.id, groupViewer.user.personId);
  assert.equal((await groupViewer.browser.get(`${minutesUrl}.docx`)).statusCode, 200);
  const outsider = await signedIn(hub, 'viewer');
  for (const url of [minutesUrl, `${minutesUrl}.docx`, `${minutesUrl}/print`]) {
    const refused = await outsider.browser.get(url);
    assert.equal(refused.statusCode, 404, url);
    assert.doesNotMatch(refused.body, /Preventing violent extremism/);
  }
  const signedOut = await hub.app.inject({ method: 'GET', url: `${minutesUrl}.docx` });
  assert.notEqual(signedOut.statusCode, 200);
});

test('OFFICIAL minutes are read by whoever reads the meeting; bad and unknown meetings are 404', async (t) => {
  const { hub, held, runner, minutesUrl } = await heldMeeting(t);
  const outsider = await signedIn(hub, 'viewer');
  const meetingPage = await outsider.browser.get(`/meetings/${held.id}`);
  const minutes = await outsider.browser.get(minutesUrl);
  assert.equal(minutes.statusCode, meetingPage.statusCode, 'as the meeting page');
  assert.equal(minutes.statusCode, 200);
  assert.match(textOf(minutes.body), /Cleveland Police Bob Hill|Cleveland Police None Bob Hill None/);
  assert.doesNotMatch(minutes.body, /Approve the minutes/, 'only those who run the meetings approve');
  for (const bad of ['0', 'abc', '99999999999', String(held.id + 100)])
    assert.equal((await runner.browser.get(`/meetings/${bad}/minutes.docx`)).statusCode, 404, bad);
});

test('minutes are approved once, at a later meeting of the same group, and only after the meeting is held', async (t) => {
  const { hub, db, board, runner, held, next, minutesUrl } = await heldMeeting(t);
  const approve = async (browser: typeof runner.browser, meetingId: number, at: number | string) => {
    await browser.get(`/meetings/${meetingId}/minutes`);
    return browser.post(`/meetings/${meetingId}/minutes/approval`, { approvedAtMeetingId: at });
  };
  // The next meeting (not yet held) has no minutes to approve yet.
  const notHeld = await approve(runner.browser, next.id, next.id);
  assert.equal(notHeld.statusCode, 400);
  assert.match(notHeld.body, /This meeting has not been held yet/);

  const otherGroup = await meeting(hub, (await group(hub)).id, '2026-04-20');
  const earlier = await meeting(hub, board.id, '2026-02-10', { status: 'held' });
  for (const at of [otherGroup.id, earlier.id, held.id]) {
    const refused = await approve(runner.browser, held.id, at);
    assert.equal(refused.statusCode, 400, String(at));
    assert.match(refused.body, /Select a later meeting of Stockton Renaissance Partnership Board/);
  }
  const empty = await approve(runner.browser, held.id, '');
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Select the later meeting that approved the minutes/);

  const viewer = await signedIn(hub, 'viewer');
  await member(hub, board.id, viewer.user.personId);
  assert.equal((await approve(viewer.browser, held.id, next.id)).statusCode, 403);
  const outsider = await signedIn(hub, 'member');
  assert.equal((await approve(outsider.browser, held.id, next.id)).statusCode, 403);

  const page = await runner.browser.get(minutesUrl);
  assert.match(page.body, new RegExp(`<option value="${next.id}">14 April 2026</option>`));
  assert.doesNotMatch(page.body, new RegExp(`<option value="${otherGroup.id}"`));
  const approved = await approve(runner.browser, held.id, next.id);
  assert.equal(approved.statusCode, 303, approved.body.slice(0, 1000));
  const after = await runner.browser.get(minutesUrl);
  assert.match(after.body, /<span id="minutes-status">Approved at the meeting on 14 April 2026<\/span>/);
  assert.doesNotMatch(after.body, /Approve the minutes/);
  const docx = await readDocx((await runner.browser.get(`${minutesUrl}.docx`)).rawPayload);
  assert.deepEqual(docx.tables[0]![4], ['Status', 'Approved at the meeting on 14 April 2026']);
  assert.equal(docx.paragraphs.at(-1), 'Approved at the meeting on 14 April 2026');

  const twice = await approve(runner.browser, held.id, next.id);
  assert.equal(twice.statusCode, 400);
  assert.match(twice.body, /These minutes have already been approved/);
  const audited = await db
    .select({ detail: auditLog.detail, accountId: auditLog.accountId })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'minutes.approved'), eq(auditLog.subjectId, String(held.id))));
  assert.deepEqual(audited, [{ detail: { approvedAtMeetingId: next.id }, accountId: runner.user.accountId }]);
});
