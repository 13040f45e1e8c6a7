import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import {
  parsePastDateWords,
  resolvePastDate,
  splitWinDate,
  type TypedPastDate,
  winDateProblem,
} from '../../src/domain/past-date.js';
import { periodContaining } from '../../src/domain/period.js';

function resolve(typed: string, today: string) {
  const words = parsePastDateWords(typed);
  if (words === null) throw new Error(`not a date: ${typed}`);
  return resolvePastDate({ words, typed }, today);
}

describe('a win’s date, as typed after “on”', () => {
  it.each([
    ['1/29', { kind: 'date', words: { year: null, month: 1, day: 29 } }],
    ['2026-11-27', { kind: 'date', words: { year: 2026, month: 11, day: 27 } }],
    ['Nov 27', { kind: 'date', words: { year: null, month: 11, day: 27 } }],
    ['friday', { kind: 'weekday', weekday: 5, last: false }],
    ['Fri', { kind: 'weekday', weekday: 5, last: false }],
    ['last tues', { kind: 'weekday', weekday: 2, last: true }],
    ['yesterday', { kind: 'daysAgo', days: 1 }],
    ['today', { kind: 'daysAgo', days: 0 }],
  ])('reads %j', (typed, words) => {
    expect(parsePastDateWords(typed)).toEqual(words);
  });

  it.each(['fryday', 'soon', 'Main', 'last', '3/45'])('reads %j as no date', (typed) => {
    expect(parsePastDateWords(typed)).toBeNull();
  });

  it('splits the date off the end, keeping “on” inside a name', () => {
    const on = (typed: string, words: TypedPastDate['words']) => ({ words, typed });
    expect(splitWinDate('Acme on 1/29')).toEqual({
      account: 'Acme',
      on: on('1/29', { kind: 'date', words: { year: null, month: 1, day: 29 } }),
    });
    expect(splitWinDate('Bank on Main')).toEqual({ account: 'Bank on Main' });
    expect(splitWinDate('Bank on Main on friday')).toEqual({
      account: 'Bank on Main',
      on: on('friday', { kind: 'weekday', weekday: 5, last: false }),
    });
    expect(splitWinDate('Acme on 2/45')).toEqual({
      problem: '‘2/45’ isn’t a date; write the win’s date like on 1/29, on friday or on 2026-11-27',
    });
  });
});

describe('resolving a win’s date against the rep’s today (up to 45 days back, never ahead)', () => {
  // Monday 2026-12-07
  const monday = '2026-12-07';
  it.each([
    ['friday', '2026-12-04'],
    ['monday', '2026-12-07'],
    ['last monday', '2026-11-30'],
    ['yesterday', '2026-12-06'],
    ['2026-11-27', '2026-11-27'],
    ['11/27', '2026-11-27'],
    // 2026-12-07 − 45 days = 2026-10-23, the earliest allowed
    ['10/23', '2026-10-23'],
  ])('%j on Monday Dec 7 is %s', (typed, date) => {
    expect(resolve(typed, monday)).toEqual({ ok: true, date });
  });

  it('reads a yearless date in early January as last December’s', () => {
    // Jan 5 2027 − Dec 30 2026 = 6 days back
    expect(resolve('12/30', '2027-01-05')).toEqual({ ok: true, date: '2026-12-30' });
    expect(resolve('1/29', '2027-02-10')).toEqual({ ok: true, date: '2027-01-29' });
  });

  it.each([
    ['10/22', '‘10/22’ is 46 days ago; a win can be dated up to 45 days back (from 2026-10-23)'],
    ['2026-12-08', '‘2026-12-08’ is in the future (today is 2026-12-07); a win is dated today or up to 45 days back'],
    ['12/25', '‘12/25’ is in the future (today is 2026-12-07); a win is dated today or up to 45 days back'],
    ['2/30', '‘2/30’ isn’t a real date'],
  ])('refuses %j', (typed, problem) => {
    expect(resolve(typed, monday)).toEqual({ ok: false, problem });
  });

  it('books a win dated Sep 30, entered Oct 2, in Q3 rather than Q4', () => {
    const date = resolve('9/30', '2026-10-02');
    expect(date).toEqual({ ok: true, date: '2026-09-30' });
    // Q3 2026 is Jul 1 – Sep 30 (fiscal year from January)
    expect(periodContaining('quarter', '2026-09-30', 1)).toMatchObject({ label: 'Q3 2026', end: '2026-09-30' });
  });

  it('checks a date picked in the form the same way', () => {
    expect(winDateProblem('2026-12-07', monday)).toBeNull();
    expect(winDateProblem('2026-10-23', monday)).toBeNull();
    expect(winDateProblem('2026-10-22', monday)).toBe(
      'Pick a day from 2026-10-23 on: a win can be dated up to 45 days back',
    );
    expect(winDateProblem('2026-12-08', monday)).toBe(
      'Pick today (2026-12-07) or an earlier day: a win can’t be in the future',
    );
  });
});

describe('won … on <date> in the command', () => {
  it('parses the date with the account and amount', () => {
    expect(parseCommand('won 30k Acme on 1/29')).toEqual({
      ok: true,
      command: {
        kind: 'won',
        amountCents: 3_000_000,
        account: 'Acme',
        on: { words: { kind: 'date', words: { year: null, month: 1, day: 29 } }, typed: '1/29' },
      },
    });
    expect(parseCommand('won 30k Acme')).toEqual({
      ok: true,
      command: { kind: 'won', amountCents: 3_000_000, account: 'Acme' },
    });
  });

  it('refuses a bad date with the won form', () => {
    const result = parseCommand('won 30k Acme on 2/45');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.usage).toBe('/focus won <amount> <account> [on <date>]');
  });
});
