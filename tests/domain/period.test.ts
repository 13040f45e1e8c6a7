import { describe, expect, it } from 'vitest';
import type { Weekday } from '../../src/domain/calendar.js';
import type { PeriodKind } from '../../src/domain/command.js';
import { countWorkingDays, DEFAULT_WORKING_DAYS, isWorkingDay, periodContaining } from '../../src/domain/period.js';

// Weekdays used in the arithmetic below: 2026-01-01 Thu, 2026-10-01 Thu, 2026-11-01 Sun, 2026-12-01 Tue,
// 2027-02-01 Mon, 2028-01-01 Sat, 2028-02-01 Tue.
const MON_FRI: readonly Weekday[] = [1, 2, 3, 4, 5];
const SUN_THU: readonly Weekday[] = [0, 1, 2, 3, 4];

type PeriodRow = [kind: PeriodKind, date: string, start: string, end: string, label: string, range: string];

describe('periodContaining', () => {
  describe.each<{ fiscalStartMonth: number; rows: PeriodRow[] }>([
    {
      fiscalStartMonth: 1,
      rows: [
        ['quarter', '2026-11-15', '2026-10-01', '2026-12-31', 'Q4 2026', 'Oct 1 – Dec 31'],
        ['quarter', '2026-01-01', '2026-01-01', '2026-03-31', 'Q1 2026', 'Jan 1 – Mar 31'],
        ['quarter', '2026-12-31', '2026-10-01', '2026-12-31', 'Q4 2026', 'Oct 1 – Dec 31'],
        ['quarter', '2028-02-29', '2028-01-01', '2028-03-31', 'Q1 2028', 'Jan 1 – Mar 31'],
        ['month', '2026-11-15', '2026-11-01', '2026-11-30', 'November 2026', 'Nov 1 – Nov 30'],
        ['month', '2026-12-31', '2026-12-01', '2026-12-31', 'December 2026', 'Dec 1 – Dec 31'],
        ['month', '2028-02-29', '2028-02-01', '2028-02-29', 'February 2028', 'Feb 1 – Feb 29'],
        ['month', '2027-02-10', '2027-02-01', '2027-02-28', 'February 2027', 'Feb 1 – Feb 28'],
        ['year', '2026-11-15', '2026-01-01', '2026-12-31', '2026', 'Jan 1 – Dec 31'],
        ['year', '2028-02-29', '2028-01-01', '2028-12-31', '2028', 'Jan 1 – Dec 31'],
      ],
    },
    {
      // FY2027 = Feb 2026 – Jan 2027, named for the calendar year it ends in
      fiscalStartMonth: 2,
      rows: [
        ['year', '2026-02-01', '2026-02-01', '2027-01-31', 'FY2027', 'Feb 1, 2026 – Jan 31, 2027'],
        ['year', '2027-01-31', '2026-02-01', '2027-01-31', 'FY2027', 'Feb 1, 2026 – Jan 31, 2027'],
        ['year', '2026-01-31', '2025-02-01', '2026-01-31', 'FY2026', 'Feb 1, 2025 – Jan 31, 2026'],
        ['quarter', '2026-02-01', '2026-02-01', '2026-04-30', 'Q1 FY2027', 'Feb 1 – Apr 30'],
        ['quarter', '2026-11-15', '2026-11-01', '2027-01-31', 'Q4 FY2027', 'Nov 1, 2026 – Jan 31, 2027'],
        ['quarter', '2028-02-29', '2028-02-01', '2028-04-30', 'Q1 FY2029', 'Feb 1 – Apr 30'],
        ['month', '2026-11-15', '2026-11-01', '2026-11-30', 'November 2026', 'Nov 1 – Nov 30'],
      ],
    },
    {
      // FY2027 = Apr 2026 – Mar 2027
      fiscalStartMonth: 4,
      rows: [
        ['quarter', '2026-04-01', '2026-04-01', '2026-06-30', 'Q1 FY2027', 'Apr 1 – Jun 30'],
        ['quarter', '2026-11-15', '2026-10-01', '2026-12-31', 'Q3 FY2027', 'Oct 1 – Dec 31'],
        ['quarter', '2027-03-31', '2027-01-01', '2027-03-31', 'Q4 FY2027', 'Jan 1 – Mar 31'],
        ['year', '2028-02-29', '2027-04-01', '2028-03-31', 'FY2028', 'Apr 1, 2027 – Mar 31, 2028'],
      ],
    },
    {
      // FY2027 = Jul 2026 – Jun 2027
      fiscalStartMonth: 7,
      rows: [
        ['quarter', '2026-07-01', '2026-07-01', '2026-09-30', 'Q1 FY2027', 'Jul 1 – Sep 30'],
        ['quarter', '2026-12-31', '2026-10-01', '2026-12-31', 'Q2 FY2027', 'Oct 1 – Dec 31'],
        ['quarter', '2027-01-01', '2027-01-01', '2027-03-31', 'Q3 FY2027', 'Jan 1 – Mar 31'],
        ['year', '2026-06-30', '2025-07-01', '2026-06-30', 'FY2026', 'Jul 1, 2025 – Jun 30, 2026'],
      ],
    },
    {
      // FY2027 = Oct 2026 – Sep 2027
      fiscalStartMonth: 10,
      rows: [
        ['quarter', '2026-10-01', '2026-10-01', '2026-12-31', 'Q1 FY2027', 'Oct 1 – Dec 31'],
        ['quarter', '2026-09-30', '2026-07-01', '2026-09-30', 'Q4 FY2026', 'Jul 1 – Sep 30'],
        ['year', '2026-12-31', '2026-10-01', '2027-09-30', 'FY2027', 'Oct 1, 2026 – Sep 30, 2027'],
        ['month', '2026-10-01', '2026-10-01', '2026-10-31', 'October 2026', 'Oct 1 – Oct 31'],
      ],
    },
    {
      // Quarters spanning a year end and a February (29 days in 2028)
      fiscalStartMonth: 12,
      rows: [
        ['quarter', '2026-12-15', '2026-12-01', '2027-02-28', 'Q1 FY2027', 'Dec 1, 2026 – Feb 28, 2027'],
        ['quarter', '2028-01-15', '2027-12-01', '2028-02-29', 'Q1 FY2028', 'Dec 1, 2027 – Feb 29, 2028'],
      ],
    },
  ])('with the fiscal year starting in month $fiscalStartMonth', ({ fiscalStartMonth, rows }) => {
    it.each(rows)('the %s containing %s runs %s to %s, labelled %s (%s)', (kind, date, start, end, label, range) => {
      expect(periodContaining(kind, date, fiscalStartMonth)).toEqual({ kind, start, end, label, range });
    });
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])(
    'quarters of a fiscal year starting in month %i follow each other with no gap or overlap',
    (fiscalStartMonth) => {
      let quarter = periodContaining('quarter', '2027-01-01', fiscalStartMonth);
      for (let i = 0; i < 8; i++) {
        const next = periodContaining('quarter', nextDay(quarter.end), fiscalStartMonth);
        expect(next.start).toBe(nextDay(quarter.end));
        expect(next.start <= next.end).toBe(true);
        quarter = next;
      }
    },
  );

  it.each([
    { fiscalStartMonth: 0, date: '2026-01-01' },
    { fiscalStartMonth: 13, date: '2026-01-01' },
    { fiscalStartMonth: 1.5, date: '2026-01-01' },
    { fiscalStartMonth: 1, date: '2026-13-01' },
    { fiscalStartMonth: 1, date: '2027-02-29' },
  ])('throws a RangeError for fiscal start month $fiscalStartMonth and date $date', ({ fiscalStartMonth, date }) => {
    expect(() => periodContaining('quarter', date, fiscalStartMonth)).toThrow(RangeError);
  });
});

