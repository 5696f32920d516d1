/*
 * Charts drawn on the server (first for the plan dashboard), drawn on the server as plain SVG: a horizontal bar chart and a
 * stacked bar chart. No library: two shapes do not need one, and hand-written markup lets every
 * chart be an accessible image (role="img" named by its title and described by its numbers).
 * Each chart comes from a spec that also gives the table printed beneath it, so the picture and
 * the table cannot disagree. Pure functions, no I/O.
 */

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

function svg(spec: ChartSpec, plotTop: number, height: number, description: string, body: string[]): string {
  const titleId = `${spec.id}-title`;
  const descId = `${spec.id}-desc`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="hub-chart" id="${escapeXml(spec.id)}" role="img" aria-labelledby="${escapeXml(titleId)} ${escapeXml(descId)}" width="100%" viewBox="0 0 ${LAYOUT.width} ${height}">`,
    `<title id="${escapeXml(titleId)}">${escapeXml(spec.title)}</title>`,
    `<desc id="${escapeXml(descId)}">${escapeXml(description)}</desc>`,
    ...body,
    `<line x1="${plotLeft}" x2="${plotLeft}" y1="${plotTop}" y2="${height - LAYOUT.top}" stroke="${INK}" stroke-width="1"/>`,
    '</svg>',
  ].join('\n');
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
