/*
 * Charts drawn on the server (first for the plan dashboard), drawn on the server as plain SVG: a horizontal bar chart and a
 * stacked bar chart. No library: two shapes do not need one, and hand-written markup lets every
 * chart be an accessible image (role="img" named by its title and described by its numbers).
 * Each chart comes from a spec that also gives the table printed beneath it, so the picture and
 * the table cannot disagree. Pure functions, no I/O.
 */

import { formatDate } from './filters.ts';

export interface Bar {
  label: string;
  value: number;
  /** BAR_COLOUR unless given (the RAG chart colours each bar by its rating). */
  colour?: string;
}

export interface BarChartSpec {
  kind: 'bar';
  /** Unique on the page: the title and description ids are built from it. */
  id: string;
  title: string;
  /** The heading of the label column in the table beneath, e.g. "Due quarter". */
  category: string;
  bars: Bar[];
}

export interface Series {
  label: string;
  colour: string;
}

export interface StackedChartSpec {
  kind: 'stacked';
  id: string;
  title: string;
  category: string;
  series: Series[];
  /** One row per category; `values` in the order of `series`. */
  rows: { label: string; values: number[] }[];
}

export type ChartSpec = BarChartSpec | StackedChartSpec;

const INK = '#0b0c0c';
const WHITE = '#ffffff';
/** A single-series bar: GOV.UK blue, 5.2:1 against white. */
export const BAR_COLOUR = '#1d70b8';
/**
 * GOV.UK colours people recognise (a RAG rating, say). Amber is light, so every bar has a dark
 * outline: each fill is 3:1 or better against the outline, and the outline 19:1 against white.
 */
export const CHART_COLOURS = {
  red: '#d4351c',
  amber: '#ffbf47',
  green: '#00703c',
  blue: '#1d70b8',
} as const;

export const LAYOUT = {
  width: 760,
  labelWidth: 230,
  valueRoom: 56,
  rowHeight: 40,
  barHeight: 24,
  top: 8,
  legendHeight: 32,
  labelChars: 30,
};
const plotLeft = LAYOUT.labelWidth + 8;
const plotWidth = LAYOUT.width - plotLeft - LAYOUT.valueRoom;
const FONT = 'font-family="arial, sans-serif" font-size="14"';

/** Text made safe inside SVG/XML markup and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Split text into lines of at most `width` characters; past `maxLines`, end the last with "…". */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const words = text
    .trim()
    .split(/\s+/)
    .flatMap((word) =>
      Array.from({ length: Math.ceil(word.length / width) }, (_, i) => word.slice(i * width, (i + 1) * width)),
    );
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1).trimEnd()}…`;
  return kept;
}

// Contrast (WCAG 2.2): text inside a bar is drawn in whichever of black or white reads better on it.
const channel = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => channel(parseInt(hex.slice(i, i + 2), 16) / 255)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
export const textColourOn = (fill: string) => (contrastRatio(fill, INK) >= contrastRatio(fill, WHITE) ? INK : WHITE);

/** Length of a bar for `value` when the longest is `max`; nothing to draw when all are zero. */
export const barLength = (value: number, max: number) =>
  max > 0 ? Math.round((value / max) * plotWidth * 10) / 10 : 0;

const rowTop = (index: number, offset: number) => offset + index * LAYOUT.rowHeight;

/** The category name at the left of a row, wrapped to two lines (the table beneath has it whole). */
function rowLabel(text: string, top: number): string {
  const lines = wrapText(text, LAYOUT.labelChars, 2);
  const middle = top + LAYOUT.rowHeight / 2;
  const first = middle + 5 - ((lines.length - 1) * 16) / 2;
  const spans = lines
    .map((line, i) => `<tspan x="${LAYOUT.labelWidth}" y="${first + i * 16}">${escapeXml(line)}</tspan>`)
    .join('');
  return `<text ${FONT} fill="${INK}" text-anchor="end">${spans}</text>`;
}

/** A bar or segment. The dark outline keeps its edge at 3:1 or better against white and its neighbours. */
function rect(x: number, top: number, width: number, fill: string, tooltip: string, value: number): string {
  const y = top + (LAYOUT.rowHeight - LAYOUT.barHeight) / 2;
  return `<rect x="${x}" y="${y}" width="${width}" height="${LAYOUT.barHeight}" fill="${fill}" stroke="${INK}" stroke-width="1" data-value="${value}"><title>${escapeXml(tooltip)}</title></rect>`;
}

const valueText = (x: number, top: number, text: string, anchor = 'start', fill = INK) =>
  `<text ${FONT} fill="${fill}" text-anchor="${anchor}" x="${x}" y="${top + LAYOUT.rowHeight / 2 + 5}">${escapeXml(text)}</text>`;

/** The accessible frame every chart shares: an image named by its title and described by its numbers. */
function svgFrame(id: string, title: string, description: string, height: number, body: string[]): string {
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="hub-chart" id="${escapeXml(id)}" role="img" aria-labelledby="${escapeXml(titleId)} ${escapeXml(descId)}" width="100%" viewBox="0 0 ${LAYOUT.width} ${height}">`,
    `<title id="${escapeXml(titleId)}">${escapeXml(title)}</title>`,
    `<desc id="${escapeXml(descId)}">${escapeXml(description)}</desc>`,
    ...body,
    '</svg>',
  ].join('\n');
}

