import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveBlock } from '../../reports/paper.ts';
import { formSchema } from '../../views/forms.ts';
import { assertOnlyReaders, FIXTURE_DRAFT, paperReaders } from './build.fixtures.ts';
import { LIVE_BLOCKS } from './papers.blocks.ts';

const Settings = formSchema({});

/** A block whose content is OFFICIAL-SENSITIVE, put into an OFFICIAL draft. */
const sensitive: LiveBlock<typeof Settings> = {
  key: 'test-sensitive',
  title: 'Test tension',
  description: 'Community tension in an area',
  settings: Settings,
  build: async (ctx) => ({
    key: 'test-sensitive',
    heading: 'Community tension',
    source: 'Tension reports',
    asAt: ctx.asAt.toISOString().slice(0, 10),
    marking: 'OFFICIAL-SENSITIVE',
    parts: [{ kind: 'sentence', text: 'Tension in the town centre is at level 3.' }],
  }),
};

test('the preview is the draft as a printable page, allowed its own style sheet', async (t) => {
  const { author, paper, restrictedReads } = await paperReaders(t);
  const { paperId } = await paper('OFFICIAL');
  const page = await author.get(`/papers/${paperId}/preview`);
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.match(page.body, /<h1>Preventing violent extremism &amp; counter terrorism<\/h1>/);
  assert.match(page.body, /<p class="agenda-item">Agenda item 16<\/p>/);
  assert.match(page.body, /<header class="marking"><p>OFFICIAL<\/p><\/header>/);
  assert.match(String(page.headers['content-security-policy']), /style-src 'self' 'sha256-[^']+' 'sha256-[^']+'/);
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  assert.notEqual(page.headers['cache-control'], 'no-store');
  assert.equal((await restrictedReads(paperId)).length, 0, 'an OFFICIAL preview is not a restricted read');
});

test('an OFFICIAL-SENSITIVE paper, or one embedding such content, is not stored and its preview is audited', async (t) => {
  LIVE_BLOCKS.push(sensitive);
  t.after(() => void LIVE_BLOCKS.splice(LIVE_BLOCKS.indexOf(sensitive), 1));
  const { author, paper, restrictedReads } = await paperReaders(t);

  const marked = await paper('OFFICIAL-SENSITIVE');
  const page = await author.get(`/papers/${marked.paperId}/preview`);
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body, /<footer class="marking"><p>OFFICIAL-SENSITIVE<\/p><\/footer>/);
  assert.equal((await restrictedReads(marked.paperId)).length, 1);

  // Marked OFFICIAL by its author, but showing a sensitive block: printed at the higher marking.
  const draft = {
    ...FIXTURE_DRAFT,
    sections: {
      ...FIXTURE_DRAFT.sections,
      detail: { items: [{ kind: 'block' as const, key: sensitive.key, settings: {} }] },
    },
  };
  const embedding = await paper('OFFICIAL', draft);
  const raised = await author.get(`/papers/${embedding.paperId}/preview`);
  assert.equal(raised.headers['cache-control'], 'no-store');
  assert.match(raised.body, /<header class="marking"><p>OFFICIAL-SENSITIVE<\/p><\/header>/);
  assert.match(raised.body, /Tension in the town centre is at level 3\./);
  assert.equal((await restrictedReads(embedding.paperId)).length, 1);
});

test('who may preview: coordinators and the meeting’s group; others, the signed out and bad ids are refused', async (t) => {
  const readers = await paperReaders(t);
  const { paperId } = await readers.paper('OFFICIAL');
  await assertOnlyReaders(readers, paperId, (id) => `/papers/${id}/preview`);
});
