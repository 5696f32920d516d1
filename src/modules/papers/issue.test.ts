import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { group, member } from '../../../test/factories.ts';
import { signedIn } from '../../../test/helpers.ts';
import type { LiveBlock } from '../../reports/paper.ts';
import { formSchema } from '../../views/forms.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { documentFiles, documents } from '../documents/documents.tables.ts';
import { agendaItems } from '../meetings/meetings.tables.ts';
import { assertOnlyReaders, FIXTURE_DRAFT, paperReaders } from './build.fixtures.ts';
import { LIVE_BLOCKS } from './papers.blocks.ts';
import { papers, paperVersions, type PaperDraft } from './papers.tables.ts';

const Settings = formSchema({});

/** What the test block shows: changed between issue and re-reading, as live data changes. */
let liveFigure = 'Prevent referrals have risen by 20% to 7,318 in 2017/18.';

/** A block standing for the modules' own, its figure read live at every build. */
const referrals: LiveBlock<typeof Settings> = {
  key: 'test-issue-referrals',
  title: 'Referral figures (test)',
  description: 'Referrals in a year',
  settings: Settings,
  build: (ctx) =>
    Promise.resolve({
      key: 'test-issue-referrals',
      heading: 'Referrals',
      source: 'Home Office',
      asAt: ctx.asAt.toISOString().slice(0, 10),
      marking: 'OFFICIAL',
      parts: [{ kind: 'sentence', text: liveFigure }],
    }),
};

/** A block whose content is OFFICIAL-SENSITIVE. */
const tension: LiveBlock<typeof Settings> = {
  ...referrals,
  key: 'test-issue-tension',
  title: 'Tension (test)',
  build: (ctx) =>
    Promise.resolve({
      key: 'test-issue-tension',
      heading: 'Community tension and incidents',
      source: 'Tension reports',
      asAt: ctx.asAt.toISOString().slice(0, 10),
      marking: 'OFFICIAL-SENSITIVE',
      parts: [{ kind: 'sentence', text: 'Tension in the town centre is at level 3.' }],
    }),
};

const withBlock = (key: string): PaperDraft => ({
  ...FIXTURE_DRAFT,
  sections: { ...FIXTURE_DRAFT.sections, detail: { items: [{ kind: 'block', key, settings: {} }] } },
});

function useBlocks(t: { after: (fn: () => void) => void }) {
  LIVE_BLOCKS.push(referrals, tension);
  t.after(() => {
    LIVE_BLOCKS.splice(LIVE_BLOCKS.indexOf(referrals), 1);
    LIVE_BLOCKS.splice(LIVE_BLOCKS.indexOf(tension), 1);
  });
}

