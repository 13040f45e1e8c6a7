import { describe, expect, it } from 'vitest';
import { activityMixChart } from '../../src/charts/activity-mix.js';
import { attainmentChart, attainmentRows, distinctNames } from '../../src/charts/attainment.js';
import { repBurnUp, teamBurnUp } from '../../src/charts/burn-up.js';
import { ALT_LIMIT } from '../../src/charts/theme.js';
import { periodContaining } from '../../src/domain/period.js';
import { workCalendar } from '../../src/domain/workdays.js';
import { MON_FRI } from '../support/gap-input.js';

/** Q4 2026 with Thanksgiving and Christmas off: 64 working days (see pace.test.ts). Today: Wed Nov 18, 34 elapsed. */
const Q4 = periodContaining('quarter', '2026-11-18', 1);
const CALENDAR = workCalendar(MON_FRI, ['2026-11-26', '2026-12-25']);
const burnUp = {
  period: Q4,
  today: '2026-11-18',
  currency: 'USD',
  shares: [{ quotaCents: 40_000_000, calendar: CALENDAR, today: '2026-11-18', dayOver: false }],
  wins: [
    { date: '2026-10-06', cents: 5_000_000 },
    { date: '2026-10-20', cents: 8_000_000 },
    { date: '2026-11-10', cents: 13_000_000 },
  ],
};

/** The inline data of every layer of a spec, flattened. */
function valuesOf(spec: unknown): Record<string, unknown>[] {
  const layers = (spec as { layer?: { data?: { values?: Record<string, unknown>[] } }[] }).layer ?? [];
  return layers.flatMap((layer) => layer.data?.values ?? []);
}

describe('the team burn-up', () => {
  it('says won, quota, attainment and pace by today in its alt text', () => {
    // Won 50,000 + 80,000 + 130,000 = $260,000 of $400,000 = 65%; pace 400,000 × 34/64 = $212,500; 47,500 ahead
    expect(teamBurnUp(burnUp).alt).toBe(
      'Team burn-up, Q4 2026 (Oct 1 – Dec 31). Won $260,000 of $400,000 (65%); pace $212,500 by today (Nov 18), $47,500 ahead.',
    );
  });

  it('draws won to today, pace over the whole period, and the quota line, in whole currency units', () => {
    const values = valuesOf(teamBurnUp(burnUp).spec);
    const won = values.filter((v) => v.series === 'Won');
    const pace = values.filter((v) => v.series === 'Pace');
    // Oct 1 – Nov 18 and Oct 1 – Dec 31
    expect(won).toHaveLength(49);
    expect(pace).toHaveLength(92);
    expect(won.at(-1)).toMatchObject({ date: Date.parse('2026-11-18T00:00:00Z'), units: 260_000 });
    expect(pace.at(-1)).toMatchObject({ date: Date.parse('2026-12-31T00:00:00Z'), units: 400_000 });
    expect(values.some((v) => v.label === 'Quota $400,000')).toBe(true);
    expect(values.some((v) => v.series === 'Projected')).toBe(false);
  });

  it('says behind, and in the team’s currency', () => {
    const chart = teamBurnUp({ ...burnUp, currency: 'EUR', wins: [{ date: '2026-10-06', cents: 5_000_000 }] });
    // €50,000 of €400,000 = 12.5% → 13%; 212,500 − 50,000 = €162,500 behind
    expect(chart.alt).toContain('Won €50,000 of €400,000 (13%); pace €212,500 by today (Nov 18), €162,500 behind.');
  });

  it('without a quota says so, and draws no pace line', () => {
    const chart = teamBurnUp({ ...burnUp, shares: [] });
    expect(chart.alt).toBe('Team burn-up, Q4 2026 (Oct 1 – Dec 31). Won $260,000; no quota set.');
    expect(valuesOf(chart.spec).filter((v) => v.series === 'Pace')).toEqual([]);
  });
});

describe('a rep’s burn-up', () => {
  it('projects from won today to the projected figure at the period’s end', () => {
    const chart = repBurnUp({ ...burnUp, projectedCents: 34_000_000 });
    // 340,000 / 400,000 = 85%
    expect(chart.alt).toBe(
      'Burn-up, Q4 2026 (Oct 1 – Dec 31). Won $260,000 of $400,000 (65%); pace $212,500 by today (Nov 18), $47,500 ahead; projected $340,000 (85%) by Dec 31.',
    );
    const projected = valuesOf(chart.spec).filter((v) => v.series === 'Projected');
    expect(projected).toEqual([
      { date: Date.parse('2026-11-18T00:00:00Z'), units: 260_000, series: 'Projected' },
      { date: Date.parse('2026-12-31T00:00:00Z'), units: 340_000, series: 'Projected' },
    ]);
  });
});

