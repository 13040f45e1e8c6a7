import { describe, expect, it } from 'vitest';
import {
  averageDealOf,
  MIN_WIN_RATE,
  NO_CLOSED,
  TEAM_HISTORY_MIN_DEALS,
  teamRateOf,
  typicalCycle,
  winRateOf,
} from '../../src/domain/conversion.js';

const SETTING = { rate: 0.25, source: 'setting' as const, deals: 0 };

describe("the team's rate", () => {
  it('is the manager setting until the team has 20 closed opportunities', () => {
    // 19 deals: 9 won $90,000, 10 lost $10,000 — a pooled 90% is not trusted yet
    expect(TEAM_HISTORY_MIN_DEALS).toBe(20);
    expect(teamRateOf({ won: 9, wonCents: 9_000_000, lost: 10, lostCents: 1_000_000 }, 0.25)).toEqual({
      rate: 0.25,
      source: 'setting',
      deals: 19,
    });
  });

  it('is the pooled rate in money from the 20th on', () => {
    // 6 won for $60,000, 14 lost for $140,000: 60,000 / 200,000 = 30%
    expect(teamRateOf({ won: 6, wonCents: 6_000_000, lost: 14, lostCents: 14_000_000 }, 0.25)).toEqual({
      rate: 0.3,
      source: 'history',
      deals: 20,
    });
  });
});

describe('the win rate: money won over money closed, shrunk toward the team', () => {
  it("is the team's rate for a rep with nothing closed", () => {
    expect(winRateOf(NO_CLOSED, 3_000_000, SETTING)).toEqual({
      rate: 0.25,
      ownDeals: 0,
      ownRate: null,
      team: SETTING,
      floored: false,
    });
  });

  it('weighs the team as five average deals', () => {
    // own: 3 won $90,000 of $120,000 closed (75%); average deal $30,000 → prior 5 × 30,000 = 150,000
    // (90,000 + 150,000 × 0.25) / (120,000 + 150,000) = 127,500 / 270,000 = 47.2%
    const rate = winRateOf({ won: 3, wonCents: 9_000_000, lost: 1, lostCents: 3_000_000 }, 3_000_000, SETTING);
    expect(rate.rate).toBeCloseTo(127_500 / 270_000, 12);
    expect(rate.ownRate).toBe(0.75);
    expect(rate.ownDeals).toBe(4);
  });

  it('approaches the rep’s own rate as their deals pile up', () => {
    // 40 won $400,000, 60 lost $600,000 (40%); average $10,000 → prior $50,000:
    // (400,000 + 12,500) / (1,000,000 + 50,000) = 39.3%
    const rate = winRateOf({ won: 40, wonCents: 40_000_000, lost: 60, lostCents: 60_000_000 }, 1_000_000, SETTING);
    expect(rate.rate).toBeCloseTo(412_500 / 1_050_000, 12);
  });

  it('uses the mean closed deal as the weight when no average deal is known', () => {
    // lost 2 × $50,000, no wins, no open, no team average: mean closed $50,000 → prior 250,000
    // (0 + 250,000 × 0.25) / (100,000 + 250,000) = 62,500 / 350,000 = 17.9%
    const rate = winRateOf({ won: 0, wonCents: 0, lost: 2, lostCents: 10_000_000 }, null, SETTING);
    expect(rate.rate).toBeCloseTo(62_500 / 350_000, 12);
  });

  it('is floored at 5% so the coverage needed stays finite, and says so', () => {
    // lost 10 × $100,000, average deal $10,000 (team's) → prior 50,000: 12,500 / 1,050,000 = 1.2% → 5%
    expect(MIN_WIN_RATE).toBe(0.05);
    const rate = winRateOf({ won: 0, wonCents: 0, lost: 10, lostCents: 100_000_000 }, 1_000_000, SETTING);
    expect(rate.rate).toBe(0.05);
    expect(rate.floored).toBe(true);
  });
});

describe('the average deal', () => {
  it('is the mean won amount over 12 months', () => {
    // 1,000,000 / 3 = 333,333.3 cents (rounding happens in the gap math)
    expect(
      averageDealOf({
        won12: { count: 3, cents: 1_000_000 },
        open: { count: 1, cents: 9_000_000 },
        teamAverageCents: 5,
      }),
    ).toBeCloseTo(333_333.33, 1);
  });

  it('falls back to the mean open amount, then the team’s, then nothing', () => {
    expect(
      averageDealOf({ won12: { count: 0, cents: 0 }, open: { count: 2, cents: 9_000_000 }, teamAverageCents: 5 }),
    ).toBe(4_500_000);
    expect(averageDealOf({ won12: { count: 0, cents: 0 }, open: { count: 0, cents: 0 }, teamAverageCents: 700 })).toBe(
      700,
    );
    expect(
      averageDealOf({ won12: { count: 0, cents: 0 }, open: { count: 0, cents: 0 }, teamAverageCents: null }),
    ).toBeNull();
  });
});

describe('the typical sales cycle', () => {
  it('is assumed to be 30 days until there are 5 wins from opportunities', () => {
    expect(typicalCycle([])).toEqual({ days: 30, source: 'default', wins: 0 });
    expect(typicalCycle([1, 2, 3, 4])).toEqual({ days: 30, source: 'default', wins: 4 });
  });

  it('is the median of the calendar days from opportunity to win', () => {
    // sorted 3, 5, 8, 9, 40: the middle one, 8
    expect(typicalCycle([40, 3, 9, 5, 8])).toEqual({ days: 8, source: 'own', wins: 5 });
    // sorted 10, 20, 30, 40, 50, 61: halfway between 30 and 40 = 35
    expect(typicalCycle([61, 10, 50, 20, 40, 30]).days).toBe(35);
    // sorted 10, 20, 30, 41, 50, 60: halfway between 30 and 41 = 35.5, rounded up to 36
    expect(typicalCycle([10, 20, 30, 41, 50, 60]).days).toBe(36);
  });
});
