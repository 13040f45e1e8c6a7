import type { GapInput } from '../../src/domain/gap.js';
import { periodContaining } from '../../src/domain/period.js';

/** Q4 2026 with a January fiscal year. */
export const Q4_2026 = periodContaining('quarter', '2026-11-30', 1);

/**
 * The "done when" rep on Monday 2026-11-30, mid-day: a $120k Q4 quota, $30k won,
 * one $45k open deal, Monday–Friday, no activity or targets yet.
 */
export function doneWhenInput(overrides: Partial<GapInput> = {}): GapInput {
  return {
    period: Q4_2026,
    today: '2026-11-30',
    todayPart: 0.5,
    workingDays: [1, 2, 3, 4, 5],
    week: { start: '2026-11-30', end: '2026-12-06' },
    quotaCents: 12_000_000,
    wonCents: 3_000_000,
    openCents: 4_500_000,
    openCount: 1,
    closed12: { won: 1, lost: 0, wonCents: 3_000_000 },
    defaultWinRate: 0.25,
    mix: { icp: 0, nonIcp: 0, unassigned: 0 },
    targets: [],
    hasPlanToday: true,
    ...overrides,
  };
}
