/** The rep's next working day: the next day a check-in will come, by their own work calendar. */
import type { RepRow } from '../db/reps.js';
import type { Team } from '../db/teams.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import { isWorkDay } from '../domain/workdays.js';
import type { Store } from '../storage/types.js';
import { calendarOf } from './status.js';

/** How far ahead to look: past a long holiday run or a pause of a few weeks; beyond, the farewell stays vague. */
export const NEXT_WORKDAY_LOOKAHEAD_DAYS = 45;

/**
 * The first day after `after` that the rep works: one of their working weekdays, neither paused nor a
 * holiday (the same calendar as their pace); null when none comes within the look-ahead.
 */
export async function nextWorkDayOf(
  store: Store,
  team: Team,
  rep: RepRow,
  after: LocalDate,
): Promise<LocalDate | null> {
  const from = addDays(after, 1);
  const to = addDays(after, NEXT_WORKDAY_LOOKAHEAD_DAYS);
  const calendar = calendarOf(team, rep, await store.reps.pausesOf(team.id, rep.userId), from, to);
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (isWorkDay(day, calendar)) return day;
  }
  return null;
}
