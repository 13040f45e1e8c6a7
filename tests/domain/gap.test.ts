import { describe, expect, it } from 'vitest';
import type { Weekday } from '../../src/domain/calendar.js';
import {
  computeGap,
  countOf,
  type GapInput,
  isDayOver,
  projectionOn,
  splitWorkDays,
  targetStatuses,
  workWeek,
} from '../../src/domain/gap.js';
import { periodContaining } from '../../src/domain/period.js';
import { workCalendar } from '../../src/domain/workdays.js';
import { doneWhenInput, MON_FRI, openDeal, Q1_2027, Q4_2026 } from '../support/gap-input.js';

// Calendar facts used below (checked against a wall calendar):
// 2026-10-01 Thu, 2026-10-31 Sat, 2026-11-01 Sun, 2026-11-27 Fri, 2026-11-28 Sat, 2026-11-30 Mon,
// 2026-12-01 Tue, 2026-12-02 Wed, 2026-12-03 Thu, 2026-12-30 Wed, 2026-12-31 Thu.
//
// Mon–Fri working days in Q4 2026:
//   October  (starts Thu): Thu 1, Fri 2, then 5–9, 12–16, 19–23, 26–30          = 2 + 4×5 = 22
//   November (starts Sun): 2–6, 9–13, 16–20, 23–27, Mon 30                        = 4×5 + 1 = 21
//   December (starts Tue): 1–4, 7–11, 14–18, 21–25, 28–31                         = 4 + 3×5 + 4 = 23
//   Q4 = 22 + 21 + 23 = 66; before Mon Nov 30: 22 + 20 = 42; Nov 30 → Dec 31 inclusive: 1 + 23 = 24.
const SUN_THU: readonly Weekday[] = [0, 1, 2, 3, 4];
const doneWhen = doneWhenInput;