const documentXml = async (docx: Buffer) => (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');

/** A paper with a coordinator named as its approver by the author. */
async function approvedBy(readers: Awaited<ReturnType<typeof paperReaders>>, paperId: number) {
  const approver = await signedIn(readers.hub, 'coordinator');
  assert.equal((await readers.author.get(`/papers/${paperId}/issue`)).statusCode, 200);
  const named = await readers.author.post(`/papers/${paperId}/approver`, {
    approverAccountId: approver.user.accountId,
  });
  assert.equal(named.statusCode, 303, named.body.slice(0, 500));
  return approver;
}

async function signOff(browser: Awaited<ReturnType<typeof signedIn>>['browser'], paperId: number, revision: number) {
  await browser.get(`/papers/${paperId}/issue`);
  return browser.post(`/papers/${paperId}/sign-off`, { revision });
}

async function issue(browser: Awaited<ReturnType<typeof signedIn>>['browser'], paperId: number) {
  await browser.get(`/papers/${paperId}/issue`);
  const issued = await browser.post(`/papers/${paperId}/issue`);
  assert.equal(issued.statusCode, 303, issued.body.slice(0, 2000));
}

test('only the named approver signs off, and not a paper marked lower than a block it contains', async (t) => {
  useBlocks(t);
  const readers = await paperReaders(t);
  const { hub, author } = readers;
  const { paperId } = await readers.paper('OFFICIAL', withBlock(tension.key));
  const approver = await approvedBy(readers, paperId);

  const outsider = await signedIn(hub, 'member');
  await member(hub, (await group(hub)).id, outsider.user.personId);
  const notTheirs = await author.post(`/papers/${paperId}/approver`, { approverAccountId: outsider.user.accountId });
  assert.equal(notTheirs.statusCode, 400, 'only one who runs the group’s meetings approves its papers');
  assert.match(notTheirs.body, /Select the approver from the list/);
  assert.doesNotMatch(notTheirs.body, new RegExp(`<option value="${outsider.user.accountId}"`));
  assert.equal((await signOff(author, paperId, 1)).statusCode, 403, 'the author is not the approver');
  const refused = await signOff(approver.browser, paperId, 1);
  assert.equal(refused.statusCode, 400);
  assert.match(
    refused.body,
    /The block (&#39;|')Community tension and incidents(&#39;|') is OFFICIAL-SENSITIVE: mark the paper OFFICIAL-SENSITIVE or remove it/,
  );
  const stale = await signOff(approver.browser, paperId, 2);
  assert.equal(stale.statusCode, 400);
  assert.match(stale.body, /Someone saved the paper after you opened it/);
  const [row] = await hub.database.db.select().from(papers).where(eq(papers.id, paperId));
  assert.equal(row!.status, 'draft');
  assert.equal(row!.signedOffBy, null);
  assert.equal((await tryIssue(author, paperId)).statusCode, 400, 'a draft is not issued before sign-off');

  // Marked OFFICIAL-SENSITIVE, the same content is signed off.
  const marked = await readers.paper('OFFICIAL-SENSITIVE', withBlock(tension.key));
  const approverOfMarked = await approvedBy(readers, marked.paperId);
  assert.equal((await signOff(approverOfMarked.browser, marked.paperId, 1)).statusCode, 303);
  const signed = await hub.database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'paper.signed_off'), eq(auditLog.subjectId, String(marked.paperId))));
  assert.equal(signed.length, 1);
});

async function tryIssue(browser: Awaited<ReturnType<typeof signedIn>>['browser'], paperId: number) {
  await browser.get(`/papers/${paperId}/issue`);
  return browser.post(`/papers/${paperId}/issue`);
}

