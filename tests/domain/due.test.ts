import { describe, expect, it } from 'vitest';
import { localDateTime, type Weekday } from '../../src/domain/calendar.js';
import {
  CATCH_UP_MINUTES,
  duePrompts,
  dueWeeklyPost,
  REMINDER_AFTER_MINUTES,
  type RepSchedule,
  type WeeklySlot,
} from '../../src/domain/due.js';

// Every expectation below is worked out by hand from these facts (never from the code under test):
// - America/Los_Angeles: PDT (-7) until 2026-11-01 09:00Z (02:00 PDT → 01:00 PST); PST (-8) until
//   2027-03-14 10:00Z (02:00 PST → 03:00 PDT).
// - America/New_York: EDT (-4) until 2026-11-01 06:00Z (02:00 EDT → 01:00 EST); EST (-5) until
//   2027-03-14 07:00Z (02:00 EST → 03:00 EDT).
// - Europe/London: BST (+1) until 2026-10-25 01:00Z (02:00 BST → 01:00 GMT); GMT (+0) until
//   2027-03-28 01:00Z (01:00 GMT → 02:00 BST).
// - Asia/Kolkata: +05:30 all year. Pacific/Kiritimati: +14 all year.
// - Weekdays: 2026-10-24 Sat, 2026-10-25 Sun, 2026-10-31 Sat, 2026-11-01 Sun, 2026-11-29 Sun, 2026-11-30 Mon,
//   2026-12-01 Tue … 2026-12-04 Fri, 2026-12-05 Sat, 2026-12-06 Sun, 2026-12-28 Mon, 2026-12-31 Thu,
//   2027-01-01 Fri, 2027-01-03 Sun, 2027-01-04 Mon, 2027-03-13 Sat, 2027-03-14 Sun, 2027-03-28 Sun, 2027-03-29 Mon.
// - Clock times as minutes since midnight: 01:30 = 90, 02:30 = 150, 08:30 = 510, 09:00 = 540, 17:30 = 1050,
//   22:30 = 1350, 23:00 = 1380.
const LA = 'America/Los_Angeles';
const NY = 'America/New_York';
const LONDON = 'Europe/London';
const KOLKATA = 'Asia/Kolkata';
const KIRITIMATI = 'Pacific/Kiritimati';

const MON_FRI: readonly Weekday[] = [1, 2, 3, 4, 5];
const SUN_THU: readonly Weekday[] = [0, 1, 2, 3, 4];
const EVERY_DAY: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];

/** The defaults (check-in 08:30, reflection 17:30, Monday–Friday, not paused, reminders on), overridden per row. */
function rep(overrides: Partial<RepSchedule> = {}): RepSchedule {
  return {
    checkinMinutes: 510,
    reflectionMinutes: 1050,
    workingDays: MON_FRI,
    pausedUntil: null,
    remindersEnabled: true,
    ...overrides,
  };
}

/** What is due for `schedule` at a real instant, read in `tz`, as sorted 'kind date' strings. */
function dueAt(schedule: RepSchedule, instant: string, tz: string): string[] {
  return duePrompts(schedule, localDateTime(Date.parse(instant), tz))
    .map((prompt) => `${prompt.kind} ${prompt.date}`)
    .sort();
}

/** The order prompts come back in is not part of the contract: compare as sorted lists. */
const sorted = (keys: readonly string[]): string[] => [...keys].sort();

describe('window constants', () => {
  it('are the 3-hour catch-up window and the 2-hour reminder the design names', () => {
    expect(CATCH_UP_MINUTES).toBe(180);
    expect(REMINDER_AFTER_MINUTES).toBe(120);
  });
});

