import { describe, expect, it } from 'vitest';
import { weekdayOf } from '../../src/domain/calendar.js';
import { duePrompts, type RepSchedule } from '../../src/domain/due.js';
import {
  companyDaysOf,
  holidayDates,
  holidaySourceOf,
  holidaysBetween,
  NO_HOLIDAYS,
  publicHolidays,
  workedDaysOf,
} from '../../src/domain/holidays.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { planStreak } from '../../src/domain/streak.js';
import { countWorkDays, workCalendar } from '../../src/domain/workdays.js';

const MON_FRI = [1, 2, 3, 4, 5] as const;
const US = { country: 'US', region: null, companyDays: [], workedDays: [] };
const DE = { country: 'DE', region: null, companyDays: [], workedDays: [] };

describe('public holidays of two countries, checked against a calendar by hand', () => {
  it('the United States in Q4 2026: Columbus Day, Veterans Day, Thanksgiving (4th Thursday of November), Christmas', () => {
    const q4 = holidaysBetween(US, '2026-10-01', '2026-12-31');
    expect(q4.map((h) => `${h.date} ${h.name}`)).toEqual([
      '2026-10-12 Columbus Day', // second Monday of October
      '2026-11-11 Veterans Day',
      '2026-11-26 Thanksgiving Day', // Thursdays of Nov 2026: 5, 12, 19, 26
      '2026-12-25 Christmas Day',
    ]);
    expect(q4.every((h) => h.kind === 'public')).toBe(true);
    // 2026-11-26 is a Thursday, 2026-12-25 a Friday.
    expect([weekdayOf('2026-11-26'), weekdayOf('2026-12-25')]).toEqual([4, 5]);
  });

  it('Germany in Q4 2026: Unity Day falls on a Saturday, and so does the second day of Christmas', () => {
    const q4 = holidaysBetween(DE, '2026-10-01', '2026-12-31');
    expect(q4.map((h) => h.date)).toEqual(['2026-10-03', '2026-12-25', '2026-12-26']);
    expect([weekdayOf('2026-10-03'), weekdayOf('2026-12-26')]).toEqual([6, 6]);
    // Names come in English.
    expect(q4[1]?.name).toBe('Christmas Day');
  });

  it('counts only public holidays: Christmas Eve is not one in either country', () => {
    expect(holidayDates(US, '2026-12-24', '2026-12-24')).toEqual([]);
    expect(holidayDates(DE, '2026-12-24', '2026-12-24')).toEqual([]);
  });

  it('a region adds its own: Bavaria keeps Epiphany (Tue 2026-01-06), Germany as a whole does not', () => {
    expect(holidayDates({ ...DE, region: 'BY' }, '2026-01-06', '2026-01-06')).toEqual(['2026-01-06']);
    expect(holidayDates(DE, '2026-01-06', '2026-01-06')).toEqual([]);
  });

  it('New Year’s Day 2027 belongs to the range that holds it, across the year boundary', () => {
    expect(holidayDates(US, '2026-12-28', '2027-01-08')).toEqual(['2027-01-01']);
  });

  it('works a country’s year out once and keeps it', () => {
    expect(publicHolidays('US', null, 2026)).toBe(publicHolidays('US', null, 2026));
  });
});

describe('company days off', () => {
  const team = {
    holidayCountry: 'US',
    holidayRegion: null,
    companyDaysOff: JSON.stringify([
      { date: '2026-12-31', name: 'Year-end' },
      { date: '2026-12-24', name: 'Christmas Eve' },
    ]),
    workedHolidays: '[]',
  };

  it('join the public holidays, by date', () => {
    const source = holidaySourceOf(team, null);
    expect(holidaysBetween(source, '2026-12-20', '2026-12-31').map((h) => `${h.date} ${h.kind} ${h.name}`)).toEqual([
      '2026-12-24 company Christmas Eve',
      '2026-12-25 public Christmas Day',
      '2026-12-31 company Year-end',
    ]);
  });

  it('stay when a rep picks their own country, whose public holidays replace the team’s', () => {
    const source = holidaySourceOf(team, { holidayCountry: 'DE', holidayRegion: null });
    // Germany's 26 December replaces nothing of the company's; the US has no public holiday on the 26th.
    expect(holidayDates(source, '2026-12-20', '2026-12-31')).toEqual([
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2026-12-31',
    ]);
    // `mine team`: the rep's country is null again, and the team's holds.
    expect(holidaySourceOf(team, { holidayCountry: null, holidayRegion: null }).country).toBe('US');
  });

  it('read stored text defensively: broken JSON or entries are no days off, never a crash', () => {
    expect(companyDaysOf('not json')).toEqual([]);
    expect(companyDaysOf('[{"date":"2026-02-30","name":"x"},{"date":"2026-03-02"},7]')).toEqual([]);
  });
});