test('issuing stores the paper in the library for its group; a later edit issues version 2, version 1 frozen', async (t) => {
  useBlocks(t);
  liveFigure = 'Prevent referrals have risen by 20% to 7,318 in 2017/18.';
  const readers = await paperReaders(t);
  const { hub, author, board } = readers;
  const db = hub.database.db;
  const { paperId, agendaItemId } = await readers.paper('OFFICIAL', withBlock(referrals.key));
  await db.update(papers).set({ audience: 'groups' }).where(eq(papers.id, paperId));
  const approver = await approvedBy(readers, paperId);
  assert.equal((await signOff(approver.browser, paperId, 1)).statusCode, 303);
  await issue(author, paperId);

  const [paper] = await db.select().from(papers).where(eq(papers.id, paperId));
  assert.equal(paper!.status, 'issued');
  const [document] = await db.select().from(documents).where(eq(documents.id, paper!.documentId!));
  assert.equal(document!.marking, 'OFFICIAL');
  assert.equal(document!.audience, 'groups');
  const [item] = await db.select().from(agendaItems).where(eq(agendaItems.id, agendaItemId));
  assert.equal(item!.paperDocumentId, document!.id, 'the issued paper is the agenda item’s paper');

  const groupViewer = await signedIn(hub, 'viewer');
  await member(hub, board.id, groupViewer.user.personId);
  assert.equal((await groupViewer.browser.get(`/documents/${document!.id}`)).statusCode, 200);
  const outsider = await signedIn(hub, 'member');
  await member(hub, (await group(hub)).id, outsider.user.personId);
  assert.equal((await outsider.browser.get(`/documents/${document!.id}`)).statusCode, 404);

  // Version 1 as issued: the stored DOCX and the frozen page.
  const [v1] = await db.select().from(paperVersions).where(eq(paperVersions.paperId, paperId));
  assert.equal(v1!.version, 1);
  const [stored] = await db.select().from(documentFiles).where(eq(documentFiles.id, v1!.documentFileId!));
  const html1 = (await author.get(`/papers/${paperId}/versions/1`)).body;
  assert.match(html1, /7,318 in 2017\/18/);
  const docx1 = await author.get(`/papers/${paperId}/versions/1/paper.docx`);
  assert.equal(docx1.statusCode, 200);
  assert.equal(await documentXml(docx1.rawPayload), await documentXml(stored!.content));

  // Issued, the paper is changed only by opening it as a draft again.
  const refused = await author.post(`/papers/${paperId}/details`, {
    revision: 1,
    subject: 'Prevent update, revised',
    marking: 'OFFICIAL',
    audience: 'groups',
  });
  assert.equal(refused.statusCode, 400);
  await author.get(`/papers/${paperId}/issue`);
  assert.equal((await author.post(`/papers/${paperId}/reopen`)).statusCode, 303);
  const [reopened] = await db.select().from(papers).where(eq(papers.id, paperId));
  assert.equal(reopened!.status, 'draft');
  assert.equal(reopened!.signedOffAt, null);
  await author.get(`/papers/${paperId}`);
  const saved = await author.post(`/papers/${paperId}/details`, {
    revision: 1,
    subject: 'Prevent update, revised',
    marking: 'OFFICIAL',
    audience: 'groups',
  });
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));

  // The live figure changes; version 2 shows it, version 1 does not.
  liveFigure = 'Prevent referrals have fallen by 5% to 6,950 in 2018/19.';
  assert.equal((await signOff(approver.browser, paperId, 2)).statusCode, 303);
  await issue(author, paperId);
  const versions = await db
    .select()
    .from(paperVersions)
    .where(eq(paperVersions.paperId, paperId))
    .orderBy(asc(paperVersions.version));
  assert.deepEqual(
    versions.map((v) => v.version),
    [1, 2],
  );
  const files = await db.select().from(documentFiles).where(eq(documentFiles.documentId, document!.id));
  assert.equal(files.length, 2, 'version 2 is a new version of the same document');
  assert.match((await author.get(`/papers/${paperId}/versions/2`)).body, /6,950 in 2018\/19/);

  const again = await author.get(`/papers/${paperId}/versions/1`);
  assert.equal(again.body, html1, 'version 1 is printed from its frozen data, unchanged');
  assert.doesNotMatch(again.body, /6,950/);
  const docxAgain = await author.get(`/papers/${paperId}/versions/1/paper.docx`);
  assert.equal(await documentXml(docxAgain.rawPayload), await documentXml(stored!.content));
  assert.equal((await author.get(`/papers/${paperId}/versions/3`)).statusCode, 404);

  // Re-marked higher, a later version is not put into the document shared at the lower marking.
  await author.get(`/papers/${paperId}/issue`);
  assert.equal((await author.post(`/papers/${paperId}/reopen`)).statusCode, 303);
  await author.get(`/papers/${paperId}`);
  const remarked = await author.post(`/papers/${paperId}/details`, {
    revision: 2,
    subject: 'Prevent update, revised',
    marking: 'OFFICIAL-SENSITIVE',
    audience: 'groups',
  });
  assert.equal(remarked.statusCode, 303, remarked.body.slice(0, 500));
  assert.equal((await signOff(approver.browser, paperId, 3)).statusCode, 303);
  const higher = await tryIssue(author, paperId);
  assert.equal(higher.statusCode, 400);
  assert.match(higher.body, /The paper’s document in the library is marked OFFICIAL: change its marking there/);
  assert.equal((await db.select().from(paperVersions).where(eq(paperVersions.paperId, paperId))).length, 2);
});

test('who may read an issued version: the preview’s readers only; an OFFICIAL-SENSITIVE one is audited, not stored', async (t) => {
  useBlocks(t);
  const readers = await paperReaders(t);
  const { hub, author } = readers;
  const { paperId } = await readers.paper('OFFICIAL-SENSITIVE', withBlock(tension.key));
  await hub.database.db.update(papers).set({ audience: 'groups' }).where(eq(papers.id, paperId));
  const approver = await approvedBy(readers, paperId);
  assert.equal((await signOff(approver.browser, paperId, 1)).statusCode, 303);
  await issue(author, paperId);
  const page = await author.get(`/papers/${paperId}/versions/1`);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body, /<header class="marking"><p>OFFICIAL-SENSITIVE<\/p><\/header>/);
  const docx = await author.get(`/papers/${paperId}/versions/1/paper.docx`);
  assert.equal(docx.headers['cache-control'], 'no-store');
  const reads = await hub.database.db
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'paper.version_read'), eq(auditLog.subjectId, String(paperId))));
  assert.equal(reads.length, 2);
  await assertOnlyReaders(readers, paperId, (id) => `/papers/${id}/versions/1`);
});
