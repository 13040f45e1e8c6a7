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

/** Words that only make sense in a date: a rep typing `close tomorrow` means a date, not an account. */
const DATE_WORDS = new Set([
  'today',
  'tomorrow',
  'yesterday',
  'tmrw',
  'eod',
  'eow',
  'eom',
  'eoq',
  'eoy',
  'end',
  'next',
  'this',
  'week',
  'month',
  'quarter',
  'year',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
]);

/**
 * Whether text looks like an attempt at a date (a digit, a month or weekday name, `tomorrow`, `EOQ`),
 * so a date the coach cannot read is refused rather than taken as part of an account's name.
 */
export function looksLikeDate(text: string): boolean {
  if (/\d/.test(text)) return true;
  return text
    .toLowerCase()
    .split(/[\s,.]+/)
    .some((word) => MONTHS.has(word) || DATE_WORDS.has(word));
}

function asLocalDate(year: number, month: number, day: number): LocalDate | null {
  return parseLocalDate(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );
}

export type ResolvedDate = { ok: true; date: LocalDate } | { ok: false; problem: string };

/** A date without a year that fell this many days ago or fewer is read as passed, not as next year's. */
export const RECENTLY_PASSED_DAYS = 60;

/**
 * A date from today on. Without a year, the next such date, unless it fell within the last 60 days:
 * `3/15` typed in December is next March and `12/31` typed in April is this December, but `11/30`
 * typed on December 3 is refused as passed rather than read as a year away.
 */
export function resolveFutureDate(words: DateWords, today: LocalDate, typed: string): ResolvedDate {
  const thisYear = Number(today.slice(0, 4));
  const years = words.year === null ? [thisYear - 1, thisYear, thisYear + 1, thisYear + 4] : [words.year];
  const candidates = years
    .map((year) => asLocalDate(year, words.month, words.day))
    .filter((date): date is LocalDate => date !== null);
  if (candidates.length === 0) return { ok: false, problem: `${quote(typed)} isn’t a real date` };
  const passed = () => ({
    ok: false as const,
    problem: `${quote(typed)} has passed (today is ${today}); a close date is today or later`,
  });
  let date: LocalDate;
  if (words.year !== null) {
    date = candidates[0] as LocalDate;
    if (date < today) return passed();
  } else {
    const recent = candidates.filter((d) => d < today && daysBetween(d, today) <= RECENTLY_PASSED_DAYS).at(-1);
    if (recent !== undefined) return passed();
    const next = candidates.find((d) => d >= today);
    if (next === undefined) return { ok: false, problem: `${quote(typed)} isn’t a real date` };
    date = next;
  }
  if (daysBetween(today, date) > MAX_YEARS_AHEAD * 366) {
    return { ok: false, problem: `${quote(typed)} is more than ${MAX_YEARS_AHEAD} years away` };
  }
  return { ok: true, date };
}

/** A close date picked in a form or a message: from today on, at most MAX_YEARS_AHEAD years away. */
export function closeDateProblem(date: LocalDate, today: LocalDate): string | null {
  if (date < today) return `Pick a close date from today (${today}) on`;
  if (daysBetween(today, date) > MAX_YEARS_AHEAD * 366) return `Pick a close date within ${MAX_YEARS_AHEAD} years`;
  return null;
}
