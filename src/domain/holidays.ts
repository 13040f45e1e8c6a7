/**
 * Holidays: a country's public holidays (from the `date-holidays` library, type `public` only) and a team's
 * own company days off. Both are non-working days for pace, prompts, streaks and follow-through (they join
 * paused days in workdays.ts's off days). Computing a country's year is slow-ish (rules are evaluated), so each
 * (country, region, year) is worked out once per process and kept in memory.
 */
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { addDays, type LocalDate, parseLocalDate } from './calendar.js';

/** A team's own day off: a date and what it is called ("Christmas Eve", "Company offsite"). */
export interface CompanyDay {
  date: LocalDate;
  name: string;
}

export interface Holiday {
  date: LocalDate;
  name: string;
  kind: 'public' | 'company';
}

/**
 * Where one rep's holidays come from: a country (and region) for public holidays, less the ones the team
 * works all the same, and the team's days off.
 */
export interface HolidaySource {
  country: string | null;
  region: string | null;
  companyDays: readonly CompanyDay[];
  /** Public holidays the team works (Columbus Day, say): sorted dates. */
  workedDays: readonly LocalDate[];
}

export const NO_HOLIDAYS: HolidaySource = Object.freeze({
  country: null,
  region: null,
  companyDays: [],
  workedDays: [],
});

/** Longest name of a company day off; more than a card line can carry. */
export const MAX_COMPANY_DAY_NAME = 60;
/** Company days off a team keeps (past ones included, so last year's streaks stay as they were). */
export const MAX_COMPANY_DAYS = 200;

/**
 * The library, loaded the first time a country's calendar or list is asked for: it holds every country's rules
 * (about 9 MB of heap), which a server whose teams set no country never needs.
 */
let library: typeof Holidays | null = null;
const holidaysLibrary = (): typeof Holidays => {
  library ??= createRequire(import.meta.url)('date-holidays') as typeof Holidays;
  return library;
};

// One instance answers the country and region lists; per-country instances compute the dates.
let catalogue: Holidays | null = null;
const catalogueOf = () => {
  catalogue ??= new (holidaysLibrary())();
  return catalogue;
};
let countryNames: Record<string, string> | null = null;
const regionNames = new Map<string, Record<string, string>>();

/** The country's English name for an ISO 3166 code the library knows (case-insensitive), else null. */
export function countryName(code: string): string | null {
  countryNames ??= catalogueOf().getCountries('en');
  return Object.hasOwn(countryNames, code.toUpperCase()) ? (countryNames[code.toUpperCase()] ?? null) : null;
}

/** The country's states or regions the library knows, code → name (empty when it has none). */
export function regionsOf(country: string): Record<string, string> {
  const code = country.toUpperCase();
  let regions = regionNames.get(code);
  if (regions === undefined) {
    regions = countryName(code) === null ? {} : (catalogueOf().getStates(code, 'en') ?? {});
    regionNames.set(code, regions);
  }
  return regions;
}

export function regionName(country: string, region: string): string | null {
  const regions = regionsOf(country);
  const code = region.toUpperCase();
  return Object.hasOwn(regions, code) ? (regions[code] ?? null) : null;
}

/** "United States of America (CA, California)" or "Germany": how a calendar is named back to people. */
export function calendarLabel(country: string, region: string | null): string {
  const name = countryName(country) ?? country;
  if (region === null) return `${name} (${country})`;
  return `${name} (${country}), ${regionName(country, region) ?? region} (${region})`;
}

const YEAR_CACHE_LIMIT = 2000;
const yearCache = new Map<string, readonly Holiday[]>();
const calculators = new Map<string, Holidays>();

/** The public holidays of one country (and region) in one calendar year, by date. */
export function publicHolidays(country: string, region: string | null, year: number): readonly Holiday[] {
  const key = `${country}|${region ?? ''}|${year}`;
  const cached = yearCache.get(key);
  if (cached) return cached;
  const found = computeYear(country, region, year);
  // Bounded by real countries × regions × years; the limit only guards against a runaway caller.
  if (yearCache.size >= YEAR_CACHE_LIMIT) yearCache.clear();
  yearCache.set(key, found);
  return found;
}

function computeYear(country: string, region: string | null, year: number): readonly Holiday[] {
  const calcKey = `${country}|${region ?? ''}`;
  let calc = calculators.get(calcKey);
  if (calc === undefined) {
    const Library = holidaysLibrary();
    calc =
      region === null
        ? new Library(country, { languages: ['en'], types: ['public'] })
        : new Library(country, region, { languages: ['en'], types: ['public'] });
    calculators.set(calcKey, calc);
  }
  const days: Holiday[] = [];
  for (const holiday of calc.getHolidays(year) ?? []) {
    if (holiday.type !== 'public') continue;
    const first = parseLocalDate(holiday.date.slice(0, 10));
    if (first === null) continue;
    // A few countries' holidays last several days; a part day (from 14:00) is still the day.
    const span = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
    for (let i = 0; i < span; i++) days.push({ date: addDays(first, i), name: holiday.name, kind: 'public' });
  }
  return Object.freeze(days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));
}

/**
 * Answers per range, for each team's days off (the same parsed array while the stored text is the same): the
 * team view asks the same few ranges for every rep, several times each.
 */
const RANGE_CACHE_LIMIT = 5000;
const rangeCache = new WeakMap<readonly CompanyDay[], Map<string, readonly Holiday[]>>();
const datesCache = new WeakMap<readonly CompanyDay[], Map<string, readonly LocalDate[]>>();

