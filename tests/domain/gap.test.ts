import { describe, expect, it } from 'vitest';
import type { Weekday } from '../../src/domain/calendar.js';
import {
  averageDeal,
  computeGap,
  dayPart,
  type GapInput,
  MIN_WIN_RATE,
  oppsToCreate,
  targetStatuses,
  winRateOf,
  workingDaysElapsed,
  workWeek,
} from '../../src/domain/gap.js';
import { periodContaining } from '../../src/domain/period.js';
import { doneWhenInput } from '../support/gap-input.js';

// Calendar facts used below (checked against a wall calendar):
// 2026-10-01 Thu, 2026-10-31 Sat, 2026-11-01 Sun, 2026-11-27 Fri, 2026-11-28 Sat, 2026-11-29 Sun,
// 2026-11-30 Mon, 2026-12-01 Tue, 2026-12-02 Wed, 2026-12-03 Thu, 2026-12-05 Sat, 2026-12-31 Thu.
//
// Mon–Fri working days in Q4 2026:
//   October  (starts Thu): Thu 1, Fri 2, then 5–9, 12–16, 19–23, 26–30          = 2 + 4×5 = 22
//   November (starts Sun): 2–6, 9–13, 16–20, 23–27, Mon 30                        = 4×5 + 1 = 21
//   December (starts Tue): 1–4, 7–11, 14–18, 21–25, 28–31                         = 4 + 3×5 + 4 = 23
//   Q4 = 22 + 21 + 23 = 66; before Mon Nov 30: 22 + 20 = 42; Nov 30 → Dec 31 inclusive: 1 + 23 = 24.
const MON_FRI: readonly Weekday[] = [1, 2, 3, 4, 5];
const SUN_THU: readonly Weekday[] = [0, 1, 2, 3, 4];

const Q4_2026 = periodContaining('quarter', '2026-11-30', 1);

/** The "done when" rep on Monday 2026-11-30, mid-day: $120k quota, $30k won, one $45k open deal. */
const doneWhen = doneWhenInput;

/** Like doneWhen, but with pipeline enough to cover the gap, a plan, no targets: nothing is wrong but pace. */
function healthy(overrides: Partial<GapInput> = {}): GapInput {
  // gap $90,000 at 25% needs 90,000 / 0.25 = $360,000 open to be expected to close it.
  return doneWhen({ openCents: 36_000_000, openCount: 9, ...overrides });
}

describe('the "done when" scenario: $120k Q4 quota, $30k won, one $45k open deal', () => {
  const report = computeGap(doneWhen());

  it('uses Q4 2026, Oct 1 – Dec 31', () => {
    expect(Q4_2026).toMatchObject({ start: '2026-10-01', end: '2026-12-31', label: 'Q4 2026' });
  });

  it('computes won, gap and attainment', () => {
    // gap = 120,000 − 30,000 = $90,000; attainment = 30,000 / 120,000 = 25%
    expect(report.quotaCents).toBe(12_000_000);
    expect(report.wonCents).toBe(3_000_000);
    expect(report.gapCents).toBe(9_000_000);
    expect(report.attainment).toBe(0.25);
  });

  it('counts working days in the quarter, elapsed and left (today included in left)', () => {
    expect(report.workingDaysInPeriod).toBe(66);
    expect(report.workingDaysElapsed).toBe(42.5); // 42 before today + half of today
    expect(report.workingDaysLeft).toBe(24);
  });

  it('needs $3,750 per working day', () => {
    // 9,000,000 cents / 24 days = 375,000 cents
    expect(report.perDayNeededCents).toBe(375_000);
  });

  it('measures coverage against the 4× a 25% win rate needs', () => {
    // coverage = 45,000 / 90,000 = 0.5×; one closed deal < 5, so the team default 25% applies; 1 / 0.25 = 4×
    expect(report.openCents).toBe(4_500_000);
    expect(report.openCount).toBe(1);
    expect(report.coverage).toBe(0.5);
    expect(report.winRate).toBe(0.25);
    expect(report.winRateSource).toBe('team-default');
    expect(report.coverageNeeded).toBe(4);
  });

  it('expects $11,250 from the pipeline and asks for 11 new opportunities', () => {
    // expected = 45,000 × 0.25 = $11,250; average deal = the one win, $30,000
    // opps = ceil((90,000 − 11,250) / (0.25 × 30,000)) = ceil(78,750 / 7,500) = ceil(10.5) = 11
    expect(report.expectedFromPipelineCents).toBe(1_125_000);
    expect(report.averageDealCents).toBe(3_000_000);
    expect(report.oppsToCreate).toBe(11);
  });

  it('nudges that the pipeline is short', () => {
    expect(report.nudge).toEqual({
      kind: 'pipeline-short',
      expectedCents: 1_125_000,
      gapCents: 9_000_000,
      oppsToCreate: 11,
    });
  });
});

