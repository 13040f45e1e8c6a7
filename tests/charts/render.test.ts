import { describe, expect, it } from 'vitest';
import { attainmentChart } from '../../src/charts/attainment.js';
import { repBurnUp } from '../../src/charts/burn-up.js';
import { rasterize, renderPng, renderSvg } from '../../src/charts/render.js';
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH, COLORS } from '../../src/charts/theme.js';
import { periodContaining } from '../../src/domain/period.js';
import { workCalendar } from '../../src/domain/workdays.js';
import { MON_FRI } from '../support/gap-input.js';

const Q4 = periodContaining('quarter', '2026-11-18', 1);
const attainment = attainmentChart({
  period: Q4,
  reps: [
    { name: 'Ana', quotaCents: 40_000_000, wonCents: 26_000_000, expectedCents: 21_250_000 },
    { name: 'Bo', quotaCents: 30_000_000, wonCents: 9_000_000, expectedCents: 15_937_500 },
  ],
});

/** Width and height from a PNG's IHDR chunk: the 8-byte signature, then length, 'IHDR', width, height. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function hex(color: string): [number, number, number] {
  return [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
}

describe('rendering a chart', () => {
  it('makes a PNG of the fixed size, at twice the CSS pixels', async () => {
    const png = await renderPng(attainment.spec);
    // 800 × 400 at 2×
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });
    expect(pngSize(png)).toEqual({ width: 1600, height: 800 });
  });

  it('draws something: many colours, among them the bars’ own, in the bundled font', async () => {
    const svg = await renderSvg(attainment.spec);
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(svg).toContain('>Ana<');
    const image = rasterize(svg);
    expect([image.width, image.height]).toEqual([1600, 800]);
    const colours = new Set<number>();
    const { pixels } = image;
    for (let i = 0; i < pixels.length; i += 4) {
      colours.add(((pixels[i] as number) << 16) | ((pixels[i + 1] as number) << 8) | (pixels[i + 2] as number));
    }
    expect(colours.size).toBeGreaterThan(1);
    // Ana is ahead of pace (65% against 53%), Bo behind (30%): both bar colours are painted
    for (const color of [COLORS.ahead, COLORS.behind]) {
      const [r, g, b] = hex(color);
      expect(colours.has((r << 16) | (g << 8) | b)).toBe(true);
    }
  });

  it('writes the same SVG whatever the host’s time zone', async () => {
    const spec = repBurnUp({
      period: Q4,
      today: '2026-11-18',
      currency: 'USD',
      shares: [{ quotaCents: 40_000_000, calendar: workCalendar(MON_FRI), today: '2026-11-18', dayOver: false }],
      wins: [{ date: '2026-10-06', cents: 5_000_000 }],
      projectedCents: 20_000_000,
    }).spec;
    const hostZone = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const utc = await renderSvg(spec);
      process.env.TZ = 'America/Los_Angeles';
      const pacific = await renderSvg(spec);
      expect(pacific).toBe(utc);
      expect(utc).toContain('>Today, Nov 18<');
    } finally {
      if (hostZone === undefined) delete process.env.TZ;
      else process.env.TZ = hostZone;
    }
  });
});