describe('the "done when" rep: $120k Q4 quota, $30k won, one $45k ICP deal, Monday Nov 30 at midday', () => {
  const report = computeGap(doneWhen());

  it('uses Q4 2026, Oct 1 – Dec 31, and the quarter after it', () => {
    expect(Q4_2026).toMatchObject({ start: '2026-10-01', end: '2026-12-31', label: 'Q4 2026' });
    expect(Q1_2027).toMatchObject({ start: '2027-01-01', end: '2027-03-31', label: 'Q1 2027' });
  });

  it('computes won, gap and attainment', () => {
    // gap = 120,000 − 30,000 = $90,000; attainment = 30,000 / 120,000 = 25%
    expect(report).toMatchObject({ quotaCents: 12_000_000, wonCents: 3_000_000, gapCents: 9_000_000 });
    expect(report.attainment).toBe(0.25);
    expect(report.overCents).toBe(0);
  });

  it('counts today as a day left before the reflection time: 42 elapsed + 24 left = 66', () => {
    expect(report.workingDaysInPeriod).toBe(66);
    expect(report.workingDaysElapsed).toBe(42);
    expect(report.workingDaysLeft).toBe(24);
  });

  it('expects $76,364 by now, rounded once, so behind is exactly won − expected', () => {
    // 12,000,000 × 42 / 66 = 7,636,363.6 cents → $76,364; behind = 76,364 − 30,000 = $46,364
    expect(report.expectedByNowCents).toBe(7_636_400);
    expect(report.paceDeltaCents).toBe(-4_636_400);
  });

  it('needs $3,750 per working day', () => {
    // 90,000 / 24 = 3,750
    expect(report.perDayNeededCents).toBe(375_000);
  });

  it('counts the ICP deal, and measures coverage against the 4× a 25% win rate needs', () => {
    // counted $45,000 / gap $90,000 = 0.5×; no own closed opportunity: the team's 25%; 1 / 0.25 = 4×
    expect(report.pipeline.counted.cents).toBe(4_500_000);
    expect(report.pipeline.counted.deals).toHaveLength(1);
    expect(report.coverage).toBe(0.5);
    expect(report.winRate).toMatchObject({ rate: 0.25, ownDeals: 0, ownRate: null });
    expect(report.winRate.team).toEqual({ rate: 0.25, source: 'setting', deals: 0 });
    expect(report.coverageNeeded).toBe(4);
  });

  it('projects 34% and asks for 11 opportunities, about 3 deals of ~$30,000 to win', () => {
    // expected from pipeline = 45,000 × 0.25 = $11,250; projected = 30,000 + 11,250 = $41,250 = 34.375%
    expect(report.expectedFromPipelineCents).toBe(1_125_000);
    expect(report.projectedCents).toBe(4_125_000);
    expect(report.projectedAttainment).toBe(0.34375);
    // average deal = the one win of 12 months, $30,000; the gap in deals = ⌈90,000 / 30,000⌉ = 3
    expect(report.averageDealCents).toBe(3_000_000);
    expect(report.gapInDeals).toBe(3);
    // opps = ⌈(90,000 − 11,250) / (0.25 × 30,000)⌉ = ⌈78,750 / 7,500⌉ = ⌈10.5⌉ = 11
    expect(report.oppsToCreate).toBe(11);
  });

  it('is not too late: 31 calendar days to Dec 31 against the assumed 30-day cycle', () => {
    expect(report.cycle).toEqual({ days: 30, source: 'default', wins: 0 });
    expect(report.calendarDaysLeft).toBe(31);
    expect(report.tooLate).toBe(false);
  });

  it("sizes next quarter's need at this quarter's quota when none is set", () => {
    // Q1 2027 at $120,000, nothing closing then: ⌈120,000 / 7,500⌉ = 16 opportunities, to start by
    // Mar 31 − 30 days = Mar 1; Nov 30 → Mar 1 is 1 + 31 + 31 + 28 + 1 − 1 = 91 days = 13 weeks; 16 / 13 = 1.23 a week
    expect(report.next).toMatchObject({
      quotaCents: 12_000_000,
      quotaAssumed: true,
      expectedCents: 0,
      shortfallCents: 12_000_000,
      opps: 16,
      byDate: '2027-03-01',
      weeks: 13,
      perWeek: 16 / 13,
    });
  });

  it('leads with the pipeline short by $78,750 and nothing else', () => {
    expect(report.advice.lead).toEqual({
      kind: 'pipeline-short',
      costCents: 7_875_000,
      shortfallCents: 7_875_000,
      opps: 11,
      averageDealCents: 3_000_000,
    });
    expect(report.advice.more).toEqual([]);
  });
});