describe('expectedByNow and pace: how today counts', () => {
  it.each<[part: 0 | 0.5 | 1, elapsed: number, expected: number]>([
    // 12,000,000 × 42 / 66 = 504,000,000 / 66 = 7,636,363.6… → 7,636,364
    [0, 42, 7_636_364],
    // 12,000,000 × 42.5 / 66 = 510,000,000 / 66 = 7,727,272.7… → 7,727,273
    [0.5, 42.5, 7_727_273],
    // 12,000,000 × 43 / 66 = 516,000,000 / 66 = 7,818,181.8… → 7,818,182
    [1, 43, 7_818_182],
  ])('today counted %s: %s days elapsed, %i cents expected by now', (part, elapsed, expected) => {
    const report = computeGap(doneWhen({ todayPart: part }));
    expect(report.workingDaysElapsed).toBe(elapsed);
    expect(report.expectedByNowCents).toBe(expected);
    // behind: 3,000,000 − expected
    expect(report.paceDeltaCents).toBe(3_000_000 - expected);
    expect(report.paceDeltaCents).toBeLessThan(0);
  });

  it('reports ahead of pace as a positive delta', () => {
    // won $90,000 at part 0: 9,000,000 − 7,636,364 = 1,363,636 ahead
    const report = computeGap(doneWhen({ todayPart: 0, wonCents: 9_000_000 }));
    expect(report.paceDeltaCents).toBe(1_363_636);
  });

  it('maps the clock to a day part: 0 before check-in, half until the reflection, whole after', () => {
    // check-in 08:30 = 510, reflection 17:30 = 1050
    expect(dayPart(0, 510, 1050)).toBe(0);
    expect(dayPart(509, 510, 1050)).toBe(0);
    expect(dayPart(510, 510, 1050)).toBe(0.5);
    expect(dayPart(1049, 510, 1050)).toBe(0.5);
    expect(dayPart(1050, 510, 1050)).toBe(1);
    expect(dayPart(1439, 510, 1050)).toBe(1);
  });

  it('counts nothing for today on a non-working day, whatever its part', () => {
    // Sat 2026-11-28: working days Oct 1 – Nov 27 = 22 + 20 = 42, Saturday adds 0
    expect(workingDaysElapsed('2026-10-01', '2026-11-28', 1, MON_FRI)).toBe(42);
    expect(workingDaysElapsed('2026-10-01', '2026-11-28', 0.5, MON_FRI)).toBe(42);
  });

  it('counts only the part of the first day on the first day of the period', () => {
    expect(workingDaysElapsed('2026-10-01', '2026-10-01', 0, MON_FRI)).toBe(0);
    expect(workingDaysElapsed('2026-10-01', '2026-10-01', 0.5, MON_FRI)).toBe(0.5);
  });
});

