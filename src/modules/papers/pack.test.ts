import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { group, meeting, member, person } from '../../../test/factories.ts';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { agendaItems } from '../meetings/meetings.tables.ts';
import { FIXTURE_DRAFT, FIXTURE_SECTIONS } from './build.fixtures.ts';
import { papers, paperTemplates } from './papers.tables.ts';

/*
 * A meeting's agenda pack through HTTP: five agenda items, two papers issued OFFICIAL, one issued
 * OFFICIAL-SENSITIVE to the group only, and one still a draft. The Word document is read back by
 * unzipping it and taking word/document.xml apart, with no help from the library that wrote it.
 */

type Browser = Awaited<ReturnType<typeof signedIn>>['browser'];

/** A hub with the group whose meeting it is, and a member of it signed in: the papers' author. */
async function groupWithAuthor(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const board = await group(hub);
  const { browser: author, user } = await signedIn(hub, 'member');
  await member(hub, board.id, user.personId);
  return { hub, board, author, authorAccountId: user.accountId };
}

type Readers = Awaited<ReturnType<typeof groupWithAuthor>>;

const SUBJECTS = {
  update: 'Prevent delivery update',
  plan: 'The PVE action plan',
  cases: 'Channel cases this quarter',
  draft: 'Training figures (draft)',
};

/** The meeting, its agenda and four papers (inserted as the compose pages would leave them); returns their ids. */
async function packMeeting(readers: Readers) {
  const { hub, board } = readers;
  const db = hub.database.db;
  const held = await meeting(hub, board.id, '2009-06-02', { location: 'Stockton Town Hall' });
  const presenter = await person(hub, 'Mike Batty');
  const items = await db
    .insert(agendaItems)
    .values([
      { meetingId: held.id, position: 1, title: 'Apologies' },
      { meetingId: held.id, position: 2, title: 'Prevent delivery', presenterPersonId: presenter.id },
      { meetingId: held.id, position: 3, title: 'Channel panel' },
      { meetingId: held.id, position: 4, title: 'PVE action plan' },
      { meetingId: held.id, position: 5, title: 'Training', presenterPersonId: presenter.id },
    ])
    .returning();
  const [template] = await db
    .insert(paperTemplates)
    .values({ name: 'Board report', sections: FIXTURE_SECTIONS })
    .returning();
  const write = async (itemIndex: number, subject: string, marking: 'OFFICIAL' | 'OFFICIAL-SENSITIVE') => {
    const detail = { items: [{ kind: 'paragraph' as const, text: `The detail of ${subject}.` }] };
    const [row] = await db
      .insert(papers)
      .values({
        meetingId: held.id,
        agendaItemId: items[itemIndex]!.id,
        templateId: template!.id,
        subject,
        marking,
        audience: marking === 'OFFICIAL' ? 'everyone' : 'groups',
        draft: { ...FIXTURE_DRAFT, sections: { ...FIXTURE_DRAFT.sections, detail } },
        createdBy: readers.authorAccountId,
      })
      .returning();
    return row!.id;
  };
  // Written out of agenda order: the pack follows the agenda, not the order papers were written.
  const plan = await write(3, SUBJECTS.plan, 'OFFICIAL');
  const update = await write(1, SUBJECTS.update, 'OFFICIAL');
  const cases = await write(2, SUBJECTS.cases, 'OFFICIAL-SENSITIVE');
  const draft = await write(4, SUBJECTS.draft, 'OFFICIAL');
  return { meetingId: held.id, items, ids: { plan, update, cases, draft } };
}

/** Through the sign-off and issue page: the author names a coordinator, who signs off; the author issues. */
async function issue(readers: Readers, approver: { browser: Browser; accountId: number }, paperId: number) {
  const { author } = readers;
  const act = async (browser: Browser, path: string, form?: Record<string, string | number>) => {
    await browser.get(`/papers/${paperId}/issue`);
    const response = await browser.post(`/papers/${paperId}/${path}`, form);
    assert.equal(response.statusCode, 303, response.body.slice(0, 1000));
  };
  await act(author, 'approver', { approverAccountId: approver.accountId });
  await act(approver.browser, 'sign-off', { revision: 1 });
  await act(author, 'issue');
}

