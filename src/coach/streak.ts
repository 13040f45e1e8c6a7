import { checkinsBetween } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { pausesOf, type RepRow, workingDaysOf } from '../db/reps.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import { MAX_STREAK_DAYS, planStreak } from '../domain/streak.js';

/** The rep's planning streak as of their local `today`. */
export function streakOf(db: Db, rep: RepRow, today: LocalDate): number {
  const plannedDates = checkinsBetween(db, rep.teamId, rep.userId, addDays(today, -MAX_STREAK_DAYS), today)
    .filter((c) => c.planItems.length > 0)
    .map((c) => c.localDate);
  return planStreak({
    today,
    plannedDates: new Set(plannedDates),
    pauses: pausesOf(db, rep.teamId, rep.userId),
    workingDays: workingDaysOf(rep),
  });
}