describe('perDayNeeded', () => {
  it('divides the gap by the working days left, today included', () => {
    // Thu 2026-12-31 is the last working day of Q4: 1 day left, the whole $90,000 gap today
    const report = computeGap(doneWhen({ today: '2026-12-31', todayPart: 1 }));
    expect(report.workingDaysLeft).toBe(1);
    expect(report.perDayNeededCents).toBe(9_000_000);
  });

  it('is null when no working day is left in the period', () => {
    // October 2026 ends on Saturday the 31st: no working day from Oct 31 to Oct 31
    const october = periodContaining('month', '2026-10-31', 1);
    const report = computeGap(doneWhen({ period: october, today: '2026-10-31', todayPart: 1 }));
    expect(report.workingDaysLeft).toBe(0);
    expect(report.perDayNeededCents).toBeNull();
    // every one of October's 22 working days has elapsed, so the whole quota was expected
    expect(report.workingDaysInPeriod).toBe(22);
    expect(report.expectedByNowCents).toBe(12_000_000);
  });

  it('is zero once the quota is met', () => {
    const report = computeGap(doneWhen({ wonCents: 12_000_000 }));
    expect(report.gapCents).toBe(0);
    expect(report.perDayNeededCents).toBe(0);
  });
});

describe('gap, attainment and coverage edges', () => {
  it('never lets the gap go negative, and reports attainment above 100%', () => {
    // won $150,000 of $120,000: gap 0, attainment 150,000 / 120,000 = 1.25
    const report = computeGap(doneWhen({ wonCents: 15_000_000 }));
    expect(report.gapCents).toBe(0);
    expect(report.attainment).toBe(1.25);
  });

  it('has no coverage when there is no gap', () => {
    const report = computeGap(doneWhen({ wonCents: 12_000_000 }));
    expect(report.coverage).toBeNull();
  });

  it('computes coverage as open / gap', () => {
    // open $135,000 / gap $90,000 = 1.5×
    const report = computeGap(doneWhen({ openCents: 13_500_000, openCount: 3 }));
    expect(report.coverage).toBe(1.5);
  });

  it('treats a missing quota as no gap, no attainment and no expected pace', () => {
    const report = computeGap(doneWhen({ quotaCents: null }));
    expect(report.gapCents).toBe(0);
    expect(report.attainment).toBeNull();
    expect(report.expectedByNowCents).toBe(0);
    expect(report.coverage).toBeNull();
  });
});

describe('win rate and the coverage a rep needs', () => {
  it("uses the rep's own rate once 5 deals closed in 12 months", () => {
    // 2 won, 3 lost: 2 / 5 = 40%; needs 1 / 0.4 = 2.5×
    expect(winRateOf({ won: 2, lost: 3, wonCents: 0 }, 0.25)).toEqual({ winRate: 0.4, source: 'own' });
    const report = computeGap(doneWhen({ closed12: { won: 2, lost: 3, wonCents: 6_000_000 } }));
    expect(report.winRateSource).toBe('own');
    expect(report.coverageNeeded).toBe(2.5);
  });

  it('uses the team default with fewer than 5 closed deals', () => {
    // 3 won, 1 lost = 4 closed: the rep's own 75% is not trusted yet
    expect(winRateOf({ won: 3, lost: 1, wonCents: 0 }, 0.25)).toEqual({ winRate: 0.25, source: 'team-default' });
  });

  it('floors a zero win rate at MIN_WIN_RATE so the coverage needed stays finite', () => {
    expect(MIN_WIN_RATE).toBe(0.05);
    // 0 won of 6 closed → 0, floored to 5% → needs 1 / 0.05 = 20×
    expect(winRateOf({ won: 0, lost: 6, wonCents: 0 }, 0.25)).toEqual({ winRate: 0.05, source: 'own' });
    expect(winRateOf({ won: 0, lost: 0, wonCents: 0 }, 0)).toEqual({ winRate: 0.05, source: 'team-default' });
    const report = computeGap(doneWhen({ closed12: { won: 0, lost: 6, wonCents: 0 } }));
    expect(report.coverageNeeded).toBe(20);
  });

  it('needs 4× at 25% and 3× at 33.3%', () => {
    expect(computeGap(doneWhen({ defaultWinRate: 0.25 })).coverageNeeded).toBe(4);
    // own 2 won of 6 closed = 1/3 → 1 / (1/3) = 3
    const third = computeGap(doneWhen({ closed12: { won: 2, lost: 4, wonCents: 6_000_000 } }));
    expect(third.winRate).toBeCloseTo(1 / 3, 12);
    expect(third.coverageNeeded).toBeCloseTo(3, 12);
  });

  it('expects open × win rate from the pipeline', () => {
    // own 2 of 5 = 40%: 45,000 × 0.4 = $18,000
    const report = computeGap(doneWhen({ closed12: { won: 2, lost: 3, wonCents: 6_000_000 } }));
    expect(report.expectedFromPipelineCents).toBe(1_800_000);
  });
});