describe('honest time: today is left until the reflection, elapsed after it', () => {
  it('maps the clock: over from the reflection time on', () => {
    // reflection 17:30 = 1050 minutes
    expect(isDayOver(0, 1050)).toBe(false);
    expect(isDayOver(1049, 1050)).toBe(false);
    expect(isDayOver(1050, 1050)).toBe(true);
    expect(isDayOver(1439, 1050)).toBe(true);
  });

  it.each<[when: string, dayOver: boolean, elapsed: number, left: number, expected: number, perDay: number]>([
    // 12,000,000 × 42 / 66 = 7,636,363.6 → 7,636,400; 9,000,000 / 24 = 375,000
    ['before the reflection', false, 42, 24, 7_636_400, 375_000],
    // 12,000,000 × 43 / 66 = 7,818,181.8 → 7,818,200; 9,000,000 / 23 = 391,304.3 → 391,300
    ['after the reflection', true, 43, 23, 7_818_200, 391_300],
  ])('on Monday Nov 30 %s (day over: %s): %i elapsed + %i left', (_when, dayOver, elapsed, left, expected, perDay) => {
    const report = computeGap(doneWhen({ dayOver }));
    expect(report.workingDaysElapsed).toBe(elapsed);
    expect(report.workingDaysLeft).toBe(left);
    expect(report.workingDaysElapsed + report.workingDaysLeft).toBe(66);
    expect(report.expectedByNowCents).toBe(expected);
    expect(report.perDayNeededCents).toBe(perDay);
  });

  it('regression: at 18:30 on the last day of the quarter nothing is left and the whole quota was expected', () => {
    // Was "1 working day left · Needed per working day $450,000" beside "expected $500,000 by now".
    // $500,000 quota, $50,000 won, Thu Dec 31 after the reflection: 66 elapsed, 0 left.
    const report = computeGap(
      doneWhen({ today: '2026-12-31', dayOver: true, quotaCents: 50_000_000, wonCents: 5_000_000 }),
    );
    expect(report.workingDaysLeft).toBe(0);
    expect(report.perDayNeededCents).toBeNull();
    expect(report.expectedByNowCents).toBe(50_000_000);
    expect(report.paceDeltaCents).toBe(-45_000_000);
  });

  it('before the reflection on the last day, that day is the one left: the whole gap is needed today', () => {
    // 65 elapsed; 50,000,000 × 65 / 66 = 49,242,424.2 → 49,242,400
    const report = computeGap(
      doneWhen({ today: '2026-12-31', dayOver: false, quotaCents: 50_000_000, wonCents: 5_000_000 }),
    );
    expect(report.workingDaysLeft).toBe(1);
    expect(report.perDayNeededCents).toBe(45_000_000);
    expect(report.expectedByNowCents).toBe(49_242_400);
  });

  it('regression: nobody is behind at the first minute of a quarter', () => {
    // Was "Pace: $2,308 behind" at 08:30 on the first morning. Thu Oct 1, before the reflection: 0 elapsed.
    const report = computeGap(doneWhen({ today: '2026-10-01', wonCents: 0, quotaCents: 30_000_000 }));
    expect(report.workingDaysElapsed).toBe(0);
    expect(report.expectedByNowCents).toBe(0);
    expect(report.paceDeltaCents).toBe(0);
  });

  it('counts nothing for a weekend day, over or not', () => {
    // Sat Nov 28: Oct 1 – Nov 27 = 22 + 20 = 42 elapsed either way
    const calendar = workCalendar(MON_FRI);
    expect(splitWorkDays(Q4_2026, '2026-11-28', false, calendar)).toEqual({ total: 66, elapsed: 42, left: 24 });
    expect(splitWorkDays(Q4_2026, '2026-11-28', true, calendar)).toEqual({ total: 66, elapsed: 42, left: 24 });
  });

  it('takes paused days out of the period, so pace spreads the quota over the days actually worked', () => {
    // Paused Mon Dec 7 – Fri Dec 11 (5 working days): Q4 has 66 − 5 = 61; left from Nov 30: 24 − 5 = 19
    // expected = 12,000,000 × 42 / 61 = 8,262,295.1 → 8,262,300; per day = 9,000,000 / 19 = 473,684.2 → 473,700
    const paused = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11'];
    const report = computeGap(doneWhen({ calendar: workCalendar(MON_FRI, paused) }));
    expect(report.workingDaysInPeriod).toBe(61);
    expect(report.workingDaysLeft).toBe(19);
    expect(report.expectedByNowCents).toBe(8_262_300);
    expect(report.perDayNeededCents).toBe(473_700);
  });

  it('counts Sunday to Thursday for a rep who works them', () => {
    // November 2026 (Nov 1 a Sunday): Sun 5 + Mon 5 + Tue/Wed/Thu 4 each = 22. Before Fri Nov 27: 20.
    // Left from Fri Nov 27: Sun 29, Mon 30 = 2.
    const november = periodContaining('month', '2026-11-27', 1);
    const report = computeGap(
      doneWhen({
        period: november,
        today: '2026-11-27',
        calendar: workCalendar(SUN_THU),
        week: { start: '2026-11-22', end: '2026-11-28' },
        quotaCents: 2_200_000,
        wonCents: 1_000_000,
        next: { period: periodContaining('month', '2026-12-01', 1), quotaCents: null },
      }),
    );
    // expected = 2,200,000 × 20 / 22 = 2,000,000; gap 1,200,000 over 2 days = 600,000 a day
    expect(report.workingDaysInPeriod).toBe(22);
    expect(report.workingDaysElapsed).toBe(20);
    expect(report.workingDaysLeft).toBe(2);
    expect(report.expectedByNowCents).toBe(2_000_000);
    expect(report.perDayNeededCents).toBe(600_000);
  });
});

