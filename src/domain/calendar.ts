/**
 * Calendar dates and wall-clock times in a rep's time zone.
 *
 * Two kinds of value, kept apart on purpose: a `LocalDate` is a plain calendar date with no zone, and all date
 * arithmetic happens on those (as whole days since 1970-01-01, via UTC `Date` math, so the host zone never leaks).
 * Instants (epoch ms) only turn into local dates and clock times at the edges, through `localDateTime` and
 * `zonedTimeToInstant`, which use a cached `Intl.DateTimeFormat` per zone rather than dayjs's slow `.tz()`.
 */

/** 'YYYY-MM-DD', a plain calendar date. */
export type LocalDate = string;
/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
/** A wall-clock reading in some zone; `minutes` since local midnight (0–1439). */
export interface LocalDateTime {
  date: LocalDate;
  minutes: number;
  weekday: Weekday;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const MINUTES_PER_DAY = 1440;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_PATTERN = /^(\d{1,2}):(\d{2})$/;

// One formatter per zone: constructing one costs far more than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let formatter = formatters.get(tz);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23', // never '24:00' at midnight
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function formattedWallClock(instantMs: number, tz: string): WallClock {
  const clock: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(tz).formatToParts(instantMs)) {
    if (part.type in clock) clock[part.type as keyof WallClock] = Number(part.value);
  }
  return clock;
}

/**
 * Each zone's offset in the last minute asked about. Since 1972 every zone's offset is a whole number of
 * minutes, so every transition falls on a whole minute, and within one minute the wall clock is the instant
 * plus that offset: one formatToParts per zone and minute instead of one
 * per call (requests and passes ask the same few zones about the same minute many times).
 */
const minuteOffsets = new Map<string, { minute: number; offsetMs: number }>();