function remembered<T>(
  cache: WeakMap<readonly CompanyDay[], Map<string, T>>,
  source: HolidaySource,
  from: LocalDate,
  to: LocalDate,
  work: () => T,
): T {
  let byRange = cache.get(source.companyDays);
  if (byRange === undefined) {
    byRange = new Map();
    cache.set(source.companyDays, byRange);
  }
  const key = `${source.country ?? ''}|${source.region ?? ''}|${source.workedDays.join(',')}|${from}|${to}`;
  const known = byRange.get(key);
  if (known !== undefined) return known;
  const found = work();
  if (byRange.size >= RANGE_CACHE_LIMIT) byRange.clear();
  byRange.set(key, found);
  return found;
}

/** Every holiday of `source` in [from, to], by date (a public holiday before a company day on the same date). */
export function holidaysBetween(source: HolidaySource, from: LocalDate, to: LocalDate): readonly Holiday[] {
  if (to < from) return [];
  return remembered(rangeCache, source, from, to, () => Object.freeze(findBetween(source, from, to)));
}

/** The public holidays of `source`'s country in [from, to], the worked ones included: what `work` may name. */
export function publicHolidaysBetween(source: HolidaySource, from: LocalDate, to: LocalDate): Holiday[] {
  return findBetween({ ...source, companyDays: [], workedDays: [] }, from, to);
}

function findBetween(source: HolidaySource, from: LocalDate, to: LocalDate): Holiday[] {
  const found: Holiday[] = [];
  if (source.country !== null) {
    // The year before too: a holiday of several days may run over New Year.
    for (let year = Number(from.slice(0, 4)) - 1; year <= Number(to.slice(0, 4)); year++) {
      for (const day of publicHolidays(source.country, source.region, year)) {
        if (day.date >= from && day.date <= to && !source.workedDays.includes(day.date)) found.push(day);
      }
    }
  }
  for (const day of source.companyDays) {
    if (day.date >= from && day.date <= to) found.push({ ...day, kind: 'company' });
  }
  const order = (h: Holiday) => `${h.date}|${h.kind === 'public' ? 0 : 1}`;
  return found.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** Only the dates, each once: what a work calendar takes as off days. */
export function holidayDates(source: HolidaySource, from: LocalDate, to: LocalDate): readonly LocalDate[] {
  if (source.country === null && source.companyDays.length === 0) return [];
  return remembered(datesCache, source, from, to, () =>
    Object.freeze([...new Set(holidaysBetween(source, from, to).map((h) => h.date))]),
  );
}

const parsedDays = new Map<string, readonly CompanyDay[]>();

/** The team's stored company days off (JSON, as the teams row keeps them), parsed once per distinct text. */
export function companyDaysOf(json: string): readonly CompanyDay[] {
  return storedList(parsedDays, json, isCompanyDay, (day) => day.date);
}

/**
 * A JSON array as a teams row stores it, read defensively (broken text or entries are left out, never a crash),
 * sorted by `sortKey`, frozen, and parsed once per distinct text.
 */
function storedList<T>(
  cache: Map<string, readonly T[]>,
  json: string,
  keep: (value: unknown) => value is T,
  sortKey: (item: T) => string,
): readonly T[] {
  const cached = cache.get(json);
  if (cached) return cached;
  let items: T[] = [];
  try {
    const raw: unknown = JSON.parse(json);
    if (Array.isArray(raw)) items = raw.filter(keep).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  } catch {
    items = [];
  }
  if (cache.size >= YEAR_CACHE_LIMIT) cache.clear();
  const frozen = Object.freeze(items);
  cache.set(json, frozen);
  return frozen;
}

function isCompanyDay(value: unknown): value is CompanyDay {
  if (typeof value !== 'object' || value === null) return false;
  const { date, name } = value as Record<string, unknown>;
  return typeof date === 'string' && parseLocalDate(date) !== null && typeof name === 'string';
}

/** A team's holiday settings, as stored: its country and region, its days off and worked holidays as JSON. */
export interface TeamHolidaySettings {
  holidayCountry: string | null;
  holidayRegion: string | null;
  companyDaysOff: string;
  workedHolidays: string;
}

const parsedWorked = new Map<string, readonly LocalDate[]>();

/** The team's stored worked holidays (a JSON array of dates), parsed once per distinct text, sorted. */
export function workedDaysOf(json: string): readonly LocalDate[] {
  return storedList(parsedWorked, json, isDate, (date) => date);
}

function isDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && parseLocalDate(value) !== null;
}

/** A rep's own choice of country (null: the team's). */
export interface RepHolidaySettings {
  holidayCountry: string | null;
  holidayRegion: string | null;
}

/** The rep's holidays: their own country when they picked one, else the team's; always the team's days off. */
export function holidaySourceOf(team: TeamHolidaySettings, rep: RepHolidaySettings | null): HolidaySource {
  const own = rep !== null && rep.holidayCountry !== null;
  return {
    country: own ? rep.holidayCountry : team.holidayCountry,
    region: own ? rep.holidayRegion : team.holidayRegion,
    companyDays: companyDaysOf(team.companyDaysOff),
    // The holidays the team works are the team's country's: a rep following another country keeps all of theirs.
    workedDays: own ? [] : workedDaysOf(team.workedHolidays),
  };
}
