import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BAR_COLOUR,
  LAYOUT,
  CHART_COLOURS,
  barChart,
  PLOT,
  TIMELINE,
  chartTable,
  contrastRatio,
  lineChartSvg,
  timelineSvg,
  yTicks,
  stackedBarChart,
  textColourOn,
  type BarChartSpec,
  type StackedChartSpec,
} from './charts.ts';

const WHITE = '#ffffff';
const RAG_COLOURS = {
  red: CHART_COLOURS.red,
  amber: CHART_COLOURS.amber,
  green: CHART_COLOURS.green,
  complete: CHART_COLOURS.blue,
};
const INK = '#0b0c0c';

const bars = (values: [string, number][]): BarChartSpec => ({
  kind: 'bar',
  id: 'chart-test',
  title: 'Actions by quarter due',
  category: 'Quarter due',
  bars: values.map(([label, value]) => ({ label, value })),
});

const ragStack = (rows: { label: string; values: number[] }[]): StackedChartSpec => ({
  kind: 'stacked',
  id: 'chart-stack',
  title: 'Actions by strand and RAG rating',
  category: 'Strand',
  series: (['red', 'amber', 'green', 'complete'] as const).map((rag) => ({
    label: rag[0]!.toUpperCase() + rag.slice(1),
    colour: RAG_COLOURS[rag],
  })),
  rows,
});

/** Each drawn bar or segment: its value and its width. */
const rects = (svg: string) =>
  [
    ...svg.matchAll(
      /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="\d+" fill="(#[0-9a-f]{6})" stroke="[^"]+" stroke-width="1" data-value="(\d+)"/g,
    ),
  ].map((m) => ({
    x: Number(m[1]),
    width: Number(m[2]),
    fill: m[3]!,
    value: Number(m[4]),
  }));

/** Equal to the tenth of a pixel the bars are drawn to. */
const near = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 0.15, `${what}: ${actual} is not ${expected}`);

const texts = (svg: string) => [...svg.matchAll(/<(?:text|tspan)[^>]*>([^<]+)</g)].map((m) => m[1]!);

test('a bar chart is an image named by its title and described by its numbers', () => {
  const svg = barChart(
    bars([
      ['Q3 2026/27', 4],
      ['Q4 2026/27', 2],
    ]),
  );
  assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="chart-test-title chart-test-desc"/);
  assert.match(svg, /<title id="chart-test-title">Actions by quarter due<\/title>/);
  assert.match(svg, /<desc id="chart-test-desc">Q3 2026\/27: 4; Q4 2026\/27: 2\.<\/desc>/);
  assert.match(svg, /viewBox="0 0 760 96"/);
});

test('bar labels and values are drawn as text', () => {
  const svg = barChart(
    bars([
      ['Q3 2026/27', 4],
      ['Q4 2026/27', 2],
    ]),
  );
  const drawn = texts(svg);
  for (const text of ['Q3 2026/27', 'Q4 2026/27', '4', '2'])
    assert.ok(drawn.includes(text), `${text} in ${drawn.join(' | ')}`);
});

test('bar widths are proportional to the values, the longest filling the plot', () => {
  const [eight, four, two] = rects(
    barChart(
      bars([
        ['A', 8],
        ['B', 4],
        ['C', 2],
      ]),
    ),
  );
  assert.deepEqual([eight!.value, four!.value, two!.value], [8, 4, 2]);
  assert.equal(eight!.width, LAYOUT.width - LAYOUT.labelWidth - 8 - LAYOUT.valueRoom);
  near(four!.width, eight!.width / 2, 'half the longest');
  near(two!.width, eight!.width / 4, 'a quarter of the longest');
  assert.ok(
    [eight, four, two].every((r) => r!.x === eight!.x),
    'every bar starts at the axis',
  );
});

test('a zero draws no bar but keeps its label and its 0; all zeros draw no bars at all', () => {
  const svg = barChart(
    bars([
      ['Blocked', 0],
      ['On track', 3],
    ]),
  );
  assert.deepEqual(
    rects(svg).map((r) => r.value),
    [3],
  );
  assert.ok(texts(svg).includes('Blocked'));
  assert.ok(texts(svg).includes('0'));
  const empty = barChart(
    bars([
      ['Blocked', 0],
      ['On track', 0],
    ]),
  );
  assert.equal(rects(empty).length, 0);
  assert.doesNotMatch(empty, /NaN|Infinity/);
});

