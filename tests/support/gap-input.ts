import type { Weekday } from '../../src/domain/calendar.js';
import { NO_CLOSED } from '../../src/domain/conversion.js';
import type { GapInput } from '../../src/domain/gap.js';
import { periodContaining } from '../../src/domain/period.js';
import type { OpenDeal } from '../../src/domain/pipeline.js';
import { workCalendar } from '../../src/domain/workdays.js';

export const MON_FRI: readonly Weekday[] = [1, 2, 3, 4, 5];

/** Q4 2026 with a January fiscal year, and the quarter after it. */
export const Q4_2026 = periodContaining('quarter', '2026-11-30', 1);
export const Q1_2027 = periodContaining('quarter', '2027-01-01', 1);

let nextDealId = 1;

/** An open deal on an ICP account, closing at the period's end, touched on 2026-11-30. */
export function openDeal(overrides: Partial<OpenDeal> = {}): OpenDeal {
  const id = overrides.id ?? nextDealId++;
  return {
    id,
    accountId: id,
    account: `Account ${id}`,
    icp: 'yes',
    amountCents: 4_500_000,
    closeOn: null,
    lastTouchedOn: '2026-11-30',
    ...overrides,
  };
}

/**
 * The "done when" rep on Monday 2026-11-30, before the reflection time: a $120k Q4 quota,
 * $30k won (logged with no opportunity first, so it sizes the average deal but not conversion),
 * one $45k open deal on an ICP account closing at the quarter's end, Monday–Friday, a plan,
 * no activity or targets, the team's default 25% win rate.
 */
export function doneWhenInput(overrides: Partial<GapInput> = {}): GapInput {
  return {
    period: Q4_2026,
    today: '2026-11-30',
    dayOver: false,
    calendar: workCalendar(MON_FRI),
    week: { start: '2026-11-30', end: '2026-12-06' },
    quotaCents: 12_000_000,
    wonCents: 3_000_000,
    won12: { count: 1, cents: 3_000_000 },
    closed12: NO_CLOSED,
    cycleDays: [],
    openDeals: [openDeal({ id: 1, account: 'Globex' })],
    team: { closed12: NO_CLOSED, settingRate: 0.25, averageDealCents: null },
    mix: { icp: 0, nonIcp: 0, unclassified: 0, noAccount: 0 },
    targets: [],
    hasPlanToday: true,
    unclassifiedAccounts: [],
    next: { period: Q1_2027, quotaCents: null },
    ...overrides,
  };
}
