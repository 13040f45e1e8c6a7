/**
 * Spec → SVG → PNG on the server: Vega-Lite compiles the spec, Vega lays it out headless (renderer 'none', no
 * canvas, no browser) and writes SVG, resvg rasterizes it with only the bundled font, so the PNG is the same
 * on every machine.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type RenderedImage, Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { formatMoneyCompact } from '../domain/money.js';
import { CHART_SCALE, FONT_FAMILY, MONEY_FORMAT } from './theme.js';

/** The one font resvg may use (assets/, two folders up from src/charts and from dist/charts alike). */
export const FONT_FILE = fileURLToPath(new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url));

// Axis labels in the team's currency: `format` carries the currency code, the value is in whole units.
vega.expressionFunction(MONEY_FORMAT, (units: unknown, currency: unknown) =>
  formatMoneyCompact(Number(units) * 100, typeof currency === 'string' ? currency : 'USD'),
);

/** The spec laid out and written as SVG, at its own size (CSS pixels). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

let fontChecked = false;

/** resvg draws no text at all, silently, when its font file is missing: say so instead. */
function bundledFont(): string {
  if (!fontChecked) {
    if (!existsSync(FONT_FILE)) throw new Error(`The chart font is missing: ${FONT_FILE} (it ships in assets/fonts/)`);
    fontChecked = true;
  }
  return FONT_FILE;
}

/** The SVG rasterized at CHART_SCALE× with the bundled font only (its RGBA pixels, and asPng()). */
export function rasterize(svg: string): RenderedImage {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: CHART_SCALE },
    background: '#ffffff',
    font: { fontFiles: [bundledFont()], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render();
}

/** A chart as a PNG: CHART_WIDTH × CHART_HEIGHT at CHART_SCALE× (1600 × 800 pixels). */
export async function renderPng(spec: TopLevelSpec): Promise<Buffer> {
  return rasterize(await renderSvg(spec)).asPng();
}