describe('duePrompts: an 08:30 check-in around daylight-saving changes is due at 08:30 local, never at 07:30', () => {
  // Every day is a working day here, so the Sunday change days count. At 07:30 nothing is due: the check-in
  // is an hour away and yesterday's 17:30 reflection window closed at 20:30.
  const everyDay = rep({ workingDays: EVERY_DAY });
  it.each<[tz: string, instant: string, expected: string[], why: string]>([
    // New York, fall back on 2026-11-01: EDT (-4) before, EST (-5) from 06:00Z that day
    [NY, '2026-10-31T12:30:00Z', ['checkin 2026-10-31'], '08:30 EDT the day before'],
    [NY, '2026-10-31T11:30:00Z', [], '07:30 EDT the day before'],
    [NY, '2026-11-01T13:30:00Z', ['checkin 2026-11-01'], '08:30 EST on the change day'],
    [NY, '2026-11-01T12:30:00Z', [], '07:30 EST on the change day (08:30 had the offset not changed)'],
    [NY, '2026-11-02T13:30:00Z', ['checkin 2026-11-02'], '08:30 EST the day after'],
    [NY, '2026-11-02T12:30:00Z', [], '07:30 EST the day after'],
    // New York, spring forward on 2027-03-14: EST (-5) before, EDT (-4) from 07:00Z that day
    [NY, '2027-03-13T13:30:00Z', ['checkin 2027-03-13'], '08:30 EST the day before'],
    [NY, '2027-03-13T12:30:00Z', [], '07:30 EST the day before'],
    [NY, '2027-03-14T12:30:00Z', ['checkin 2027-03-14'], '08:30 EDT on the change day'],
    [NY, '2027-03-14T11:30:00Z', [], '07:30 EDT on the change day'],
    [NY, '2027-03-15T12:30:00Z', ['checkin 2027-03-15'], '08:30 EDT the day after'],
    [NY, '2027-03-15T11:30:00Z', [], '07:30 EDT the day after'],
    // Los Angeles, fall back on 2026-11-01: PDT (-7) before, PST (-8) from 09:00Z that day
    [LA, '2026-10-31T15:30:00Z', ['checkin 2026-10-31'], '08:30 PDT the day before'],
    [LA, '2026-10-31T14:30:00Z', [], '07:30 PDT the day before'],
    [LA, '2026-11-01T16:30:00Z', ['checkin 2026-11-01'], '08:30 PST on the change day'],
    [LA, '2026-11-01T15:30:00Z', [], '07:30 PST on the change day'],
    [LA, '2026-11-02T16:30:00Z', ['checkin 2026-11-02'], '08:30 PST the day after'],
    [LA, '2026-11-02T15:30:00Z', [], '07:30 PST the day after'],
    // Los Angeles, spring forward on 2027-03-14: PST (-8) before, PDT (-7) from 10:00Z that day
    [LA, '2027-03-13T16:30:00Z', ['checkin 2027-03-13'], '08:30 PST the day before'],
    [LA, '2027-03-13T15:30:00Z', [], '07:30 PST the day before'],
    [LA, '2027-03-14T15:30:00Z', ['checkin 2027-03-14'], '08:30 PDT on the change day'],
    [LA, '2027-03-14T14:30:00Z', [], '07:30 PDT on the change day'],
    [LA, '2027-03-15T15:30:00Z', ['checkin 2027-03-15'], '08:30 PDT the day after'],
    [LA, '2027-03-15T14:30:00Z', [], '07:30 PDT the day after'],
    // London, fall back on 2026-10-25: BST (+1) before, GMT (+0) from 01:00Z that day
    [LONDON, '2026-10-24T07:30:00Z', ['checkin 2026-10-24'], '08:30 BST the day before'],
    [LONDON, '2026-10-24T06:30:00Z', [], '07:30 BST the day before'],
    [LONDON, '2026-10-25T08:30:00Z', ['checkin 2026-10-25'], '08:30 GMT on the change day'],
    [LONDON, '2026-10-25T07:30:00Z', [], '07:30 GMT on the change day'],
    [LONDON, '2026-10-26T08:30:00Z', ['checkin 2026-10-26'], '08:30 GMT the day after'],
    [LONDON, '2026-10-26T07:30:00Z', [], '07:30 GMT the day after'],
    // London, spring forward on 2027-03-28: GMT (+0) before, BST (+1) from 01:00Z that day
    [LONDON, '2027-03-27T08:30:00Z', ['checkin 2027-03-27'], '08:30 GMT the day before'],
    [LONDON, '2027-03-27T07:30:00Z', [], '07:30 GMT the day before'],
    [LONDON, '2027-03-28T07:30:00Z', ['checkin 2027-03-28'], '08:30 BST on the change day'],
    [LONDON, '2027-03-28T06:30:00Z', [], '07:30 BST on the change day'],
    [LONDON, '2027-03-29T07:30:00Z', ['checkin 2027-03-29'], '08:30 BST the day after'],
    [LONDON, '2027-03-29T06:30:00Z', [], '07:30 BST the day after'],
  ])('%s at %s → %j (%s)', (tz, instant, expected) => {
    expect(dueAt(everyDay, instant, tz)).toEqual(sorted(expected));
  });
});

