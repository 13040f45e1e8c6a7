/**
 * The numbers a burn-up draws, as pure functions: won to date by day, and the pace line. Each figure is rounded to
 * whole currency units once, as the gap math rounds it (domain/gap.ts), so the chart, its alt text and the card agree.
 */
import { addDays, earlierDate, type LocalDate, laterDate } from '../domain/calendar.js';
import { splitWorkDays } from '../domain/gap.js';
import { roundToUnit } from '../domain/money.js';
import type { Period } from '../domain/period.js';
import { countWorkDays, type WorkCalendar } from '../domain/workdays.js';

/**
 * One quota and the working days it is paced over. A rep's burn-up has one; the team's has one per rep counted,
 * each on their own calendar and clock, so the team's pace by now is the sum of the reps' (as the team totals add).
 */
export interface PaceShare {
  quotaCents: number;
  calendar: WorkCalendar;
  /** The quota holder's today, and whether their day is over (their reflection time has passed). */
  today: LocalDate;
  dayOver: boolean;
}

/** A win on a local date. */
export interface DatedAmount {
  date: LocalDate;
  cents: number;
}

/** A value on a day of the period, in cents rounded to whole units. */
export interface DayValue {
  date: LocalDate;
  cents: number;
}

/** Every date from `from` to `to`, both inclusive. */
export function datesFrom(from: LocalDate, to: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) dates.push(day);
  return dates;
}

/** The quota the shares add up to, in whole units. */
export function quotaOf(shares: readonly PaceShare[]): number {
  return shares.reduce((sum, share) => sum + roundToUnit(share.quotaCents), 0);
}

/** quota × elapsed ÷ working days in the period, rounded once (as gap.ts rounds expectedByNow). */
function expected(share: PaceShare, elapsed: number, total: number): number {
  return total === 0 ? 0 : roundToUnit((roundToUnit(share.quotaCents) * elapsed) / total);
}

/**
 * The pace line: for each day of the period, where the shares should stand once that day is over
 * (quota × working days from the start through that day ÷ working days in the period). Flat over weekends and holidays.
 */
export function paceLine(period: Period, shares: readonly PaceShare[]): DayValue[] {
  const totals = shares.map((share) => countWorkDays(period.start, period.end, share.calendar));
  return datesFrom(period.start, period.end).map((date) => ({
    date,
    cents: shares.reduce(
      (sum, share, i) => sum + expected(share, countWorkDays(period.start, date, share.calendar), totals[i] ?? 0),
      0,
    ),
  }));
}

/** Where the shares should stand by now, each by its own clock: today counts once the holder's day is over. */
export function paceByNow(period: Period, shares: readonly PaceShare[]): number {
  return shares.reduce((sum, share) => {
    const days = splitWorkDays(period, share.today, share.dayOver, share.calendar);
    return sum + expected(share, days.elapsed, days.total);
  }, 0);
}

/**
 * Won to date, by day: from the period's start to today (or to a later win's date, for a holder whose day is
 * already tomorrow), each day the running total of the wins in the period up to and including it.
 */
export function wonLine(period: Period, today: LocalDate, wins: readonly DatedAmount[]): DayValue[] {
  const inPeriod = wins.filter((win) => win.date >= period.start && win.date <= period.end);
  const lastWin = inPeriod.reduce((last, win) => laterDate(last, win.date), today);
  const end = earlierDate(lastWin, period.end);
  if (end < period.start) return [];
  const byDay = new Map<LocalDate, number>();
  for (const win of inPeriod) byDay.set(win.date, (byDay.get(win.date) ?? 0) + win.cents);
  let running = 0;
  return datesFrom(period.start, end).map((date) => {
    running += byDay.get(date) ?? 0;
    return { date, cents: roundToUnit(running) };
  });
}
