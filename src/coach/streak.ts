import { type RepRow, workingDaysOf } from '../db/reps.js';
import type { Team } from '../db/teams.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import { holidayDates, holidaySourceOf } from '../domain/holidays.js';
import { MAX_STREAK_DAYS, planStreak } from '../domain/streak.js';
import type { Store } from '../storage/types.js';

/** The holidays a rep's streak skips, from `from` to `today`: the team's calendar or the rep's own country's. */
export function streakHolidays(team: Team, rep: RepRow, from: LocalDate, today: LocalDate): Set<LocalDate> {
  return new Set(holidayDates(holidaySourceOf(team, rep), from, today));
}

/** The rep's planning streak as of their local `today` (`team`: the rep's, when the caller has it already). */
export async function streakOf(store: Store, rep: RepRow, today: LocalDate, team?: Team): Promise<number> {
  const from = addDays(today, -MAX_STREAK_DAYS);
  const [checkins, pauses, teamRow] = await Promise.all([
    store.checkins.checkinsBetween(rep.teamId, rep.userId, from, today),
    store.reps.pausesOf(rep.teamId, rep.userId),
    team ?? store.teams.ensureTeam(rep.teamId),
  ]);
  const plannedDates = checkins.filter((c) => c.planItems.length > 0).map((c) => c.localDate);
  return planStreak({
    today,
    plannedDates: new Set(plannedDates),
    pauses,
    workingDays: workingDaysOf(rep),
    holidays: streakHolidays(teamRow, rep, from, today),
  });
}