describe('duePrompts: a check-in time inside the spring-forward gap is due from the first minute after it', () => {
  // 02:30 does not exist on 2027-03-14: New York jumps 01:59 EST (06:59Z) → 03:00 EDT (07:00Z); Los Angeles
  // jumps 01:59 PST (09:59Z) → 03:00 PDT (10:00Z). On the wall clock 03:00 is 30 minutes after 02:30, so the
  // window runs to 05:29 and the reminder (02:30 + 2:00 = 04:30) still comes.
  const gap = rep({ checkinMinutes: 150, workingDays: EVERY_DAY });
  it.each<[tz: string, instant: string, expected: string[], why: string]>([
    [NY, '2027-03-14T06:59:00Z', [], '01:59 EST, before the jump'],
    [NY, '2027-03-14T07:00:00Z', ['checkin 2027-03-14'], '03:00 EDT, the first minute after the gap'],
    [NY, '2027-03-14T08:29:00Z', ['checkin 2027-03-14'], '04:29 EDT'],
    [NY, '2027-03-14T08:30:00Z', ['checkin 2027-03-14', 'reminder 2027-03-14'], '04:30 EDT, 02:30 + 2:00'],
    [NY, '2027-03-14T09:29:00Z', ['checkin 2027-03-14', 'reminder 2027-03-14'], '05:29 EDT, 02:30 + 2:59'],
    [NY, '2027-03-14T09:30:00Z', [], '05:30 EDT, 02:30 + 3:00'],
    [LA, '2027-03-14T09:59:00Z', [], '01:59 PST, before the jump'],
    [LA, '2027-03-14T10:00:00Z', ['checkin 2027-03-14'], '03:00 PDT, the first minute after the gap'],
    [LA, '2027-03-14T12:30:00Z', [], '05:30 PDT, 02:30 + 3:00'],
    // The days either side have a real 02:30
    [NY, '2027-03-13T07:30:00Z', ['checkin 2027-03-13'], '02:30 EST the day before'],
    [NY, '2027-03-15T06:30:00Z', ['checkin 2027-03-15'], '02:30 EDT the day after'],
  ])('%s at %s → %j (%s)', (tz, instant, expected) => {
    expect(dueAt(gap, instant, tz)).toEqual(sorted(expected));
  });
});

describe('duePrompts: a check-in time in the repeated fall-back hour keeps one date', () => {
  // 01:30 happens twice in New York on 2026-11-01: 05:30Z (EDT) and 06:30Z (EST). Both readings are 01:30 on
  // 2026-11-01, so the key is the same date both times. The window is on the wall clock: 04:29 EST is 2:59 later.
  const repeated = rep({ checkinMinutes: 90, workingDays: EVERY_DAY });
  it.each<[tz: string, instant: string, expected: string[], why: string]>([
    [NY, '2026-11-01T05:29:00Z', [], '01:29 EDT, a minute early'],
    [NY, '2026-11-01T05:30:00Z', ['checkin 2026-11-01'], 'the first 01:30 (EDT)'],
    [NY, '2026-11-01T06:30:00Z', ['checkin 2026-11-01'], 'the second 01:30 (EST): same date, no second one'],
    [NY, '2026-11-01T08:30:00Z', ['checkin 2026-11-01', 'reminder 2026-11-01'], '03:30 EST, 01:30 + 2:00'],
    [NY, '2026-11-01T09:29:00Z', ['checkin 2026-11-01', 'reminder 2026-11-01'], '04:29 EST, 01:30 + 2:59'],
    [NY, '2026-11-01T09:30:00Z', [], '04:30 EST, 01:30 + 3:00'],
    // London repeats 01:00–01:59 on 2026-10-25: 01:30 BST is 00:30Z, 01:30 GMT is 01:30Z
    [LONDON, '2026-10-25T00:30:00Z', ['checkin 2026-10-25'], 'the first 01:30 (BST)'],
    [LONDON, '2026-10-25T01:30:00Z', ['checkin 2026-10-25'], 'the second 01:30 (GMT): same date'],
  ])('%s at %s → %j (%s)', (tz, instant, expected) => {
    expect(dueAt(repeated, instant, tz)).toEqual(sorted(expected));
  });
});

describe('duePrompts: sweeping every minute across a change gives exactly one check-in date per day', () => {
  // The scheduler passes once a minute; the set of check-in keys it sees over five days must be those five
  // dates, none skipped and none doubled. Each range starts after the window of the day before the first date
  // has closed and ends before the window of the day after the last date opens.
  it.each<[tz: string, checkin: number, from: string, to: string, dates: string[], why: string]>([
    [
      NY,
      90,
      '2026-10-30T00:00:00Z',
      '2026-11-04T00:00:00Z',
      ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03'],
      '01:30 check-in across fall back (the repeated hour adds no date)',
    ],
    [
      NY,
      150,
      '2027-03-12T00:00:00Z',
      '2027-03-17T00:00:00Z',
      ['2027-03-12', '2027-03-13', '2027-03-14', '2027-03-15', '2027-03-16'],
      '02:30 check-in across spring forward (the gap skips no date)',
    ],
    [
      LONDON,
      90,
      '2027-03-26T00:00:00Z',
      '2027-03-31T00:00:00Z',
      ['2027-03-26', '2027-03-27', '2027-03-28', '2027-03-29', '2027-03-30'],
      '01:30 check-in across London spring forward (01:00–01:59 GMT does not exist)',
    ],
  ])('%s, check-in at minute %i, %s to %s → %j (%s)', (tz, checkin, from, to, dates) => {
    const schedule = rep({ checkinMinutes: checkin, workingDays: EVERY_DAY, remindersEnabled: false });
    const seen = new Set<string>();
    for (let t = Date.parse(from); t < Date.parse(to); t += 60_000) {
      for (const prompt of duePrompts(schedule, localDateTime(t, tz))) {
        if (prompt.kind === 'checkin') seen.add(prompt.date);
      }
    }
    expect([...seen].sort()).toEqual(dates);
  });
});

