import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { MAX_UPLOAD_BYTES } from './documents.files.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { type Browser, buildTestHub, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { groupMembers, groups } from '../groups/groups.tables.ts';
import { documentFiles, documents } from './documents.tables.ts';
import { contentDisposition, safeContentType, sanitiseFilename } from './documents.files.ts';
import { canSeeDocument, listVisibleDocuments } from './documents.service.ts';

/** A group with these people as current members, inserted directly. */
async function groupWith(
  hub: TestHub,
  name: string,
  personIds: number[],
  kind: 'silver' | 'gold' | 'steering' = 'silver',
) {
  const [group] = await hub.database.db.insert(groups).values({ name, kind }).returning();
  for (const personId of personIds) await hub.database.db.insert(groupMembers).values({ groupId: group!.id, personId });
  return group!.id;
}

/** The CurrentUser a service sees, for calling the contract functions directly. */
function asCurrentUser(
  user: { accountId: number; personId: number; email: string; role: CurrentUser['role'] },
  groupIds: number[],
): CurrentUser {
  return { ...user, name: 'Test', mustChangePassword: false, groupIds };
}

const pdf = (text: string) =>
  Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(text), Buffer.from([0, 1, 2, 254, 255])]);
const pdfFile = (content: Buffer, filename = 'paper.pdf') => ({
  field: 'file',
  filename,
  contentType: 'application/pdf',
  content,
});

async function addDocument(
  browser: Browser,
  fields: Record<string, string | number | (string | number)[] | undefined>,
  file?: ReturnType<typeof pdfFile>,
) {
  await browser.get('/documents/new');
  return browser.postMultipart('/documents', fields, file);
}

const createdId = (response: { headers: Record<string, unknown> }) => {
  const id = /^\/documents\/(\d+)$/.exec(String(response.headers.location))?.[1];
  assert.ok(id, `redirected to the new document, got ${String(response.headers.location)}`);
  return Number(id);
};

const auditOf = (hub: TestHub, action: string) =>
  hub.database.db.select().from(auditLog).where(eq(auditLog.action, action));

