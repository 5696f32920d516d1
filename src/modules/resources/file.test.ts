import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership, type Browser } from '../../../test/helpers.ts';
import { textOf } from '../../../test/html.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { documentFiles } from '../documents/documents.tables.ts';
import { MAX_UPLOAD_BYTES } from '../documents/index.ts';
import { resources } from './resources.tables.ts';

/*
 * A resource's file, kept in the document library: uploaded by a coordinator, downloaded from the
 * resource's page byte for byte, a second upload a new version with the first kept.
 */

const pdf = (filename: string, content: Buffer) => ({
  field: 'file',
  filename,
  contentType: 'application/pdf',
  content,
});
const LESSON_PLAN = Buffer.from('%PDF-1.4\nA lesson plan on staying safe online\n%%EOF\n');
const LESSON_PLAN_2 = Buffer.from('%PDF-1.4\nA lesson plan on staying safe online, revised for 2010\n%%EOF\n');

async function addLessonPlan(browser: Browser) {
  await browser.get('/resources/new');
  const added = await browser.post('/resources', { title: 'Staying safe online', format: 'lesson_plan' });
  return Number(/\/resources\/(\d+)/.exec(String(added.headers.location))?.[1]);
}

/** The resource page's download link, followed. */
async function downloadFromPage(browser: Browser, resourceId: number) {
  const page = await browser.get(`/resources/${resourceId}`);
  const href = /href="(\/documents\/\d+\/files\/\d+)" download>Download/.exec(page.body)?.[1];
  assert.ok(href, 'the resource page offers its file');
  return browser.get(href);
}

test('a coordinator uploads a resource’s file; everyone downloads it from the resource page; a new upload is a new version', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const id = await addLessonPlan(browser);
  assert.match(textOf((await browser.get(`/resources/${id}`)).body), /No file uploaded\./);

  assert.equal((await browser.get(`/resources/${id}/file`)).statusCode, 200);
  const uploaded = await browser.postMultipart(`/resources/${id}/file`, {}, pdf('lesson plan.pdf', LESSON_PLAN));
  assert.equal(uploaded.statusCode, 303, textOf(uploaded.body).slice(0, 300));
  const first = await downloadFromPage(browser, id);
  assert.equal(first.statusCode, 200);
  assert.deepEqual(first.rawPayload, LESSON_PLAN);
  assert.match(String(first.headers['content-disposition']), /lesson plan\.pdf/);

  const again = await browser.postMultipart(`/resources/${id}/file`, {}, pdf('lesson plan 2010.pdf', LESSON_PLAN_2));
  assert.equal(again.statusCode, 303);
  const [resource] = await hub.database.db.select().from(resources).where(eq(resources.id, id));
  const versions = await hub.database.db
    .select()
    .from(documentFiles)
    .where(eq(documentFiles.documentId, resource!.documentId!));
  assert.deepEqual(
    versions.map((v) => v.filename),
    ['lesson plan.pdf', 'lesson plan 2010.pdf'],
    'nothing overwritten',
  );
  const { browser: member } = await signedIn(hub, 'member');
  const latest = await downloadFromPage(member, id);
  assert.equal(latest.statusCode, 200);
  assert.deepEqual(latest.rawPayload, LESSON_PLAN_2);
  assert.match((await browser.get(`/resources/${id}`)).body, /Earlier versions/);
  const audited = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'resource.file_uploaded'));
  assert.equal(audited.length, 2);
});

test('a resource’s file: too large, missing or empty is refused with the form; a member is refused', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const id = await addLessonPlan(browser);
  await browser.get(`/resources/${id}/file`);
  const big = await browser.postMultipart(
    `/resources/${id}/file`,
    {},
    pdf('big.pdf', Buffer.alloc(MAX_UPLOAD_BYTES + 1, 7)),
  );
  assert.equal(big.statusCode, 413);
  assert.match(big.body, /The selected file must be smaller than 20MB/);
  const none = await browser.postMultipart(`/resources/${id}/file`, {});
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /Select the file of the resource/);
  const empty = await browser.postMultipart(`/resources/${id}/file`, {}, pdf('empty.pdf', Buffer.alloc(0)));
  assert.equal(empty.statusCode, 400);

  const { browser: member } = await signedIn(hub, 'member');
  assert.equal((await member.get(`/resources/${id}/file`)).statusCode, 403);
  await member.get(`/resources/${id}`);
  const refused = await member.postMultipart(`/resources/${id}/file`, {}, pdf('lesson plan.pdf', LESSON_PLAN));
  assert.equal(refused.statusCode, 403);
  const [resource] = await hub.database.db.select().from(resources).where(eq(resources.id, id));
  assert.equal(resource!.documentId, null, 'nothing stored');
  assert.doesNotMatch((await member.get(`/resources/${id}`)).body, /Upload a file/);

  await browser.get(`/resources/${id}/withdraw`);
  assert.equal(
    (await browser.post(`/resources/${id}/withdraw`, { reason: 'Replaced by the 2010 edition' })).statusCode,
    303,
  );
  await browser.get(`/resources/${id}/file`);
  const late = await browser.postMultipart(`/resources/${id}/file`, {}, pdf('lesson plan.pdf', LESSON_PLAN));
  assert.equal(late.statusCode, 400);
  assert.match(late.body, /This resource has been withdrawn: its file can no longer be changed/);
});