describe('duePrompts: the edges of the catch-up window, the reminder and the reflection', () => {
  // Tuesday 2026-12-01 in Los Angeles (PST, -8): 08:30 = 16:30Z; 17:30 = 01:30Z on 2026-12-02.
  // Check-in due [08:30, 11:30); reminder [10:30, 11:30); reflection [17:30, 20:30).
  it.each<[instant: string, expected: string[], why: string]>([
    ['2026-12-01T16:29:00Z', [], '08:29, one minute before the check-in'],
    ['2026-12-01T16:30:00Z', ['checkin 2026-12-01'], '08:30, exactly the check-in time'],
    ['2026-12-01T18:29:00Z', ['checkin 2026-12-01'], '10:29, +1:59: no reminder yet'],
    ['2026-12-01T18:30:00Z', ['checkin 2026-12-01', 'reminder 2026-12-01'], '10:30, +2:00: reminder from here'],
    ['2026-12-01T19:29:00Z', ['checkin 2026-12-01', 'reminder 2026-12-01'], '11:29, +2:59: last minute of both'],
    ['2026-12-01T19:30:00Z', [], '11:30, +3:00: the window has closed'],
    ['2026-12-02T01:29:00Z', [], '17:29, one minute before the reflection'],
    ['2026-12-02T01:30:00Z', ['reflection 2026-12-01'], '17:30, exactly the reflection time'],
    ['2026-12-02T04:29:00Z', ['reflection 2026-12-01'], '20:29, +2:59'],
    ['2026-12-02T04:30:00Z', [], '20:30, +3:00'],
  ])('Los Angeles rep at %s → %j (%s)', (instant, expected) => {
    expect(dueAt(rep(), instant, LA)).toEqual(sorted(expected));
  });

  it.each<[instant: string, expected: string[], why: string]>([
    ['2026-12-01T16:30:00Z', ['checkin 2026-12-01'], '08:30'],
    ['2026-12-01T18:30:00Z', ['checkin 2026-12-01'], '10:30, +2:00: no reminder'],
    ['2026-12-01T19:29:00Z', ['checkin 2026-12-01'], '11:29, +2:59: no reminder'],
    ['2026-12-01T19:30:00Z', [], '11:30, +3:00'],
    ['2026-12-02T03:30:00Z', ['reflection 2026-12-01'], '19:30: the reflection does not depend on reminders'],
  ])('with reminders off, Los Angeles rep at %s → %j (%s)', (instant, expected) => {
    expect(dueAt(rep({ remindersEnabled: false }), instant, LA)).toEqual(sorted(expected));
  });

  // Kolkata (+05:30): 08:30 IST = 03:00Z and 17:30 IST = 12:00Z on the same date; the half hour matters.
  it.each<[instant: string, expected: string[], why: string]>([
    ['2026-12-01T02:59:00Z', [], '08:29 IST'],
    ['2026-12-01T03:00:00Z', ['checkin 2026-12-01'], '08:30 IST'],
    ['2026-12-01T04:59:00Z', ['checkin 2026-12-01'], '10:29 IST'],
    ['2026-12-01T05:00:00Z', ['checkin 2026-12-01', 'reminder 2026-12-01'], '10:30 IST'],
    ['2026-12-01T05:59:00Z', ['checkin 2026-12-01', 'reminder 2026-12-01'], '11:29 IST'],
    ['2026-12-01T06:00:00Z', [], '11:30 IST'],
    ['2026-12-01T11:59:00Z', [], '17:29 IST'],
    ['2026-12-01T12:00:00Z', ['reflection 2026-12-01'], '17:30 IST'],
    ['2026-12-01T14:59:00Z', ['reflection 2026-12-01'], '20:29 IST'],
    ['2026-12-01T15:00:00Z', [], '20:30 IST'],
  ])('Kolkata rep at %s → %j (%s)', (instant, expected) => {
    expect(dueAt(rep(), instant, KOLKATA)).toEqual(sorted(expected));
  });

  // Kiritimati (+14): 08:30 local = 18:30Z the previous UTC day, so the local date is a day ahead of UTC.
  it.each<[instant: string, expected: string[], why: string]>([
    ['2026-11-29T18:30:00Z', ['checkin 2026-11-30'], 'Monday 08:30 local, still Sunday in UTC'],
    ['2026-11-30T18:29:00Z', [], 'Tuesday 08:29 local'],
    ['2026-11-30T18:30:00Z', ['checkin 2026-12-01'], 'Tuesday 08:30 local, Monday in UTC'],
    ['2026-11-30T21:29:00Z', ['checkin 2026-12-01', 'reminder 2026-12-01'], 'Tuesday 11:29 local'],
    ['2026-11-30T21:30:00Z', [], 'Tuesday 11:30 local'],
    ['2026-12-01T03:30:00Z', ['reflection 2026-12-01'], 'Tuesday 17:30 local'],
    ['2026-12-03T18:30:00Z', ['checkin 2026-12-04'], 'Friday 08:30 local, Thursday in UTC'],
    ['2026-12-04T18:30:00Z', [], 'Saturday 08:30 local, though Friday in UTC'],
    ['2026-12-05T03:30:00Z', [], 'Saturday 17:30 local'],
  ])('Kiritimati rep at %s → %j (%s)', (instant, expected) => {
    expect(dueAt(rep(), instant, KIRITIMATI)).toEqual(sorted(expected));
  });
});

