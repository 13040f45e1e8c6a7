import { describe, expect, it } from 'vitest';
import { closeDateProblem, looksLikeDate, parseDateWords, resolveFutureDate } from '../../src/domain/date-words.js';
import { parseCommand } from '../../src/domain/parse-command.js';

describe('dates as reps type them', () => {
  it.each([
    ['3/15', { year: null, month: 3, day: 15 }],
    ['03/05', { year: null, month: 3, day: 5 }],
    ['3/15/27', { year: 2027, month: 3, day: 15 }],
    ['3/15/2027', { year: 2027, month: 3, day: 15 }],
    ['2027-03-15', { year: 2027, month: 3, day: 15 }],
    ['Mar 15', { year: null, month: 3, day: 15 }],
    ['march 15th', { year: null, month: 3, day: 15 }],
    ['March 15, 2027', { year: 2027, month: 3, day: 15 }],
    ['Sept 3', { year: null, month: 9, day: 3 }],
    ['15 Mar', { year: null, month: 3, day: 15 }],
    ['15 March 2027', { year: 2027, month: 3, day: 15 }],
  ])('reads %s', (text, words) => {
    expect(parseDateWords(text)).toEqual(words);
  });

  it.each(['', 'soon', 'Brothers', '3-15', '15/3/27/1', 'Marchy 3'])('reads %j as no date', (text) => {
    expect(parseDateWords(text)).toBeNull();
  });

  it('tells an attempt at a date from a word', () => {
    expect(looksLikeDate('3/45')).toBe(true);
    expect(looksLikeDate('Mar 45')).toBe(true);
    expect(looksLikeDate('Brothers')).toBe(false);
  });
});

describe('resolving a close date against the rep’s today', () => {
  const today = '2026-12-03';
  it.each([
    // Mar 15: 2026-03-15 is 263 days ago, 2027-03-15 is 102 days ahead → next March
    ['3/15', { year: null, month: 3, day: 15 }, '2027-03-15'],
    ['12/3', { year: null, month: 12, day: 3 }, '2026-12-03'],
    ['12/24', { year: null, month: 12, day: 24 }, '2026-12-24'],
    ['1/10', { year: null, month: 1, day: 10 }, '2027-01-10'],
    ['2027-06-30', { year: 2027, month: 6, day: 30 }, '2027-06-30'],
  ] as const)('takes %s as %s', (typed, words, date) => {
    expect(resolveFutureDate(words, today, typed)).toEqual({ ok: true, date });
  });

  it.each([
    // without a year: the next such date, however far within the year
    ['2026-04-01', '12/31', '2026-12-31'],
    ['2027-01-02', '9/30', '2027-09-30'],
    ['2026-12-20', '6/30', '2027-06-30'],
    // Oct 1 fell 63 days before Dec 3: more than 60 ago, so next October
    ['2026-12-03', '10/1', '2027-10-01'],
  ] as const)('on %s takes %s as %s', (today, typed, date) => {
    const words = parseDateWords(typed);
    expect(words).not.toBeNull();
    if (words) expect(resolveFutureDate(words, today, typed)).toEqual({ ok: true, date });
  });

  it('refuses a date that has passed rather than reading it as next year', () => {
    // 11/30: 3 days ago is nearer than 362 days ahead
    const result = resolveFutureDate({ year: null, month: 11, day: 30 }, today, '11/30');
    expect(result).toEqual({
      ok: false,
      problem: '‘11/30’ has passed (today is 2026-12-03); a close date is today or later',
    });
  });

  it('refuses a date written in words it cannot read, instead of making it part of the account', () => {
    for (const text of ['close end of March', 'close tomorrow', 'close EOQ', 'close next Friday']) {
      const parsed = parseCommand(`opp 50k Globex ${text}`);
      expect(parsed.ok, text).toBe(false);
    }
    expect(parseCommand('opp 80k Glenn Close Foundation')).toMatchObject({ ok: true });
  });

  it('refuses a picked close date in the past or more than 3 years away', () => {
    expect(closeDateProblem('2026-12-02', today)).toBe('Pick a close date from today (2026-12-03) on');
    expect(closeDateProblem('2026-12-03', today)).toBeNull();
    // 2029-12-03 is 1,096 days away (3 × 365 + 1 leap day), within 3 × 366
    expect(closeDateProblem('2029-12-03', today)).toBeNull();
    expect(closeDateProblem('2099-01-01', today)).toBe('Pick a close date within 3 years');
  });

  it('refuses impossible dates and dates years away', () => {
    expect(resolveFutureDate({ year: 2027, month: 2, day: 29 }, today, '2/29/27')).toEqual({
      ok: false,
      problem: '‘2/29/27’ isn’t a real date',
    });
    expect(resolveFutureDate({ year: 2031, month: 1, day: 1 }, today, '2031-01-01')).toMatchObject({ ok: false });
  });

  it('finds Feb 29 in the leap year nearest', () => {
    // From 2027-12-01 the nearest Feb 29 is 2028-02-29
    expect(resolveFutureDate({ year: null, month: 2, day: 29 }, '2027-12-01', '2/29')).toEqual({
      ok: true,
      date: '2028-02-29',
    });
  });
});

describe('`opp … close <date>`', () => {
  it('splits the close date from the account', () => {
    expect(parseCommand('opp 80k Globex close 3/15')).toEqual({
      ok: true,
      command: {
        kind: 'opp',
        amountCents: 8_000_000,
        account: 'Globex',
        close: { words: { year: null, month: 3, day: 15 }, typed: '3/15' },
      },
    });
    expect(parseCommand('opp 80k Globex Corp closes on March 15, 2027')).toMatchObject({
      ok: true,
      command: { account: 'Globex Corp', close: { words: { year: 2027, month: 3, day: 15 } } },
    });
  });

  it('leaves a name with “close” in it alone', () => {
    expect(parseCommand('opp 80k Close Brothers')).toMatchObject({ ok: true, command: { account: 'Close Brothers' } });
    expect(parseCommand('opp 80k Glenn Close Foundation')).toMatchObject({
      ok: true,
      command: { account: 'Glenn Close Foundation' },
    });
  });

  it('refuses a close date that is not one, with the right form', () => {
    const bad = parseCommand('opp 80k Globex close 3/45');
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) {
      expect(bad.error.message).toContain('‘3/45’ isn’t a date');
      expect(bad.error.usage).toBe('/focus opp <amount> <account> [close <date>]');
    }
  });

  it('takes a trailing or leading “close” as part of the name, and tries the last “close” first', () => {
    expect(parseCommand('opp 30k Fast Close')).toMatchObject({ ok: true, command: { account: 'Fast Close' } });
    expect(parseCommand('opp 5k Closing 2 Ltd')).toMatchObject({ ok: true, command: { account: 'Closing 2 Ltd' } });
    expect(parseCommand('opp 30k Close Brothers close 3/15')).toMatchObject({
      ok: true,
      command: { account: 'Close Brothers', close: { typed: '3/15' } },
    });
  });

  it('has no close date for a win', () => {
    expect(parseCommand('won 80k Globex close 3/15')).toMatchObject({
      ok: true,
      command: { kind: 'won', account: 'Globex close 3/15' },
    });
  });
});