describe('averageDeal', () => {
  it('is the mean won amount over 12 months, rounded to the cent', () => {
    // 1,000,000 / 3 = 333,333.33… → 333,333
    expect(
      averageDeal({ closed12: { won: 3, lost: 0, wonCents: 1_000_000 }, openCents: 9_000_000, openCount: 1 }),
    ).toBe(333_333);
  });

  it('falls back to the mean open amount with no wins', () => {
    // 9,000,000 / 2 = 4,500,000
    expect(averageDeal({ closed12: { won: 0, lost: 4, wonCents: 0 }, openCents: 9_000_000, openCount: 2 })).toBe(
      4_500_000,
    );
  });

  it('is null with neither wins nor open deals', () => {
    expect(averageDeal({ closed12: { won: 0, lost: 2, wonCents: 0 }, openCents: 0, openCount: 0 })).toBeNull();
  });
});

describe('oppsToCreate', () => {
  it('is 0 when the pipeline is expected to close the gap', () => {
    // gap 9,000,000, expected 9,000,000: no shortfall
    expect(oppsToCreate(9_000_000, 9_000_000, 0.25, 3_000_000)).toBe(0);
    expect(oppsToCreate(9_000_000, 10_000_000, 0.25, 3_000_000)).toBe(0);
  });

  it('is 0 with no gap even when there is no deal to size by', () => {
    expect(oppsToCreate(0, 0, 0.25, null)).toBe(0);
  });

  it('is null when there is a shortfall but no deal to size an opportunity by', () => {
    expect(oppsToCreate(9_000_000, 0, 0.25, null)).toBeNull();
    expect(
      computeGap(doneWhen({ openCents: 0, openCount: 0, closed12: { won: 0, lost: 0, wonCents: 0 } })).oppsToCreate,
    ).toBeNull();
  });

  it('rounds a partial opportunity up', () => {
    // shortfall $10,000, each opp worth 0.25 × $30,000 = $7,500: 10,000 / 7,500 = 1.33 → 2
    expect(oppsToCreate(1_000_000, 0, 0.25, 3_000_000)).toBe(2);
  });

  it('asks for exactly the whole number of opportunities that closes the gap, despite float rounding', () => {
    // 35% × $7,000 = $2,450 per opportunity; a $2,450 shortfall is exactly 1 opportunity (0.35 × 700,000 in
    // floating point is 244,999.99999999997, which must not turn 1 into 2)
    expect(oppsToCreate(245_000, 0, 0.35, 700_000)).toBe(1);
    // own 1 won of 6 closed = 1/6; 1/6 × $1,000 = $166.67 per opportunity; $500 = exactly 3 of them
    const { winRate } = winRateOf({ won: 1, lost: 5, wonCents: 100_000 }, 0.25);
    expect(oppsToCreate(50_000, 0, winRate, 100_000)).toBe(3);
    // 70% × $7,000 = $4,900; $49,000 = exactly 10
    expect(oppsToCreate(4_900_000, 0, 0.7, 700_000)).toBe(10);
  });
});