describe('duePrompts: working days', () => {
  // Sunday–Thursday week in Kolkata: 08:30 IST = 03:00Z, 17:30 IST = 12:00Z.
  it.each<[instant: string, expected: string[], why: string]>([
    ['2026-12-06T03:00:00Z', ['checkin 2026-12-06'], 'Sunday 08:30 is a working day'],
    ['2026-12-06T12:00:00Z', ['reflection 2026-12-06'], 'Sunday 17:30'],
    ['2026-12-03T03:00:00Z', ['checkin 2026-12-03'], 'Thursday 08:30'],
    ['2026-12-03T12:00:00Z', ['reflection 2026-12-03'], 'Thursday 17:30'],
    ['2026-12-04T03:00:00Z', [], 'Friday 08:30 is off'],
    ['2026-12-04T12:00:00Z', [], 'Friday 17:30 is off'],
    ['2026-12-05T03:00:00Z', [], 'Saturday 08:30 is off'],
    ['2026-12-05T12:00:00Z', [], 'Saturday 17:30 is off'],
  ])('Sunday–Thursday rep in Kolkata at %s → %j (%s)', (instant, expected) => {
    expect(dueAt(rep({ workingDays: SUN_THU }), instant, KOLKATA)).toEqual(sorted(expected));
  });

  // The same Monday–Friday rep in Los Angeles (PST): 08:30 = 16:30Z.
  it.each<[instant: string, expected: string[], why: string]>([
    ['2026-12-04T16:30:00Z', ['checkin 2026-12-04'], 'Friday 08:30'],
    ['2026-12-05T16:30:00Z', [], 'Saturday 08:30'],
    ['2026-12-06T16:30:00Z', [], 'Sunday 08:30'],
    ['2026-12-07T16:30:00Z', ['checkin 2026-12-07'], 'Monday 08:30'],
  ])('Monday–Friday rep in Los Angeles at %s → %j (%s)', (instant, expected) => {
    expect(dueAt(rep(), instant, LA)).toEqual(sorted(expected));
  });

  it('sends nothing when no day is a working day', () => {
    // Tuesday 2026-12-01 08:30 PST
    expect(dueAt(rep({ workingDays: [] }), '2026-12-01T16:30:00Z', LA)).toEqual([]);
  });
});

describe('duePrompts: pause', () => {
  // Los Angeles (PST): 08:30 = 16:30Z, 17:30 = 01:30Z the next UTC day. Paused until Thursday 2026-12-03.
  it.each<[pausedUntil: string | null, instant: string, expected: string[], why: string]>([
    ['2026-12-03', '2026-12-01T16:30:00Z', [], 'Tuesday 08:30, well inside the pause'],
    ['2026-12-03', '2026-12-02T16:30:00Z', [], 'Wednesday 08:30, the last paused date'],
    ['2026-12-03', '2026-12-03T01:30:00Z', [], 'Wednesday 17:30 reflection, still paused'],
    ['2026-12-03', '2026-12-03T16:30:00Z', ['checkin 2026-12-03'], 'Thursday 08:30, pausedUntil itself'],
    ['2026-12-03', '2026-12-04T01:30:00Z', ['reflection 2026-12-03'], 'Thursday 17:30'],
    ['2026-12-03', '2026-12-04T16:30:00Z', ['checkin 2026-12-04'], 'Friday 08:30, after the pause'],
    ['2026-11-01', '2026-12-01T16:30:00Z', ['checkin 2026-12-01'], 'a pause that ended in the past'],
    [null, '2026-12-02T16:30:00Z', ['checkin 2026-12-02'], 'not paused'],
  ])('paused until %s, at %s → %j (%s)', (pausedUntil, instant, expected) => {
    expect(dueAt(rep({ pausedUntil }), instant, LA)).toEqual(sorted(expected));
  });

  it('uses the rep’s local date, not UTC’s, to end the pause', () => {
    // Kiritimati 2026-11-30T18:30Z is Tuesday 2026-12-01 08:30 local (still Monday in UTC): not paused any more.
    expect(dueAt(rep({ pausedUntil: '2026-12-01' }), '2026-11-30T18:30:00Z', KIRITIMATI)).toEqual([
      'checkin 2026-12-01',
    ]);
    // Los Angeles 2026-12-01T06:30Z is Monday 2026-11-30 22:30 local; with a 22:00 check-in that is Monday's, paused.
    expect(dueAt(rep({ checkinMinutes: 1320, pausedUntil: '2026-12-01' }), '2026-12-01T06:30:00Z', LA)).toEqual([]);
  });
});