describe('money is rounded once, to whole units', () => {
  it('rounds a quota and wins with cents before anything is derived from them', () => {
    // quota $100,000.40 → $100,000; won $24,500.50 → $24,501 (half away from zero); gap = 100,000 − 24,501 = $75,499
    const report = computeGap(doneWhen({ quotaCents: 10_000_040, wonCents: 2_450_050 }));
    expect(report.quotaCents).toBe(10_000_000);
    expect(report.wonCents).toBe(2_450_100);
    expect(report.gapCents).toBe(7_549_900);
    // expected = 10,000,000 × 42 / 66 = 6,363,636.4 → 6,363,600; behind = 6,363,600 − 2,450,100 = 3,913,500
    expect(report.expectedByNowCents).toBe(6_363_600);
    expect(report.paceDeltaCents).toBe(-3_913_500);
  });

  it('regression: "behind $20,312" never sits beside "expected $20,313"', () => {
    // Every figure is whole: expected − won is the behind figure exactly, for any quota.
    for (const quota of [1_000_033, 3_333_333, 12_345_678, 99_999_999]) {
      const report = computeGap(doneWhen({ quotaCents: quota, wonCents: 123_456 }));
      expect(Math.abs(report.expectedByNowCents % 100)).toBe(0);
      expect(Math.abs(report.paceDeltaCents % 100)).toBe(0);
      expect(report.expectedByNowCents + report.paceDeltaCents).toBe(report.wonCents);
    }
  });
});

describe('over-attainment', () => {
  it('says how far over: $140,000 won of $100,000 is 140%, $40,000 over', () => {
    const report = computeGap(doneWhen({ quotaCents: 10_000_000, wonCents: 14_000_000 }));
    expect(report.gapCents).toBe(0);
    expect(report.attainment).toBe(1.4);
    expect(report.overCents).toBe(4_000_000);
    expect(report.coverage).toBeNull();
    expect(report.perDayNeededCents).toBe(0);
    expect(report.advice.lead).toMatchObject({ kind: 'quota-met', overCents: 4_000_000 });
  });

  it('turns a met quota to next period: its need as a weekly rate of ICP opportunities', () => {
    // Q1 2027 quota set at $90,000; a $40,000 ICP deal closes Feb 15 (later pipeline): expected 40,000 × 0.25 = 10,000
    // shortfall 80,000; opps = ⌈80,000 / (0.25 × 30,000)⌉ = ⌈10.67⌉ = 11; by Mar 1 (13 weeks): 11 / 13 a week
    const report = computeGap(
      doneWhen({
        wonCents: 12_000_000,
        openDeals: [openDeal({ id: 7, closeOn: '2027-02-15', amountCents: 4_000_000 })],
        next: { period: Q1_2027, quotaCents: 9_000_000 },
      }),
    );
    expect(report.pipeline.later.cents).toBe(4_000_000);
    expect(report.next).toMatchObject({ quotaAssumed: false, expectedCents: 1_000_000, opps: 11, perWeek: 11 / 13 });
    expect(report.advice.lead).toEqual({ kind: 'quota-met', overCents: 0, next: report.next });
  });
});

