/**
 * The date of a win typed after `on` (`won 30k Acme on 1/29`, `on friday`, `on 2026-11-27`): read without
 * knowing today, then resolved against the rep's local today. A win is booked today or up to 45 days back,
 * never in the future, so a deal signed Friday and logged Monday lands in Friday's period.
 */
import { addDays, daysBetween, type LocalDate, parseLocalDate, weekdayOf } from './calendar.js';
import { type DateWords, looksLikeDate, parseDateWords } from './date-words.js';
import { quote } from './text.js';

/** How far back a win may be dated. */
export const MAX_BACKDATE_DAYS = 45;

/** A past date as typed: a calendar date, a weekday (`friday`, `last fri`), or today / yesterday. */
export type PastDateWords =
  | { kind: 'date'; words: DateWords }
  | { kind: 'weekday'; weekday: number; last: boolean }
  | { kind: 'daysAgo'; days: 0 | 1 };

export interface TypedPastDate {
  words: PastDateWords;
  typed: string;
}

/** Weekday words (0 = Sunday): full names, three letters, and `tues`, `thur`, `thurs`. */
const WEEKDAY_WORDS = new Map<string, number>(
  ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].flatMap(
    (name, index): [string, number][] => [
      [name, index],
      [name.slice(0, 3), index],
      ...(index === 2 ? [['tues', 2] as [string, number]] : []),
      ...(index === 4 ? [['thur', 4] as [string, number], ['thurs', 4] as [string, number]] : []),
    ],
  ),
);

export function parsePastDateWords(text: string): PastDateWords | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === 'today') return { kind: 'daysAgo', days: 0 };
  if (t === 'yesterday') return { kind: 'daysAgo', days: 1 };
  const named = /^(last )?([a-z]+)$/.exec(t);
  const weekday = named ? WEEKDAY_WORDS.get(named[2] ?? '') : undefined;
  if (named && weekday !== undefined) return { kind: 'weekday', weekday, last: named[1] !== undefined };
  const words = parseDateWords(t);
  return words ? { kind: 'date', words } : null;
}

/** The win-date keyword: ` on ` followed by the date, as the last words of the command. */
const ON_WORD = /\son(?=\s)/gi;

/**
 * `Acme on 1/29` → the account and the date. The last `on` with a readable date after it wins, so
 * `Bank on Main on friday` works and `Bank on Main` stays a name; what looks like a bad date after the
 * last `on` (`on 2/30`, `on fryday 3`) is refused rather than taken as part of the name.
 */
export function splitWinDate(text: string): { account: string; on?: TypedPastDate } | { problem: string } {
  const padded = ` ${text}`;
  const keywords = Array.from(padded.matchAll(ON_WORD)).reverse();
  for (const keyword of keywords) {
    const typed = padded
      .slice(keyword.index + keyword[0].length)
      .replace(/\s+/g, ' ')
      .trim();
    if (typed === '' || padded.slice(0, keyword.index).trim() === '') continue;
    const words = parsePastDateWords(typed);
    if (words !== null) return { account: padded.slice(1, keyword.index), on: { words, typed } };
    if (keyword === keywords[0] && looksLikeDate(typed)) {
      return {
        problem: `${quote(typed)} isn’t a date; write the win’s date like on 1/29, on friday or on 2026-11-27`,
      };
    }
  }
  return { account: text };
}

export type ResolvedPastDate = { ok: true; date: LocalDate } | { ok: false; problem: string };

function asDate(year: number, words: DateWords): LocalDate | null {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return parseLocalDate(`${pad(year, 4)}-${pad(words.month)}-${pad(words.day)}`);
}

/**
 * The date a win is booked on: today or up to MAX_BACKDATE_DAYS back. Without a year, the latest such
 * date on or before today (`12/30` typed on Jan 5 is last December's); a weekday is the latest one on or
 * before today (`last friday`: before today).
 */
export function resolvePastDate(input: TypedPastDate, today: LocalDate): ResolvedPastDate {
  const { words, typed } = input;
  let date: LocalDate | null;
  if (words.kind === 'daysAgo') date = addDays(today, -words.days);
  else if (words.kind === 'weekday') {
    const back = (weekdayOf(today) - words.weekday + 7) % 7;
    date = addDays(today, -(back === 0 && words.last ? 7 : back));
  } else if (words.words.year !== null) date = asDate(words.words.year, words.words);
  else {
    const year = Number(today.slice(0, 4));
    const thisYear = asDate(year, words.words);
    const lastYear = asDate(year - 1, words.words);
    if (thisYear !== null && thisYear <= today) date = thisYear;
    // Later this year: last year's, when that is within reach; otherwise it is a future date.
    else if (lastYear !== null && (thisYear === null || !tooOld(lastYear, today))) date = lastYear;
    else date = thisYear;
  }
  if (date === null) return { ok: false, problem: `${quote(typed)} isn’t a real date` };
  if (date > today) {
    return {
      ok: false,
      problem: `${quote(typed)} is in the future (today is ${today}); a win is dated today or up to ${MAX_BACKDATE_DAYS} days back`,
    };
  }
  if (tooOld(date, today)) {
    return {
      ok: false,
      problem: `${quote(typed)} is ${daysBetween(date, today)} days ago; a win can be dated up to ${MAX_BACKDATE_DAYS} days back (from ${addDays(today, -MAX_BACKDATE_DAYS)})`,
    };
  }
  return { ok: true, date };
}

function tooOld(date: LocalDate, today: LocalDate): boolean {
  return daysBetween(date, today) > MAX_BACKDATE_DAYS;
}

/** A win date picked in a form: today or up to MAX_BACKDATE_DAYS back. */
export function winDateProblem(date: LocalDate, today: LocalDate): string | null {
  if (date > today) return `Pick today (${today}) or an earlier day: a win can’t be in the future`;
  if (tooOld(date, today)) {
    return `Pick a day from ${addDays(today, -MAX_BACKDATE_DAYS)} on: a win can be dated up to ${MAX_BACKDATE_DAYS} days back`;
  }
  return null;
}