describe('holidays as days off', () => {
  // Q4 2026, Mon–Fri: October 22 weekdays, November 21, December 23 = 66 (see tests/domain/gap.test.ts).
  it('Q4 2026 has 66 working days without a calendar, 62 with the US one (4 holidays on weekdays), 65 with Germany’s', () => {
    const days = (source: typeof US | typeof NO_HOLIDAYS) =>
      countWorkDays(
        '2026-10-01',
        '2026-12-31',
        workCalendar(MON_FRI, holidayDates(source, '2026-10-01', '2026-12-31')),
      );
    expect(days(NO_HOLIDAYS)).toBe(66);
    expect(days(US)).toBe(62);
    // Only Christmas Day (Fri) is on a weekday; Oct 3 and Dec 26 are Saturdays.
    expect(days(DE)).toBe(65);
    // A team that works Columbus Day (Mon Oct 12) and Veterans Day (Wed Nov 11): 66 − 2 = 64.
    expect(days({ ...US, workedDays: ['2026-10-12', '2026-11-11'] })).toBe(64);
  });

  it('reads worked holidays from the team’s stored text, defensively', () => {
    const team = { holidayCountry: 'US', holidayRegion: null, companyDaysOff: '[]', workedHolidays: '["2026-11-11"]' };
    expect(holidayDates(holidaySourceOf(team, null), '2026-11-01', '2026-11-30')).toEqual(['2026-11-26']);
    expect(workedDaysOf('not json')).toEqual([]);
    expect(workedDaysOf('["2026-02-30", 7, "2026-10-12"]')).toEqual(['2026-10-12']);
  });

  it('no prompt is due on Christmas Day for a US rep, and the day before and after work as usual', () => {
    const schedule = (today: string): RepSchedule => ({
      checkinMinutes: 510,
      reflectionMinutes: 1050,
      workingDays: MON_FRI,
      pausedUntil: null,
      remindersEnabled: true,
      offDays: holidayDates(US, '2026-12-23', today),
    });
    const at = (date: string, minutes: number) => ({ date, minutes, weekday: weekdayOf(date) });
    expect(duePrompts(schedule('2026-12-25'), at('2026-12-25', 540))).toEqual([]);
    expect(duePrompts(schedule('2026-12-25'), at('2026-12-25', 1080))).toEqual([]);
    expect(duePrompts(schedule('2026-12-24'), at('2026-12-24', 540))).toEqual([
      { kind: 'checkin', date: '2026-12-24' },
    ]);
    // Monday the 28th: the 25th's window is long over, the 28th's is open.
    expect(duePrompts(schedule('2026-12-28'), at('2026-12-28', 540))).toEqual([
      { kind: 'checkin', date: '2026-12-28' },
    ]);
  });

  it('a streak runs through Christmas for a rep who planned every working day around it', () => {
    // Planned Mon 21 – Thu 24 and Mon 28 – Tue 29 December; Fri 25 is Christmas, 26–27 a weekend.
    const plannedDates = new Set(['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24', '2026-12-28', '2026-12-29']);
    const input = { today: '2026-12-29', plannedDates, pauses: [], workingDays: MON_FRI };
    expect(planStreak({ ...input, holidays: new Set(holidayDates(US, '2026-12-01', '2026-12-29')) })).toBe(6);
    // Without the calendar the unplanned 25th ends it: the 28th and 29th only.
    expect(planStreak(input)).toBe(2);
  });
});

describe('/focus holidays parses', () => {
  const parsed = (text: string) => parseCommand(text);
  it.each([
    ['holidays', { op: 'show' }],
    ['holidays country us', { op: 'country', country: 'US', region: null }],
    ['holidays country US ca', { op: 'country', country: 'US', region: 'CA' }],
    ['holidays DE BY', { op: 'country', country: 'DE', region: 'BY' }],
    ['holidays country none', { op: 'country', country: null, region: null }],
    ['holidays add 2026-12-24 Christmas  Eve', { op: 'add', date: '2026-12-24', name: 'Christmas Eve' }],
    ['holidays add 2026-12-31 R&amp;D offsite', { op: 'add', date: '2026-12-31', name: 'R&D offsite' }],
    ['holidays remove 2026-12-24', { op: 'remove', date: '2026-12-24' }],
    ['holidays work 2026-10-12', { op: 'work', date: '2026-10-12' }],
    ['holidays mine DE', { op: 'mine', country: 'DE', region: null }],
    ['holidays mine team', { op: 'mine', country: null, region: null }],
  ])('%j', (text, action) => {
    expect(parsed(text)).toEqual({ ok: true, command: { kind: 'holidays', action } });
  });

  it.each([
    ['holidays country', 'It needs a two-letter country code such as US, DE or GB'],
    ['holidays country XX', '‘XX’ isn’t a country code I know: use a two-letter ISO code such as US, DE or GB'],
    ['holidays country US ZZ', '‘ZZ’ isn’t a region of United States of America (US). Its regions:'],
    ['holidays country US CA extra', 'Give a country code and at most one region code, then nothing else'],
    ['holidays add 24/12 Christmas Eve', 'Write the date as YYYY-MM-DD, not ‘24/12’'],
    ['holidays add 2026-02-30 Nope', '‘2026-02-30’ isn’t a real date'],
    ['holidays add 2026-12-24', 'It needs a name for the day off after the date, as in 2026-12-24 Company offsite'],
    ['holidays add 2026-12-24 Party <!here>', 'A day off’s name can’t contain @mentions, #channels or @here'],
    ['holidays remove', 'It needs the date, as YYYY-MM-DD'],
    ['holidays work', 'It needs the date, as YYYY-MM-DD'],
    ['holidays work 2026-10-12 Columbus', 'Give only the date of the public holiday the team works, as YYYY-MM-DD'],
    ['holidays mine', 'It needs a two-letter country code such as US, DE or GB'],
    ['holidays fly', '‘fly’ isn’t something holidays does. Use country, add, work, remove or mine'],
  ])('%j is refused: %s', (text, message) => {
    const result = parsed(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message.startsWith(message)).toBe(true);
    expect(result.error.usage).toContain('/focus holidays');
  });

  it('refuses a name past 60 characters, saying the limit of that field', () => {
    const result = parsed(`holidays add 2026-12-24 ${'x'.repeat(61)}`);
    expect(result.ok ? null : result.error.message).toBe('Names of days off stop at 60 characters; that one has 61');
  });
});
