/**
 * Quota periods aligned to the team's fiscal year, and working-day counts. Pure calendar-date math: the caller
 * turns "now" into the rep's local date first (calendar.ts), so periods follow the rep's time zone.
 */
import type { LocalDate, Weekday } from './calendar.js';
import { daysBetween, parseLocalDate, weekdayOf } from './calendar.js';
import type { PeriodKind } from './command.js';

/** A quota period; `end` is inclusive. */
export interface Period {
  kind: PeriodKind;
  start: LocalDate;
  end: LocalDate;
  /** 'Q4 2026', 'Q1 FY2027', 'November 2026', '2026', 'FY2027'. */
  label: string;
  /** 'Oct 1 – Dec 31', or 'Nov 1, 2026 – Jan 31, 2027' when the years differ. */
  range: string;
}

export const DEFAULT_WORKING_DAYS: readonly Weekday[] = Object.freeze([1, 2, 3, 4, 5] as const);

/** English month names, January first (labels here, pickers in the views). */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** A month counted from year 0 (year * 12 + month - 1), so month arithmetic never has to carry years by hand. */
type MonthIndex = number;

function monthIndexOf(date: LocalDate): MonthIndex {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

function yearOf(index: MonthIndex): number {
  return Math.floor(index / 12);
}

function monthNameOf(index: MonthIndex): string {
  return MONTH_NAMES[index % 12] ?? '';
}

function daysInMonth(index: MonthIndex): number {
  const year = yearOf(index);
  const isLeapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return index % 12 === 1 && isLeapYear ? 29 : (DAYS_IN_MONTH[index % 12] ?? 31);
}

function firstDay(index: MonthIndex): LocalDate {
  return `${String(yearOf(index)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function lastDay(index: MonthIndex): LocalDate {
  return `${firstDay(index).slice(0, 8)}${String(daysInMonth(index)).padStart(2, '0')}`;
}

function formatRange(startIndex: MonthIndex, endIndex: MonthIndex): string {
  const start = `${monthNameOf(startIndex).slice(0, 3)} 1`;
  const end = `${monthNameOf(endIndex).slice(0, 3)} ${daysInMonth(endIndex)}`;
  const startYear = yearOf(startIndex);
  const endYear = yearOf(endIndex);
  return startYear === endYear ? `${start} – ${end}` : `${start}, ${startYear} – ${end}, ${endYear}`;
}

/**
 * The period of `kind` containing `date`. Quarters are 3-month blocks and years 12-month blocks starting at
 * `fiscalStartMonth` (1–12). A fiscal year not starting in January is named after the calendar year it ends in.
 */
export function periodContaining(kind: PeriodKind, date: LocalDate, fiscalStartMonth: number): Period {
  if (!Number.isInteger(fiscalStartMonth) || fiscalStartMonth < 1 || fiscalStartMonth > 12) {
    throw new RangeError(`Fiscal start month must be 1–12, got ${fiscalStartMonth}`);
  }
  if (parseLocalDate(date) !== date) throw new RangeError(`Not a LocalDate (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const month = monthIndexOf(date);
  const monthsIntoFiscalYear = (month - (fiscalStartMonth - 1)) % 12;
  const fiscalYearStart = month - monthsIntoFiscalYear;
  const fiscalYearEnd = fiscalYearStart + 11;
  const calendarFiscalYear = fiscalStartMonth === 1;
  const yearName = calendarFiscalYear ? `${yearOf(fiscalYearEnd)}` : `FY${yearOf(fiscalYearEnd)}`;

  let startIndex: MonthIndex;
  let endIndex: MonthIndex;
  let label: string;
  switch (kind) {
    case 'month':
      startIndex = month;
      endIndex = month;
      label = `${monthNameOf(month)} ${yearOf(month)}`;
      break;
    case 'quarter': {
      const quarter = Math.floor(monthsIntoFiscalYear / 3);
      startIndex = fiscalYearStart + quarter * 3;
      endIndex = startIndex + 2;
      label = `Q${quarter + 1} ${yearName}`;
      break;
    }
    case 'year':
      startIndex = fiscalYearStart;
      endIndex = fiscalYearEnd;
      label = yearName;
      break;
  }
  return { kind, start: firstDay(startIndex), end: lastDay(endIndex), label, range: formatRange(startIndex, endIndex) };
}

export function isWorkingDay(date: LocalDate, workingDays: readonly Weekday[]): boolean {
  return workingDays.includes(weekdayOf(date));
}

/** Dates in [from, to] (both inclusive) whose weekday is a working day; 0 when `to` is before `from`. O(1). */
export function countWorkingDays(from: LocalDate, to: LocalDate, workingDays: readonly Weekday[]): number {
  const total = daysBetween(from, to) + 1;
  if (total <= 0) return 0;
  const isWorking = [false, false, false, false, false, false, false];
  for (const day of workingDays) isWorking[day] = true;
  const perWeek = isWorking.filter(Boolean).length;
  const fullWeeks = Math.floor(total / 7);
  // After whole weeks the remainder starts on the same weekday as `from`.
  const firstWeekday = weekdayOf(from);
  let count = fullWeeks * perWeek;
  for (let i = 0; i < total % 7; i++) {
    if (isWorking[(firstWeekday + i) % 7]) count++;
  }
  return count;
}
