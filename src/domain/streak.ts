import { addDays, type LocalDate, type Weekday } from './calendar.js';
import { isWorkingDay } from './period.js';

/** How far back a streak is counted. */
export const MAX_STREAK_DAYS = 400;

interface StreakInput {
  today: LocalDate;
  plannedDates: ReadonlySet<LocalDate>;
  pauses: readonly { startsOn: LocalDate; until: LocalDate }[];
  workingDays: readonly Weekday[];
  /** Holidays (public and company days off): skipped like weekends, so a holiday breaks nothing. */
  holidays?: ReadonlySet<LocalDate>;
}

/**
 * Consecutive working days with a plan, counted back from today. Today counts once it
 * has a plan and breaks nothing while it has none (the day is not over). Non-working
 * days and holidays are skipped, and so are paused days without a plan: a vacation does not break a
 * streak, and a day planned before a pause began still counts.
 */
export function planStreak(input: StreakInput): number {
  return countStreak(input, null) ?? 0;
}

/**
 * The same streak when the plans are known only from `knownFrom` on (a team-wide read of the last weeks):
 * null when the run reaches back past `knownFrom`, where an unknown day could continue or end it.
 */
export function planStreakKnownFrom(input: StreakInput, knownFrom: LocalDate): number | null {
  return countStreak(input, knownFrom);
}

function countStreak(input: StreakInput, knownFrom: LocalDate | null): number | null {
  const paused = (date: LocalDate) => input.pauses.some((p) => p.startsOn <= date && date < p.until);
  let count = 0;
  let date = input.plannedDates.has(input.today) ? input.today : addDays(input.today, -1);
  for (let steps = 0; steps < MAX_STREAK_DAYS; steps++, date = addDays(date, -1)) {
    if (knownFrom !== null && date < knownFrom) return null;
    if (!isWorkingDay(date, input.workingDays) || input.holidays?.has(date)) continue;
    if (input.plannedDates.has(date)) count++;
    else if (!paused(date)) break;
  }
  return count;
}