describe('duePrompts: windows that cross midnight keep their own date', () => {
  // Reflection at 23:00 (1380), Los Angeles (PST, -8): 23:00 = 07:00Z the next UTC day; 01:30 = 09:30Z.
  // Due [23:00, 02:00) on the wall clock, keyed by the date it started on.
  const late = rep({ reflectionMinutes: 1380 });
  it.each<[pausedUntil: string | null, instant: string, expected: string[], why: string]>([
    [null, '2026-12-02T06:59:00Z', [], 'Tuesday 22:59'],
    [null, '2026-12-02T07:00:00Z', ['reflection 2026-12-01'], 'Tuesday 23:00'],
    [null, '2026-12-02T09:30:00Z', ['reflection 2026-12-01'], 'Wednesday 01:30: still Tuesday’s'],
    [null, '2026-12-02T09:59:00Z', ['reflection 2026-12-01'], 'Wednesday 01:59, +2:59'],
    [null, '2026-12-02T10:00:00Z', [], 'Wednesday 02:00, +3:00'],
    [null, '2026-12-05T09:30:00Z', ['reflection 2026-12-04'], 'Saturday 01:30: Friday’s (a working day)'],
    [null, '2026-12-06T09:30:00Z', [], 'Sunday 01:30: Saturday’s, not a working day'],
    [null, '2026-12-07T09:30:00Z', [], 'Monday 01:30: Sunday’s, though Monday is a working day'],
    ['2026-12-02', '2026-12-02T09:30:00Z', [], 'Wednesday 01:30 paused until Wednesday: Tuesday’s is paused'],
    ['2026-12-01', '2026-12-02T09:30:00Z', ['reflection 2026-12-01'], 'paused until Tuesday: Tuesday’s is due'],
  ])('paused until %s, at %s → %j (%s)', (pausedUntil, instant, expected) => {
    expect(dueAt({ ...late, pausedUntil }, instant, LA)).toEqual(sorted(expected));
  });

  // Sunday–Thursday in Kolkata, reflection at 23:00: 01:30 IST = 20:00Z the previous UTC day.
  it.each<[instant: string, expected: string[], why: string]>([
    ['2026-12-03T20:00:00Z', ['reflection 2026-12-03'], 'Friday 01:30: Thursday’s'],
    ['2026-12-04T20:00:00Z', [], 'Saturday 01:30: Friday’s, off'],
    ['2026-12-05T20:00:00Z', [], 'Sunday 01:30: Saturday’s, off'],
    ['2026-12-06T20:00:00Z', ['reflection 2026-12-06'], 'Monday 01:30: Sunday’s'],
  ])('Sunday–Thursday rep in Kolkata, reflection at 23:00, at %s → %j (%s)', (instant, expected) => {
    expect(dueAt(rep({ workingDays: SUN_THU, reflectionMinutes: 1380 }), instant, KOLKATA)).toEqual(sorted(expected));
  });

  // A 22:00 (1320) check-in in New York (EST, -5): 22:00 = 03:00Z next UTC day; the reminder at 00:00 is the
  // previous date's too. 00:30 = 05:30Z, 00:59 = 05:59Z, 01:00 = 06:00Z.
  it.each<[instant: string, expected: string[], why: string]>([
    ['2026-12-02T03:00:00Z', ['checkin 2026-12-01'], 'Tuesday 22:00'],
    ['2026-12-02T05:30:00Z', ['checkin 2026-12-01', 'reminder 2026-12-01'], 'Wednesday 00:30: Tuesday’s'],
    ['2026-12-02T05:59:00Z', ['checkin 2026-12-01', 'reminder 2026-12-01'], 'Wednesday 00:59, +2:59'],
    ['2026-12-02T06:00:00Z', [], 'Wednesday 01:00, +3:00'],
    ['2026-12-05T05:30:00Z', ['checkin 2026-12-04', 'reminder 2026-12-04'], 'Saturday 00:30: Friday’s, still due'],
    ['2026-12-07T05:30:00Z', [], 'Monday 00:30: Sunday’s, not a working day'],
  ])('New York rep, check-in at 22:00, at %s → %j (%s)', (instant, expected) => {
    expect(dueAt(rep({ checkinMinutes: 1320 }), instant, NY)).toEqual(sorted(expected));
  });
});

