import { test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import type { LiveBlock } from '../../reports/paper.ts';
import { barChart } from '../../views/charts.ts';
import { formSchema } from '../../views/forms.ts';
import { assertOnlyReaders, FIXTURE_DRAFT, paperReaders } from './build.fixtures.ts';
import { LIVE_BLOCKS } from './papers.blocks.ts';

const Settings = formSchema({});
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A block with a chart, OFFICIAL-SENSITIVE, to put into an OFFICIAL draft. */
const charted: LiveBlock<typeof Settings> = {
  key: 'test-charted',
  title: 'Test referrals',
  description: 'Referrals by sector',
  settings: Settings,
  build: async (ctx) => ({
    key: 'test-charted',
    heading: 'Referrals by sector',
    source: 'Channel panel returns',
    asAt: ctx.asAt.toISOString().slice(0, 10),
    marking: 'OFFICIAL-SENSITIVE',
    parts: [
      { kind: 'sentence', text: 'Education made most referrals.' },
      {
        kind: 'chart',
        caption: 'Referrals by sector',
        svg: barChart({
          kind: 'bar',
          id: 'sectors',
          title: 'Referrals by sector',
          category: 'Sector',
          bars: [
            { label: 'Education', value: 12 },
            { label: 'Police', value: 9 },
          ],
        }),
        alt: 'Education 12, police 9.',
      },
    ],
  }),
};

const documentXml = async (docx: Buffer) => (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');

test('a draft downloads as a Word document of the paper the preview prints', async (t) => {
  const { author, paper, restrictedReads } = await paperReaders(t);
  const { paperId } = await paper('OFFICIAL');
  const response = await author.get(`/papers/${paperId}/paper.docx`);
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], DOCX_TYPE);
  assert.match(String(response.headers['content-disposition']), /^attachment; filename="Preventing violent extremism/);
  const zip = await JSZip.loadAsync(response.rawPayload);
  const xml = await zip.file('word/document.xml')!.async('string');
  assert.match(
    xml,
    /<w:pStyle w:val="Title"\/><\/w:pPr><w:r><w:t xml:space="preserve">Preventing violent extremism &amp; counter terrorism<\/w:t>/,
  );
  assert.match(xml, /This report outlines the work undertaken to date in Stockton-on-Tees\./);
  assert.match(xml, /<w:t xml:space="preserve">Agenda item<\/w:t>[\s\S]*?<w:t xml:space="preserve">16<\/w:t>/);
  assert.match(await zip.file('word/header1.xml')!.async('string'), /<w:t xml:space="preserve">OFFICIAL<\/w:t>/);
  assert.equal((await restrictedReads(paperId)).length, 0, 'an OFFICIAL paper is not a restricted read');
});

test('a draft embedding sensitive content downloads at the higher marking, with its chart, not stored, and audited', async (t) => {
  LIVE_BLOCKS.push(charted);
  t.after(() => void LIVE_BLOCKS.splice(LIVE_BLOCKS.indexOf(charted), 1));
  const { author, paper, restrictedReads } = await paperReaders(t);
  const draft = {
    ...FIXTURE_DRAFT,
    sections: {
      ...FIXTURE_DRAFT.sections,
      detail: { items: [{ kind: 'block' as const, key: charted.key, settings: {} }] },
    },
  };
  const { paperId } = await paper('OFFICIAL', draft);
  const response = await author.get(`/papers/${paperId}/paper.docx`);
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['cache-control'], 'no-store');
  const zip = await JSZip.loadAsync(response.rawPayload);
  assert.match(await zip.file('word/header1.xml')!.async('string'), />OFFICIAL-SENSITIVE</);
  assert.match(await zip.file('word/footer1.xml')!.async('string'), />OFFICIAL-SENSITIVE</);
  const xml = await zip.file('word/document.xml')!.async('string');
  assert.match(xml, /<wp:docPr id="1" name="Referrals by sector" descr="Education 12, police 9\."/);
  assert.ok(Object.keys(zip.files).some((name) => /^word\/media\/\w+\.svg$/.test(name)));
  assert.ok(Object.keys(zip.files).some((name) => /^word\/media\/\w+\.png$/.test(name)));
  assert.deepEqual(
    (await restrictedReads(paperId)).map((r) => r.detail),
    [{ revision: 1, as: 'docx' }],
  );
});

test('who may download: as for the preview; others, the signed out and bad ids are refused', async (t) => {
  const readers = await paperReaders(t);
  const { paperId } = await readers.paper('OFFICIAL');
  const url = (id: number | string) => `/papers/${id}/paper.docx`;
  await assertOnlyReaders(readers, paperId, url);
  const signedOut = await readers.hub.app.inject({ method: 'GET', url: url(paperId) });
  assert.notEqual(signedOut.headers['content-type'], DOCX_TYPE);
});

test('the same draft downloads with the same document.xml', async (t) => {
  const { author, paper } = await paperReaders(t);
  const { paperId } = await paper('OFFICIAL');
  const first = await documentXml((await author.get(`/papers/${paperId}/paper.docx`)).rawPayload);
  const second = await documentXml((await author.get(`/papers/${paperId}/paper.docx`)).rawPayload);
  assert.equal(second, first);
});
