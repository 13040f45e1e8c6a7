/**
 * Each rep's attainment as a horizontal bar, highest first, with a tick where pace says they should be by now:
 * the manager sees at a glance who is ahead and who is behind. Pure: data in, a Vega-Lite spec and alt text out.
 */
import { roundToUnit } from '../domain/money.js';
import type { Period } from '../domain/period.js';
import { percent } from '../slack/views/format.js';
import { baseSpec, type Chart, COLORS, fitAlt } from './theme.js';

export interface RepAttainment {
  /** As the chart labels the bar (a display name; plain text, never read as markup). */
  name: string;
  quotaCents: number;
  wonCents: number;
  /** Where pace says the rep should be by now (GapReport.expectedByNowCents). */
  expectedCents: number;
}

export interface AttainmentInput {
  period: Period;
  reps: readonly RepAttainment[];
}

export interface AttainmentRow {
  name: string;
  attainment: number;
  pace: number;
  ahead: boolean;
}

/** Reps with a quota, by attainment (won ÷ quota) highest first; equal shares by name, so the order is stable. */
export function attainmentRows(reps: readonly RepAttainment[]): AttainmentRow[] {
  return reps
    .filter((rep) => roundToUnit(rep.quotaCents) > 0)
    .map((rep) => {
      const quota = roundToUnit(rep.quotaCents);
      const won = roundToUnit(rep.wonCents);
      const expected = roundToUnit(rep.expectedCents);
      return { name: rep.name, attainment: won / quota, pace: expected / quota, ahead: won >= expected };
    })
    .sort((a, b) => b.attainment - a.attainment || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Names as the bars are keyed: a second rep of the same name reads 'Sam (2)', so both keep a bar. */
export function distinctNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let shown = name;
    for (let n = 2; used.has(shown); n++) shown = `${name} (${n})`;
    used.add(shown);
    return shown;
  });
}

/** The bars, sorted, with the 100% line and each rep's pace tick. */
export function attainmentChart(input: AttainmentInput): Chart {
  const rows = attainmentRows(input.reps);
  const names = distinctNames(rows.map((row) => row.name));
  const values = rows.map((row, i) => ({
    name: names[i],
    attainment: row.attainment,
    pace: row.pace,
    label: percent(row.attainment),
    standing: row.ahead ? 'At or ahead of pace' : 'Behind pace',
  }));
  const y = {
    field: 'name',
    type: 'nominal',
    title: null,
    sort: names,
    axis: { labelLimit: 180, ticks: false },
  } as const;
  const x = {
    field: 'attainment',
    type: 'quantitative',
    title: null,
    scale: { domainMin: 0, domainMax: Math.max(1, ...rows.map((row) => Math.max(row.attainment, row.pace))) },
    axis: { format: '.0%', tickCount: 5 },
  } as const;
  const spec = {
    ...baseSpec(`Attainment by rep, with pace by now · ${input.period.label}`),
    data: { values },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          y,
          x,
          color: {
            field: 'standing',
            type: 'nominal',
            title: null,
            scale: { domain: ['At or ahead of pace', 'Behind pace'], range: [COLORS.ahead, COLORS.behind] },
          },
        },
      },
      {
        mark: { type: 'tick', color: COLORS.quota, thickness: 2 },
        encoding: { y, x: { field: 'pace', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
        encoding: { y, x: { field: 'attainment', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: { values: [{ full: 1 }] },
        mark: { type: 'rule', color: COLORS.quota, strokeDash: [4, 3] },
        encoding: { x: { field: 'full', type: 'quantitative' } },
      },
    ],
  } as unknown as Chart['spec'];
  const lines = rows.map((row, i) => `${names[i]} ${percent(row.attainment)} (pace ${percent(row.pace)})`);
  const alt =
    rows.length === 0
      ? `Attainment by rep, ${input.period.label}: no rep has a quota for it yet.`
      : `Attainment by rep, ${input.period.label}, highest first, with where pace says each should be by now: ${lines.join('; ')}.`;
  return { spec, alt: fitAlt(alt) };
}