describe('focus mix', () => {
  it('splits activity into ICP, non-ICP and unassigned shares', () => {
    // 6 + 3 + 1 = 10: 60% / 30% / 10%
    const report = computeGap(healthy({ mix: { icp: 6, nonIcp: 3, unassigned: 1 } }));
    expect(report.mix).toEqual({
      icp: 6,
      nonIcp: 3,
      unassigned: 1,
      total: 10,
      icpShare: 0.6,
      nonIcpShare: 0.3,
      unassignedShare: 0.1,
    });
  });

  it('reports zero shares, not NaN, with no activity', () => {
    const report = computeGap(healthy());
    expect(report.mix).toMatchObject({ total: 0, icpShare: 0, nonIcpShare: 0, unassignedShare: 0 });
  });
});

describe('targets against their pace', () => {
  const monFriWeek = { start: '2026-11-30', end: '2026-12-06' };

  it('paces a day target by the part of today elapsed', () => {
    // 10 calls a day: before check-in 0, mid-day floor(10 × 0.5) = 5, after the reflection 10
    const target = { activity: 'call', per: 'day', count: 10, done: 3 } as const;
    const at = (part: 0 | 0.5 | 1) => targetStatuses([target], monFriWeek, '2026-11-30', part, MON_FRI)[0];
    expect(at(0)).toMatchObject({ pace: 0, behindBy: 0 });
    expect(at(0.5)).toMatchObject({ pace: 5, behindBy: 2 });
    expect(at(1)).toMatchObject({ pace: 10, behindBy: 7 });
  });

  it('paces a day target at 0 on a non-working day', () => {
    const weekend = { start: '2026-11-23', end: '2026-11-29' };
    const [status] = targetStatuses(
      [{ activity: 'call', per: 'day', count: 10, done: 0 }],
      weekend,
      '2026-11-28',
      1,
      MON_FRI,
    );
    expect(status).toMatchObject({ pace: 0, behindBy: 0 });
  });

  it('paces a week target by the working days of the week elapsed', () => {
    // Wed 2026-12-02 mid-day, Mon–Fri week: Mon + Tue + half of Wed = 2.5 of 5 → floor(8 × 0.5) = 4
    const [status] = targetStatuses(
      [{ activity: 'meeting', per: 'week', count: 8, done: 1 }],
      monFriWeek,
      '2026-12-02',
      0.5,
      MON_FRI,
    );
    expect(status).toEqual({ activity: 'meeting', per: 'week', count: 8, done: 1, pace: 4, behindBy: 3 });
  });

  it('paces a week target in a Sunday–Thursday work week', () => {
    // Tue 2026-12-01 mid-day. Sun–Thu week Sun Nov 29 – Sat Dec 5: Sun + Mon + half of Tue = 2.5 of 5
    //   → floor(8 × 2.5 / 5) = 4.
    // The same day in a Mon–Fri week: Mon + half of Tue = 1.5 of 5 → floor(8 × 0.3) = floor(2.4) = 2.
    const target = { activity: 'meeting', per: 'week', count: 8, done: 0 } as const;
    const sunThu = targetStatuses([target], { start: '2026-11-29', end: '2026-12-05' }, '2026-12-01', 0.5, SUN_THU);
    const monFri = targetStatuses([target], monFriWeek, '2026-12-01', 0.5, MON_FRI);
    expect(sunThu[0]).toMatchObject({ pace: 4, behindBy: 4 });
    expect(monFri[0]).toMatchObject({ pace: 2, behindBy: 2 });
  });

  it('never reports a negative behindBy when ahead', () => {
    const [status] = targetStatuses(
      [{ activity: 'demo', per: 'day', count: 2, done: 5 }],
      monFriWeek,
      '2026-11-30',
      1,
      MON_FRI,
    );
    expect(status).toMatchObject({ pace: 2, behindBy: 0 });
  });
});