describe('countWorkingDays', () => {
  it.each<[why: string, from: string, to: string, workingDays: readonly Weekday[], expected: number]>([
    // Oct starts Thu: 4 weeks + Thu, Fri, Sat = 22; Nov 21 (below); Dec starts Tue: 4 weeks + Tue, Wed, Thu = 23
    ['Q4 2026, Mon–Fri', '2026-10-01', '2026-12-31', MON_FRI, 66],
    // Nov 2026 starts Sunday: 4 weeks (20) + Sun 29, Mon 30 (1)
    ['November 2026, Mon–Fri', '2026-11-01', '2026-11-30', MON_FRI, 21],
    // 4 weeks (4 × 5) + Sun 29, Mon 30 (2)
    ['November 2026, Sun–Thu', '2026-11-01', '2026-11-30', SUN_THU, 22],
    ['a single Monday', '2026-11-02', '2026-11-02', MON_FRI, 1],
    ['a single Sunday, Mon–Fri', '2026-11-01', '2026-11-01', MON_FRI, 0],
    ['a single Sunday, Sun–Thu', '2026-11-01', '2026-11-01', SUN_THU, 1],
    ['Friday and Saturday, Sun–Thu', '2026-11-06', '2026-11-07', SUN_THU, 0],
    ['to before from', '2026-11-10', '2026-11-09', MON_FRI, 0],
    ['one full Mon–Sun week', '2026-11-02', '2026-11-08', MON_FRI, 5],
    ['one full Sun–Sat week, Sun–Thu', '2026-11-01', '2026-11-07', SUN_THU, 5],
    ['two full weeks starting Wednesday', '2026-11-04', '2026-11-17', MON_FRI, 10],
    // 12 days from Thursday: 1 week (5) + Thu, Fri, Sat, Sun, Mon (3): Nov 5, 6, 9–13, 16
    ['a week plus a remainder over a weekend', '2026-11-05', '2026-11-16', MON_FRI, 8],
    ['a week across a year end', '2026-12-28', '2027-01-03', MON_FRI, 5],
    // Feb 2028 starts Tuesday: 4 weeks (20) + Tue 29 (1)
    ['February 2028 with its leap day', '2028-02-01', '2028-02-29', MON_FRI, 21],
    ['February 2027, exactly 4 weeks', '2027-02-01', '2027-02-28', MON_FRI, 20],
    // 365 days = 52 weeks (260) + Thu Dec 31 (1)
    ['the year 2026', '2026-01-01', '2026-12-31', MON_FRI, 261],
    // 366 days = 52 weeks (260) + Sat Dec 30, Sun Dec 31 (0)
    ['the leap year 2028', '2028-01-01', '2028-12-31', MON_FRI, 260],
    // Saturdays in Oct 2026: 3, 10, 17, 24, 31
    ['Saturdays only', '2026-10-01', '2026-10-31', [6], 5],
    ['every day', '2026-10-01', '2026-10-31', [0, 1, 2, 3, 4, 5, 6], 31],
    ['no working days', '2026-10-01', '2026-10-31', [], 0],
    ['duplicate weekdays counted once', '2026-11-02', '2026-11-08', [1, 1, 2], 2],
    // A 400-year Gregorian cycle is 146,097 days = exactly 20,871 weeks; × 5
    ['400 years, in constant time', '2000-01-01', '2399-12-31', MON_FRI, 104_355],
  ])('%s, %s to %s (%j): %i', (_why, from, to, workingDays, expected) => {
    expect(countWorkingDays(from, to, workingDays)).toBe(expected);
  });
});

describe('isWorkingDay', () => {
  it.each([
    { date: '2026-11-01', days: MON_FRI, expected: false, why: 'Sunday, Mon–Fri' },
    { date: '2026-11-01', days: SUN_THU, expected: true, why: 'Sunday, Sun–Thu' },
    { date: '2026-11-06', days: MON_FRI, expected: true, why: 'Friday, Mon–Fri' },
    { date: '2026-11-06', days: SUN_THU, expected: false, why: 'Friday, Sun–Thu' },
    { date: '2028-02-29', days: MON_FRI, expected: true, why: 'the leap day is a Tuesday' },
  ])('$date is a working day: $expected ($why)', ({ date, days, expected }) => {
    expect(isWorkingDay(date, days)).toBe(expected);
  });
});

describe('DEFAULT_WORKING_DAYS', () => {
  it('is Monday to Friday and cannot be changed', () => {
    expect(DEFAULT_WORKING_DAYS).toEqual([1, 2, 3, 4, 5]);
    expect(Object.isFrozen(DEFAULT_WORKING_DAYS)).toBe(true);
  });
});

/** The next calendar date, by hand so the tiling check does not lean on calendar.ts. */
function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