describe('conversion in money, shrunk toward the team', () => {
  it('regression: five wins logged with no opportunity are quota, not a 100% win rate', () => {
    // Five `won 40k` straight away: won12 5 × $40k, no closed opportunity → the team's 25%, not "100% (yours)"
    const report = computeGap(doneWhen({ wonCents: 20_000_000, won12: { count: 5, cents: 20_000_000 } }));
    expect(report.winRate).toMatchObject({ rate: 0.25, ownDeals: 0, ownRate: null });
    expect(report.averageDealCents).toBe(4_000_000);
  });

  it('regression: won 5 × $10k, lost 5 × $100k converts at about 10%, not 50%', () => {
    // own $50,000 of $550,000 = 9.1%; average deal $10,000, so the team's 25% weighs 5 × 10,000 = $50,000:
    // (50,000 + 50,000 × 0.25) / (550,000 + 50,000) = 62,500 / 600,000 = 10.42%; needs 1 / 0.1042 = 9.6×
    const report = computeGap(
      doneWhen({
        won12: { count: 5, cents: 5_000_000 },
        closed12: { won: 5, wonCents: 5_000_000, lost: 5, lostCents: 50_000_000 },
        cycleDays: [20, 20, 20, 20, 20],
      }),
    );
    expect(report.winRate.rate).toBeCloseTo(62_500 / 600_000, 12);
    expect(report.winRate.ownRate).toBeCloseTo(50_000 / 550_000, 12);
    expect(report.coverageNeeded).toBeCloseTo(9.6, 12);
    // expected from the $45,000 deal = 45,000 × 0.104166… = 4,687.5 → $4,688 (half away from zero)
    expect(report.expectedFromPipelineCents).toBe(468_800);
    // opps = ⌈(90,000 − 4,688) / (0.1041666… × 10,000)⌉ = ⌈85,312 / 1,041.67⌉ = ⌈81.9⌉ = 82, not "create 0"
    expect(report.oppsToCreate).toBe(82);
  });

  it('regression: one win after five losses moves the need moderately, not 99 → 24', () => {
    // $300,000 gap (quota $300k, nothing won), no pipeline, each deal $40,000.
    // Before: lost 5 × $40k, no win, no open deal: the team's average $40,000 sizes the prior 5 × 40,000 = 200,000:
    //   rate = (0 + 200,000 × 0.25) / (200,000 + 200,000) = 12.5%; opps = 300,000 / (0.125 × 40,000) = 60
    // After one $40k win: rate = (40,000 + 50,000) / (240,000 + 200,000) = 20.45%;
    //   opps = ⌈300,000 / (0.2045… × 40,000)⌉ = ⌈36.67⌉ = 37
    const base = {
      quotaCents: 30_000_000,
      wonCents: 0,
      openDeals: [],
      team: {
        closed12: { won: 0, wonCents: 0, lost: 0, lostCents: 0 },
        settingRate: 0.25,
        averageDealCents: 4_000_000,
      },
    };
    const before = computeGap(
      doneWhen({
        ...base,
        won12: { count: 0, cents: 0 },
        closed12: { won: 0, wonCents: 0, lost: 5, lostCents: 20_000_000 },
      }),
    );
    const after = computeGap(
      doneWhen({
        ...base,
        won12: { count: 1, cents: 4_000_000 },
        closed12: { won: 1, wonCents: 4_000_000, lost: 5, lostCents: 20_000_000 },
      }),
    );
    expect(before.winRate.rate).toBe(0.125);
    expect(before.oppsToCreate).toBe(60);
    expect(after.winRate.rate).toBeCloseTo(90_000 / 440_000, 12);
    expect(after.oppsToCreate).toBe(37);
  });

  it("uses the team's own pooled rate once it has 20 closed opportunities", () => {
    // team: 8 won for $240,000, 12 lost for $560,000 = 20 deals; 240,000 / 800,000 = 30%
    const report = computeGap(
      doneWhen({
        team: {
          closed12: { won: 8, wonCents: 24_000_000, lost: 12, lostCents: 56_000_000 },
          settingRate: 0.25,
          averageDealCents: null,
        },
      }),
    );
    expect(report.winRate.team).toEqual({ rate: 0.3, source: 'history', deals: 20 });
    expect(report.winRate.rate).toBe(0.3);
  });
});

