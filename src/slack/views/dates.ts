import { daysBetween, type LocalDate, weekdayOf } from '../../domain/calendar.js';

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'Tuesday, Dec 1' for a local date. */
export function friendlyDate(date: LocalDate): string {
  const [, month, day] = date.split('-').map(Number);
  return `${WEEKDAY_NAMES[weekdayOf(date)]}, ${MONTH_NAMES[(month ?? 1) - 1]} ${day}`;
}

/** 'Mar 15', or 'Mar 15, 2027' when its year is not `thisYearOf`'s. */
export function shortDate(date: LocalDate, thisYearOf?: LocalDate): string {
  const [year, month, day] = date.split('-').map(Number);
  const sameYear = thisYearOf === undefined || thisYearOf.slice(0, 4) === date.slice(0, 4);
  return `${MONTH_NAMES[(month ?? 1) - 1]} ${day}${sameYear ? '' : `, ${year}`}`;
}

/**
 * When `next` (the rep's next working day) comes, seen from `today`: "tomorrow", "Monday" (within the
 * week), "Monday, Jan 5" (later), or null when no working day is known.
 */
export function whenNext(today: LocalDate, next: LocalDate | null): string | null {
  if (next === null) return null;
  const days = daysBetween(today, next);
  if (days === 1) return 'tomorrow';
  if (days > 1 && days < 7) return WEEKDAY_NAMES[weekdayOf(next)] ?? friendlyDate(next);
  return friendlyDate(next);
}

/** "see you tomorrow", "see you Monday", "see you Monday, Jan 5", or "see you soon" (whenNext). */
export function seeYou(today: LocalDate, next: LocalDate | null): string {
  return `see you ${whenNext(today, next) ?? 'soon'}`;
}

/** "tomorrow", "on Monday", "on Monday, Jan 5" or "next time": the reflection's question for the next working day. */
export function onNext(today: LocalDate, next: LocalDate | null): string {
  const when = whenNext(today, next);
  if (when === null) return 'next time';
  return when === 'tomorrow' ? when : `on ${when}`;
}
