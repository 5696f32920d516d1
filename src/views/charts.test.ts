import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BAR_COLOUR,
  LAYOUT,
  CHART_COLOURS,
  barChart,
  chartTable,
  contrastRatio,
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
