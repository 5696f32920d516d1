import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { minutesDocx, packDocx, paperDocx, type MinutesDocument } from './docx.ts';
import { samplePack } from './pack.fixture.ts';
import { samplePaper } from './paper.fixture.ts';

/*
 * Boards print papers as PDF from Word. LibreOffice (headless) stands in for Word here: the paper's
 * DOCX is converted, and the PDF's text (pdftotext, from poppler-utils) must hold the headings, and
 * the marking at the top and foot of every page. CI installs both; where either is missing the test
 * is skipped and says so.
 */

const run = promisify(execFile);

async function found(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

async function office(): Promise<string | null> {
  for (const command of ['soffice', 'libreoffice']) if (await found(command)) return command;
  return null;
}

/** The DOCX converted to PDF in a fresh folder, with a profile of its own (LibreOffice locks a shared one). */
async function toPdfText(soffice: string, docx: Buffer): Promise<string[]> {
  const folder = await mkdtemp(path.join(tmpdir(), 'paper-pdf-'));
  try {
    const input = path.join(folder, 'paper.docx');
    await writeFile(input, docx);
    const profile = pathToFileURL(path.join(folder, 'profile')).href;
    await run(
      soffice,
      [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', folder, input],
      { timeout: 240_000 },
    );
    await run('pdftotext', ['-layout', path.join(folder, 'paper.pdf'), path.join(folder, 'paper.txt')]);
    // pdftotext ends each page with a form feed.
    const pages = (await readFile(path.join(folder, 'paper.txt'), 'utf8')).split('\f');
    return pages.filter((page) => page.trim() !== '');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const lines = (page: string) =>
  page
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

test(
  'a paper converted to PDF keeps its headings and bears its marking at the top and foot of every page',
  { timeout: 300_000 },
  async (t) => {
    const soffice = await office();
    if (!soffice || !(await found('pdftotext'))) {
      t.skip('LibreOffice or pdftotext is not installed here (.ci/run installs them): the PDF is not checked');
      return;
    }
    const pages = await toPdfText(soffice, await paperDocx(samplePaper('OFFICIAL-SENSITIVE')));
    assert.ok(pages.length >= 3, `the paper and its two appendices, each on a page of its own (${pages.length} pages)`);
    pages.forEach((page, i) => {
      const text = lines(page);
      assert.equal(text[0], 'OFFICIAL-SENSITIVE', `page ${i + 1} has the marking at the top`);
      assert.equal(text.at(-1), 'OFFICIAL-SENSITIVE', `page ${i + 1} has the marking at the foot`);
      assert.ok(text.includes(`Page ${i + 1} of ${pages.length}`), `page ${i + 1} is numbered`);
    });
    const all = pages.join('\n');
    for (const heading of [
      'Purpose of the report',
      'Recommendations',
      'Implications',
      'Person to contact',
      'Prevent referrals',
      'Financial',
    ])
      assert.ok(all.includes(heading), heading);
    assert.ok(
      lines(pages.at(-1)!).includes('Appendix B – Prevent duty self-assessment'),
      'the last appendix has its own page',
    );
  },
);

test(
  'minutes converted to PDF keep their headings, attendance and status, with the marking on every page',
  { timeout: 300_000 },
  async (t) => {
    const soffice = await office();
    if (!soffice || !(await found('pdftotext'))) {
      t.skip('LibreOffice or pdftotext is not installed here (.ci/run installs them): the PDF is not checked');
      return;
    }
    const decision = (number: number) => ({
      number,
      text: `Recommendation ${number} be agreed.`,
      decision: 'Approved',
    });
    const minutes: MinutesDocument = {
      body: 'Stockton Renaissance Partnership Board',
      meetingDate: '2 June 2009',
      time: '10:00 to 12:00',
      place: 'Council chamber',
      marking: 'OFFICIAL-SENSITIVE',
      status: 'Approved at the meeting on 7 July 2009',
      attendance: [{ organisation: 'Cleveland Police', present: ['Bob Hill'], apologies: [], absent: [] }],
      // Enough items to run over more than one page.
      items: Array.from({ length: 12 }, (_, i) => ({
        number: i + 1,
        title: `Agenda item ${i + 1}`,
        presenter: null,
        minute: 'The board received the report and discussed it at length.',
        decisions: [decision(2 * i + 1), decision(2 * i + 2)],
      })),
      meetingDecisions: [],
      actions: [{ item: 1, description: 'Circulate the plan', owner: 'Bob Hill', due: '30 June 2009', status: 'Open' }],
    };
    const pages = await toPdfText(soffice, await minutesDocx(minutes));
    assert.ok(pages.length >= 2, `the minutes run over pages (${pages.length})`);
    pages.forEach((page, i) => {
      const text = lines(page);
      assert.equal(text[0], 'OFFICIAL-SENSITIVE', `page ${i + 1} has the marking at the top`);
      assert.equal(text.at(-1), 'OFFICIAL-SENSITIVE', `page ${i + 1} has the marking at the foot`);
    });
    const all = pages.join('\n');
    for (const words of ['Minutes', 'Attendance', 'Cleveland Police', 'Agenda item 12', 'Actions arising'])
      assert.ok(all.includes(words), words);
    assert.ok(all.includes('Approved at the meeting on 7 July 2009'), 'the approval status');
  },
);

test(
  'an agenda pack converted to PDF keeps each paper’s headings, its contents’ page numbers, and its marking on every page',
  { timeout: 300_000 },
  async (t) => {
    const soffice = await office();
    if (!soffice || !(await found('pdftotext'))) {
      t.skip('LibreOffice or pdftotext is not installed here (.ci/run installs them): the PDF is not checked');
      return;
    }
    const pages = await toPdfText(soffice, await packDocx(samplePack()));
    pages.forEach((page, i) => {
      const text = lines(page);
      assert.equal(text[0], 'OFFICIAL-SENSITIVE', `page ${i + 1} has the pack's marking at the top`);
      assert.equal(text.at(-1), 'OFFICIAL-SENSITIVE', `page ${i + 1} has the pack's marking at the foot`);
      assert.ok(text.includes(`Page ${i + 1} of ${pages.length}`), `page ${i + 1} is numbered`);
    });
    const starts = ['Prevent update', 'Channel cases this quarter'].map((subject) =>
      pages.findIndex((page, i) => i > 1 && lines(page).includes(subject)),
    );
    assert.ok(lines(pages[0]!).includes('Agenda'), 'the agenda first');
    assert.ok(lines(pages[1]!).includes('Contents'), 'then the contents');
    assert.ok(starts[0]! > 1 && starts[1]! > starts[0]!, `the papers in agenda order (pages ${starts.join(', ')})`);
    // The contents give the page each paper starts on, as LibreOffice lays them out.
    const contents = lines(pages[1]!);
    assert.ok(
      contents.some((line) => /^2\s+Prevent update\s+OFFICIAL\s+(\d+)$/.exec(line)?.[1] === String(starts[0]! + 1)),
    );
    assert.ok(contents.some((line) => line.startsWith('3') && line.includes('Restricted — not included')));
    const ofPaper = (n: number) => pages.slice(starts[n], n === 0 ? starts[1] : undefined).join('\n');
    for (const n of [0, 1])
      for (const heading of ['Purpose of the report', 'Recommendations', 'Implications', 'Person to contact'])
        assert.ok(ofPaper(n).includes(heading), `paper ${n + 1}: ${heading}`);
    assert.ok(
      lines(pages[starts[0]!]!).includes('Agenda item 2: paper marked OFFICIAL'),
      'each paper keeps its own marking',
    );
  },
);