test('names with & and < are escaped everywhere they appear', () => {
  const svg = stackedBarChart(ragStack([{ label: 'Tees & <Esk> Trust', values: [1, 0, 2, 0] }]));
  assert.doesNotMatch(svg, /<Esk>/);
  assert.match(svg, /<tspan[^>]*>Tees &amp; &lt;Esk&gt; Trust<\/tspan>/);
  assert.match(svg, /<title>Tees &amp; &lt;Esk&gt; Trust: 1 red<\/title>/);
  assert.match(
    svg,
    /<desc id="chart-stack-desc">Tees &amp; &lt;Esk&gt; Trust: 1 red, 0 amber, 2 green, 0 complete\.<\/desc>/,
  );
  const titled = barChart({ ...bars([['A', 1]]), title: 'Quarters <due> & "done"' });
  assert.match(titled, /<title id="chart-test-title">Quarters &lt;due&gt; &amp; &quot;done&quot;<\/title>/);
});

test('long names are wrapped onto two lines and shortened, never run into the bars', () => {
  const svg = barChart(bars([['Leicester, Leicestershire and Rutland Integrated Care Board for the whole area', 1]]));
  const lines = [...svg.matchAll(/<tspan[^>]*>([^<]+)<\/tspan>/g)].map((m) => m[1]!);
  assert.equal(lines.length, 2);
  assert.ok(
    lines.every((line) => line.length <= LAYOUT.labelChars),
    lines.join(' / '),
  );
  assert.match(lines[1]!, /…$/);
});

test('a stacked bar puts segments end to end in series order, each as wide as its value, with the total', () => {
  const svg = stackedBarChart(
    ragStack([
      { label: 'Prevent', values: [2, 1, 3, 0] },
      { label: 'Protect', values: [0, 0, 1, 1] },
    ]),
  );
  const [red, amber, green, protectGreen, protectComplete] = rects(svg);
  assert.deepEqual([red!.fill, amber!.fill, green!.fill], [RAG_COLOURS.red, RAG_COLOURS.amber, RAG_COLOURS.green]);
  near(amber!.x, red!.x + red!.width, 'amber starts where red ends');
  near(green!.x, amber!.x + amber!.width, 'green starts where amber ends');
  near(red!.width, amber!.width * 2, 'red is 2');
  near(green!.width, amber!.width * 3, 'green is 3');
  near(protectGreen!.width, amber!.width, 'one is as wide in every row');
  assert.equal(protectComplete!.fill, RAG_COLOURS.complete);
  assert.equal(rects(svg).length, 5, 'zero segments are not drawn');
  const drawn = texts(svg);
  for (const text of ['Red', 'Amber', 'Green', 'Complete', 'Prevent', 'Protect', '6', '2'])
    assert.ok(drawn.includes(text), text);
});

test('colours: text on every bar reads at 4.5:1 or better, every bar edge at 3:1 or better', () => {
  for (const fill of [BAR_COLOUR, ...Object.values(RAG_COLOURS)]) {
    assert.ok(contrastRatio(fill, textColourOn(fill)) >= 4.5, `text on ${fill}`);
    assert.ok(contrastRatio(fill, INK) >= 3, `outline against ${fill}`);
  }
  assert.ok(contrastRatio(INK, WHITE) >= 3, 'outline against the page');
  assert.ok(contrastRatio(BAR_COLOUR, WHITE) >= 3, 'single-series bars against the page');
  assert.equal(textColourOn(RAG_COLOURS.amber), INK);
  assert.equal(textColourOn(RAG_COLOURS.red), WHITE);
  assert.equal(contrastRatio('#000000', '#ffffff').toFixed(0), '21');
});

test('the table beneath a chart holds the same numbers, with totals for a stacked bar', () => {
  assert.deepEqual(chartTable(bars([['Q3 2026/27', 4]])), {
    head: ['Quarter due', 'Actions'],
    rows: [{ label: 'Q3 2026/27', values: [4] }],
  });
  assert.deepEqual(chartTable(ragStack([{ label: 'Prevent', values: [2, 1, 3, 0] }])), {
    head: ['Strand', 'Red', 'Amber', 'Green', 'Complete', 'Total'],
    rows: [{ label: 'Prevent', values: [2, 1, 3, 0, 6] }],
  });
});

