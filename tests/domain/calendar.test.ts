import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatClock,
  isoWeekKey,
  isValidTimeZone,
  localDate,
  localDateTime,
  parseClock,
  parseLocalDate,
  startOfIsoWeek,
  weekdayOf,
  zonedTimeToInstant,
} from '../../src/domain/calendar.js';

// Every expectation below is worked out by hand from these facts:
// - America/New_York: EDT (-4) until 2026-11-01 06:00Z (02:00 EDT → 01:00 EST); EST (-5) until
//   2027-03-14 07:00Z (02:00 EST → 03:00 EDT).
// - Europe/London: BST (+1) until 2026-10-25 01:00Z; GMT (+0) until 2027-03-28 01:00Z.
// - Asia/Kolkata: +05:30 all year. Pacific/Kiritimati: +14 all year.
// - Weekdays: 2026-01-01 Thu, 2026-11-01 Sun, 2027-01-01 Fri, 2027-03-14 Sun, 2028-01-01 Sat, 2028-02-29 Tue.
const NY = 'America/New_York';
const LONDON = 'Europe/London';
const KOLKATA = 'Asia/Kolkata';
const KIRITIMATI = 'Pacific/Kiritimati';

const at = (iso: string): number => Date.parse(iso);

describe('localDateTime', () => {
  it.each<[tz: string, instant: string, date: string, minutes: number, weekday: number, why: string]>([
    // New York, fall back 2026-11-01
    [NY, '2026-10-31T12:30:00Z', '2026-10-31', 510, 6, '08:30 EDT (-4) the day before'],
    [NY, '2026-11-01T03:59:00Z', '2026-10-31', 1439, 6, '23:59 EDT, still Saturday'],
    [NY, '2026-11-01T04:00:00Z', '2026-11-01', 0, 0, 'midnight EDT is 00:00, not 24:00'],
    [NY, '2026-11-01T05:30:00Z', '2026-11-01', 90, 0, 'first 01:30 (EDT)'],
    [NY, '2026-11-01T05:59:00Z', '2026-11-01', 119, 0, '01:59 EDT, last minute before'],
    [NY, '2026-11-01T06:00:00Z', '2026-11-01', 60, 0, 'clocks fall back to 01:00 EST'],
    [NY, '2026-11-01T06:30:00Z', '2026-11-01', 90, 0, 'second 01:30 (EST)'],
    [NY, '2026-11-02T13:30:00Z', '2026-11-02', 510, 1, '08:30 EST (-5) the day after'],
    // New York, spring forward 2027-03-14
    [NY, '2027-03-13T13:30:00Z', '2027-03-13', 510, 6, '08:30 EST the day before'],
    [NY, '2027-03-14T06:59:00Z', '2027-03-14', 119, 0, '01:59 EST, last minute before'],
    [NY, '2027-03-14T07:00:00Z', '2027-03-14', 180, 0, 'clocks jump to 03:00 EDT'],
    [NY, '2027-03-15T12:30:00Z', '2027-03-15', 510, 1, '08:30 EDT the day after'],
    // London
    [LONDON, '2026-10-25T00:30:00Z', '2026-10-25', 90, 0, '01:30 BST'],
    [LONDON, '2026-10-25T01:30:00Z', '2026-10-25', 90, 0, '01:30 GMT again'],
    [LONDON, '2027-03-28T00:59:00Z', '2027-03-28', 59, 0, '00:59 GMT'],
    [LONDON, '2027-03-28T01:00:00Z', '2027-03-28', 120, 0, 'jump to 02:00 BST'],
    // Kolkata, +05:30: 18:30Z is local midnight
    [KOLKATA, '2026-12-31T18:29:00Z', '2026-12-31', 1439, 4, '23:59 IST'],
    [KOLKATA, '2026-12-31T18:30:00Z', '2027-01-01', 0, 5, 'new year in IST'],
    [KOLKATA, '2026-06-15T03:00:00Z', '2026-06-15', 510, 1, '03:00Z + 5:30'],
    // Kiritimati, +14: 10:00Z is local midnight of the next UTC day; 2026-06-15 is a Monday
    [KIRITIMATI, '2026-06-15T09:59:00Z', '2026-06-15', 1439, 1, '23:59 at +14'],
    [KIRITIMATI, '2026-06-15T10:00:00Z', '2026-06-16', 0, 2, 'a day ahead of UTC'],
    [KIRITIMATI, '2026-06-15T12:00:00Z', '2026-06-16', 120, 2, '12:00Z + 14h'],
    // UTC, leap day
    ['UTC', '2028-02-29T23:59:00Z', '2028-02-29', 1439, 2, 'leap day'],
  ])('%s at %s is %s, minute %i, weekday %i (%s)', (tz, instant, date, minutes, weekday) => {
    expect(localDateTime(at(instant), tz)).toEqual({ date, minutes, weekday });
    expect(localDate(at(instant), tz)).toBe(date);
  });

  it('ignores seconds and milliseconds when counting minutes', () => {
    // 12:30:59.999Z is still 08:30 EDT
    expect(localDateTime(at('2026-10-31T12:30:59.999Z'), NY).minutes).toBe(510);
  });

  it('throws a RangeError for an unknown time zone', () => {
    expect(() => localDateTime(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('zonedTimeToInstant', () => {
  it.each<[tz: string, date: string, clock: string, expected: string, why: string]>([
    // 08:30 around each New York change: 13:30Z in EST, 12:30Z in EDT
    [NY, '2026-10-31', '08:30', '2026-10-31T12:30:00Z', 'EDT, day before fall back'],
    [NY, '2026-11-01', '08:30', '2026-11-01T13:30:00Z', 'EST, after the change that day'],
    [NY, '2026-11-02', '08:30', '2026-11-02T13:30:00Z', 'EST, day after fall back'],
    [NY, '2027-03-13', '08:30', '2027-03-13T13:30:00Z', 'EST, day before spring forward'],
    [NY, '2027-03-14', '08:30', '2027-03-14T12:30:00Z', 'EDT, after the change that day'],
    [NY, '2027-03-15', '08:30', '2027-03-15T12:30:00Z', 'EDT, day after spring forward'],
    // Fall-back overlap: 01:00–01:59 happens twice, the earlier (EDT, +4h) wins
    [NY, '2026-11-01', '00:00', '2026-11-01T04:00:00Z', 'midnight EDT'],
    [NY, '2026-11-01', '01:00', '2026-11-01T05:00:00Z', 'overlap start, earlier'],
    [NY, '2026-11-01', '01:30', '2026-11-01T05:30:00Z', 'overlap, earlier (EDT)'],
    [NY, '2026-11-01', '01:59', '2026-11-01T05:59:00Z', 'overlap end, earlier'],
    [NY, '2026-11-01', '02:00', '2026-11-01T07:00:00Z', 'first EST-only time'],
    // Spring-forward gap: 02:00–02:59 never happens; read with the EST offset (+5h), so an hour later on the clock
    [NY, '2027-03-14', '01:59', '2027-03-14T06:59:00Z', 'last EST minute'],
    [NY, '2027-03-14', '02:00', '2027-03-14T07:00:00Z', 'gap start, shows 03:00 EDT'],
    [NY, '2027-03-14', '02:30', '2027-03-14T07:30:00Z', 'in the gap, shows 03:30 EDT'],
    [NY, '2027-03-14', '03:00', '2027-03-14T07:00:00Z', 'first EDT minute'],
    // London: overlap 01:00–01:59 on 2026-10-25, gap 01:00–01:59 on 2027-03-28
    [LONDON, '2026-10-24', '08:30', '2026-10-24T07:30:00Z', 'BST, day before'],
    [LONDON, '2026-10-25', '01:30', '2026-10-25T00:30:00Z', 'overlap, earlier (BST)'],
    [LONDON, '2026-10-26', '08:30', '2026-10-26T08:30:00Z', 'GMT, day after'],
    [LONDON, '2027-03-27', '08:30', '2027-03-27T08:30:00Z', 'GMT, day before'],
    [LONDON, '2027-03-28', '01:30', '2027-03-28T01:30:00Z', 'in the gap, shows 02:30 BST'],
    [LONDON, '2027-03-29', '08:30', '2027-03-29T07:30:00Z', 'BST, day after'],
    // Fixed offsets
    [KOLKATA, '2026-12-31', '08:30', '2026-12-31T03:00:00Z', '08:30 - 5:30'],
    [KOLKATA, '2027-01-01', '00:00', '2026-12-31T18:30:00Z', 'previous UTC day'],
    [KIRITIMATI, '2026-06-16', '08:30', '2026-06-15T18:30:00Z', '08:30 - 14h'],
    [KIRITIMATI, '2026-06-16', '02:00', '2026-06-15T12:00:00Z', '02:00 - 14h'],
    ['UTC', '2028-02-29', '08:30', '2028-02-29T08:30:00Z', 'leap day'],
  ])('%s: %s at %s is %s (%s)', (tz, date, clock, expected) => {
    // hours * 60 + minutes, without going through parseClock
    const [hours = 0, mins = 0] = clock.split(':').map(Number);
    expect(zonedTimeToInstant(date, hours * 60 + mins, tz)).toBe(at(expected));
  });

  it.each<[tz: string, date: string, minutes: number, shownMinutes: number, why: string]>([
    [NY, '2027-03-14', 150, 210, '02:30 in the gap shows as 03:30'],
    [LONDON, '2027-03-28', 90, 150, '01:30 in the gap shows as 02:30'],
    [NY, '2026-11-01', 90, 90, '01:30 in the overlap shows as 01:30'],
  ])('a wall time on a DST change reads back as the clocks show it: %s %s %i → %i (%s)', (tz, date, minutes, shown) => {
    expect(localDateTime(zonedTimeToInstant(date, minutes, tz), tz)).toMatchObject({ date, minutes: shown });
  });
});

describe('isValidTimeZone', () => {
  it.each(['America/New_York', 'Asia/Kolkata', 'UTC', 'Europe/London', 'Pacific/Kiritimati', 'Australia/Sydney'])(
    'accepts %s',
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(true);
    },
  );

  it.each(['', '   ', 'junk', 'America/Nowhere', 'Mars/Olympus_Mons', '+25:00', 'America/New_York/Extra'])(
    'rejects %j',
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(false);
    },
  );

  it.each([undefined, null, 42, {}])('returns false rather than throwing for a non-string %j', (value) => {
    expect(isValidTimeZone(value as unknown as string)).toBe(false);
  });
});

describe('parseLocalDate', () => {
  it.each([
    { text: '2028-02-29', expected: '2028-02-29', why: '2028 is a leap year' },
    { text: '2000-02-29', expected: '2000-02-29', why: 'divisible by 400 is a leap year' },
    { text: '2026-01-01', expected: '2026-01-01', why: 'first day of a year' },
    { text: '2026-12-31', expected: '2026-12-31', why: 'last day of a year' },
    { text: ' 2026-11-15 ', expected: '2026-11-15', why: 'surrounding whitespace is trimmed' },
  ])('accepts $text ($why)', ({ text, expected }) => {
    expect(parseLocalDate(text)).toBe(expected);
  });

  it.each([
    { text: '2027-02-29', why: '2027 is not a leap year' },
    { text: '1900-02-29', why: 'divisible by 100 but not 400 is not a leap year' },
    { text: '2026-02-30', why: 'February never has 30 days' },
    { text: '2026-04-31', why: 'April has 30 days' },
    { text: '2026-13-01', why: 'no month 13' },
    { text: '2026-00-10', why: 'no month 0' },
    { text: '2026-01-00', why: 'no day 0' },
    { text: '2026-1-5', why: 'month and day need two digits' },
    { text: '26-01-01', why: 'year needs four digits' },
    { text: '2026/01/01', why: 'wrong separator' },
    { text: '2026-01-01T00:00', why: 'a date-time is not a date' },
    { text: '', why: 'empty' },
    { text: 'tomorrow', why: 'words are not dates' },
  ])('rejects $text ($why)', ({ text }) => {
    expect(parseLocalDate(text)).toBeNull();
  });
});

describe('addDays', () => {
  it.each([
    { date: '2026-12-31', days: 1, expected: '2027-01-01', why: 'across a year end' },
    { date: '2028-02-28', days: 1, expected: '2028-02-29', why: 'into a leap day' },
    { date: '2028-02-29', days: 1, expected: '2028-03-01', why: 'out of a leap day' },
    { date: '2027-02-28', days: 1, expected: '2027-03-01', why: 'no leap day in 2027' },
    { date: '2026-03-01', days: -1, expected: '2026-02-28', why: 'backwards across a month' },
    { date: '2026-11-01', days: 0, expected: '2026-11-01', why: 'zero days' },
    { date: '2026-01-01', days: 365, expected: '2027-01-01', why: '2026 has 365 days' },
    { date: '2028-01-01', days: 366, expected: '2029-01-01', why: '2028 has 366 days' },
    { date: '2026-01-31', days: 30, expected: '2026-03-02', why: 'Jan 31 + 28 = Feb 28, + 2 = Mar 2' },
    { date: '2027-03-14', days: 1, expected: '2027-03-15', why: 'a DST change day is still one day' },
    { date: '2026-11-01', days: -1, expected: '2026-10-31', why: 'back over fall back' },
  ])('$date + $days days is $expected ($why)', ({ date, days, expected }) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('throws a RangeError for a malformed date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it.each([
    { from: '2026-01-01', to: '2026-12-31', expected: 364, why: '365-day year, end exclusive' },
    { from: '2028-01-01', to: '2028-12-31', expected: 365, why: '366-day leap year' },
    { from: '2028-02-28', to: '2028-03-01', expected: 2, why: 'over the leap day' },
    { from: '2027-02-28', to: '2027-03-01', expected: 1, why: 'no leap day' },
    { from: '2026-11-01', to: '2026-11-02', expected: 1, why: 'a 25-hour day is one day' },
    { from: '2027-03-14', to: '2027-03-15', expected: 1, why: 'a 23-hour day is one day' },
    { from: '2027-03-14', to: '2027-03-13', expected: -1, why: 'negative when to is earlier' },
    { from: '2026-10-01', to: '2026-10-01', expected: 0, why: 'same day' },
    { from: '2026-12-31', to: '2027-01-01', expected: 1, why: 'across a year end' },
  ])('from $from to $to is $expected ($why)', ({ from, to, expected }) => {
    expect(daysBetween(from, to)).toBe(expected);
  });
});

describe('weekdayOf', () => {
  it.each([
    { date: '1970-01-01', expected: 4, name: 'Thursday' },
    { date: '1969-12-31', expected: 3, name: 'Wednesday' },
    { date: '2024-12-30', expected: 1, name: 'Monday' },
    { date: '2026-10-31', expected: 6, name: 'Saturday' },
    { date: '2026-11-01', expected: 0, name: 'Sunday' },
    { date: '2026-12-31', expected: 4, name: 'Thursday' },
    { date: '2027-01-01', expected: 5, name: 'Friday' },
    { date: '2028-02-29', expected: 2, name: 'Tuesday' },
  ])('$date is a $name', ({ date, expected }) => {
    expect(weekdayOf(date)).toBe(expected);
  });
});

describe('startOfIsoWeek', () => {
  it.each([
    { date: '2026-11-02', expected: '2026-11-02', why: 'a Monday is its own week start' },
    { date: '2026-11-01', expected: '2026-10-26', why: 'Sunday belongs to the week before' },
    { date: '2026-12-05', expected: '2026-11-30', why: 'Saturday, across a month' },
    { date: '2027-01-01', expected: '2026-12-28', why: 'Friday, across a year' },
    { date: '2028-03-01', expected: '2028-02-28', why: 'Wednesday, over the leap day' },
  ])('the week of $date starts $expected ($why)', ({ date, expected }) => {
    expect(startOfIsoWeek(date)).toBe(expected);
  });
});

describe('isoWeekKey', () => {
  // An ISO week belongs to the year holding its Thursday; week 1 holds the year's first Thursday.
  it.each([
    { date: '2026-12-03', expected: '2026-W49', why: 'W01 starts Mon 2025-12-29; 339 days later is W49' },
    { date: '2025-12-29', expected: '2026-W01', why: 'its Thursday is 2026-01-01' },
    { date: '2026-01-05', expected: '2026-W02', why: 'the following Monday' },
    { date: '2026-12-31', expected: '2026-W53', why: 'a Thursday, 2026 starts on Thursday so has 53 weeks' },
    { date: '2027-01-01', expected: '2026-W53', why: 'its Thursday is 2026-12-31' },
    { date: '2027-01-03', expected: '2026-W53', why: 'Sunday ends the week' },
    { date: '2027-01-04', expected: '2027-W01', why: 'next Monday' },
    { date: '2024-12-30', expected: '2025-W01', why: 'its Thursday is 2025-01-02' },
    { date: '2028-01-01', expected: '2027-W52', why: 'Saturday; its Thursday 2027-12-30 is in W52' },
  ])('$date is in $expected ($why)', ({ date, expected }) => {
    expect(isoWeekKey(date)).toBe(expected);
  });
});

describe('parseClock', () => {
  it.each([
    { text: '08:30', expected: 510, why: '8 * 60 + 30' },
    { text: '8:30', expected: 510, why: 'single-digit hour' },
    { text: '00:00', expected: 0, why: 'midnight' },
    { text: '0:05', expected: 5, why: 'five past midnight' },
    { text: '12:00', expected: 720, why: 'noon' },
    { text: '23:59', expected: 1439, why: 'last minute, 23 * 60 + 59' },
  ])('reads $text as $expected ($why)', ({ text, expected }) => {
    expect(parseClock(text)).toBe(expected);
  });

  it.each(['24:00', '12:60', '8', '830', '08:3', '008:30', '', 'noon', '-1:00', '08:30pm', '8.30'])(
    'rejects %j',
    (text) => {
      expect(parseClock(text)).toBeNull();
    },
  );
});

describe('formatClock', () => {
  it.each([
    { minutes: 510, expected: '08:30' },
    { minutes: 0, expected: '00:00' },
    { minutes: 5, expected: '00:05' },
    { minutes: 720, expected: '12:00' },
    { minutes: 1439, expected: '23:59' },
  ])('writes $minutes as $expected', ({ minutes, expected }) => {
    expect(formatClock(minutes)).toBe(expected);
  });

  it.each([-1, 1440, 8.5, Number.NaN])('throws a RangeError for %d, which is not a minute of the day', (minutes) => {
    expect(() => formatClock(minutes)).toThrow(RangeError);
  });
});