async function packReaders(t: Parameters<typeof buildTestHub>[0]) {
  const readers = await groupWithAuthor(t);
  const coordinator = await signedIn(readers.hub, 'coordinator');
  const setUp = await packMeeting(readers);
  const approver = { browser: coordinator.browser, accountId: coordinator.user.accountId };
  for (const paperId of [setUp.ids.plan, setUp.ids.update, setUp.ids.cases]) await issue(readers, approver, paperId);
  return { ...readers, ...setUp, coordinator: coordinator.browser };
}

// ——— reading the Word document back ———

const unzip = async (docx: Buffer) => JSZip.loadAsync(docx);

const text = (xml: string) =>
  [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
    .map((m) => m[1] ?? '\t')
    .join('')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** Every paragraph of the document in order, with its style ('' for none). */
const printed = (xml: string) =>
  [...xml.matchAll(/<w:p(?: [^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(m[1]!)?.[1] ?? '',
    text: text(m[1]!),
  }));

/** A table's rows as the text of their cells. */
const rowsOf = (tableXml: string) =>
  [...tableXml.matchAll(/<w:tr(?: [^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => text(c[1]!)),
  );

/** The text of every header (or footer) part, first paragraph first. */
async function runningLines(zip: JSZip, part: 'header' | 'footer') {
  const names = Object.keys(zip.files).filter((name) => new RegExp(`^word/${part}\\d+\\.xml$`).test(name));
  assert.ok(names.length > 0, `the document has ${part}s`);
  return Promise.all(names.map(async (name) => printed(await zip.file(name)!.async('string')).map((p) => p.text)));
}

test('the pack DOCX: agenda, contents, the issued papers in agenda order, a restricted one named only', async (t) => {
  const { coordinator, meetingId } = await packReaders(t);
  const response = await coordinator.get(`/meetings/${meetingId}/pack.docx`);
  assert.equal(response.statusCode, 200, response.body.slice(0, 500));
  assert.match(String(response.headers['content-disposition']), /Agenda pack/);
  const zip = await unzip(response.rawPayload);
  const document = await zip.file('word/document.xml')!.async('string');
  const paragraphs = printed(document);

  // The agenda first, then the contents, then each paper under its own title, in agenda order.
  assert.deepEqual(
    paragraphs.filter((p) => p.style === 'Title').map((p) => p.text),
    ['Agenda pack', SUBJECTS.update, SUBJECTS.plan],
  );
  assert.deepEqual(
    paragraphs
      .filter((p) => p.style === 'Heading1')
      .map((p) => p.text)
      .slice(0, 3),
    ['Agenda', 'Contents', 'Summary'],
  );
  const tables = [...document.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => rowsOf(m[1]!));
  const agenda = tables.find((rows) => rows[0]?.join('|') === 'Item|Business|Presenter|Paper');
  assert.deepEqual(agenda?.slice(1), [
    ['1', 'Apologies', '', 'No paper'],
    ['2', 'Prevent delivery', 'Mike Batty', SUBJECTS.update],
    ['3', 'Channel panel', '', 'Restricted — not included'],
    ['4', 'PVE action plan', '', SUBJECTS.plan],
    ['5', 'Training', 'Mike Batty', 'Verbal'],
  ]);
  const contents = tables.find((rows) => rows[0]?.join('|') === 'Item|Paper|Marking|Page');
  assert.deepEqual(
    contents?.slice(1).map((row) => row.slice(0, 3)),
    [
      ['2', SUBJECTS.update, 'OFFICIAL'],
      ['3', 'Restricted — not included', ''],
      ['4', SUBJECTS.plan, 'OFFICIAL'],
    ],
  );
  assert.match(document, /PAGEREF paper_1[\s\S]*PAGEREF paper_2/, 'each paper’s start page is Word’s page reference');
  assert.match(document, /<w:bookmarkStart w:name="paper_1" w:id="1"\/>/);

  // Each paper is printed whole, its paragraphs numbered from 1 again.
  const numbered = paragraphs.filter((p) => p.style === 'NumberedParagraph').map((p) => p.text);
  assert.ok(numbered.includes(`2.\tThe detail of ${SUBJECTS.update}.`));
  assert.ok(numbered.includes(`2.\tThe detail of ${SUBJECTS.plan}.`));
  assert.equal(numbered.filter((line) => line.startsWith('1.\tThis report outlines')).length, 2);

  // Neither the draft nor what the coordinator may not read is in it.
  for (const absent of [SUBJECTS.cases, SUBJECTS.draft, `The detail of ${SUBJECTS.cases}`])
    assert.ok(!text(document).includes(absent), absent);

  // The pack's marking is its papers' highest: here OFFICIAL, at the top and foot of every page.
  for (const lines of await runningLines(zip, 'header')) assert.equal(lines[0], 'OFFICIAL');
  for (const lines of await runningLines(zip, 'footer')) assert.equal(lines.at(-1), 'OFFICIAL');
  assert.notEqual(response.headers['cache-control'], 'no-store', 'an OFFICIAL pack may be kept by the browser');

  // Printed again from the frozen versions: the same document, whatever the drafts say now.
  const again = await coordinator.get(`/meetings/${meetingId}/pack.docx`);
  assert.equal(await (await unzip(again.rawPayload)).file('word/document.xml')!.async('string'), document);
});

test('a reader in the group gets every issued paper, marked at the highest, each restricted read audited', async (t) => {
  const { hub, author, meetingId, ids } = await packReaders(t);
  const db = hub.database.db;
  // What was issued is what the pack prints, not what the paper says since.
  await db.update(papers).set({ subject: 'Renamed after issue' }).where(eq(papers.id, ids.update));

  const response = await author.get(`/meetings/${meetingId}/pack.docx`);
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['cache-control'], 'no-store');
  const zip = await unzip(response.rawPayload);
  const document = await zip.file('word/document.xml')!.async('string');
  assert.deepEqual(
    printed(document)
      .filter((p) => p.style === 'Title')
      .map((p) => p.text),
    ['Agenda pack', SUBJECTS.update, SUBJECTS.cases, SUBJECTS.plan],
  );
  assert.ok(!text(document).includes('Renamed after issue'));
  assert.ok(!text(document).includes('Restricted — not included'));
  const headers = await runningLines(zip, 'header');
  for (const lines of headers) assert.equal(lines[0], 'OFFICIAL-SENSITIVE', 'the pack’s marking on every page');
  for (const lines of await runningLines(zip, 'footer')) assert.equal(lines.at(-1), 'OFFICIAL-SENSITIVE');
  assert.ok(
    headers.some((lines) => lines[1] === 'Agenda item 2: paper marked OFFICIAL'),
    'each paper keeps its own marking in its pages',
  );
  assert.ok(headers.some((lines) => lines[1] === 'Agenda item 3: paper marked OFFICIAL-SENSITIVE'));

  const html = await author.get(`/meetings/${meetingId}/pack`);
  assert.equal(html.statusCode, 200);
  assert.equal(html.headers['cache-control'], 'no-store');
  assert.match(html.body, /@top-center \{ content: "OFFICIAL-SENSITIVE"; \}/);
  const reads = await db
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'paper.version_read'), eq(auditLog.subjectId, String(ids.cases))));
  assert.deepEqual(
    reads.map((r) => r.detail),
    [
      { version: 1, as: 'pack.docx', meetingId },
      { version: 1, as: 'pack', meetingId },
    ],
  );
  const official = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'paper.version_read'), eq(auditLog.subjectId, String(ids.update))));
  assert.equal(official.length, 0, 'reading an OFFICIAL paper is not a restricted read');
});

