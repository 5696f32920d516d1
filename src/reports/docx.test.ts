import assert from 'node:assert/strict';
import { test } from 'node:test';
import JSZip from 'jszip';
import { paperDocx } from './docx.ts';
import { REFERRALS_BLOCK, samplePaper } from './paper.fixture.ts';
import { svgToPng } from './raster.ts';

/*
 * The Word document read back as Word would: unzipped, and word/document.xml taken apart into its
 * paragraphs (style and text) and tables, with no help from the library that wrote it.
 */

async function unzip(docx: Buffer) {
  const zip = await JSZip.loadAsync(docx);
  const read = async (path: string) => {
    const file = zip.file(path);
    assert.ok(file, `${path} is in the document`);
    return file.async('string');
  };
  return { zip, read, document: await read('word/document.xml') };
}

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Each paragraph's style and text (a tab as "\t"), in document order. */
function paragraphs(xml: string): { style: string; text: string }[] {
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const inner = m[1] ?? m[2] ?? '';
    const style = /<w:pStyle w:val="([^"]+)"/.exec(inner)?.[1] ?? '';
    const text = [...inner.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
      .map((t) => (t[0] === '<w:tab/>' ? '\t' : decode(t[1] ?? '')))
      .join('');
    return { style, text };
  });
}

/** Each table's rows, each row's cells' text. */
function tables(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>|<w:tr [^>]*>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...(r[1] ?? r[2] ?? '').matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) =>
        paragraphs(c[1]!)
          .map((p) => p.text)
          .join('\n'),
      ),
    ),
  );
}

test('a paper prints with Word headings, its numbered paragraphs and recommendations, and the implications table', async () => {
  const { document } = await unzip(await paperDocx(samplePaper()));
  const printed = paragraphs(document);
  const headings = printed.filter((p) => p.style === 'Heading1').map((p) => p.text);
  assert.deepEqual(headings, [
    'Purpose of the report',
    'Recommendations',
    'Background',
    'Referrals',
    'Implications',
    'List of appendices',
    'Background papers',
    'Person to contact',
    'Appendix A – PVE Action Plan',
    'Appendix B – Prevent duty self-assessment',
  ]);
  assert.deepEqual(
    printed.filter((p) => p.style === 'Heading2').map((p) => p.text),
    ['Prevent referrals'],
    'a live block prints under its own heading',
  );
  assert.equal(printed.find((p) => p.style === 'Title')?.text, 'Prevent update');

  // Paragraphs are numbered on across sections (a block's sentences too), as numberItems numbers them
  // for the HTML; the recommendations are numbered on their own.
  assert.deepEqual(
    printed.filter((p) => p.style === 'NumberedParagraph').map((p) => p.text),
    [
      '1.\tTo update the Panel on local Prevent delivery.',
      '1.\tNote the rise in referrals.',
      '2.\tApprove the delivery plan at Appendix A.',
      '2.\tPrevent is part of CONTEST, the counter-terrorism strategy.',
      '3.\tReferral figures for the year follow.',
      '4.\tPrevent referrals have risen by 20% to 7,318 in 2017/18.',
      '5.\tThe education sector made the most referrals, about a third.',
    ],
  );
  assert.ok(printed.some((p) => p.text === 'Decision: Approved'));

  const [headerBlock, referrals, implications] = tables(document);
  assert.deepEqual(headerBlock?.slice(0, 3), [
    ['Report of', 'Chief Executive, Office of the Police and Crime Commissioner'],
    ['Subject', 'Prevent update'],
    ['Meeting', 'Police and Crime Panel, 4 July 2018'],
  ]);
  assert.deepEqual(headerBlock?.at(-1), ['Agenda item', '7']);
  assert.ok(headerBlock?.some((row) => row[0] === 'Version' && row[1] === '1, figures as at 20 June 2018'));
  assert.deepEqual(referrals?.[0], ['Sector', 'Referrals']);
  assert.deepEqual(referrals?.[1], ['Education', '2,462']);
  assert.deepEqual(
    implications?.map((row) => row[0]),
    [
      'Financial',
      'Legal',
      'Equality impact assessment',
      'Risks and impact',
      'Link to the Police and Crime Plan',
      'Communications',
    ],
  );
  assert.ok(printed.some((p) => p.style === 'Caption' && p.text === 'Referrals by sector, 2017/18'));
  assert.ok(
    printed.some(
      (p) =>
        p.style === 'SourceLine' &&
        p.text.startsWith('Source: Home Office, Individuals referred to Prevent; as at 31 March 2018'),
    ),
  );
  assert.ok(printed.some((p) => p.text === 'Appendix A – PVE Action Plan' && p.style === 'ListParagraph'));
  assert.equal(printed.at(-1)?.text, 'Attached separately.', 'an appendix attached by hand is not printed here');
});

