import { describe, expect, it } from 'vitest';
import type { LocalDate, Weekday } from '../../src/domain/calendar.js';
import { planStreak, planStreakKnownFrom } from '../../src/domain/streak.js';

const MON_FRI: readonly Weekday[] = [1, 2, 3, 4, 5];
const SUN_THU: readonly Weekday[] = [0, 1, 2, 3, 4];

type Pause = { startsOn: LocalDate; until: LocalDate };

function streak(input: {
  today: LocalDate;
  planned: LocalDate[];
  pauses?: Pause[];
  workingDays?: readonly Weekday[];
}): number {
  return planStreak({
    today: input.today,
    plannedDates: new Set(input.planned),
    pauses: input.pauses ?? [],
    workingDays: input.workingDays ?? MON_FRI,
  });
}

// Calendar used below (checked against a printed calendar):
// 2026-11-02 Mon, 11-06 Fri, 11-09 Mon, 11-23 Mon, 11-27 Fri, 11-30 Mon, 12-01 Tue, 12-02 Wed,
// 12-03 Thu, 12-04 Fri, 12-05 Sat, 12-06 Sun, 12-07 Mon, 12-08 Tue; 2026-12-31 Thu, 2027-01-01 Fri, 01-04 Mon.

describe('planStreak on a Monday–Friday week', () => {
  it.each<[name: string, today: LocalDate, planned: LocalDate[], expected: number]>([
    ['is 0 with no plans at all', '2026-12-02', [], 0],
    // today (Wed) has no plan yet: it breaks nothing, so Mon + Tue count
    ['counts the days before an unplanned today', '2026-12-02', ['2026-11-30', '2026-12-01'], 2],
    // Mon, Tue and today Wed
    ['counts today once it has a plan', '2026-12-02', ['2026-11-30', '2026-12-01', '2026-12-02'], 3],
    ['is 1 when only today is planned', '2026-12-02', ['2026-12-02'], 1],
    // Tue missing: the run back from Wed stops there, Mon is not reached
    ['is broken by a working day without a plan', '2026-12-02', ['2026-11-30', '2026-12-02'], 1],
    // today unplanned and yesterday (Tue) unplanned: nothing counts, however long the run before
    ['is 0 when yesterday had no plan and today has none yet', '2026-12-02', ['2026-11-27', '2026-11-30'], 0],
    // Thu, Fri, then Sat and Sun skipped, then Mon (today)
    ['skips the weekend', '2026-12-07', ['2026-12-03', '2026-12-04', '2026-12-07'], 3],
    // same, today Monday still unplanned: Fri + Thu
    ['skips the weekend before an unplanned Monday', '2026-12-07', ['2026-12-03', '2026-12-04'], 2],
    // a plan on Saturday is not a working day with a plan: it neither counts nor matters
    ['does not count a plan made on a weekend day', '2026-12-07', ['2026-12-04', '2026-12-05', '2026-12-07'], 2],
    // today is Saturday with a plan: skipped; Fri + Thu count
    ['does not count a planned Saturday today', '2026-12-05', ['2026-12-03', '2026-12-04', '2026-12-05'], 2],
    // Wed 12-30 missing in the second case: the run back from Tue stops at Thu 12-31
    ['runs across a year end', '2027-01-05', ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-04', '2027-01-05'], 5],
    [
      'breaks across a year end at the first gap',
      '2027-01-05',
      ['2026-12-31', '2027-01-01', '2027-01-04', '2027-01-05'],
      4,
    ],
  ])('%s', (_name, today, planned, expected) => {
    expect(streak({ today, planned })).toBe(expected);
  });
});

describe('planStreak on a Sunday–Thursday week', () => {
  it.each<[name: string, today: LocalDate, planned: LocalDate[], expected: number]>([
    // today Sun 12-06; Fri 12-04 and Sat 12-05 are the weekend: Wed, Thu, Sun count
    ['skips Friday and Saturday', '2026-12-06', ['2026-12-02', '2026-12-03', '2026-12-06'], 3],
    // Thu 12-03 unplanned: the Friday plan does not stand in for it
    ['is broken by an unplanned Thursday even with a plan on Friday', '2026-12-06', ['2026-12-04', '2026-12-06'], 1],
    // Sunday is a working day here: with no plan on Sun 11-29 the run from Mon 11-30 stops
    ['is broken by an unplanned Sunday', '2026-11-30', ['2026-11-26', '2026-11-30'], 1],
  ])('%s', (_name, today, planned, expected) => {
    expect(streak({ today, planned, workingDays: SUN_THU })).toBe(expected);
  });
});

describe('planStreak across pauses', () => {
  it.each<[name: string, today: LocalDate, planned: LocalDate[], pauses: Pause[], expected: number]>([
    // Tue–Thu paused (until Fri exclusive): Mon + Fri(today) count
    [
      'skips paused days without breaking the streak',
      '2026-12-04',
      ['2026-11-30', '2026-12-04'],
      [{ startsOn: '2026-12-01', until: '2026-12-04' }],
      2,
    ],
    // the same pause, but starting Wed: Tue 12-01 is not paused and has no plan
    [
      'does not skip the day before the pause starts',
      '2026-12-04',
      ['2026-11-30', '2026-12-04'],
      [{ startsOn: '2026-12-02', until: '2026-12-04' }],
      1,
    ],
    // paused Tue–Wed only (until Thu, exclusive): Thu 12-03 is a working day without a plan
    [
      'counts the until date as a working day again',
      '2026-12-04',
      ['2026-11-30', '2026-12-04'],
      [{ startsOn: '2026-12-01', until: '2026-12-03' }],
      1,
    ],
    // Fri–Mon paused across the weekend (until Tue 12-08): Wed, Thu and today Tue count
    [
      'skips a pause across a weekend',
      '2026-12-08',
      ['2026-12-02', '2026-12-03', '2026-12-08'],
      [{ startsOn: '2026-12-04', until: '2026-12-08' }],
      3,
    ],
    // three weeks off (Mon 11-09 to Mon 11-30 exclusive): Thu 11-05, Fri 11-06, Mon 11-30, Tue 12-01
    [
      'survives a multi-week vacation',
      '2026-12-01',
      ['2026-11-05', '2026-11-06', '2026-11-30', '2026-12-01'],
      [{ startsOn: '2026-11-09', until: '2026-11-30' }],
      4,
    ],
    // a day planned during the vacation (Wed 11-18) still counts, the unplanned paused days are skipped: 5
    [
      'counts a planned day inside a pause and needs no plan on the others',
      '2026-12-01',
      ['2026-11-05', '2026-11-06', '2026-11-18', '2026-11-30', '2026-12-01'],
      [{ startsOn: '2026-11-09', until: '2026-11-30' }],
      5,
    ],
    // planned today (Thu 12-03), then paused from today: the planned day is not taken away (Wed + Thu)
    [
      'never removes a day planned before the pause began',
      '2026-12-03',
      ['2026-12-02', '2026-12-03'],
      [{ startsOn: '2026-12-03', until: '2026-12-10' }],
      2,
    ],
    // two separate pauses (Tue 12-01 and Thu 12-03): Mon, Wed, Fri count
    [
      'skips several pauses',
      '2026-12-04',
      ['2026-11-30', '2026-12-02', '2026-12-04'],
      [
        { startsOn: '2026-12-01', until: '2026-12-02' },
        { startsOn: '2026-12-03', until: '2026-12-04' },
      ],
      3,
    ],
    // a pause ended on the day it started (resumed at once) covers nothing: Tue 12-01 breaks the run
    [
      'ignores an empty pause',
      '2026-12-02',
      ['2026-11-30', '2026-12-02'],
      [{ startsOn: '2026-12-01', until: '2026-12-01' }],
      1,
    ],
    // paused across New Year (Wed 12-30 to Mon 01-04 exclusive): Tue 12-29 and Mon 01-04
    [
      'skips a pause across a year end',
      '2027-01-04',
      ['2026-12-29', '2027-01-04'],
      [{ startsOn: '2026-12-30', until: '2027-01-04' }],
      2,
    ],
  ])('%s', (_name, today, planned, pauses, expected) => {
    expect(streak({ today, planned, pauses })).toBe(expected);
  });
});

describe('planStreakKnownFrom: plans known only from a date on', () => {
  const known = (today: LocalDate, planned: LocalDate[], from: LocalDate, pauses: Pause[] = []) =>
    planStreakKnownFrom({ today, plannedDates: new Set(planned), pauses, workingDays: MON_FRI }, from);

  it.each<[name: string, today: LocalDate, planned: LocalDate[], from: LocalDate, expected: number | null]>([
    // Wed 12-02 planned, Tue 12-01 planned, Mon 11-30 not: the run ends inside what is known
    [
      'is the streak when the run ends after the first known day',
      '2026-12-02',
      ['2026-12-01', '2026-12-02'],
      '2026-11-30',
      2,
    ],
    // the unplanned Fri 11-27 that ends the run is itself before 11-30: unknown, whatever the plans say
    [
      'is unknown when the run reaches back before the first known day',
      '2026-12-02',
      ['2026-11-30', '2026-12-01'],
      '2026-11-30',
      null,
    ],
    ['is 0 when yesterday, known, had no plan', '2026-12-02', [], '2026-11-01', 0],
  ])('%s', (_name, today, planned, from, expected) => {
    expect(known(today, planned, from)).toBe(expected);
    if (expected !== null) expect(streak({ today, planned })).toBe(expected);
  });

  it('is unknown when a pause carries the run back past the first known day', () => {
    // Mon 11-30 and Tue 12-01 paused, nothing planned: the run goes on through them to before 11-30
    expect(known('2026-12-02', [], '2026-11-30', [{ startsOn: '2026-11-30', until: '2026-12-02' }])).toBeNull();
  });
});
