import { checkinsBetween } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { pausesOf, type RepRow, workingDaysOf } from '../db/reps.js';
import { ensureTeam, type Team } from '../db/teams.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import { holidayDates, holidaySourceOf } from '../domain/holidays.js';
import { MAX_STREAK_DAYS, planStreak } from '../domain/streak.js';

/** The holidays a rep's streak skips, from `from` to `today`: the team's calendar or the rep's own country's. */
export function streakHolidays(team: Team, rep: RepRow, from: LocalDate, today: LocalDate): Set<LocalDate> {
  return new Set(holidayDates(holidaySourceOf(team, rep), from, today));
}

/** The rep's planning streak as of their local `today` (`team`: the rep's, when the caller has it already). */
export function streakOf(db: Db, rep: RepRow, today: LocalDate, team?: Team): number {
  const from = addDays(today, -MAX_STREAK_DAYS);
  const plannedDates = checkinsBetween(db, rep.teamId, rep.userId, from, today)
    .filter((c) => c.planItems.length > 0)
    .map((c) => c.localDate);
  return planStreak({
    today,
    plannedDates: new Set(plannedDates),
    pauses: pausesOf(db, rep.teamId, rep.userId),
    workingDays: workingDaysOf(rep),
    holidays: streakHolidays(team ?? ensureTeam(db, rep.teamId), rep, from, today),
  });
}