test('upload and download round trip: the same bytes, as an attachment, versions kept', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const content = pdf('Strategic action plan');

  const response = await addDocument(
    browser,
    { title: 'PVE action plan', description: 'Final draft\nFor approval', marking: 'OFFICIAL', audience: 'everyone' },
    pdfFile(content, 'Action plan: final?.pdf'),
  );
  assert.equal(response.statusCode, 303, response.body);
  const id = createdId(response);

  const [stored] = await hub.database.db.select().from(documentFiles).where(eq(documentFiles.documentId, id));
  assert.equal(stored!.filename, 'Action plan final.pdf', 'reserved characters removed');
  assert.equal(stored!.sha256, createHash('sha256').update(content).digest('hex'));
  assert.equal(stored!.size, content.length);

  const page = await browser.get(`/documents/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /PVE action plan/);
  assert.match(page.body, /Action plan final\.pdf/);
  assert.match(page.body, /hub-marking--official/);
  assert.notEqual(page.headers['cache-control'], 'no-store');

  const download = await browser.get(`/documents/${id}/files/${stored!.id}`);
  assert.equal(download.statusCode, 200);
  assert.deepEqual(download.rawPayload, content);
  assert.equal(download.headers['content-type'], 'application/pdf');
  assert.match(String(download.headers['content-disposition']), /^attachment; filename="Action plan final\.pdf"/);
  assert.equal(download.headers['x-content-type-options'], 'nosniff');

  // A second version; the first stays downloadable.
  await browser.get(`/documents/${id}`);
  const second = pdf('Strategic action plan, amended after the 20 May event');
  const uploaded = await browser.postMultipart(`/documents/${id}/files`, {}, pdfFile(second, 'plan-v2.pdf'));
  assert.equal(uploaded.statusCode, 303, uploaded.body);
  const versions = await hub.database.db.select().from(documentFiles).where(eq(documentFiles.documentId, id));
  assert.equal(versions.length, 2);
  assert.deepEqual((await browser.get(`/documents/${id}/files/${stored!.id}`)).rawPayload, content);
  assert.match((await browser.get(`/documents/${id}`)).body, /plan-v2\.pdf/);

  assert.equal((await auditOf(hub, 'document.created')).length, 1);
  assert.equal((await auditOf(hub, 'document.file_uploaded')).length, 1);
  assert.equal((await auditOf(hub, 'document.viewed')).length, 0, 'OFFICIAL reads are not logged');
  assert.equal((await auditOf(hub, 'document.downloaded')).length, 0);
});

test('an expected document is listed before its file exists, then uploaded', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator');

  const missing = await addDocument(browser, { title: 'Stockton community profile', marking: 'OFFICIAL' });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Select a file, or enter the date it is expected/);

  const response = await addDocument(browser, {
    title: 'Stockton community profile',
    marking: 'OFFICIAL',
    expectedOn: '2009-06-05',
  });
  assert.equal(response.statusCode, 303, response.body);
  const id = createdId(response);
  assert.equal((await hub.database.db.select().from(documentFiles)).length, 0);

  const list = await browser.get('/documents?expected=true');
  assert.match(list.body, /Stockton community profile/);
  assert.match(list.body, /Expected/);
  assert.match(list.body, /5 June 2009/);
  assert.match((await browser.get(`/documents/${id}`)).body, /No file yet\. It is expected on 5 June 2009/);

  const me = asCurrentUser(user, []);
  assert.equal((await listVisibleDocuments(hub.database.db, me))[0]!.latestFileId, null);

  await browser.get(`/documents/${id}`);
  assert.equal((await browser.postMultipart(`/documents/${id}/files`, {}, pdfFile(pdf('profile')))).statusCode, 303);
  const [summary] = await listVisibleDocuments(hub.database.db, me);
  assert.ok(summary!.latestFileId);
  assert.doesNotMatch(
    (await browser.get('/documents?expected=true')).body,
    /Stockton community profile/,
    'no longer only expected',
  );
});

test('need-to-know: outside the document’s groups it does not exist, even for an administrator', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator, user: coordinatorUser } = await signedIn(hub, 'coordinator');
  const { browser: member, user: memberUser } = await signedIn(hub, 'member');
  const { browser: outsider, user: outsiderUser } = await signedIn(hub, 'member');
  const { browser: admin, user: adminUser } = await signedIn(hub, 'administrator');
  const { browser: leaver, user: leaverUser } = await signedIn(hub, 'member');
  const silver = await groupWith(hub, 'Stockton Silver group', [memberUser.personId, leaverUser.personId]);
  const steering = await groupWith(
    hub,
    'Prevent Steering group',
    [outsiderUser.personId, adminUser.personId],
    'steering',
  );
  await hub.database.db
    .update(groupMembers)
    .set({ leftOn: '2009-05-01' })
    .where(eq(groupMembers.personId, leaverUser.personId));

  const content = pdf('Counter Terrorism Local Profile');
  const created = await addDocument(
    coordinator,
    {
      title: 'Counter Terrorism Local Profile for Stockton',
      marking: 'OFFICIAL-SENSITIVE',
      audience: 'groups',
      audienceGroupIds: [silver],
      groupId: silver,
    },
    pdfFile(content, 'ctlp.pdf'),
  );
  assert.equal(created.statusCode, 303, created.body);
  const id = createdId(created);
  const [file] = await hub.database.db.select().from(documentFiles).where(eq(documentFiles.documentId, id));

  // The member of the Silver group, and the coordinator who uploaded it, see it everywhere.
  for (const browser of [member, coordinator]) {
    assert.equal((await browser.get(`/documents/${id}`)).statusCode, 200);
    assert.deepEqual((await browser.get(`/documents/${id}/files/${file!.id}`)).rawPayload, content);
    assert.match((await browser.get('/documents')).body, /Counter Terrorism Local Profile/);
    assert.match((await browser.get('/search?q=local+profile')).body, /Counter Terrorism Local Profile/);
  }
  const memberView = asCurrentUser(memberUser, [silver]);
  assert.equal((await listVisibleDocuments(hub.database.db, memberView, { groupId: silver })).length, 1);
  assert.equal(await canSeeDocument(hub.database.db, memberView, id), true);
  assert.equal(await canSeeDocument(hub.database.db, asCurrentUser(coordinatorUser, []), id), true, 'the uploader');

  // Everyone else: 404 exactly as for a document that does not exist.
  for (const [browser, user] of [
    [outsider, outsiderUser],
    [admin, adminUser],
    [leaver, leaverUser],
  ] as const) {
    const nothing = await browser.get('/documents/999999');
    const page = await browser.get(`/documents/${id}`);
    assert.equal(page.statusCode, 404);
    assert.equal(
      page.body.replace(/value="[^"]+"/g, ''),
      nothing.body.replace(/value="[^"]+"/g, ''),
      'indistinguishable from a missing document',
    );
    assert.equal((await browser.get(`/documents/${id}/files/${file!.id}`)).statusCode, 404);
    assert.equal((await browser.get(`/documents/${id}/edit`)).statusCode, 404);
    assert.doesNotMatch((await browser.get('/documents')).body, /Counter Terrorism Local Profile/);
    assert.doesNotMatch((await browser.get(`/documents?groupId=${silver}`)).body, /Counter Terrorism Local Profile/);
    assert.doesNotMatch((await browser.get('/search?q=local+profile')).body, /Counter Terrorism Local Profile/);
    const groupIds = user === adminUser || user === outsiderUser ? [steering] : [];
    const view = asCurrentUser(user, groupIds);
    assert.equal((await listVisibleDocuments(hub.database.db, view, { groupId: silver })).length, 0);
    assert.equal((await listVisibleDocuments(hub.database.db, view)).length, 0);
    assert.equal(await canSeeDocument(hub.database.db, view, id), false);
  }
  // Nor can they change it: still a 404, never a 403 that would confirm it exists.
  await admin.get('/documents');
  assert.equal((await admin.post(`/documents/${id}/archive`)).statusCode, 404);
  assert.equal((await admin.postMultipart(`/documents/${id}/files`, {}, pdfFile(pdf('overwrite')))).statusCode, 404);
  assert.equal(
    (await admin.post(`/documents/${id}/edit`, { title: 'Renamed', marking: 'OFFICIAL', audience: 'everyone' }))
      .statusCode,
    404,
  );
  const [unchanged] = await hub.database.db.select().from(documents).where(eq(documents.id, id));
  assert.equal(unchanged!.title, 'Counter Terrorism Local Profile for Stockton');
  assert.equal(unchanged!.archivedAt, null);
});

test('OFFICIAL-SENSITIVE: every view and download is logged and never cached', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'member');
  const silver = await groupWith(hub, 'Silver group', [user.personId]);

  // A member adds it to their own group's library; OFFICIAL-SENSITIVE defaults to that group only.
  const created = await addDocument(
    browser,
    { title: 'CTLP briefing', marking: 'OFFICIAL-SENSITIVE', audienceGroupIds: [silver], groupId: silver },
    pdfFile(pdf('briefing')),
  );
  assert.equal(created.statusCode, 303, created.body);
  const id = createdId(created);
  const [document] = await hub.database.db.select().from(documents).where(eq(documents.id, id));
  assert.equal(document!.audience, 'groups');
  const [file] = await hub.database.db.select().from(documentFiles).where(eq(documentFiles.documentId, id));

  const page = await browser.get(`/documents/${id}`);
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body, /hub-marking--sensitive/);
  const download = await browser.get(`/documents/${id}/files/${file!.id}`);
  assert.equal(download.headers['cache-control'], 'no-store');
  assert.equal(
    (await browser.get('/documents')).headers['cache-control'],
    'no-store',
    'a list naming it is not cached either',
  );
  await browser.get(`/documents/${id}`);

  const viewed = await auditOf(hub, 'document.viewed');
  assert.equal(viewed.length, 2);
  assert.equal(viewed[0]!.accountId, user.accountId);
  assert.equal(viewed[0]!.subjectId, String(id));
  const downloaded = await auditOf(hub, 'document.downloaded');
  assert.equal(downloaded.length, 1);
  assert.equal(downloaded[0]!.accountId, user.accountId);
  assert.equal((downloaded[0]!.detail as { fileId: number }).fileId, file!.id);
});

test('a file over the limit is refused with a message and nothing is saved', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 7);

  const response = await addDocument(
    browser,
    { title: 'Too big', marking: 'OFFICIAL', audience: 'everyone' },
    pdfFile(big, 'big.pdf'),
  );
  assert.equal(response.statusCode, 413);
  assert.match(response.body, /There is a problem/);
  assert.match(response.body, /The selected file must be smaller than 20MB/);
  assert.match(response.body, /value="Too big"/, 'what was typed is kept');
  assert.equal((await hub.database.db.select().from(documents)).length, 0);
  assert.equal((await hub.database.db.select().from(documentFiles)).length, 0);

  const ok = await addDocument(
    browser,
    { title: 'Fits', marking: 'OFFICIAL', audience: 'everyone' },
    pdfFile(pdf('small')),
  );
  const id = createdId(ok);
  await browser.get(`/documents/${id}`);
  const version = await browser.postMultipart(`/documents/${id}/files`, {}, pdfFile(big, 'big.pdf'));
  assert.equal(version.statusCode, 413);
  assert.match(version.body, /The selected file must be smaller than 20MB/);
  assert.equal((await hub.database.db.select().from(documentFiles)).length, 1);
});

test('uploads are refused without the CSRF token, and for viewers', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  await coordinator.get('/documents/new');
  const forged = await coordinator.postMultipart(
    '/documents',
    { _csrf: undefined, title: 'No token', marking: 'OFFICIAL', audience: 'everyone' },
    pdfFile(pdf('x')),
  );
  assert.equal(forged.statusCode, 403);
  assert.equal((await hub.database.db.select().from(documents)).length, 0);

  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal((await viewer.get('/documents/new')).statusCode, 403);
  await viewer.get('/documents');
  const refused = await viewer.postMultipart(
    '/documents',
    { title: 'From a viewer', marking: 'OFFICIAL', audience: 'everyone' },
    pdfFile(pdf('x')),
  );
  assert.equal(refused.statusCode, 403);
  assert.equal((await hub.database.db.select().from(documents)).length, 0);
  assert.doesNotMatch((await viewer.get('/documents')).body, /Add a document/);

  // A member adds papers only to their own groups' libraries.
  const { browser: member, user } = await signedIn(hub, 'member');
  const own = await groupWith(hub, 'Operational leads', [user.personId], 'steering');
  const other = await groupWith(hub, 'Gold group', []);
  const elsewhere = await addDocument(
    member,
    { title: 'Not my group', marking: 'OFFICIAL', audience: 'everyone', groupId: other },
    pdfFile(pdf('x')),
  );
  assert.equal(elsewhere.statusCode, 403);
  const nowhere = await addDocument(
    member,
    { title: 'No group', marking: 'OFFICIAL', audience: 'everyone' },
    pdfFile(pdf('x')),
  );
  assert.equal(nowhere.statusCode, 400);
  assert.match(nowhere.body, /Select one of your groups for the library/);
  assert.equal(
    (
      await addDocument(
        member,
        { title: 'Mine', marking: 'OFFICIAL', audience: 'everyone', groupId: own },
        pdfFile(pdf('x')),
      )
    ).statusCode,
    303,
  );
});

test('invalid input is refused with GOV.UK messages and nothing is saved', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');

  const bad = await addDocument(
    browser,
    { title: '', marking: 'SECRET', audience: 'everyone', expectedOn: '2009-13-45', groupId: 'abc' },
    pdfFile(pdf('x')),
  );
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, /href="#title">Enter a title/);
  assert.match(bad.body, /Select a protective marking/);
  assert.match(bad.body, /Expected date must be a real date/);
  assert.match(bad.body, /Select a group/);

  const noGroups = await addDocument(
    browser,
    { title: 'For named groups', marking: 'OFFICIAL', audience: 'groups' },
    pdfFile(pdf('x')),
  );
  assert.equal(noGroups.statusCode, 400);
  assert.match(noGroups.body, /Select at least one group who may see it/);

  const unknownGroup = await addDocument(
    browser,
    { title: 'For a ghost group', marking: 'OFFICIAL', audience: 'groups', audienceGroupIds: [424242] },
    pdfFile(pdf('x')),
  );
  assert.equal(unknownGroup.statusCode, 400);
  assert.match(unknownGroup.body, /Select a group from the list/);

  const empty = await addDocument(
    browser,
    { title: 'Empty', marking: 'OFFICIAL', audience: 'everyone' },
    pdfFile(Buffer.alloc(0), 'empty.pdf'),
  );
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /The selected file is empty/);

  const long = await addDocument(
    browser,
    { title: 'x'.repeat(201), marking: 'OFFICIAL', audience: 'everyone' },
    pdfFile(pdf('x')),
  );
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /Title must be 200 characters or fewer/);

  assert.equal((await hub.database.db.select().from(documents)).length, 0);
  // A path id that does not parse names nothing: a missing page.
  assert.equal((await browser.get('/documents/abc')).statusCode, 404);
});

test('editing the marking or audience is audited with before and after; archiving keeps the document', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator');
  const silver = await groupWith(hub, 'Silver group', [user.personId]);
  const id = createdId(
    await addDocument(
      browser,
      { title: 'Draft CTLP summary', marking: 'OFFICIAL', audience: 'everyone' },
      pdfFile(pdf('x')),
    ),
  );

  const form = await browser.get(`/documents/${id}/edit`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /value="Draft CTLP summary"/);
  const invalid = await browser.post(`/documents/${id}/edit`, { title: '', marking: 'OFFICIAL', audience: 'everyone' });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /Enter a title/);
  const noGroups = await browser.post(`/documents/${id}/edit`, {
    title: 'CTLP summary',
    marking: 'OFFICIAL-SENSITIVE',
    audience: 'groups',
  });
  assert.equal(noGroups.statusCode, 400);
  assert.match(noGroups.body, /Select at least one group who may see it/);

  const saved = await browser.post(`/documents/${id}/edit`, {
    title: 'CTLP summary',
    marking: 'OFFICIAL-SENSITIVE',
    audience: 'groups',
    audienceGroupIds: silver,
  });
  assert.equal(saved.statusCode, 303);
  const [after] = await hub.database.db.select().from(documents).where(eq(documents.id, id));
  assert.equal(after!.marking, 'OFFICIAL-SENSITIVE');
  assert.equal(after!.audience, 'groups');
  const [changed] = await auditOf(hub, 'document.marking_changed');
  assert.deepEqual(changed!.detail, {
    before: { marking: 'OFFICIAL', audience: 'everyone', groupIds: [] },
    after: { marking: 'OFFICIAL-SENSITIVE', audience: 'groups', groupIds: [silver] },
  });
  assert.equal((await auditOf(hub, 'document.updated')).length, 1, 'the title change too');

  await browser.get(`/documents/${id}`);
  assert.equal((await browser.post(`/documents/${id}/archive`)).statusCode, 303);
  const [archived] = await hub.database.db
    .select()
    .from(documents)
    .where(and(eq(documents.id, id)));
  assert.ok(archived!.archivedAt, 'archived, not deleted');
  assert.doesNotMatch((await browser.get('/documents')).body, /CTLP summary/);
  const page = await browser.get(`/documents/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /This document was archived/);
  assert.equal((await auditOf(hub, 'document.archived')).length, 1);
});