function svg(spec: ChartSpec, plotTop: number, height: number, description: string, body: string[]): string {
  return svgFrame(spec.id, spec.title, description, height, [
    ...body,
    `<line x1="${plotLeft}" x2="${plotLeft}" y1="${plotTop}" y2="${height - LAYOUT.top}" stroke="${INK}" stroke-width="1"/>`,
  ]);
}

/** What a screen reader hears: every number in the chart, in words. */
export function describe(spec: ChartSpec): string {
  if (spec.kind === 'bar') return `${spec.bars.map((b) => `${b.label}: ${b.value}`).join('; ')}.`;
  return `${spec.rows.map((row) => `${row.label}: ${spec.series.map((s, i) => `${row.values[i]} ${s.label.toLowerCase()}`).join(', ')}`).join('; ')}.`;
}

export function barChart(spec: BarChartSpec): string {
  const max = Math.max(0, ...spec.bars.map((b) => b.value));
  const rows = spec.bars.map((bar, i) => {
    const top = rowTop(i, LAYOUT.top);
    const length = barLength(bar.value, max);
    const drawn =
      length > 0 ? rect(plotLeft, top, length, bar.colour ?? BAR_COLOUR, `${bar.label}: ${bar.value}`, bar.value) : '';
    return `<g class="hub-chart__row">${rowLabel(bar.label, top)}${drawn}${valueText(plotLeft + length + 6, top, String(bar.value))}</g>`;
  });
  return svg(spec, LAYOUT.top, LAYOUT.top * 2 + spec.bars.length * LAYOUT.rowHeight, describe(spec), rows);
}

/** Swatches with their names above the bars: colour is never the only way to tell series apart. */
function legend(series: Series[]): string {
  const step = Math.floor((LAYOUT.width - plotLeft) / Math.max(1, series.length));
  const items = series.map((s, i) => {
    const x = plotLeft + i * step;
    return `<rect x="${x}" y="${LAYOUT.top + 6}" width="16" height="16" fill="${s.colour}" stroke="${INK}" stroke-width="1"/><text ${FONT} fill="${INK}" x="${x + 22}" y="${LAYOUT.top + 19}">${escapeXml(s.label)}</text>`;
  });
  return `<g class="hub-chart__legend">${items.join('')}</g>`;
}