test('each appendix starts a new page', async () => {
  const { document } = await unzip(await paperDocx(samplePaper()));
  const headingXml = [
    ...document.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:pStyle w:val="Heading1"\/>[\s\S]*?<\/w:p>/g),
  ].map((m) => m[0]);
  for (const title of ['Appendix A – PVE Action Plan', 'Appendix B – Prevent duty self-assessment']) {
    const paragraph = headingXml.find((xml) => paragraphs(xml)[0]?.text === title);
    assert.ok(paragraph, title);
    assert.match(paragraph, /<w:pageBreakBefore\/>/, `${title} starts a page`);
  }
  const purpose = headingXml.find((xml) => paragraphs(xml)[0]?.text === 'Purpose of the report');
  assert.doesNotMatch(purpose ?? '', /<w:pageBreakBefore\/>/, 'a section runs on');
});

test('the marking is in the header and the footer of every page, with page numbers in the footer', async () => {
  for (const marking of ['OFFICIAL', 'OFFICIAL-SENSITIVE'] as const) {
    const { read, document } = await unzip(await paperDocx(samplePaper(marking)));
    // One section, so one default header and footer, on every page.
    assert.equal((document.match(/<w:headerReference /g) ?? []).length, 1);
    assert.equal((document.match(/<w:footerReference /g) ?? []).length, 1);
    const header = paragraphs(await read('word/header1.xml')).map((p) => p.text);
    const footerXml = await read('word/footer1.xml');
    const footer = paragraphs(footerXml).map((p) => p.text);
    assert.deepEqual(header, [marking]);
    assert.equal(footer.at(-1), marking);
    assert.match(footerXml, /PAGE/);
    assert.match(footerXml, /NUMPAGES/);
    assert.deepEqual(
      tables(document)[0]?.find((row) => row[0] === 'Marking'),
      ['Marking', marking],
    );
  }
});

test('a chart is embedded as SVG with a PNG beside it and its text alternative', async () => {
  const { zip, read, document } = await unzip(await paperDocx(samplePaper()));
  const relationships = await read('word/_rels/document.xml.rels');
  const images = [...relationships.matchAll(/Id="([^"]+)"[^>]*Target="media\/([^"]+)"/g)].map((m) => ({
    id: m[1]!,
    file: m[2]!,
  }));
  const svg = images.find((i) => i.file.endsWith('.svg'));
  const png = images.find((i) => i.file.endsWith('.png'));
  assert.ok(svg && png, 'an SVG and a PNG are related to the document');
  assert.match(document, new RegExp(`<a:blip r:embed="${png.id}"`), 'the PNG is the picture older readers show');
  assert.match(document, new RegExp(`<asvg:svgBlip [^>]*r:embed="${svg.id}"`), 'the SVG is the picture Word shows');

  const svgText = await zip.file(`word/media/${svg.file}`)!.async('string');
  assert.match(svgText, /<svg width="760" height="\d+"/, 'the SVG has a fixed size');
  const pngBytes = await zip.file(`word/media/${png.file}`)!.async('nodebuffer');
  assert.equal(pngBytes.subarray(1, 4).toString('latin1'), 'PNG');

  const chart = REFERRALS_BLOCK.parts.find((p) => p.kind === 'chart')!;
  const docPr = /<wp:docPr ([^>]*)\/?>/.exec(document)?.[1] ?? '';
  assert.match(docPr, /id="1"/);
  assert.ok(docPr.includes(`descr="${chart.kind === 'chart' ? chart.alt : ''}"`), docPr);
  assert.match(docPr, /title="Referrals by sector, 2017\/18 \(chart\)"/);
});

test('the same paper gives the same word/document.xml, however many documents were written before', async () => {
  const first = await unzip(await paperDocx(samplePaper()));
  await paperDocx(samplePaper('OFFICIAL-SENSITIVE'));
  const second = await unzip(await paperDocx(samplePaper()));
  assert.equal(second.document, first.document);
  const media = (files: JSZip) => Object.keys(files.files).filter((name) => name.startsWith('word/media/'));
  assert.deepEqual(media(second.zip), media(first.zip), 'pictures are named by their content');
});

test('a chart drawn as PNG is the same picture every time, text drawn with the shipped font', async () => {
  const chart = REFERRALS_BLOCK.parts.find((p) => p.kind === 'chart');
  assert.ok(chart?.kind === 'chart');
  const started = performance.now();
  const png = await svgToPng(chart.svg);
  const took = performance.now() - started;
  assert.deepEqual(await svgToPng(chart.svg), png);
  // 760 wide at one and a half times: 1140 pixels (PNG width, big-endian at byte 16).
  assert.equal(png.readUInt32BE(16), 1140);
  const blank = await svgToPng(chart.svg.replace(/<text[\s\S]*?<\/text>/g, ''));
  assert.notDeepEqual(blank, png, 'the labels are drawn: without them the picture differs');
  console.log(`rasterising one chart: ${took.toFixed(1)} ms`);
});