test('the pack page: agenda, contents linking each paper, papers in agenda order, the same bytes each time', async (t) => {
  const { coordinator, meetingId } = await packReaders(t);
  const response = await coordinator.get(`/meetings/${meetingId}/pack`);
  assert.equal(response.statusCode, 200);
  const html = response.body;
  const order = [
    '<h2 id="agenda">Agenda</h2>',
    '<h2 id="contents">Contents</h2>',
    `<h2>${SUBJECTS.update}</h2>`,
    `<h2>${SUBJECTS.plan}</h2>`,
  ].map((marker) => html.indexOf(marker));
  assert.ok(
    order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)),
    `in order: ${order.join(', ')}`,
  );
  assert.match(html, /<td>2<\/td><td>Prevent delivery<\/td><td>Mike Batty<\/td><td>Prevent delivery update<\/td>/);
  assert.match(html, /<td>5<\/td><td>Training<\/td><td>Mike Batty<\/td><td>Verbal<\/td>/);
  assert.match(html, /<td>3<\/td><td>Restricted — not included<\/td>/);
  assert.match(html, /<a href="#paper-1">Prevent delivery update<\/a>/);
  assert.match(html, /<article class="pack-paper marked-official" id="paper-2">/);
  assert.match(html, /<h3 id="paper-2-section-1">Summary<\/h3>/);
  assert.match(html, /@top-center \{ content: "OFFICIAL"; \}/);
  for (const absent of [SUBJECTS.cases, SUBJECTS.draft]) assert.ok(!html.includes(absent), absent);
  // The page's one inline style sheet is allowed by its hash, as a paper's is.
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  const { createHash } = await import('node:crypto');
  const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
  assert.ok(String(response.headers['content-security-policy']).includes(hash));
  assert.equal((await coordinator.get(`/meetings/${meetingId}/pack`)).body, html);
});