export function stackedBarChart(spec: StackedChartSpec): string {
  const totals = spec.rows.map((row) => row.values.reduce((a, b) => a + b, 0));
  const max = Math.max(0, ...totals);
  const offset = LAYOUT.top + LAYOUT.legendHeight;
  const rows = spec.rows.map((row, i) => {
    const top = rowTop(i, offset);
    let x = plotLeft;
    const segments = row.values.map((value, s) => {
      const series = spec.series[s]!;
      const length = barLength(value, max);
      if (length === 0) return '';
      const drawn = rect(x, top, length, series.colour, `${row.label}: ${value} ${series.label.toLowerCase()}`, value);
      // A number inside a segment only where it fits; the total and the table give the rest.
      const inside =
        length >= 24 ? valueText(x + length / 2, top, String(value), 'middle', textColourOn(series.colour)) : '';
      x += length;
      return drawn + inside;
    });
    return `<g class="hub-chart__row">${rowLabel(row.label, top)}${segments.join('')}${valueText(x + 6, top, String(totals[i]))}</g>`;
  });
  return svg(spec, offset, offset + LAYOUT.top + spec.rows.length * LAYOUT.rowHeight, describe(spec), [
    legend(spec.series),
    ...rows,
  ]);
}

export const chartSvg = (spec: ChartSpec) => (spec.kind === 'bar' ? barChart(spec) : stackedBarChart(spec));

/** The numbers of a chart as the table beneath it prints them. */
export function chartTable(spec: ChartSpec): { head: string[]; rows: { label: string; values: number[] }[] } {
  if (spec.kind === 'bar')
    return { head: [spec.category, 'Actions'], rows: spec.bars.map((b) => ({ label: b.label, values: [b.value] })) };
  return {
    head: [spec.category, ...spec.series.map((s) => s.label), 'Total'],
    rows: spec.rows.map((row) => ({
      label: row.label,
      values: [...row.values, row.values.reduce((a, b) => a + b, 0)],
    })),
  };
}

/* ---- Line charts and timelines (statistics by quarter, threat level history, tension over time) ---- */

/** Ids come from the title unless given: a page with two charts of the same title passes its own. */
const slug = (text: string) =>
  `chart-${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;

/** The plot area of line charts and timelines: room on the left for tick numbers or row names. */
export const PLOT = { left: 64, right: LAYOUT.width - 24, top: 16, height: 220, xAxisRoom: 48 };

export interface LinePoint {
  label: string;
  /** null where there is no figure: the line breaks there rather than drop to a zero nobody recorded. */
  value: number | null;
  /** What the description says for a null, when it is not "no figure" (a suppressed count: "[c]"). */
  missing?: string;
}
export interface LineSeries {
  name: string;
  points: LinePoint[];
}
export interface LineChartInput {
  title: string;
  description: string;
  series: LineSeries[];
  yLabel?: string;
  id?: string;
}

/**
 * Line colours: amber is left out because a thin amber line is 1.7:1 on white, under the 3:1 a
 * graphic needs; ink takes its place. Dashes and marker shapes differ too, so colour is never the
 * only way to tell two lines apart.
 */
export const LINE_COLOURS = [CHART_COLOURS.blue, CHART_COLOURS.red, CHART_COLOURS.green, INK] as const;
export const LINE_DASHES = ['none', '8 4', '2 4', '12 4 2 4'] as const;
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

/** A round top for the y axis (1, 2 or 5 times a power of ten per step) and its ticks from 0. */
export function yTicks(max: number, steps = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / steps;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((f) => f * power >= rough) ?? 10) * power;
  const count = Math.ceil(max / step - 1e-9);
  // toPrecision strips float noise (0.1 + 0.2) so tick labels read as people write numbers.
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** A point's marker: circle, square, diamond, triangle by series, so shape also tells lines apart. */
function marker(shape: number, x: number, y: number, colour: string, tooltip: string): string {
  const tip = `<title>${escapeXml(tooltip)}</title>`;
  const look = `fill="${colour}" stroke="${WHITE}" stroke-width="1.5" class="hub-chart__point"`;
  const r = 5;
  const polygon = (points: string) => `<polygon points="${points}" ${look}>${tip}</polygon>`;
  switch (shape % 4) {
    case 0:
      return `<circle cx="${x}" cy="${y}" r="${r}" ${look}>${tip}</circle>`;
    case 1:
      return `<rect x="${x - r}" y="${y - r}" width="${r * 2}" height="${r * 2}" ${look}>${tip}</rect>`;
    case 2:
      return polygon(`${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}`);
    default:
      return polygon(`${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}`);
  }
}

/** Path data with a new `M` after every gap: a null breaks the line instead of bridging it. */
export function linePath(coords: ({ x: number; y: number } | null)[]): string {
  let pen = 'M';
  const parts: string[] = [];
  for (const c of coords) {
    if (c === null) pen = 'M';
    else {
      parts.push(`${pen}${c.x} ${c.y}`);
      pen = 'L';
    }
  }
  return parts.join(' ');
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const text = (x: number, y: number, body: string, extra = '') =>
  `<text ${FONT} fill="${INK}" x="${x}" y="${y}" ${extra}>${escapeXml(body)}</text>`;

/** Horizontal grid lines with their numbers, and the y axis name written up the left edge. */
function yAxis(ticks: number[], yOf: (v: number) => number, top: number, yLabel?: string): string {
  const lines = ticks.map((t) => {
    const y = round1(yOf(t));
    const grid = `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${y}" y2="${y}" stroke="#b1b4b6" stroke-width="1"/>`;
    return grid + text(PLOT.left - 8, y + 5, String(t), 'text-anchor="end"');
  });
  const name = yLabel
    ? text(0, 0, yLabel, `text-anchor="middle" transform="translate(16 ${top + PLOT.height / 2}) rotate(-90)"`)
    : '';
  return `<g class="hub-chart__y-axis">${lines.join('')}${name}</g>`;
}

