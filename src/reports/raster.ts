import { fileURLToPath } from 'node:url';
import { renderAsync } from '@resvg/resvg-js';

/*
 * The Hub's charts are SVG. Word shows an SVG picture, but older readers (and LibreOffice when it
 * converts a paper to PDF) want a PNG beside it, so each chart is also drawn here. resvg draws no
 * text without a font, and a font found on the machine would make the picture differ from one
 * server to the next: it is given the one font the repository ships (DejaVu Sans, its licence
 * beside it) and nothing else, so the same chart always gives the same PNG.
 */

const FONT_FILE = fileURLToPath(new URL('./fonts/DejaVuSans.ttf', import.meta.url));

/**
 * One and a half times the chart's own size: sharp enough on paper (the SVG beside it is what Word
 * prints), while drawing at twice the size took several times as long.
 */
const SCALE = 1.5;

export interface SvgSize {
  width: number;
  height: number;
}

/** A chart's drawing size, from its viewBox (the Hub's charts size themselves to the page with width="100%"). */
export function svgSize(svg: string): SvgSize {
  const viewBox = /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/.exec(svg);
  if (!viewBox) throw new Error('A chart must have a viewBox to be printed');
  return { width: Number(viewBox[1]), height: Number(viewBox[2]) };
}

/**
 * The chart with a fixed width and height in place of the page-filling width="100%": a picture in a
 * document has no page width to fill, and a reader given a percentage may draw it at any size.
 */
export function fixedSizeSvg(svg: string): string {
  const { width, height } = svgSize(svg);
  const open = /<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('Not an SVG document');
  const tag = open[0]
    .replace(/\s(width|height)="[^"]*"/g, '')
    .replace(/^<svg\b/, `<svg width="${width}" height="${height}"`);
  return svg.slice(0, open.index) + tag + svg.slice(open.index + open[0].length);
}

/**
 * A chart as a PNG on a white ground, drawn with the shipped font only. Drawn on libuv's thread pool
 * (renderAsync), so a paper with several charts does not hold up live events while it is drawn.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { width } = svgSize(svg);
  const image = await renderAsync(fixedSizeSvg(svg), {
    fitTo: { mode: 'width', value: Math.round(width * SCALE) },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_FILE],
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
      serifFamily: 'DejaVu Sans',
      monospaceFamily: 'DejaVu Sans',
    },
    logLevel: 'off',
  });
  return image.asPng();
}