describe('workWeek', () => {
  it('starts a Mon–Fri week on Monday, and puts Sunday at its end', () => {
    expect(workWeek('2026-11-30', 1, MON_FRI)).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(workWeek('2026-12-03', 4, MON_FRI)).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(workWeek('2026-11-29', 0, MON_FRI)).toEqual({ start: '2026-11-23', end: '2026-11-29' });
  });

  it('starts a Sunday–Thursday week on Sunday', () => {
    expect(workWeek('2026-11-29', 0, SUN_THU)).toEqual({ start: '2026-11-29', end: '2026-12-05' });
    expect(workWeek('2026-12-03', 4, SUN_THU)).toEqual({ start: '2026-11-29', end: '2026-12-05' });
    expect(workWeek('2026-12-05', 6, SUN_THU)).toEqual({ start: '2026-11-29', end: '2026-12-05' });
  });
});

describe('a Sunday–Thursday rep over November 2026', () => {
  // Sun–Thu days in November 2026 (Nov 1 is a Sunday):
  //   Sun 1, 8, 15, 22, 29 (5); Mon 2, 9, 16, 23, 30 (5); Tue, Wed, Thu 4 each (12) → 22
  // Fri Nov 27 is not a working day. Sun–Thu days before it, Nov 1–26:
  //   Sun 1, 8, 15, 22; Mon 2, 9, 16, 23; Tue 3, 10, 17, 24; Wed 4, 11, 18, 25; Thu 5, 12, 19, 26 = 20
  // Left from Fri Nov 27: Sun 29, Mon 30 = 2.
  const november = periodContaining('month', '2026-11-27', 1);
  const report = computeGap(
    doneWhen({
      period: november,
      today: '2026-11-27',
      todayPart: 0.5,
      workingDays: SUN_THU,
      week: { start: '2026-11-22', end: '2026-11-28' },
      quotaCents: 2_200_000,
      wonCents: 1_000_000,
      openCents: 10_000_000,
      openCount: 2,
      hasPlanToday: false,
    }),
  );

  it('counts only Sunday to Thursday', () => {
    expect(report.workingDaysInPeriod).toBe(22);
    expect(report.workingDaysElapsed).toBe(20);
    expect(report.workingDaysLeft).toBe(2);
  });

  it('paces the quota over those days', () => {
    // expected = 2,200,000 × 20 / 22 = 2,000,000; gap 1,200,000 over 2 days = 600,000 a day
    expect(report.expectedByNowCents).toBe(2_000_000);
    expect(report.paceDeltaCents).toBe(-1_000_000);
    expect(report.perDayNeededCents).toBe(600_000);
  });

  it('does not ask for a plan on the Friday off', () => {
    // pipeline 100,000 × 0.25 = 25,000 ≥ gap 12,000, no plan, but Friday is not a working day → behind pace
    expect(report.nudge).toEqual({ kind: 'behind-pace', behindCents: 1_000_000 });
  });
});