/** x labels under their points; when crowded only every nth is drawn (the description has all). */
function xAxis(labels: string[], xOf: (i: number) => number, bottom: number): string {
  const fits = Math.max(1, Math.floor((PLOT.right - PLOT.left) / 90));
  const every = Math.ceil(labels.length / fits);
  const drawn = labels.map((l, i) =>
    i % every === 0 ? text(round1(xOf(i)), bottom + 20, l, 'text-anchor="middle"') : '',
  );
  const axis = `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${bottom}" y2="${bottom}" stroke="${INK}" stroke-width="1"/>`;
  return `<g class="hub-chart__x-axis">${axis}${drawn.join('')}</g>`;
}

/** A key above the plot: a short stretch of each line, dashed and marked as drawn, and its name. */
function lineLegend(series: LineSeries[]): string {
  const step = Math.floor((PLOT.right - PLOT.left) / series.length);
  const items = series.map((s, i) => {
    const x = PLOT.left + i * step;
    const colour = pick(LINE_COLOURS, i);
    const sample = `<line x1="${x}" x2="${x + 32}" y1="${PLOT.top + 12}" y2="${PLOT.top + 12}" stroke="${colour}" stroke-width="3" stroke-dasharray="${pick(LINE_DASHES, i)}"/>`;
    return sample + marker(i, x + 16, PLOT.top + 12, colour, s.name) + text(x + 40, PLOT.top + 17, s.name);
  });
  return `<g class="hub-chart__legend">${items.join('')}</g>`;
}

/** Every figure in words, so a screen reader hears what the lines show, gaps included. */
export function describeLines(input: LineChartInput): string {
  const series = input.series.map(
    (s) => `${s.name}: ${s.points.map((p) => `${p.label} ${p.value ?? p.missing ?? 'no figure'}`).join(', ')}`,
  );
  return `${input.description} ${series.join('; ')}.`;
}

