import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import JSZip from 'jszip';
import { paperDocx } from './docx.ts';
import { REFERRALS_BLOCK, samplePaper } from './paper.fixture.ts';
import type { Paper } from './paper.ts';
import { closeDocxWriters, WRITE_LIMITS, writeDocx, writePaperDocx, writerThreads } from './worker.ts';

/*
 * Word documents written in the worker threads: the same bytes as written here, a document over its
 * time budget refused in words and the pool still writing, and the threads ended when the Hub closes.
 */

/** Every part of a document, by name; the package's creation and change times (the clock's) left out. */
async function parts(docx: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(docx);
  const out = new Map<string, Buffer>();
  for (const name of Object.keys(zip.files).sort()) {
    const bytes = await zip.file(name)?.async('nodebuffer');
    if (!bytes) continue;
    out.set(
      name,
      name === 'docProps/core.xml'
        ? Buffer.from(bytes.toString('utf8').replace(/<dcterms:(created|modified)[^>]*>[^<]*</g, '<dcterms:$1><'))
        : bytes,
    );
  }
  return out;
}

test.after(() => closeDocxWriters());

test('a paper written in a worker thread is the same document, part for part and byte for byte, as one written on the main thread', async () => {
  const paper = samplePaper('OFFICIAL-SENSITIVE');
  const [fromThread, here] = await Promise.all([writePaperDocx(paper), paperDocx(paper)]);
  const threadParts = await parts(fromThread);
  const hereParts = await parts(here);
  assert.deepEqual([...threadParts.keys()], [...hereParts.keys()]);
  assert.ok(
    [...threadParts.keys()].some((name) => name.startsWith('word/media/') && name.endsWith('.png')),
    'the chart’s PNG is drawn in the thread',
  );
  for (const [name, bytes] of hereParts) assert.ok(threadParts.get(name)!.equals(bytes), `${name} differs`);
  assert.match(threadParts.get('word/document.xml')!.toString('utf8'), /OFFICIAL-SENSITIVE/);
});

test('a writer that fails says why, and its thread writes the next document', async () => {
  const broken: Paper = {
    ...samplePaper(),
    appendices: [
      {
        letter: 'A',
        title: 'A chart with no size',
        block: { ...REFERRALS_BLOCK, parts: [{ kind: 'chart', caption: 'No size', svg: '<svg></svg>', alt: 'None' }] },
      },
    ],
  };
  await assert.rejects(writePaperDocx(broken), /Writing the Word document failed: .*A chart must have a viewBox/);
  assert.ok((await writePaperDocx(samplePaper())).length > 0);
});

test('a document over its time budget is stopped with a clear error, and the pool writes the next one', async () => {
  await writePaperDocx(samplePaper());
  const tooShort = { ...WRITE_LIMITS, seconds: 0.001 };
  await assert.rejects(
    writeDocx('paperDocx', samplePaper(), tooShort),
    /Writing the Word document took longer than 0.001 s, so it was stopped/,
  );
  const [first, second] = await Promise.all([writePaperDocx(samplePaper()), writePaperDocx(samplePaper('OFFICIAL'))]);
  assert.deepEqual([...(await parts(first)).keys()], [...(await parts(second)).keys()]);
});

test('closing the pool waits for the document being written, then ends every thread; a later document starts one again', async () => {
  const writing = writePaperDocx(samplePaper());
  const closed = closeDocxWriters();
  assert.ok((await writing).length > 0, 'the document in hand is finished');
  await closed;
  assert.equal(writerThreads(), 0);
  assert.ok((await writePaperDocx(samplePaper())).length > 0);
  assert.ok(writerThreads() > 0);
  await closeDocxWriters();
  assert.equal(writerThreads(), 0);
});

test('a process that wrote a paper and never closed the pool still ends: idle threads do not hold it open', () => {
  const script = `
    import { writePaperDocx } from './src/reports/worker.ts';
    import { samplePaper } from './src/reports/paper.fixture.ts';
    const docx = await writePaperDocx(samplePaper());
    console.log('written', docx.length > 0);`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /written true/);
});