function wallClock(instantMs: number, tz: string): WallClock {
  const minute = Math.floor(instantMs / MINUTE_MS);
  let known = minuteOffsets.get(tz);
  if (known?.minute !== minute) {
    const start = minute * MINUTE_MS;
    const c = formattedWallClock(start, tz);
    known = { minute, offsetMs: utcMs(c.year, c.month, c.day, c.hour, c.minute, c.second) - start };
    minuteOffsets.set(tz, known);
  }
  const local = new Date(instantMs + known.offsetMs);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The zone's UTC offset in ms at an instant (local = UTC + offset), to the second. */
function offsetAt(instantMs: number, tz: string): number {
  const c = wallClock(instantMs, tz);
  const wallAsUtc = utcMs(c.year, c.month, c.day, c.hour, c.minute, c.second);
  return wallAsUtc - (instantMs - mod(instantMs, 1000));
}

/** Date.UTC without its quirk of mapping years 0–99 to 1900–1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second);
  return d.getTime();
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Whole days since 1970-01-01 for a valid LocalDate; throws on anything else (a programming error). */
/** Dates in use are few (this period, this week, a year back): parsed once each. */
const epochDays = new Map<string, number>();
const EPOCH_DAY_CACHE_LIMIT = 4096;

function toEpochDay(date: LocalDate): number {
  const cached = epochDays.get(date);
  if (cached !== undefined) return cached;
  const day = epochDayOrNull(date);
  if (day === null) throw new RangeError(`Not a LocalDate (YYYY-MM-DD): ${JSON.stringify(date)}`);
  if (epochDays.size >= EPOCH_DAY_CACHE_LIMIT) epochDays.clear();
  epochDays.set(date, day);
  return day;
}

function epochDayOrNull(text: string): number | null {
  const match = LOCAL_DATE_PATTERN.exec(text);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const d = new Date(utcMs(year, month, day));
  // Date rolls 2027-02-29 over to March; a round trip catches that and month 13.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.getTime() / DAY_MS;
}

function fromEpochDay(epochDay: number): LocalDate {
  const d = new Date(epochDay * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function weekdayOfEpochDay(epochDay: number): Weekday {
  return mod(epochDay + 4, 7) as Weekday; // 1970-01-01 was a Thursday
}

/** True for any zone name Intl accepts ('America/New_York', 'Asia/Kolkata', 'UTC'); never throws. */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock date, minute of day and weekday at an instant in a zone. Throws RangeError for an unknown zone. */
export function localDateTime(instantMs: number, tz: string): LocalDateTime {
  // The scheduler asks for many reps in the same zone at one instant: remember the last answer per zone.
  const last = lastReading.get(tz);
  if (last !== undefined && last.at === instantMs) return { ...last.value };
  const value = readLocalDateTime(instantMs, tz);
  lastReading.set(tz, { at: instantMs, value });
  return { ...value };
}

const lastReading = new Map<string, { at: number; value: LocalDateTime }>();

function readLocalDateTime(instantMs: number, tz: string): LocalDateTime {
  const c = wallClock(instantMs, tz);
  const date = `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
  const epochDay = utcMs(c.year, c.month, c.day) / DAY_MS;
  return { date, minutes: c.hour * 60 + c.minute, weekday: weekdayOfEpochDay(epochDay) };
}

export function localDate(instantMs: number, tz: string): LocalDate {
  return localDateTime(instantMs, tz).date;
}

/**
 * The instant at which clocks in `tz` show `minutes` past midnight on `date`.
 * - Overlap (fall back, e.g. 01:30 on 2026-11-01 in New York): the earlier instant (01:30 EDT).
 * - Gap (spring forward, e.g. 02:30 on 2027-03-14 in New York): the wall time read with the offset in force
 *   before the change, i.e. shifted forward by the gap (03:30 EDT). A reminder set in the gap still fires that day.
 */
export function zonedTimeToInstant(date: LocalDate, minutes: number, tz: string): number {
  const wallAsUtc = toEpochDay(date) * DAY_MS + minutes * MINUTE_MS;
  // Offsets a day either side bracket any single transition near this wall time.
  const offsetBefore = offsetAt(wallAsUtc - DAY_MS, tz);
  const offsetAfter = offsetAt(wallAsUtc + DAY_MS, tz);
  const early = wallAsUtc - offsetBefore;
  const late = wallAsUtc - offsetAfter;
  const earlyValid = offsetAt(early, tz) === offsetBefore;
  const lateValid = offsetAt(late, tz) === offsetAfter;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  return early; // in the gap: keep the pre-change offset
}

/** A real calendar date written exactly YYYY-MM-DD (surrounding whitespace ignored), else null. */
export function parseLocalDate(text: string): LocalDate | null {
  const trimmed = text.trim();
  return epochDayOrNull(trimmed) === null ? null : trimmed;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function weekdayOf(date: LocalDate): Weekday {
  return weekdayOfEpochDay(toEpochDay(date));
}

/** The Monday of the ISO week containing `date`. */
export function startOfIsoWeek(date: LocalDate): LocalDate {
  const epochDay = toEpochDay(date);
  return fromEpochDay(epochDay - mod(weekdayOfEpochDay(epochDay) - 1, 7));
}

/** ISO 8601 week key such as '2026-W49'; the year is the one holding the week's Thursday, so it can differ. */
export function isoWeekKey(date: LocalDate): string {
  const epochDay = toEpochDay(date);
  const thursday = epochDay - mod(weekdayOfEpochDay(epochDay) - 1, 7) + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan1 = toEpochDay(`${pad(year, 4)}-01-01`);
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${pad(year, 4)}-W${pad(week)}`;
}

/** 'H:MM' or 'HH:MM' from 00:00 to 23:59 → minutes since midnight (surrounding whitespace ignored), else null. */
export function parseClock(text: string): number | null {
  const match = CLOCK_PATTERN.exec(text.trim());
  if (match === null) return null;
  const hours = Number(match[1]);
  const mins = Number(match[2]);
  if (hours > 23 || mins > 59) return null;
  return hours * 60 + mins;
}

/** Minutes since midnight (an integer 0–1439) → 'HH:MM'. */
export function formatClock(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= MINUTES_PER_DAY) {
    throw new RangeError(`Not a minute of the day: ${minutes}`);
  }
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The later of two dates. */
export function laterDate(a: LocalDate, b: LocalDate): LocalDate {
  return daysBetween(a, b) > 0 ? b : a;
}

/** The earlier of two dates. */
export function earlierDate(a: LocalDate, b: LocalDate): LocalDate {
  return daysBetween(a, b) < 0 ? b : a;
}
