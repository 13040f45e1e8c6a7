import { type LocalDate, weekdayOf } from '../../domain/calendar.js';

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