describe('attainment by rep', () => {
  const reps = [
    // pace by now for each: 34/64 of quota = 53.125% → 53%
    { name: 'Ana', quotaCents: 40_000_000, wonCents: 26_000_000, expectedCents: 21_250_000 }, // 65%
    { name: 'Bo', quotaCents: 30_000_000, wonCents: 9_000_000, expectedCents: 15_937_500 }, // 30%
    { name: 'Cy', quotaCents: 20_000_000, wonCents: 25_000_000, expectedCents: 10_625_000 }, // 125%
    { name: 'Ana', quotaCents: 10_000_000, wonCents: 4_000_000, expectedCents: 5_312_500 }, // 40%
    { name: 'Al', quotaCents: 20_000_000, wonCents: 6_000_000, expectedCents: 10_625_000 }, // 30%, ties Bo
    { name: 'Dee', quotaCents: 0, wonCents: 100_000, expectedCents: 0 }, // no quota: no bar
  ];

  it('sorts highest first, equal shares by name, and leaves out reps without a quota', () => {
    expect(attainmentRows(reps).map((row) => [row.name, row.attainment, row.ahead])).toEqual([
      ['Cy', 1.25, true],
      ['Ana', 0.65, true],
      ['Ana', 0.4, false],
      ['Al', 0.3, false],
      ['Bo', 0.3, false],
    ]);
  });

  it('names each bar once and says every rep’s attainment and pace in the alt text', () => {
    const chart = attainmentChart({ period: Q4, reps });
    expect(chart.alt).toBe(
      'Attainment by rep, Q4 2026, highest first, with where pace says each should be by now: ' +
        'Cy 125% (pace 53%); Ana 65% (pace 53%); Ana (2) 40% (pace 53%); Al 30% (pace 53%); Bo 30% (pace 53%).',
    );
    const spec = chart.spec as unknown as { data: { values: { name: string; pace: number }[] } };
    expect(spec.data.values.map((v) => v.name)).toEqual(['Cy', 'Ana', 'Ana (2)', 'Al', 'Bo']);
    expect(spec.data.values[0]?.pace).toBe(0.53125);
  });

  it('keeps generated names apart from real ones, and alt text within Slack’s limit', () => {
    expect(distinctNames(['Sam', 'Sam (2)', 'Sam'])).toEqual(['Sam', 'Sam (2)', 'Sam (3)']);
    const many = Array.from({ length: 200 }, (_, i) => ({ ...reps[0], name: `Rep number ${i}` }));
    const alt = attainmentChart({ period: Q4, reps: many as typeof reps }).alt;
    expect(alt.length).toBeLessThanOrEqual(ALT_LIMIT);
    expect(alt.endsWith('…')).toBe(true);
  });

  it('with nobody on a quota says so', () => {
    expect(attainmentChart({ period: Q4, reps: [] }).alt).toBe(
      'Attainment by rep, Q4 2026: no rep has a quota for it yet.',
    );
  });
});

describe('the activity mix', () => {
  const mix = (icp: number, nonIcp: number, unclassified: number, noAccount = 0) => ({
    icp,
    nonIcp,
    unclassified,
    noAccount,
  });

  it('stacks each week by fit and sums the weeks in the alt text', () => {
    const chart = activityMixChart({
      weeks: [
        { start: '2026-11-09', mix: mix(6, 3, 1) },
        { start: '2026-11-16', mix: mix(10, 0, 2) },
      ],
    });
    // ICP 16, non-ICP 3, unclassified 3: 22 in all, 16/22 = 72.7% → 73%
    expect(chart.alt).toBe(
      'Activity by ICP fit. 22 activities logged in the last 2 weeks, 73% on ICP accounts (ICP 16, non-ICP 3, unclassified 3). ' +
        'By week, week of Nov 9: ICP 6, non-ICP 3, unclassified 1; week of Nov 16: ICP 10, non-ICP 0, unclassified 2.',
    );
    const values = (chart.spec as unknown as { data: { values: Record<string, unknown>[] } }).data.values;
    // Three fits a week; no 'No account' stack when nothing was logged without an account
    expect(values).toHaveLength(6);
    expect(values[0]).toEqual({ weekLabel: 'Nov 9', category: 'ICP', order: 0, count: 6 });
  });

  it('shows work with no account when there is some, and says when nothing was logged', () => {
    const withNone = activityMixChart({ weeks: [{ start: '2026-11-16', mix: mix(1, 0, 0, 2) }] });
    expect(withNone.alt).toContain('3 activities logged in the last week, 33% on ICP accounts');
    expect(withNone.alt).toContain('no account 2');
    const empty = activityMixChart({ weeks: [{ start: '2026-11-16', mix: mix(0, 0, 0) }] });
    expect(empty.alt).toContain('No activity logged in the last week.');
  });
});
