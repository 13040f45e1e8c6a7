/**
 * Chart render times: a seeded team (20 reps × 120 days), its four charts (team burn-up, attainment by rep, a rep's
 * burn-up, a rep's activity mix) built from the database and rendered spec → SVG → PNG, each 10 times in a fresh
 * process: the first render (cold: Vega's and resvg's first use) and the median of the 10.
 *
 *   npx tsx scripts/bench-charts.ts          # a table
 *   npx tsx scripts/bench-charts.ts --json   # JSON, as scripts/bench.ts reads it (chartBenchLines)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { activityMixChart } from '../src/charts/activity-mix.js';
import { attainmentChart } from '../src/charts/attainment.js';
import { repBurnUp, teamBurnUp } from '../src/charts/burn-up.js';
import { attainmentInput, repBurnUpInput, repMixInput, teamBurnUpInput } from '../src/charts/data.js';
import type { Chart } from '../src/charts/theme.js';
import { loadStatus } from '../src/coach/status.js';
import { teamProgressFrom } from '../src/coach/team.js';
import { openStorage } from '../src/db/connection.js';
import { seedTeam } from '../src/db/seed.js';
import { sqliteStore } from '../src/storage/sqlite.js';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 10;
/** "Well under a second each": the cold first render, and the median of warm ones. */
export const CHART_TARGETS = { firstMs: 1000, medianMs: 250 };

export interface ChartTiming {
  chart: string;
  firstMs: number;
  medianMs: number;
  pngBytes: number;
}

export interface ChartBench {
  /** Importing Vega, Vega-Lite and resvg (once per process). */
  importMs: number;
  /** Reading the team's and one rep's chart data from the database and building the four specs. */
  dataMs: number;
  charts: ChartTiming[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Seeds a team in a temp file, builds its four charts and renders each RUNS times. */
export async function measureCharts(): Promise<ChartBench> {
  const dir = mkdtempSync(join(tmpdir(), 'focus-bench-charts-'));
  const storage = openStorage(join(dir, 'charts.db'));
  const store = sqliteStore(storage);
  try {
    const now = Date.parse('2026-11-18T17:00:00Z');
    const defaultTimezone = 'America/New_York';
    const seeded = seedTeam(storage.sqlite, { teamId: 'TCHARTS', reps: 20, days: 120, now, seed: 3 });
    const importStarted = performance.now();
    const { renderPng } = await import('../src/charts/render.js');
    const importMs = performance.now() - importStarted;

    const dataStarted = performance.now();
    const progress = await teamProgressFrom(store, { teamId: 'TCHARTS', now, defaultTimezone });
    const userId = seeded.userIds[0] as string;
    const status = await loadStatus(store, { teamId: 'TCHARTS', userId, now, defaultTimezone });
    const charts: [string, Chart][] = [
      ['team burn-up', teamBurnUp(await teamBurnUpInput(store, progress, { now, defaultTimezone }))],
      ['attainment by rep (20 reps)', attainmentChart(attainmentInput(progress, (id) => `Rep ${id.slice(-3)}`))],
      ['a rep’s burn-up', repBurnUp(await repBurnUpInput(store, status))],
      ['a rep’s activity mix (8 weeks)', activityMixChart(await repMixInput(store, status))],
    ];
    const dataMs = performance.now() - dataStarted;

    const timings: ChartTiming[] = [];
    for (const [chart, { spec }] of charts) {
      const times: number[] = [];
      let pngBytes = 0;
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        pngBytes = (await renderPng(spec)).length;
        times.push(performance.now() - started);
      }
      timings.push({ chart, firstMs: times[0] as number, medianMs: median(times), pngBytes });
    }
    return { importMs, dataMs, charts: timings };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');

/** The results as Markdown table lines. */
export function chartLines(bench: ChartBench): string[] {
  return [
    `| chart (800 × 400 at 2×, spec → SVG → PNG) | first render ms | median of ${RUNS} ms | PNG bytes | target (first ≤ ${CHART_TARGETS.firstMs} ms, median ≤ ${CHART_TARGETS.medianMs} ms) |`,
    '| --- | ---: | ---: | ---: | --- |',
    ...bench.charts.map(
      (c) =>
        `| ${c.chart} | ${fmt(c.firstMs)} | ${fmt(c.medianMs)} | ${fmt(c.pngBytes)} | ${verdict(c.firstMs <= CHART_TARGETS.firstMs && c.medianMs <= CHART_TARGETS.medianMs)} |`,
    ),
    '',
    `Importing Vega, Vega-Lite and resvg: ${fmt(bench.importMs)} ms once per process; reading the data and building the four specs: ${fmt(bench.dataMs)} ms.`,
  ];
}

/** The chart bench in a process of its own (so the first render is a cold one), as table lines for bench.ts. */
export function chartBenchLines(): string[] {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench-charts.ts', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`bench-charts failed: ${run.stderr}`);
  return chartLines(JSON.parse(run.stdout.trim()) as ChartBench);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bench = await measureCharts();
  process.stdout.write(
    process.argv.includes('--json') ? `${JSON.stringify(bench)}\n` : `${chartLines(bench).join('\n')}\n`,
  );
}