describe('duePrompts: year ends', () => {
  // 2026-12-31 is a Thursday, 2027-01-01 a Friday: both working days.
  it.each<[tz: string, instant: string, expected: string[], why: string]>([
    // New York (EST, -5), reflection at 23:00: 23:00 on 12-31 = 04:00Z on 01-01; 01:30 = 06:30Z.
    [NY, '2027-01-01T04:00:00Z', ['reflection 2026-12-31'], 'New Year’s Eve 23:00'],
    [NY, '2027-01-01T06:30:00Z', ['reflection 2026-12-31'], 'New Year’s Day 01:30: still 2026’s'],
    [NY, '2027-01-01T07:00:00Z', [], 'New Year’s Day 02:00, +3:00'],
    // Kiritimati (+14): 00:30 on 2027-01-01 = 10:30Z on 2026-12-31; 08:30 = 18:30Z on 2026-12-31.
    [KIRITIMATI, '2026-12-31T10:30:00Z', ['reflection 2026-12-31'], '00:30 on 2027-01-01 local'],
    [KIRITIMATI, '2026-12-31T18:30:00Z', ['checkin 2027-01-01'], '08:30 on 2027-01-01 local, 2026 in UTC'],
  ])('%s, reflection at 23:00, at %s → %j (%s)', (tz, instant, expected) => {
    expect(dueAt(rep({ reflectionMinutes: 1380 }), instant, tz)).toEqual(sorted(expected));
  });

  it.each<[tz: string, instant: string, expected: string[], why: string]>([
    [NY, '2026-12-31T13:30:00Z', ['checkin 2026-12-31'], 'Thursday 08:30 EST'],
    [NY, '2027-01-01T13:30:00Z', ['checkin 2027-01-01'], 'Friday 08:30 EST'],
    [LA, '2027-01-01T16:30:00Z', ['checkin 2027-01-01'], 'Friday 08:30 PST'],
    [LONDON, '2027-01-01T08:30:00Z', ['checkin 2027-01-01'], 'Friday 08:30 GMT'],
  ])('%s default rep at %s → %j (%s)', (tz, instant, expected) => {
    expect(dueAt(rep(), instant, tz)).toEqual(sorted(expected));
  });
});

