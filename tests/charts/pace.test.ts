import { describe, expect, it } from 'vitest';
import { type PaceShare, paceByNow, paceLine, quotaOf, wonLine } from '../../src/charts/pace.js';
import { periodContaining } from '../../src/domain/period.js';
import { workCalendar } from '../../src/domain/workdays.js';
import { MON_FRI } from '../support/gap-input.js';

/**
 * Q4 2026 (Oct 1 – Dec 31) on Mon–Fri: Oct has 22 weekdays (Thu 1, Fri 2, then Oct 5–30), Nov 21, Dec 23: 66.
 * Thanksgiving (Thu Nov 26) and Christmas (Fri Dec 25) off: 64 working days. Quota $400,000: $6,250 a working day.
 */
const Q4 = periodContaining('quarter', '2026-11-18', 1);
const HOLIDAYS = workCalendar(MON_FRI, ['2026-11-26', '2026-12-25']);
const share = (over: Partial<PaceShare> = {}): PaceShare => ({
  quotaCents: 40_000_000,
  calendar: HOLIDAYS,
  today: '2026-11-18',
  dayOver: false,
  ...over,
});
const on = (line: { date: string; cents: number }[], date: string) => line.find((p) => p.date === date)?.cents;

describe('the pace line', () => {
  const line = paceLine(Q4, [share()]);

  it('has a value for every day of the period, from the first to the last', () => {
    // 31 + 30 + 31 days
    expect(line).toHaveLength(92);
    expect(line[0]?.date).toBe('2026-10-01');
    expect(line.at(-1)?.date).toBe('2026-12-31');
  });

  it('is quota × working days through the day ÷ working days in the period, flat over weekends and holidays', () => {
    // Thu Oct 1: 1 day → 400,000 × 1/64 = $6,250
    expect(on(line, '2026-10-01')).toBe(625_000);
    // Fri Oct 2, Sat Oct 3, Sun Oct 4: 2 days → $12,500 all three
    expect(on(line, '2026-10-02')).toBe(1_250_000);
    expect(on(line, '2026-10-04')).toBe(1_250_000);
    // Sat Oct 31: all 22 of October → 400,000 × 22/64 = $137,500
    expect(on(line, '2026-10-31')).toBe(13_750_000);
    // Wed Nov 25: 22 + Nov 2–25 (5 + 5 + 5 + 3 = 18) = 40 → $250,000; Thanksgiving adds nothing; Fri Nov 27: 41 → $256,250
    expect(on(line, '2026-11-25')).toBe(25_000_000);
    expect(on(line, '2026-11-26')).toBe(25_000_000);
    expect(on(line, '2026-11-27')).toBe(25_625_000);
    // The last day: the whole quota
    expect(on(line, '2026-12-31')).toBe(40_000_000);
  });

  it('by now counts today only once the day is over (the card’s today-rule)', () => {
    // Wed Nov 18: Oct 22 + Nov 2–6, 9–13 (10) + Mon 16, Tue 17 = 34 → 400,000 × 34/64 = $212,500
    expect(paceByNow(Q4, [share()])).toBe(21_250_000);
    // After the reflection time, the 18th is elapsed too: 35 → $218,750
    expect(paceByNow(Q4, [share({ dayOver: true })])).toBe(21_875_000);
  });

  it('adds the reps’ shares, each on their own calendar, each rounded to whole units once', () => {
    // B: $300,000, paused Mon Nov 16 – Fri Nov 20 as well: 64 − 5 = 59 days. By Wed Nov 18 (not over): 22 + 10 = 32
    // → 300,000 × 32/59 = 162,711.86… → $162,712. With A's $212,500: $375,212.
    const paused = workCalendar(MON_FRI, [
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-26',
      '2026-12-25',
    ]);
    const shares = [share(), share({ quotaCents: 30_000_000, calendar: paused })];
    expect(quotaOf(shares)).toBe(70_000_000);
    expect(paceByNow(Q4, shares)).toBe(37_521_200);
    // Oct 1: 400,000/64 = 6,250 and 300,000/59 = 5,084.75… → 5,085: $11,335
    expect(on(paceLine(Q4, shares), '2026-10-01')).toBe(1_133_500);
  });
});

describe('won to date', () => {
  const wins = [
    { date: '2026-09-30', cents: 9_900_000 }, // Q3: not in the period
    { date: '2026-10-06', cents: 5_000_000 },
    { date: '2026-10-20', cents: 8_000_000 },
    { date: '2026-11-10', cents: 10_000_000 },
    { date: '2026-11-10', cents: 3_000_000 },
  ];

  it('runs from the period’s start to today, each day the total of the wins up to and including it', () => {
    const line = wonLine(Q4, '2026-11-18', wins);
    // Oct 1 – Nov 18: 31 + 18 days
    expect(line).toHaveLength(49);
    expect(on(line, '2026-10-05')).toBe(0);
    expect(on(line, '2026-10-06')).toBe(5_000_000);
    // 50,000 + 80,000
    expect(on(line, '2026-10-20')).toBe(13_000_000);
    // + 100,000 + 30,000 the same day
    expect(on(line, '2026-11-10')).toBe(26_000_000);
    expect(line.at(-1)).toEqual({ date: '2026-11-18', cents: 26_000_000 });
  });

  it('reaches a win dated after today (a rep whose day is already tomorrow), and stops at the period’s end', () => {
    expect(wonLine(Q4, '2026-11-18', [{ date: '2026-11-19', cents: 100 }]).at(-1)).toEqual({
      date: '2026-11-19',
      cents: 100,
    });
    expect(wonLine(Q4, '2027-01-05', []).at(-1)?.date).toBe('2026-12-31');
  });
});