describe('pipeline that counts: ICP, live, closing this period', () => {
  it('regression: $800,000 all outside the ICP is not coverage and is not "on pace"', () => {
    // Four $200k deals on accounts marked `icp … no`, no activity: counted $0, coverage 0×, non-ICP shown apart.
    const deals = [1, 2, 3, 4].map((id) => openDeal({ id, icp: 'no', amountCents: 20_000_000 }));
    const report = computeGap(doneWhen({ openDeals: deals, won12: { count: 0, cents: 0 }, wonCents: 0 }));
    expect(report.pipeline.counted.cents).toBe(0);
    expect(report.pipeline.nonIcp.cents).toBe(80_000_000);
    expect(report.coverage).toBe(0);
    expect(report.expectedFromPipelineCents).toBe(0);
    // The average deal is the mean open amount, $200,000: ⌈120,000 / (0.25 × 200,000)⌉ = ⌈2.4⌉ = 3
    expect(report.oppsToCreate).toBe(3);
    const kinds = [report.advice.lead, ...report.advice.more].map((p) => p.kind);
    expect(kinds).toContain('pipeline-short');
    expect(kinds).toContain('non-icp');
    expect(kinds).not.toContain('on-pace');
  });

  it('counts unclassified accounts, shows stale and later deals apart', () => {
    // counted: $45,000 (ICP) + $20,000 (unclassified) = $65,000; later: $50,000 closing Jan 15;
    // stale: $30,000 whose close date Nov 20 passed; coverage 65,000 / 90,000 = 0.72
    const report = computeGap(
      doneWhen({
        openDeals: [
          openDeal({ id: 1 }),
          openDeal({ id: 2, icp: 'unknown', amountCents: 2_000_000 }),
          openDeal({ id: 3, amountCents: 5_000_000, closeOn: '2027-01-15' }),
          openDeal({ id: 4, amountCents: 3_000_000, closeOn: '2026-11-20' }),
        ],
      }),
    );
    expect(report.pipeline.counted.cents).toBe(6_500_000);
    expect(report.pipeline.unclassifiedCents).toBe(2_000_000);
    expect(report.pipeline.later.cents).toBe(5_000_000);
    expect(report.pipeline.stale.cents).toBe(3_000_000);
    expect(report.coverage).toBeCloseTo(65 / 90, 12);
    // expected = 65,000 × 0.25 = 16,250
    expect(report.expectedFromPipelineCents).toBe(1_625_000);
  });
});

describe('the end of a period', () => {
  // Wed Dec 30, before the reflection: Wed + Thu = 2 working days left; Dec 30 → Dec 31 = 1 calendar day < 30.
  // $300,000 quota, $50,000 won: $250,000 short. Counted: Globex $80k, Initech $60k, Acme $40k, Hooli $20k = $200k.
  // Later: $100,000 closing Feb 15. All touched today, so none is stale.
  const touched = { lastTouchedOn: '2026-12-30' };
  const report = computeGap(
    doneWhen({
      today: '2026-12-30',
      quotaCents: 30_000_000,
      wonCents: 5_000_000,
      won12: { count: 1, cents: 5_000_000 },
      openDeals: [
        openDeal({ ...touched, id: 11, account: 'Hooli', amountCents: 2_000_000 }),
        openDeal({ ...touched, id: 12, account: 'Globex', amountCents: 8_000_000 }),
        openDeal({ ...touched, id: 13, account: 'Acme', amountCents: 4_000_000 }),
        openDeal({ ...touched, id: 14, account: 'Initech', amountCents: 6_000_000 }),
        openDeal({ ...touched, id: 15, account: 'Umbrella', amountCents: 10_000_000, closeOn: '2027-02-15' }),
      ],
      hasPlanToday: true,
    }),
  );

  it('regression: with 2 working days left and $250,000 short it does not ask for 32 new opportunities', () => {
    expect(report.workingDaysLeft).toBe(2);
    expect(report.calendarDaysLeft).toBe(1);
    expect(report.tooLate).toBe(true);
    expect(report.oppsToCreate).toBeNull();
  });

  it('says the projection and names the three largest counted deals to close now', () => {
    // expected = 200,000 × 0.25 = 50,000; projected = 50,000 + 50,000 = 100,000 = 33.3%; short 250,000 − 50,000
    expect(report.projectedCents).toBe(10_000_000);
    expect(report.advice.lead).toMatchObject({ kind: 'too-late', shortfallCents: 20_000_000, daysLeft: 1 });
    const lead = report.advice.lead as Extract<typeof report.advice.lead, { kind: 'too-late' }>;
    expect(lead.closeNow.map((d) => d.account)).toEqual(['Globex', 'Initech', 'Acme']);
  });

  it("gives next quarter's need as a weekly rate", () => {
    // Q1 2027 at this quarter's $300,000; Umbrella $100,000 closes in it: expected 25,000, short 275,000;
    // average deal $50,000: opps = ⌈275,000 / 12,500⌉ = 22; by Mar 1; Dec 30 → Mar 1 = 1 + 31 + 28 + 1 = 61 days
    // = 8.71 weeks; 22 / 8.71 = 2.52 a week
    expect(report.next).toMatchObject({
      expectedCents: 2_500_000,
      shortfallCents: 27_500_000,
      opps: 22,
      byDate: '2027-03-01',
    });
    expect(report.next?.weeks).toBeCloseTo(61 / 7, 12);
    expect(report.next?.perWeek).toBeCloseTo(22 / (61 / 7), 12);
  });

  it("uses the rep's own median cycle once there are 5 wins from opportunities", () => {
    // cycles 3, 5, 8, 9, 40 days: median 8. Dec 3 → Dec 31 = 28 days ≥ 8: not too late.
    const own = computeGap(doneWhen({ today: '2026-12-03', cycleDays: [40, 3, 9, 5, 8] }));
    expect(own.cycle).toEqual({ days: 8, source: 'own', wins: 5 });
    expect(own.tooLate).toBe(false);
    // the same day with the assumed 30 days: 28 < 30, too late
    expect(computeGap(doneWhen({ today: '2026-12-03' })).tooLate).toBe(true);
  });
});