test('the library filters by group, marking and area, and says what to do when empty', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  assert.match(
    (await browser.get('/documents')).body,
    /No documents yet\. <a class="govuk-link" href="\/documents\/new">Add the first one/,
  );
  const gold = await groupWith(hub, 'Gold group', [], 'gold');
  await addDocument(
    browser,
    { title: 'Gold terms of reference', marking: 'OFFICIAL', audience: 'everyone', groupId: gold },
    pdfFile(pdf('x')),
  );
  await addDocument(
    browser,
    { title: 'Partnership newsletter', marking: 'OFFICIAL', audience: 'everyone' },
    pdfFile(pdf('x')),
  );

  const byGroup = await browser.get(`/documents?groupId=${gold}&marking=&areaId=`);
  assert.equal(byGroup.statusCode, 200);
  assert.match(byGroup.body, /Gold terms of reference/);
  assert.doesNotMatch(byGroup.body, /Partnership newsletter/);
  const sensitive = await browser.get('/documents?marking=OFFICIAL-SENSITIVE');
  assert.match(sensitive.body, /No documents match these filters/);
  assert.equal((await browser.get('/documents/new?groupId=' + gold)).statusCode, 200);
});

test('file names and types are made safe to store and serve', () => {
  assert.equal(sanitiseFilename('..\\..\\windows\\system.ini'), 'system.ini');
  assert.equal(sanitiseFilename('../../etc/passwd'), 'passwd');
  assert.equal(sanitiseFilename('.hidden'), 'hidden');
  assert.equal(sanitiseFilename('evil\u202Efdp.exe'), 'evilfdp.exe');
  assert.equal(sanitiseFilename('a\r\nb"c.pdf'), 'abc.pdf');
  assert.equal(sanitiseFilename(''), 'document');
  assert.equal(sanitiseFilename(`${'x'.repeat(300)}.pdf`).length, 150);
  assert.ok(sanitiseFilename(`${'x'.repeat(300)}.pdf`).endsWith('.pdf'));
  assert.equal(safeContentType('application/PDF; charset=binary'), 'application/pdf');
  assert.equal(safeContentType('text/html<script>'), 'application/octet-stream');
  assert.equal(safeContentType(''), 'application/octet-stream');
  assert.equal(
    contentDisposition('Profil é.pdf'),
    `attachment; filename="Profil _.pdf"; filename*=UTF-8''Profil%20%C3%A9.pdf`,
  );
});