describe('the nudge', () => {
  it('asks for a quota first', () => {
    expect(computeGap(doneWhen({ quotaCents: null, hasPlanToday: false })).nudge).toEqual({ kind: 'no-quota' });
  });

  it('celebrates a met quota, with how much over', () => {
    // won $130,000 of $120,000: $10,000 over, even with an empty pipeline
    const over = computeGap(doneWhen({ wonCents: 13_000_000, openCents: 0, openCount: 0 }));
    expect(over.nudge).toEqual({ kind: 'quota-met', overCents: 1_000_000 });
    expect(computeGap(doneWhen({ wonCents: 12_000_000 })).nudge).toEqual({ kind: 'quota-met', overCents: 0 });
  });

  it('is not pipeline-short when the pipeline is expected to bring exactly the gap', () => {
    // 36,000,000 × 0.25 = 9,000,000 = gap
    expect(computeGap(healthy()).nudge.kind).not.toBe('pipeline-short');
  });

  it('flags 30% or more of the week outside the ICP', () => {
    // 3 of 10 = 30% ≥ limit; 2 of 10 = 20% is fine
    expect(computeGap(healthy({ mix: { icp: 7, nonIcp: 3, unassigned: 0 } })).nudge).toEqual({
      kind: 'non-icp',
      share: 0.3,
    });
    expect(computeGap(healthy({ mix: { icp: 8, nonIcp: 2, unassigned: 0 } })).nudge.kind).not.toBe('non-icp');
  });

  it('names the target furthest behind, relative to its size', () => {
    // mid-day: calls 10/day pace 5, done 3 → 2 behind (20%); demos 2/day pace 1, done 0 → 1 behind (50%)
    const report = computeGap(
      healthy({
        targets: [
          { activity: 'call', per: 'day', count: 10, done: 3 },
          { activity: 'demo', per: 'day', count: 2, done: 0 },
        ],
      }),
    );
    expect(report.nudge).toEqual({
      kind: 'target-behind',
      target: { activity: 'demo', per: 'day', count: 2, done: 0, pace: 1, behindBy: 1 },
    });
  });

  it('asks for a plan on a working day without one', () => {
    expect(computeGap(healthy({ hasPlanToday: false })).nudge).toEqual({ kind: 'no-plan' });
  });

  it('says how far behind pace when the pipeline can cover it', () => {
    // mid-day: expected 7,727,273 (see above); 3,000,000 − 7,727,273 = −4,727,273
    expect(computeGap(healthy()).nudge).toEqual({ kind: 'behind-pace', behindCents: 4_727_273 });
  });

  it('says on pace, and by how much ahead', () => {
    // won $80,000 at part 0: 8,000,000 − 7,636,364 = 363,636 ahead; gap $40,000 ≤ 36,000,000 × 0.25
    expect(computeGap(healthy({ todayPart: 0, wonCents: 8_000_000 })).nudge).toEqual({
      kind: 'on-pace',
      aheadCents: 363_636,
    });
  });

  it('picks the largest problem in a fixed order', () => {
    const everythingWrong: Partial<GapInput> = {
      quotaCents: null,
      mix: { icp: 1, nonIcp: 9, unassigned: 0 },
      targets: [{ activity: 'call', per: 'day', count: 10, done: 0 }],
      hasPlanToday: false,
      openCents: 0,
      openCount: 0,
    };
    const kinds: string[] = [];
    // Each step fixes the problem the previous step was nudged about.
    const steps: Partial<GapInput>[] = [
      everythingWrong,
      { ...everythingWrong, quotaCents: 12_000_000 },
      { ...everythingWrong, quotaCents: 12_000_000, openCents: 36_000_000, openCount: 9 },
      {
        ...everythingWrong,
        quotaCents: 12_000_000,
        openCents: 36_000_000,
        openCount: 9,
        mix: { icp: 9, nonIcp: 1, unassigned: 0 },
      },
      {
        ...everythingWrong,
        quotaCents: 12_000_000,
        openCents: 36_000_000,
        openCount: 9,
        mix: { icp: 9, nonIcp: 1, unassigned: 0 },
        targets: [{ activity: 'call', per: 'day', count: 10, done: 10 }],
      },
      {
        ...everythingWrong,
        quotaCents: 12_000_000,
        openCents: 36_000_000,
        openCount: 9,
        mix: { icp: 9, nonIcp: 1, unassigned: 0 },
        targets: [{ activity: 'call', per: 'day', count: 10, done: 10 }],
        hasPlanToday: true,
      },
      {
        ...everythingWrong,
        quotaCents: 12_000_000,
        openCents: 36_000_000,
        openCount: 9,
        mix: { icp: 9, nonIcp: 1, unassigned: 0 },
        targets: [{ activity: 'call', per: 'day', count: 10, done: 10 }],
        hasPlanToday: true,
        wonCents: 9_000_000,
      },
    ];
    for (const step of steps) kinds.push(computeGap(doneWhen(step)).nudge.kind);
    expect(kinds).toEqual([
      'no-quota',
      'pipeline-short',
      'non-icp',
      'target-behind',
      'no-plan',
      'behind-pace',
      'on-pace',
    ]);
    // and a met quota outranks every problem but a missing quota
    expect(computeGap(doneWhen({ ...everythingWrong, quotaCents: 12_000_000, wonCents: 12_000_000 })).nudge.kind).toBe(
      'quota-met',
    );
  });
});
