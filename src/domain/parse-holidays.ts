/**
 * The text after `/focus holidays` (parse-command.ts hands it over): a command, or a problem sentence that
 * says what was wrong (parse-command.ts adds the right form). Pure; the country and region lists are the holiday
 * library's (domain/holidays.ts).
 */
import { parseLocalDate } from './calendar.js';
import type { Command, HolidaysAction } from './command.js';
import { type CompanyDay, countryName, MAX_COMPANY_DAY_NAME, regionName, regionsOf } from './holidays.js';
import { decodeSlackEntities, quote } from './text.js';

type Outcome = Command | { problem: string };

const problem = (text: string) => ({ problem: text });
const holidays = (action: HolidaysAction): Command => ({ kind: 'holidays', action });

/** Regions listed in a reply: enough to find one, not a wall of text. */
const REGIONS_LISTED = 60;

export function parseHolidays(rest: string): Outcome {
  const words = rest.trim().split(/\s+/).filter(Boolean);
  const [op, ...args] = words;
  if (op === undefined) return holidays({ op: 'show' });
  switch (op.toLowerCase()) {
    case 'country':
      return asCommand('country', parseHolidayCountry(args, ['none', 'off']));
    case 'mine':
      return asCommand('mine', parseHolidayCountry(args, ['team']));
    case 'add': {
      const day = parseCompanyDay(rest.trim().slice(op.length));
      return 'problem' in day ? day : holidays({ op: 'add', ...day });
    }
    case 'remove':
    case 'delete':
      return removeAction(args);
    case 'work':
      return workAction(args);
    default:
      // `/focus holidays US CA`: the country code straight away, as the command reference writes it.
      if (/^[a-z]{2}$/i.test(op) && countryName(op) !== null)
        return asCommand('country', parseHolidayCountry(words, []));
      return problem(
        `${quote(op)} isn’t something holidays does. Use country, add, work, remove or mine; or nothing, to see the calendar`,
      );
  }
}

type CountryChoice = { country: string | null; region: string | null };

function asCommand(op: 'country' | 'mine', choice: CountryChoice | { problem: string }): Outcome {
  return 'problem' in choice ? choice : holidays({ op, ...choice });
}

/**
 * A country code and an optional region (`US CA`, `de by`), as typed after `country` or `mine` or in the
 * Settings modal; one of `clearWords` alone means none (null).
 */
export function parseHolidayCountry(
  args: readonly string[],
  clearWords: readonly string[],
): CountryChoice | { problem: string } {
  const [code, region, ...extra] = args;
  if (code === undefined) return problem('It needs a two-letter country code such as US, DE or GB');
  if (clearWords.includes(code.toLowerCase())) {
    if (region !== undefined) return problem(`‘${code.toLowerCase()}’ takes nothing after it`);
    return { country: null, region: null };
  }
  const country = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country) || countryName(country) === null) {
    return problem(`${quote(code)} isn’t a country code I know: use a two-letter ISO code such as US, DE or GB`);
  }
  if (extra.length > 0) return problem('Give a country code and at most one region code, then nothing else');
  if (region === undefined) return { country, region: null };
  if (regionName(country, region) === null) return problem(regionProblem(country, region));
  return { country, region: region.toUpperCase() };
}

function regionProblem(country: string, region: string): string {
  const codes = Object.keys(regionsOf(country));
  const name = `${countryName(country)} (${country})`;
  if (codes.length === 0) return `${name} has no regions with their own holidays: leave ${quote(region)} out`;
  const listed = codes.slice(0, REGIONS_LISTED).join(', ');
  return `${quote(region)} isn’t a region of ${name}. Its regions: ${listed}${codes.length > REGIONS_LISTED ? ', …' : ''}`;
}

function dateOf(word: string | undefined): { date: string } | { problem: string } {
  if (word === undefined) return problem('It needs the date, as YYYY-MM-DD');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(word)) return problem(`Write the date as YYYY-MM-DD, not ${quote(word)}`);
  const date = parseLocalDate(word);
  return date === null ? problem(`${quote(word)} isn’t a real date`) : { date };
}

/** A company day off as typed: `2026-12-24 Christmas Eve` (a command's text or a line of the Settings modal). */
export function parseCompanyDay(text: string): CompanyDay | { problem: string } {
  const match = /^\s*(\S+)?\s*([\s\S]*)$/.exec(text);
  const parsed = dateOf(match?.[1]);
  if ('problem' in parsed) return parsed;
  const raw = (match?.[2] ?? '').trim();
  if (raw === '')
    return problem(`It needs a name for the day off after the date, as in ${parsed.date} Company offsite`);
  // Mentions stay out: the name is shown back on cards and in lists.
  if (/<[@#!]/.test(raw)) return problem('A day off’s name can’t contain @mentions, #channels or @here');
  const name = decodeSlackEntities(raw).replace(/\s+/g, ' ');
  const length = Array.from(name).length;
  if (length > MAX_COMPANY_DAY_NAME) {
    return problem(`Names of days off stop at ${MAX_COMPANY_DAY_NAME} characters; that one has ${length}`);
  }
  return { date: parsed.date, name };
}

/** `work 2026-10-12`: a public holiday the team works all the same. */
function workAction(args: readonly string[]): Outcome {
  const parsed = dateOf(args[0]);
  if ('problem' in parsed) return parsed;
  if (args.length > 1) return problem('Give only the date of the public holiday the team works, as YYYY-MM-DD');
  return holidays({ op: 'work', date: parsed.date });
}

function removeAction(args: readonly string[]): Outcome {
  const parsed = dateOf(args[0]);
  if ('problem' in parsed) return parsed;
  if (args.length > 1) return problem('Give only the date of the day off to remove, as YYYY-MM-DD');
  return holidays({ op: 'remove', date: parsed.date });
}