/** One line per series over shared x labels (taken from the first series), breaking where a value is null. */
export function lineChartSvg(input: LineChartInput): string {
  const labels = input.series[0]?.points.map((p) => p.label) ?? [];
  const values = input.series.flatMap((s) => s.points.map((p) => p.value ?? 0));
  const ticks = yTicks(Math.max(0, ...values));
  const top = PLOT.top + (input.series.length > 1 ? LAYOUT.legendHeight : 0);
  const bottom = top + PLOT.height;
  const yOf = (v: number) => bottom - (v / ticks[ticks.length - 1]!) * PLOT.height;
  const xOf = (i: number) => PLOT.left + ((i + 0.5) * (PLOT.right - PLOT.left)) / Math.max(1, labels.length);
  const lines = input.series.map((s, i) => {
    const colour = pick(LINE_COLOURS, i);
    const coords = s.points.map((p, j) => (p.value === null ? null : { x: round1(xOf(j)), y: round1(yOf(p.value)) }));
    const path = `<path d="${linePath(coords)}" fill="none" stroke="${colour}" stroke-width="3" stroke-dasharray="${pick(LINE_DASHES, i)}"/>`;
    const marks = coords.map((c, j) =>
      c ? marker(i, c.x, c.y, colour, `${s.name}, ${s.points[j]!.label}: ${s.points[j]!.value}`) : '',
    );
    return `<g class="hub-chart__series">${path}${marks.join('')}</g>`;
  });
  const body = [yAxis(ticks, yOf, top, input.yLabel), xAxis(labels, xOf, bottom), ...lines];
  if (input.series.length > 1) body.unshift(lineLegend(input.series));
  return svgFrame(input.id ?? slug(input.title), input.title, describeLines(input), bottom + PLOT.xAxisRoom, body);
}

export type When = Date | string;
export interface TimelineSpan {
  label: string;
  start: When;
  /** null while the period is still running: the band is drawn to the timeline's end. */
  end: When | null;
  level?: string;
}
export interface TimelineInput {
  title: string;
  description: string;
  from: When;
  to: When;
  spans: TimelineSpan[];
  marks?: { date: When; label: string }[];
  id?: string;
}

/** Row names need a wider left margin than tick numbers. */
export const TIMELINE = { left: 200, right: PLOT.right, top: 40, rowHeight: 36, bandHeight: 22, axisRoom: 40 };

const time = (when: When) => (when instanceof Date ? when : new Date(when)).getTime();

/** Periods without a level (a response plan) in GOV.UK dark grey, 7:1 on white, so they never look like the first level. */
const NO_LEVEL = '#505a5f';

/** Levels in the order they first appear take CHART_COLOURS in turn; the level is also written beside its band. */
function levelColours(spans: TimelineSpan[]): Map<string, string> {
  const palette = [CHART_COLOURS.blue, CHART_COLOURS.green, CHART_COLOURS.amber, CHART_COLOURS.red];
  const levels = [...new Set(spans.flatMap((s) => (s.level ? [s.level] : [])))];
  return new Map(levels.map((level, i) => [level, pick(palette, i)]));
}

/** The 1 January of each year inside the range (thinned to about ten), or the start when none falls inside. */
function yearTicks(from: number, to: number): { t: number; year: number }[] {
  const startYear = new Date(from).getUTCFullYear();
  const first = Date.UTC(startYear, 0, 1) < from ? startYear + 1 : startYear;
  const last = new Date(to).getUTCFullYear();
  const every = Math.max(1, Math.ceil((last - first + 1) / 10));
  const years = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i).filter(
    (y) => (y - first) % every === 0,
  );
  if (years.length === 0) return [{ t: from, year: startYear }];
  return years.map((year) => ({ t: Date.UTC(year, 0, 1), year }));
}

/** A span in words: "Threat level, SUBSTANTIAL: from 1 August 2014 to 29 August 2014" or "…, continuing". */
const spanWords = (s: TimelineSpan) =>
  `${s.label}${s.level ? `, ${s.level}` : ''}: from ${formatDate(s.start)}${s.end === null ? ', continuing' : ` to ${formatDate(s.end)}`}`;

export function describeTimeline(input: TimelineInput): string {
  const marks = (input.marks ?? []).map((m) => `${formatDate(m.date)}: ${m.label}`);
  const parts = [...input.spans.map(spanWords), ...marks];
  return `${input.description} From ${formatDate(input.from)} to ${formatDate(input.to)}. ${parts.join('; ')}.`;
}