describe('dueWeeklyPost', () => {
  const postAt = (slot: WeeklySlot, instant: string, tz: string) =>
    dueWeeklyPost(slot, localDateTime(Date.parse(instant), tz));

  // Default slot: Monday 09:00, team zone; due [09:00, 12:00) on Monday's wall clock.
  // ISO weeks: 2026 began on a Thursday, so 2026-W01 is 2025-12-29 … 2026-01-04 and 2026 has 53 weeks.
  // Monday 2026-11-30 is 336 days (48 weeks) after 2025-12-29 → W49; 2026-11-02 is 4 weeks earlier → W45;
  // 2026-12-28 → W53; 2027-01-04 (the first Monday of 2027, 2027-01-01 being a Friday) → 2027-W01;
  // 2027-03-29 is 84 days (12 weeks) after 2027-01-04 → 2027-W13.
  const monday9: WeeklySlot = { weeklyDay: 1, weeklyMinutes: 540 };
  it.each<[tz: string, instant: string, expected: { date: string; week: string } | null, why: string]>([
    [NY, '2026-11-30T14:10:00Z', { date: '2026-11-30', week: '2026-W49' }, 'Monday 09:10 EST'],
    [NY, '2026-11-30T14:00:00Z', { date: '2026-11-30', week: '2026-W49' }, 'Monday 09:00 EST, exactly'],
    [NY, '2026-11-30T13:59:00Z', null, 'Monday 08:59 EST'],
    [NY, '2026-11-30T16:59:00Z', { date: '2026-11-30', week: '2026-W49' }, 'Monday 11:59 EST, +2:59'],
    [NY, '2026-11-30T17:00:00Z', null, 'Monday 12:00 EST, +3:00'],
    [NY, '2026-11-29T14:10:00Z', null, 'Sunday 09:10 EST'],
    [NY, '2026-12-01T14:10:00Z', null, 'Tuesday 09:10 EST'],
    [NY, '2026-11-02T14:10:00Z', { date: '2026-11-02', week: '2026-W45' }, 'Monday 09:10 EST after fall back'],
    [NY, '2026-11-02T13:10:00Z', null, 'Monday 08:10 EST after fall back (09:10 in EDT)'],
    [NY, '2026-12-28T14:10:00Z', { date: '2026-12-28', week: '2026-W53' }, 'Monday 09:10, the 53rd week'],
    [NY, '2027-01-04T14:10:00Z', { date: '2027-01-04', week: '2027-W01' }, 'Monday 09:10, first week of 2027'],
    [LA, '2026-11-30T17:10:00Z', { date: '2026-11-30', week: '2026-W49' }, 'Monday 09:10 PST (12:10 in New York)'],
    [LA, '2026-11-30T14:10:00Z', null, 'Monday 06:10 PST'],
    [LONDON, '2027-03-29T08:10:00Z', { date: '2027-03-29', week: '2027-W13' }, 'Monday 09:10 BST'],
    [LONDON, '2027-03-29T09:10:00Z', { date: '2027-03-29', week: '2027-W13' }, 'Monday 10:10 BST'],
    [LONDON, '2027-03-29T07:10:00Z', null, 'Monday 08:10 BST (09:10 had it still been GMT)'],
    [KOLKATA, '2026-11-30T03:40:00Z', { date: '2026-11-30', week: '2026-W49' }, 'Monday 09:10 IST'],
    [KOLKATA, '2026-11-30T03:29:00Z', null, 'Monday 08:59 IST'],
    [KIRITIMATI, '2026-11-29T19:10:00Z', { date: '2026-11-30', week: '2026-W49' }, 'Monday 09:10 local, Sunday UTC'],
    [KIRITIMATI, '2026-11-30T19:10:00Z', null, 'Tuesday 09:10 local, Monday UTC'],
  ])('Monday 09:00 slot in %s at %s → %j (%s)', (tz, instant, expected) => {
    expect(postAt(monday9, instant, tz)).toEqual(expected);
  });

  // Sunday 22:30 slot: due [22:30, 01:30) and keyed by Sunday, whose ISO week is the one that began the Monday
  // before (Sunday 2026-11-29 is in 2026-W48; Sunday 2027-01-03 is in 2026-W53).
  const sunday2230: WeeklySlot = { weeklyDay: 0, weeklyMinutes: 1350 };
  it.each<[tz: string, instant: string, expected: { date: string; week: string } | null, why: string]>([
    [NY, '2026-11-30T03:29:00Z', null, 'Sunday 22:29 EST'],
    [NY, '2026-11-30T03:30:00Z', { date: '2026-11-29', week: '2026-W48' }, 'Sunday 22:30 EST'],
    [NY, '2026-11-30T05:30:00Z', { date: '2026-11-29', week: '2026-W48' }, 'Monday 00:30 EST: Sunday’s date, week'],
    [NY, '2026-11-30T06:29:00Z', { date: '2026-11-29', week: '2026-W48' }, 'Monday 01:29 EST, +2:59'],
    [NY, '2026-11-30T06:30:00Z', null, 'Monday 01:30 EST, +3:00'],
    [NY, '2026-12-01T05:30:00Z', null, 'Tuesday 00:30 EST: Monday had no slot'],
    [NY, '2027-01-04T05:30:00Z', { date: '2027-01-03', week: '2026-W53' }, 'Monday 2027-01-04 00:30: 2026’s last week'],
    [KOLKATA, '2026-11-29T19:00:00Z', { date: '2026-11-29', week: '2026-W48' }, 'Monday 00:30 IST'],
  ])('Sunday 22:30 slot in %s at %s → %j (%s)', (tz, instant, expected) => {
    expect(postAt(sunday2230, instant, tz)).toEqual(expected);
  });
});

describe('a check-in never outlives the day’s reflection time', () => {
  // Check-in 15:30, reflection 17:00 (a short afternoon): at 17:30 the reminder window (17:30–18:29)
  // would still be open, but the reflection has come, so no check-in or reminder for that day.
  const schedule = {
    checkinMinutes: 15 * 60 + 30,
    reflectionMinutes: 17 * 60,
    workingDays: [1, 2, 3, 4, 5] as const,
    pausedUntil: null,
    remindersEnabled: true,
  };
  const at = (minutes: number) => ({ date: '2026-12-01', minutes, weekday: 2 as const });

  it.each([
    [16 * 60, ['checkin 2026-12-01']],
    [16 * 60 + 59, ['checkin 2026-12-01']],
    [17 * 60, ['reflection 2026-12-01']],
    [17 * 60 + 30, ['reflection 2026-12-01']],
  ])('at minute %i of Tuesday: %j', (minutes, expected) => {
    expect(duePrompts(schedule, at(minutes)).map((p) => `${p.kind} ${p.date}`)).toEqual(expected);
  });
});