test('an OFFICIAL-SENSITIVE paper goes to everyone signed in only when the number of people is confirmed, and that is audited', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator');
  await signedIn(hub, 'member');
  await signedIn(hub, 'viewer');
  const everyone = 3;

  // One click is not enough: the form comes back asking to confirm, naming how many people that is.
  const fields = { title: 'Counter Terrorism Local Profile', marking: 'OFFICIAL-SENSITIVE', audience: 'everyone' };
  const refused = await addDocument(browser, fields, pdfFile(pdf('ctlp')));
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, new RegExp(`Confirm that all ${everyone} people who can sign in may see it`));
  assert.match(refused.body, new RegExp(`name="confirmEveryone" type="checkbox" value="${everyone}"`));
  assert.equal((await hub.database.db.select().from(documents)).length, 0, 'nothing saved before confirming');

  // A confirmation of a smaller number (given before more people had accounts) does not count.
  const stale = await addDocument(browser, { ...fields, confirmEveryone: everyone - 1 }, pdfFile(pdf('ctlp')));
  assert.equal(stale.statusCode, 400);
  assert.equal((await hub.database.db.select().from(documents)).length, 0);

  const confirmed = await addDocument(browser, { ...fields, confirmEveryone: everyone }, pdfFile(pdf('ctlp')));
  assert.equal(confirmed.statusCode, 303, confirmed.body);
  const id = createdId(confirmed);
  const [shared] = await auditOf(hub, 'document.shared_with_everyone');
  assert.equal(shared!.accountId, user.accountId);
  assert.equal(shared!.subjectId, String(id));
  assert.deepEqual(shared!.detail, { marking: 'OFFICIAL-SENSITIVE', people: everyone });

  // Widening an existing group-only paper to everyone asks again.
  const group = await groupWith(hub, 'Silver group', [user.personId]);
  const narrow = await addDocument(
    browser,
    { title: 'Tension report', marking: 'OFFICIAL-SENSITIVE', audience: 'groups', audienceGroupIds: [group] },
    pdfFile(pdf('tension')),
  );
  const narrowId = createdId(narrow);
  await browser.get(`/documents/${narrowId}/edit`);
  const widen = await browser.post(`/documents/${narrowId}/edit`, {
    title: 'Tension report',
    marking: 'OFFICIAL-SENSITIVE',
    audience: 'everyone',
  });
  assert.equal(widen.statusCode, 400);
  assert.match(widen.body, /Confirm that all 3 people who can sign in may see it/);
  const [still] = await hub.database.db.select().from(documents).where(eq(documents.id, narrowId));
  assert.equal(still!.audience, 'groups');
  const widened = await browser.post(`/documents/${narrowId}/edit`, {
    title: 'Tension report',
    marking: 'OFFICIAL-SENSITIVE',
    audience: 'everyone',
    confirmEveryone: everyone,
  });
  assert.equal(widened.statusCode, 303, widened.body);
  assert.equal((await auditOf(hub, 'document.shared_with_everyone')).length, 2);

  // OFFICIAL papers for everyone need no confirmation.
  const routine = await addDocument(
    browser,
    { title: 'Minutes', marking: 'OFFICIAL', audience: 'everyone' },
    pdfFile(pdf('minutes')),
  );
  assert.equal(routine.statusCode, 303, routine.body);
  assert.equal((await auditOf(hub, 'document.shared_with_everyone')).length, 2);
});

test('the lists point at the newest version of each document, whichever document its files were added to', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator');
  const first = createdId(await addDocument(browser, { title: 'Early paper', marking: 'OFFICIAL' }, pdfFile(pdf('a'))));
  const second = createdId(
    await addDocument(browser, { title: 'Later paper', marking: 'OFFICIAL' }, pdfFile(pdf('b'))),
  );
  await browser.get(`/documents/${first}`);
  assert.equal((await browser.postMultipart(`/documents/${first}/files`, {}, pdfFile(pdf('a2')))).statusCode, 303);

  const files = await hub.database.db.select().from(documentFiles);
  const newest = (documentId: number) => Math.max(...files.filter((f) => f.documentId === documentId).map((f) => f.id));
  const listed = await listVisibleDocuments(hub.database.db, asCurrentUser(user, []));
  assert.deepEqual(
    listed.map((d) => [d.id, d.latestFileId]),
    [
      [first, newest(first)],
      [second, newest(second)],
    ],
    'newest first, each with its own latest file',
  );
});