/** Tags balance and nest (a light XML check: no parser is needed for markup this regular). */
function assertBalanced(svg: string) {
  const open: string[] = [];
  for (const [, close, name, self] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (self) continue;
    if (close) assert.equal(open.pop(), name, `</${name}> closes what it did not open`);
    else open.push(name!);
  }
  assert.deepEqual(open, [], 'every tag is closed');
  assert.doesNotMatch(svg.replace(/&(amp|lt|gt|quot|#39);/g, ''), /&/, 'no bare ampersand');
  assert.doesNotMatch(svg, /<script|\son[a-z]+=/i, 'no scripts');
}
const descOf = (svg: string) => /<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1]!;
const pathsOf = (svg: string) => [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]!);

const referrals = (values: (number | null)[]) => values.map((value, i) => ({ label: `2017/18 Q${i + 1}`, value }));

test('a line chart is an accessible image of balanced markup, every figure in its description', () => {
  const svg = lineChartSvg({
    title: 'Referrals by quarter',
    description: 'Referrals received each quarter.',
    series: [
      { name: 'Referrals', points: referrals([12, 7, null, 31]) },
      { name: 'Adopted', points: referrals([3, 2, 5, 9]) },
    ],
    yLabel: 'Referrals',
  });
  assertBalanced(svg);
  assert.match(svg, /role="img" aria-labelledby="chart-referrals-by-quarter-title chart-referrals-by-quarter-desc"/);
  const desc = descOf(svg);
  for (const figure of ['2017/18 Q1 12', '2017/18 Q2 7', '2017/18 Q3 no figure', '2017/18 Q4 31', '2017/18 Q4 9'])
    assert.ok(desc.includes(figure), `${figure} in "${desc}"`);
  assert.match(svg, /class="hub-chart__legend"/, 'two series get a legend');
  assert.ok(svg.includes('>Referrals</text>'), 'the y axis is named');
});

test('a null with its own words (a suppressed count) is described by them, not as "no figure"', () => {
  const points = [...referrals([12, null]), { label: '2017/18 Q3', value: null, missing: '[c]' }];
  const desc = descOf(lineChartSvg({ title: 'T', description: 'D', series: [{ name: 'S', points }] }));
  assert.match(desc, /2017\/18 Q2 no figure, 2017\/18 Q3 \[c\]/);
});

test('a null breaks the line into two pieces and has no marker; a zero is drawn as a zero', () => {
  const svg = lineChartSvg({
    title: 'T',
    description: 'D',
    series: [{ name: 'S', points: referrals([4, 0, null, 8, 6]) }],
  });
  const [d] = pathsOf(svg);
  assert.equal(d!.match(/M/g)!.length, 2, `two pieces: ${d}`);
  assert.equal(d!.match(/L/g)!.length, 2, `4-0 and 8-6 joined, nothing across the gap: ${d}`);
  assert.equal(svg.match(/class="hub-chart__point"/g)!.length, 4, 'four markers for four figures');
  assert.doesNotMatch(svg, /Q3: /, 'no marker tooltip for the missing quarter');
  const bottom = PLOT.top + PLOT.height;
  assert.ok(d!.includes(` ${bottom} `) || d!.includes(` ${bottom}`), 'the real zero sits on the axis');
  assert.doesNotMatch(svg, /class="hub-chart__legend"/, 'one series needs no legend');
});

test('series differ by dash pattern and marker shape, not only by colour', () => {
  const svg = lineChartSvg({
    title: 'T',
    description: 'D',
    series: ['A', 'B', 'C'].map((name) => ({ name, points: referrals([1, 2]) })),
  });
  const dashes = [...svg.matchAll(/<path [^>]*stroke-dasharray="([^"]*)"/g)].map((m) => m[1]);
  assert.equal(new Set(dashes).size, 3, `distinct dashes: ${dashes.join(' | ')}`);
  assert.match(svg, /<circle/);
  assert.match(svg, /<rect[^>]*hub-chart__point/);
  assert.match(svg, /<polygon/);
});

test('y ticks run from 0 to a round maximum at or above the largest value', () => {
  assert.deepEqual(yTicks(31), [0, 10, 20, 30, 40]);
  assert.deepEqual(yTicks(3), [0, 1, 2, 3]);
  assert.deepEqual(yTicks(0.3), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(yTicks(0), [0, 1], 'all zeros or all gaps still draw an axis');
  const svg = lineChartSvg({ title: 'T', description: 'D', series: [{ name: 'S', points: referrals([null, null]) }] });
  assertBalanced(svg);
  assert.equal(pathsOf(svg)[0], '', 'nothing to draw');
});

test('line chart names and labels are escaped', () => {
  const svg = lineChartSvg({
    title: 'Tension <high> & "rising"',
    description: "Schools' & colleges' reports",
    series: [
      { name: 'A & B', points: [{ label: 'Q1 <draft>', value: 1 }] },
      { name: '<script>', points: [{ label: 'Q1 <draft>', value: 2 }] },
    ],
  });
  assertBalanced(svg);
  assert.ok(svg.includes('Tension &lt;high&gt; &amp; &quot;rising&quot;'));
  assert.ok(svg.includes('Q1 &lt;draft&gt;'));
  assert.ok(svg.includes('&lt;script&gt;'));
});

const threat = {
  title: 'UK threat level',
  description: 'The national threat level over time.',
  from: '2014-01-01',
  to: '2018-01-01',
  spans: [
    { label: 'Threat level', level: 'SEVERE', start: '2014-08-29', end: '2017-05-23' },
    { label: 'Threat level', level: 'SUBSTANTIAL', start: '2014-01-01', end: '2014-08-29' },
    { label: 'Threat level', level: 'CRITICAL', start: '2017-05-23', end: '2017-05-27' },
    { label: '14-day response plan', start: new Date('2017-09-15'), end: null },
  ],
  marks: [{ date: '2017-05-22', label: 'Arena attack' }],
};
const spanXs = (svg: string) =>
  [...svg.matchAll(/class="hub-chart__span" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => ({
    x: Number(m[1]),
    end: Number(m[1]) + Number(m[2]),
  }));

test('a timeline is balanced markup; every span and mark is in its description', () => {
  const svg = timelineSvg(threat);
  assertBalanced(svg);
  assert.match(svg, /role="img"/);
  const desc = descOf(svg);
  for (const words of [
    'Threat level, SEVERE: from 29 August 2014 to 23 May 2017',
    'Threat level, SUBSTANTIAL: from 1 January 2014 to 29 August 2014',
    '14-day response plan: from 15 September 2017, continuing',
    '22 May 2017: Arena attack',
  ])
    assert.ok(desc.includes(words), `"${words}" in "${desc}"`);
  for (const year of ['2014', '2015', '2016', '2017', '2018'])
    assert.ok(svg.includes(`>${year}</text>`), `${year} tick`);
});

test('spans sit in date order along the axis; an open span reaches the right edge', () => {
  const [severe, substantial, critical, plan] = spanXs(timelineSvg(threat));
  assert.ok(substantial!.x < severe!.x && severe!.x < critical!.x && critical!.x < plan!.x, 'starts in date order');
  assert.equal(substantial!.x, TIMELINE.left, 'the first day is the left edge');
  assert.ok(Math.abs(substantial!.end - severe!.x) < 0.2, 'one period ends where the next begins');
  assert.ok(Math.abs(plan!.end - TIMELINE.right) < 0.2, `open span ends at ${plan!.end}, edge ${TIMELINE.right}`);
  assert.ok(severe!.end < TIMELINE.right - 50, 'a closed span stops at its end');
});

test('timeline labels are escaped and a backwards range is refused', () => {
  const svg = timelineSvg({
    ...threat,
    spans: [{ label: 'Plan <A> & B', level: '"LOW"', start: '2015-01-01', end: null }],
    marks: [{ date: '2016-01-01', label: 'Fire & <smoke>' }],
  });
  assertBalanced(svg);
  assert.ok(svg.includes('Plan &lt;A&gt; &amp; B'));
  assert.ok(svg.includes('&quot;LOW&quot;'));
  assert.ok(svg.includes('Fire &amp; &lt;smoke&gt;'));
  assert.throws(() => timelineSvg({ ...threat, from: '2018-01-01', to: '2014-01-01' }), RangeError);
});

test('a period without a level is not coloured like any level', () => {
  const fills = [...timelineSvg(threat).matchAll(/class="hub-chart__span"[^>]*fill="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(fills).size, 4, `four distinct fills: ${fills.join(', ')}`);
});