function band(s: TimelineSpan, row: number, xOf: (t: number) => number, to: number, fill: string): string {
  const top = TIMELINE.top + row * TIMELINE.rowHeight;
  const x1 = xOf(time(s.start));
  const x2 = xOf(s.end === null ? to : time(s.end));
  const y = top + (TIMELINE.rowHeight - TIMELINE.bandHeight) / 2;
  const name = text(
    TIMELINE.left - 8,
    top + TIMELINE.rowHeight / 2 + 5,
    wrapText(s.label, 24, 1)[0] ?? '',
    'text-anchor="end"',
  );
  const rectangle = `<rect class="hub-chart__span" x="${x1}" y="${y}" width="${round1(Math.max(1, x2 - x1))}" height="${TIMELINE.bandHeight}" fill="${fill}" stroke="${INK}" stroke-width="1"><title>${escapeXml(spanWords(s))}</title></rect>`;
  // The level goes inside the band where it fits, otherwise just after it (left of it at the right edge).
  const fits = s.level !== undefined && x2 - x1 >= s.level.length * 8 + 12;
  const after = x2 + 6 + (s.level?.length ?? 0) * 8 <= LAYOUT.width;
  const level = !s.level
    ? ''
    : fits
      ? `<text ${FONT} fill="${textColourOn(fill)}" x="${x1 + 6}" y="${y + 16}">${escapeXml(s.level)}</text>`
      : text(after ? x2 + 6 : x1 - 6, y + 16, s.level, after ? '' : 'text-anchor="end"');
  return `<g class="hub-chart__row">${name}${rectangle}${level}</g>`;
}

/** Incidents: a dashed line down through the rows and a label above, alternating heights so neighbours do not collide. */
function mark(m: { date: When; label: string }, i: number, x: number, bottom: number): string {
  const line = `<line class="hub-chart__mark" x1="${x}" x2="${x}" y1="${TIMELINE.top - 4}" y2="${bottom}" stroke="${INK}" stroke-width="1.5" stroke-dasharray="3 3"><title>${escapeXml(`${formatDate(m.date)}: ${m.label}`)}</title></line>`;
  const dot = `<circle cx="${x}" cy="${TIMELINE.top - 4}" r="4" fill="${INK}"/>`;
  return line + dot + text(x, i % 2 === 0 ? 14 : 28, wrapText(m.label, 20, 1)[0] ?? '', 'text-anchor="middle"');
}

/** Periods as horizontal bands between `from` and `to`, with year ticks and point marks. */
export function timelineSvg(input: TimelineInput): string {
  const from = time(input.from);
  const to = time(input.to);
  if (!(to > from)) throw new RangeError('A timeline needs `to` after `from`.');
  // Clamped: a period that began before the timeline starts at its left edge rather than off the chart.
  const xOf = (t: number) =>
    round1(TIMELINE.left + ((Math.min(Math.max(t, from), to) - from) / (to - from)) * (TIMELINE.right - TIMELINE.left));
  const colours = levelColours(input.spans);
  const bottom = TIMELINE.top + input.spans.length * TIMELINE.rowHeight;
  const rows = input.spans.map((s, i) => band(s, i, xOf, to, s.level ? colours.get(s.level)! : NO_LEVEL));
  const ticks = yearTicks(from, to).map(({ t, year }) => {
    const x = xOf(t);
    return `<line x1="${x}" x2="${x}" y1="${TIMELINE.top}" y2="${bottom + 6}" stroke="#b1b4b6" stroke-width="1"/>${text(x, bottom + 22, String(year), 'text-anchor="middle"')}`;
  });
  const axis = `<line x1="${TIMELINE.left}" x2="${TIMELINE.right}" y1="${bottom}" y2="${bottom}" stroke="${INK}" stroke-width="1"/>`;
  const marks = (input.marks ?? []).map((m, i) => mark(m, i, xOf(time(m.date)), bottom));
  const body = [`<g class="hub-chart__years">${ticks.join('')}${axis}</g>`, ...rows, ...marks];
  return svgFrame(
    input.id ?? slug(input.title),
    input.title,
    describeTimeline(input),
    bottom + TIMELINE.axisRoom,
    body,
  );
}
