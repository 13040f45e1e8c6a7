/**
 * A rep's working days: their working weekdays, minus days off (paused days now; a team's
 * holidays fit the same slot). Pace, targets and follow-through all count days with this.
 */
import { addDays, daysBetween, earlierDate, type LocalDate, laterDate, type Weekday } from './calendar.js';
import { countWorkingDays, isWorkingDay } from './period.js';

export interface WorkCalendar {
  workingDays: readonly Weekday[];
  /** Working weekdays that are not worked (paused, holidays): sorted, no duplicates. */
  offDays: readonly LocalDate[];
}

/** The calendar, keeping only the off days that fall on a working weekday (a paused Sunday changes nothing). */
export function workCalendar(workingDays: readonly Weekday[], offDays: Iterable<LocalDate> = []): WorkCalendar {
  const kept = new Set<LocalDate>();
  for (const day of offDays) if (isWorkingDay(day, workingDays)) kept.add(day);
  return { workingDays, offDays: [...kept].sort() };
}

/** Every date in the pauses (each `until` exclusive) that falls in [from, to]. */
export function pausedDays(
  pauses: readonly { startsOn: LocalDate; until: LocalDate }[],
  from: LocalDate,
  to: LocalDate,
): LocalDate[] {
  const days: LocalDate[] = [];
  for (const pause of pauses) {
    const first = laterDate(pause.startsOn, from);
    const last = earlierDate(addDays(pause.until, -1), to);
    for (let day = first, n = 0; day <= last && n <= 800; day = addDays(day, 1), n++) days.push(day);
  }
  return days;
}

export function isWorkDay(date: LocalDate, calendar: WorkCalendar): boolean {
  return isWorkingDay(date, calendar.workingDays) && !includesSorted(calendar.offDays, date);
}

/** Work days in [from, to], both inclusive; 0 when `to` is before `from`. */
export function countWorkDays(from: LocalDate, to: LocalDate, calendar: WorkCalendar): number {
  if (daysBetween(from, to) < 0) return 0;
  const off = lowerBound(calendar.offDays, addDays(to, 1)) - lowerBound(calendar.offDays, from);
  return countWorkingDays(from, to, calendar.workingDays) - off;
}

function lowerBound(sorted: readonly LocalDate[], value: LocalDate): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as LocalDate) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function includesSorted(sorted: readonly LocalDate[], value: LocalDate): boolean {
  return sorted[lowerBound(sorted, value)] === value;
}
