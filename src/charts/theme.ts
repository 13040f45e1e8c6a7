/**
 * What every chart shares: its size, font, colours and axis formats, so the charts read as one set and render the
 * same on every machine (render.ts gives resvg only the bundled font).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { LocalDate } from '../domain/calendar.js';

/** A chart as the builders make it: a Vega-Lite spec, and alt text carrying the same numbers. */
export interface Chart {
  spec: TopLevelSpec;
  alt: string;
}

/** Every chart is this size in CSS pixels, rendered at SCALE× for sharp text on high-density screens. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
export const CHART_SCALE = 2;

/** The bundled font's family name (assets/fonts/DejaVuSans.ttf). */
export const FONT_FAMILY = 'DejaVu Sans';

/** The custom format type render.ts registers: money in whole units, formatted in the currency named by `format`. */
export const MONEY_FORMAT = 'focusMoney';

export const COLORS = {
  won: '#1f6feb',
  pace: '#8c959f',
  quota: '#24292f',
  projection: '#1f6feb',
  ahead: '#2da44e',
  behind: '#d4772c',
  icp: '#2da44e',
  nonIcp: '#d4772c',
  unclassified: '#8c959f',
  noAccount: '#d0d7de',
  today: '#57606a',
} as const;

/** Slack's image blocks take alt text up to 2,000 characters. */
export const ALT_LIMIT = 2000;

/** The common frame of a spec: fixed size (the padding and legend inside it), the font, a white background. */
export function baseSpec(title: string) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    background: '#ffffff',
    title: { text: title, anchor: 'start', fontSize: 16, fontWeight: 'normal' },
    config: {
      font: FONT_FAMILY,
      // No ARIA labels: they write dates in the host's zone (the alt text says it all, once, for Slack).
      aria: false,
      customFormatTypes: true,
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#eaeef2' },
      legend: { labelFontSize: 12, labelLimit: 320, titleFontWeight: 'normal', orient: 'top' },
    },
  };
}

/** A local date as the chart's x value: its UTC midnight, drawn on a UTC scale so the host's zone never moves it. */
export function dateValue(date: LocalDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Cents as the chart's money value: whole units (the axis formats them with MONEY_FORMAT). */
export function unitsOf(cents: number): number {
  return cents / 100;
}

/** 'Nov 18' for a local date, as the axis writes it. */
export function shortDate(date: LocalDate): string {
  return new Date(dateValue(date)).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** Alt text cut to Slack's limit at a sentence, ending with an ellipsis. */
export function fitAlt(text: string): string {
  if (text.length <= ALT_LIMIT) return text;
  const cut = text.slice(0, ALT_LIMIT - 1);
  const end = cut.lastIndexOf('; ');
  return `${end > 0 ? cut.slice(0, end) : cut}…`;
}