describe('targets: ICP and unclassified work counts, paced by the same today-rule', () => {
  const week = { start: '2026-11-30', end: '2026-12-06' };
  const calendar = workCalendar(MON_FRI);

  it('regression: at 08:30 nobody is behind a day target', () => {
    // Was "Behind on demos: 0 of 2 today, pace says 1 by now" the minute the check-in went out.
    const [demos] = targetStatuses(
      [{ activity: 'demo', per: 'day', count: 2, done: 0, doneAll: 0 }],
      week,
      '2026-11-30',
      false,
      calendar,
    );
    expect(demos).toMatchObject({ pace: 0, behindBy: 0, elapsedDays: 0 });
  });

  it('paces a day target whole once the day is over', () => {
    const [calls] = targetStatuses(
      [{ activity: 'call', per: 'day', count: 10, done: 3, doneAll: 3 }],
      week,
      '2026-11-30',
      true,
      calendar,
    );
    expect(calls).toMatchObject({ pace: 10, behindBy: 7, elapsedDays: 1 });
  });

  it('paces a week target by the working days over: Wed midday is 2 of 5', () => {
    // floor(8 × 2 / 5) = floor(3.2) = 3; done 1 → 2 behind
    const [meetings] = targetStatuses(
      [{ activity: 'meeting', per: 'week', count: 8, done: 1, doneAll: 1 }],
      week,
      '2026-12-02',
      false,
      calendar,
    );
    expect(meetings).toMatchObject({ pace: 3, behindBy: 2, elapsedDays: 2 });
  });

  it('regression: 40 of 40 calls all outside the ICP is behind, not done', () => {
    // Friday Dec 4 evening: the week's 5 days are over, pace 40; counted done 0 (all 40 on a non-ICP account)
    const report = computeGap(
      doneWhen({
        today: '2026-12-04',
        dayOver: true,
        targets: [{ activity: 'call', per: 'week', count: 40, done: 0, doneAll: 40 }],
        mix: { icp: 0, nonIcp: 40, unclassified: 0, noAccount: 0 },
      }),
    );
    expect(report.targets[0]).toMatchObject({ pace: 40, behindBy: 40, done: 0, doneAll: 40 });
    const problems = report.problems.map((p) => p.kind);
    expect(problems).toContain('target-behind');
    expect(problems).toContain('non-icp');
  });

  it('paces a week in a Sunday–Thursday week from Sunday', () => {
    // Tue Dec 1 before the reflection, week Sun Nov 29 – Sat Dec 5: Sun + Mon over = 2 of 5 → floor(8 × 0.4) = 3
    const [status] = targetStatuses(
      [{ activity: 'meeting', per: 'week', count: 8, done: 0, doneAll: 0 }],
      { start: '2026-11-29', end: '2026-12-05' },
      '2026-12-01',
      false,
      workCalendar(SUN_THU),
    );
    expect(status).toMatchObject({ pace: 3, behindBy: 3 });
  });
});