test('only the meeting’s group and coordinators read the pack; the meeting page links to it for them', async (t) => {
  const { hub, board, author, meetingId } = await packReaders(t);
  const viewer = await signedIn(hub, 'viewer');
  await member(hub, board.id, viewer.user.personId);
  assert.equal((await viewer.browser.get(`/meetings/${meetingId}/pack`)).statusCode, 200, 'a viewer in the group');
  const outsider = await signedIn(hub, 'member');
  await member(hub, (await group(hub)).id, outsider.user.personId);
  const lone = await signedIn(hub, 'viewer');
  for (const browser of [outsider.browser, lone.browser])
    for (const url of [`/meetings/${meetingId}/pack`, `/meetings/${meetingId}/pack.docx`]) {
      const refused = await browser.get(url);
      assert.equal(refused.statusCode, 403, url);
      assert.doesNotMatch(refused.body, /Prevent delivery update/);
    }
  const signedOut = await hub.app.inject({ method: 'GET', url: `/meetings/${meetingId}/pack` });
  assert.notEqual(signedOut.statusCode, 200);
  for (const bad of [0, 'abc', 99999999999, meetingId + 50])
    assert.equal((await author.get(`/meetings/${bad}/pack`)).statusCode, 404, String(bad));

  const link = /href="\/meetings\/\d+\/pack"/;
  assert.match((await author.get(`/meetings/${meetingId}`)).body, link);
  assert.doesNotMatch((await outsider.browser.get(`/meetings/${meetingId}`)).body, link);
});

test('a meeting with no issued papers says so and links to its agenda items', async (t) => {
  const readers = await groupWithAuthor(t);
  const { meetingId, items } = await packMeeting(readers);
  for (const [url, status] of [
    [`/meetings/${meetingId}/pack`, 200],
    [`/meetings/${meetingId}/pack.docx`, 404],
  ] as const) {
    const page = await readers.author.get(url);
    assert.equal(page.statusCode, status, url);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.match(page.body, /No papers have been issued for this meeting yet/);
    assert.match(
      page.body,
      new RegExp(`href="/meetings/${meetingId}/agenda-items/${items[1]!.id}">2\\. Prevent delivery`),
    );
    assert.doesNotMatch(page.body, /Training figures \(draft\)/);
  }
});
