import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { paperTemplates } from './papers.tables.ts';
import { IMPLICATION_ROWS, SHIPPED_SECTIONS, shippedTemplateId } from './templates.ts';

const idFrom = (location: unknown) => Number(/\/papers\/templates\/(\d+)/.exec(String(location))?.[1]);

test('the Hub ships one template in the seeds’ layout, created once however many ask at once', async (t) => {
  const hub = await buildTestHub(t);
  const ids = await Promise.all([1, 2, 3].map(() => shippedTemplateId(hub.database.db)));
  assert.equal(new Set(ids).size, 1);
  const rows = await hub.database.db.select().from(paperTemplates);
  assert.equal(rows.length, 1);
  const [shipped] = rows;
  assert.equal(shipped!.shipped, true);
  assert.deepEqual(
    shipped!.sections.map((s) => s.heading),
    [
      'Purpose of the report',
      'Recommendations',
      'Background',
      'Current position',
      'Detail',
      'Implications',
      'List of Appendices',
      'Background Papers',
      'Person to Contact',
    ],
  );
  assert.deepEqual(shipped!.sections.find((s) => s.kind === 'implications')?.rows, IMPLICATION_ROWS);
  assert.ok(IMPLICATION_ROWS.includes('Link to the Police and Crime Plan'));
});

