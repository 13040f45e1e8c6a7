/**
 * Dates as reps type them in a command (`close 3/15`, `close March 15`, `close 2027-03-15`),
 * read without knowing today, then resolved against the rep's local today.
 */
import { daysBetween, type LocalDate, parseLocalDate } from './calendar.js';
import { MONTH_NAMES } from './period.js';
import { quote } from './text.js';

/** A date as typed: the year may be left out. */
export interface DateWords {
  year: number | null;
  month: number;
  day: number;
}

/** Close dates further out than this are refused as typos. */
export const MAX_YEARS_AHEAD = 3;

const MONTHS = new Map<string, number>(
  MONTH_NAMES.flatMap((name, index): [string, number][] => [
    [name.toLowerCase(), index + 1],
    [name.slice(0, 3).toLowerCase(), index + 1],
    ...(name.length > 4 ? [[name.slice(0, 4).toLowerCase(), index + 1] as [string, number]] : []),
  ]),
);

function fullYear(text: string | undefined): number | null {
  if (text === undefined) return null;
  const year = Number(text);
  return text.length === 2 ? 2000 + year : year;
}

/** `3/15`, `3/15/27`, `3/15/2027` (month first), `2027-03-15`, `Mar 15`, `March 15, 2027`, `15 Mar 2027`. */
export function parseDateWords(text: string): DateWords | null {
  const words = readDateWords(text);
  // Whether Feb 30 exists depends on the year, which resolveFutureDate settles; 3/45 never does.
  return words && words.month >= 1 && words.month <= 12 && words.day >= 1 && words.day <= 31 ? words : null;
}

function readDateWords(text: string): DateWords | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const slash = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?$/.exec(t);
  if (slash) return { year: fullYear(slash[3]), month: Number(slash[1]), day: Number(slash[2]) };
  const monthFirst = /^([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$/.exec(t);
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]{3,9})\.?(?:,? (\d{4}))?$/.exec(t);
  const named = monthFirst
    ? { month: monthFirst[1], day: monthFirst[2], year: monthFirst[3] }
    : dayFirst
      ? { month: dayFirst[2], day: dayFirst[1], year: dayFirst[3] }
      : null;
  const month = named ? MONTHS.get(named.month ?? '') : undefined;
  if (!named || month === undefined) return null;
  return { year: fullYear(named.year), month, day: Number(named.day) };
}

/** Whether text looks like an attempt at a date (a digit or a month name), so a bad one is refused, not taken as a name. */
export function looksLikeDate(text: string): boolean {
  const first =
    text
      .trim()
      .toLowerCase()
      .split(/[\s,.]+/)[0] ?? '';
  return /\d/.test(text) || MONTHS.has(first);
}

function asLocalDate(year: number, month: number, day: number): LocalDate | null {
  return parseLocalDate(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );
}

export type ResolvedDate = { ok: true; date: LocalDate } | { ok: false; problem: string };

/**
 * A date from today on. Without a year, the occurrence nearest to today (so `3/15` typed in
 * December is next March, and `11/30` typed on December 3 is refused as passed, not read as next November).
 */
export function resolveFutureDate(words: DateWords, today: LocalDate, typed: string): ResolvedDate {
  const thisYear = Number(today.slice(0, 4));
  const years = words.year === null ? [thisYear - 1, thisYear, thisYear + 1] : [words.year];
  const candidates = years
    .map((year) => asLocalDate(year, words.month, words.day))
    .filter((date): date is LocalDate => date !== null);
  if (candidates.length === 0) return { ok: false, problem: `${quote(typed)} isn’t a real date` };
  const nearest = candidates.reduce((best, date) => {
    const distance = Math.abs(daysBetween(today, date));
    const bestDistance = Math.abs(daysBetween(today, best));
    return distance < bestDistance || (distance === bestDistance && date > best) ? date : best;
  });
  if (nearest < today)
    return { ok: false, problem: `${quote(typed)} has passed (today is ${today}); a close date is today or later` };
  if (daysBetween(today, nearest) > MAX_YEARS_AHEAD * 366) {
    return { ok: false, problem: `${quote(typed)} is more than ${MAX_YEARS_AHEAD} years away` };
  }
  return { ok: true, date: nearest };
}