describe('workWeek', () => {
  it('starts a Mon–Fri week on Monday and a Sun–Thu week on Sunday', () => {
    expect(workWeek('2026-12-03', 4, MON_FRI)).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(workWeek('2026-11-29', 0, MON_FRI)).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(workWeek('2026-12-03', 4, SUN_THU)).toEqual({ start: '2026-11-29', end: '2026-12-05' });
  });
});

describe('countOf', () => {
  it('rounds a partial count up, but never a whole one hidden by float error', () => {
    // 0.35 × 700,000 = 244,999.99999999997 in floating point: $2,450 is exactly 1 opportunity
    expect(countOf(245_000, 0.35 * 700_000)).toBe(1);
    expect(countOf(1_000_000, 750_000)).toBe(2);
    expect(countOf(0, 750_000)).toBe(0);
  });
});

describe('projectionOn: last week rebuilt from the record', () => {
  const base = { status: 'open', icp: 'yes', closeOn: null, closedOn: null, lastTouchedOn: '2026-11-20' } as const;

  it('counts the deals open then that were due in the period, not outside the ICP, at today’s rate', () => {
    // On Nov 23: won $30,000 by then; open then: A $40k (opened Nov 2, won Nov 27), B $20k (still open),
    // C $50k outside the ICP, D opened Nov 25 (after), E lost Nov 20 (before). Counted 60,000 × 0.25 = 15,000.
    const projected = projectionOn({
      date: '2026-11-23',
      period: Q4_2026,
      wonCents: 3_000_000,
      rate: 0.25,
      deals: [
        { ...base, amountCents: 4_000_000, status: 'won', openedOn: '2026-11-02', closedOn: '2026-11-27' },
        { ...base, amountCents: 2_000_000, icp: 'unknown', openedOn: '2026-11-10', closeOn: '2026-12-15' },
        { ...base, amountCents: 5_000_000, icp: 'no', openedOn: '2026-11-10' },
        { ...base, amountCents: 9_000_000, openedOn: '2026-11-25' },
        { ...base, amountCents: 7_000_000, status: 'lost', openedOn: '2026-11-01', closedOn: '2026-11-20' },
      ],
    });
    expect(projected).toBe(4_500_000);
  });

  it('leaves out what was stale then: overdue, or idle for 30 days as far as the record tells', () => {
    // On Nov 23: F $10k due Nov 20 (overdue then); G $20k last moved Oct 24 (30 days before: idle then);
    // H $40k whose last move is unknown (it changed since): taken as live. 40,000 × 0.25 = $10,000.
    const projected = projectionOn({
      date: '2026-11-23',
      period: Q4_2026,
      wonCents: 0,
      rate: 0.25,
      deals: [
        { ...base, amountCents: 1_000_000, openedOn: '2026-10-01', closeOn: '2026-11-20' },
        { ...base, amountCents: 2_000_000, openedOn: '2026-10-01', lastTouchedOn: '2026-10-24' },
        { ...base, amountCents: 4_000_000, openedOn: '2026-10-01', lastTouchedOn: null },
      ],
    });
    expect(projected).toBe(1_000_000);
  });
});

describe('inputs that shape nothing', () => {
  it('treats a missing quota as no gap, no attainment, no expected pace and no problems', () => {
    const input: Partial<GapInput> = { quotaCents: null, hasPlanToday: false };
    const report = computeGap(doneWhen(input));
    expect(report).toMatchObject({ gapCents: 0, attainment: null, expectedByNowCents: 0, coverage: null });
    expect(report.problems).toEqual([]);
    expect(report.advice).toEqual({ lead: { kind: 'no-quota' }, more: [] });
  });

  it('has no opportunity count without a deal to size one by', () => {
    const report = computeGap(doneWhen({ openDeals: [], won12: { count: 0, cents: 0 } }));
    expect(report.averageDealCents).toBeNull();
    expect(report.oppsToCreate).toBeNull();
    expect(report.gapInDeals).toBeNull();
  });
});
