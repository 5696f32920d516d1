import { createHash } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barChart } from '../views/charts.ts';
import { paperHtml, PAPER_STYLE_SOURCES } from './html.ts';
import type { BlockContent, Paper } from './paper.ts';

// Seed 002's paper, cut down: two paragraph sections around a live block, the implications table, one appendix.
const THREAT: BlockContent = {
  key: 'threat-level',
  heading: 'National threat level',
  source: 'MI5, threat level',
  asAt: '2017-12-15',
  marking: 'OFFICIAL',
  parts: [
    { kind: 'sentence', text: 'The threat level is SEVERE: an attack is highly likely.' },
    { kind: 'list', items: ['14 Islamist-inspired plots', '5 extreme right wing-inspired plots'] },
    { kind: 'table', caption: 'Plots disrupted', head: ['Kind', 'Plots'], rows: [['Islamist', '14']] },
    {
      kind: 'chart',
      caption: 'Plots disrupted by kind',
      svg: barChart({
        kind: 'bar',
        id: 'plots',
        title: 'Plots',
        category: 'Kind',
        bars: [{ label: 'Islamist', value: 14 }],
      }),
      alt: 'Plots disrupted: Islamist 14.',
    },
  ],
};

function samplePaper(marking: Paper['header']['marking'] = 'OFFICIAL-SENSITIVE'): Paper {
  return {
    header: {
      body: 'Ethics, Integrity and Complaints Committee',
      reportOf: 'Chief Constable',
      subject: 'Prevent and counterterrorism',
      meetingDate: '15 December 2017',
      author: 'DCC Roger Bannister',
      marking,
      agendaItem: 7,
      exemptParagraph: null,
    },
    sections: [
      { kind: 'paragraphs', heading: 'Purpose of report', items: [{ kind: 'paragraph', text: 'To update members.' }] },
      {
        kind: 'recommendations',
        heading: 'Recommendation',
        intro: 'It is recommended that:',
        recommendations: [{ number: 3, text: 'Members note the report.', decision: 'Noted' }],
      },
      {
        kind: 'paragraphs',
        heading: 'Current position',
        items: [
          { kind: 'paragraph', text: 'Local delivery is coordinated by the Prevent Steering Group.' },
          { kind: 'block', block: THREAT },
          { kind: 'paragraph', text: 'Community referrals remain low & <rare>.' },
        ],
      },
      { kind: 'implications', heading: 'Implications', rows: [{ heading: 'Financial', text: 'Nil' }] },
      { kind: 'appendices', heading: 'List of Appendices' },
      {
        kind: 'contact',
        heading: 'Person to Contact',
        contacts: [{ name: 'Bill Knopp', role: 'Ch Insp', email: 'b@example.org', phone: '01623 608302' }],
      },
    ],
    appendices: [{ letter: 'A', title: 'Action plan', block: THREAT }],
    version: 2,
    asAt: '2017-12-01',
  };
}

test('the same paper gives byte-identical HTML', () => {
  assert.equal(paperHtml(samplePaper()), paperHtml(samplePaper()));
  assert.notEqual(paperHtml(samplePaper()), paperHtml(samplePaper('OFFICIAL')));
});

test('the marking is in the running header and footer of every page, and in the page banners', () => {
  const html = paperHtml(samplePaper());
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  assert.match(style, /@top-center \{ content: "OFFICIAL-SENSITIVE"; \}/);
  assert.match(style, /@bottom-center \{ content: "OFFICIAL-SENSITIVE"; \}/);
  assert.match(style, /@bottom-right \{\s*content: 'Page ' counter\(page\) ' of ' counter\(pages\);/);
  assert.match(style, /size: A4;/);
  assert.match(html, /<header class="marking"><p>OFFICIAL-SENSITIVE<\/p><\/header>/);
  assert.match(html, /<footer class="marking"><p>OFFICIAL-SENSITIVE<\/p><\/footer>/);
  // The page's one inline style sheet is the one its CSP hash allows.
  assert.ok(PAPER_STYLE_SOURCES.includes(`'sha256-${createHash('sha256').update(style).digest('base64')}'`));
});

test('headings, numbers continuous across sections, the recommendations and the implications table', () => {
  const html = paperHtml(samplePaper());
  for (const heading of [
    'Purpose of report',
    'Recommendation',
    'Current position',
    'Implications',
    'List of Appendices',
  ])
    assert.match(html, new RegExp(`<h2 id="section-\\d">${heading}</h2>`));
  const numbers = [...html.matchAll(/<span class="number">(\d+)\.<\/span><span>([^<]*)</g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(numbers, [
    ['1', 'To update members.'],
    ['2', 'Local delivery is coordinated by the Prevent Steering Group.'],
    ['3', 'The threat level is SEVERE: an attack is highly likely.'],
    ['4', 'Community referrals remain low &amp; &lt;rare&gt;.'],
  ]);
  assert.match(
    html,
    /<li value="3">Members note the report\. <strong class="decision">Decision: Noted<\/strong><\/li>/,
  );
  assert.match(
    html,
    /<table class="implications">\s*<caption>Implications<\/caption>[\s\S]*<th scope="row">Financial<\/th><td>Nil<\/td>/,
  );
  assert.match(html, /<caption>Plots disrupted<\/caption>/);
  assert.match(html, /<div role="img" aria-label="Plots disrupted: Islamist 14\.">\s*<svg/);
  // The same chart in the body and the appendix: each copy's ids its own.
  assert.match(
    html,
    /id="paper-chart-1-plots" role="img" aria-labelledby="paper-chart-1-plots-title paper-chart-1-plots-desc"/,
  );
  assert.match(html, /<title id="paper-chart-2-plots-title">/);
  assert.match(html, /Source: MI5, threat level; as at 15 December 2017\./);
  assert.match(html, /<li>Appendix A – Action plan<\/li>/);
  assert.match(html, /<h2 id="appendix-A">Appendix A – Action plan<\/h2>/);
  assert.match(html, /Version<\/dt><dd>2, figures as at 1 December 2017/);
  assert.match(html, /<p class="agenda-item">Agenda item 7<\/p>/);
});