test('a coordinator copies the shipped template and edits the copy; the shipped one is refused', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator', 'Karina Kaur');
  const list = await browser.get('/papers/templates');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /No copies yet/);
  const shippedId = await shippedTemplateId(hub.database.db);

  // The shipped one: read only, in place.
  const shippedPage = await browser.get(`/papers/templates/${shippedId}`);
  assert.match(shippedPage.body, /cannot be changed/);
  assert.doesNotMatch(shippedPage.body, /Save name and publication/);
  const refused = await browser.post(`/papers/templates/${shippedId}`, { name: 'Mine now' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /cannot be changed: copy it/);
  const refusedMove = await browser.post(`/papers/templates/${shippedId}/sections`, {
    section: 'detail',
    heading: 'Detail',
    action: 'up',
  });
  assert.equal(refusedMove.statusCode, 400);
  assert.equal((await browser.post(`/papers/templates/${shippedId}/archive`)).statusCode, 400);
  const [still] = await hub.database.db.select().from(paperTemplates).where(eq(paperTemplates.id, shippedId));
  assert.deepEqual(still!.sections, SHIPPED_SECTIONS);
  assert.equal(still!.archivedAt, null);

  // The copy.
  const noName = await browser.post(`/papers/templates/${shippedId}/copy`, { name: '' });
  assert.equal(noName.statusCode, 400);
  assert.match(noName.body, /Enter a name for the copy/);
  const copied = await browser.post(`/papers/templates/${shippedId}/copy`, { name: 'Community Safety Partnership' });
  assert.equal(copied.statusCode, 303);
  const copyId = idFrom(copied.headers.location);
  assert.notEqual(copyId, shippedId);

  // Implications first, as some councils put them.
  for (let i = 0; i < 4; i++) {
    const moved = await browser.post(`/papers/templates/${copyId}/sections`, {
      section: 'implications',
      heading: 'Implications',
      action: 'up',
    });
    assert.equal(moved.statusCode, 303);
  }
  const renamed = await browser.post(`/papers/templates/${copyId}/sections`, {
    section: 'implications',
    heading: 'Implications for the partnership',
    guidance: 'Nil where there are none',
    rows: 'Financial\nLegal\nLink to the Community Safety Plan',
    action: 'save',
  });
  assert.equal(renamed.statusCode, 303);
  const noRows = await browser.post(`/papers/templates/${copyId}/sections`, {
    section: 'implications',
    heading: 'Implications',
    rows: '',
    action: 'save',
  });
  assert.equal(noRows.statusCode, 400);
  assert.match(noRows.body, /at least one row/);
  const unknown = await browser.post(`/papers/templates/${copyId}/sections`, {
    section: 'no-such',
    heading: 'X',
    action: 'save',
  });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /not in this template/);

  assert.equal((await browser.post(`/papers/templates/${copyId}/options`)).statusCode, 303);
  const twice = await browser.post(`/papers/templates/${copyId}/options`);
  assert.equal(twice.statusCode, 400);
  assert.match(
    twice.body,
    /already has an &quot;Options considered&quot; section|already has an "Options considered" section/,
  );

  const noParagraph = await browser.post(`/papers/templates/${copyId}`, {
    name: 'CSP (exempt)',
    notForPublication: 'yes',
  });
  assert.equal(noParagraph.statusCode, 400);
  assert.match(noParagraph.body, /exempt-information paragraph/);
  const exempt = await browser.post(`/papers/templates/${copyId}`, {
    name: 'CSP (exempt)',
    notForPublication: 'yes',
    exemptParagraph: 'Paragraph 7 of Part 1 of Schedule 12A of the Local Government Act 1972',
  });
  assert.equal(exempt.statusCode, 303);

  const [copy] = await hub.database.db.select().from(paperTemplates).where(eq(paperTemplates.id, copyId));
  assert.equal(copy!.name, 'CSP (exempt)');
  assert.equal(copy!.notForPublication, true);
  assert.equal(copy!.basedOnId, shippedId);
  assert.deepEqual(
    copy!.sections.map((s) => s.key),
    [
      'purpose',
      'implications',
      'recommendations',
      'options',
      'background',
      'current-position',
      'detail',
      'appendices',
      'background-papers',
      'contact',
    ],
  );
  const implications = copy!.sections.find((s) => s.key === 'implications')!;
  assert.equal(implications.heading, 'Implications for the partnership');
  assert.deepEqual(implications.rows, ['Financial', 'Legal', 'Link to the Community Safety Plan']);
  assert.match(copy!.sections.find((s) => s.key === 'options')!.guidance, /do nothing/);
  const page = await browser.get(`/papers/templates/${copyId}`);
  assert.match(page.body, /Not for publication/);

  // Archived, not deleted; then read only.
  assert.equal((await browser.post(`/papers/templates/${copyId}/archive`)).statusCode, 303);
  const [archived] = await hub.database.db.select().from(paperTemplates).where(eq(paperTemplates.id, copyId));
  assert.ok(archived!.archivedAt);
  const afterArchive = await browser.post(`/papers/templates/${copyId}`, { name: 'Again' });
  assert.equal(afterArchive.statusCode, 400);
  assert.match(afterArchive.body, /archived/);

  const actions = (await hub.database.db.select().from(auditLog)).map((row) => row.action);
  for (const action of [
    'paper_template.shipped',
    'paper_template.copied',
    'paper_template.updated',
    'paper_template.archived',
  ])
    assert.ok(actions.includes(action), `audited ${action}`);
});

test('only coordinators reach the templates; a bad id is a missing page', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const id = await shippedTemplateId(hub.database.db);
  const { browser: member } = await signedIn(hub, 'member');
  assert.equal((await member.get('/papers/templates')).statusCode, 403);
  assert.equal((await member.post(`/papers/templates/${id}/copy`, { name: 'Mine' })).statusCode, 403);
  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal((await viewer.get(`/papers/templates/${id}`)).statusCode, 403);
  const { browser } = await signedIn(hub, 'coordinator');
  assert.equal((await browser.get('/papers/templates/2147483648')).statusCode, 404);
  assert.equal((await browser.get('/papers/templates/999999')).statusCode, 404);
  const long = await browser.post(`/papers/templates/${id}/copy`, { name: 'x'.repeat(5000) });
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /120 characters or fewer/);
  const nul = await browser.post(`/papers/templates/${id}/copy`, { name: 'a\u0000b' });
  assert.equal(nul.statusCode, 400);
  assert.match(nul.body, /must not contain the null character/);
  assert.equal((await hub.database.db.select().from(paperTemplates)).length, 1);
});
