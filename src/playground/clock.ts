import type { Db } from '../db/connection.js';
import { getRep, workingDaysOf } from '../db/reps.js';
import { getTeam } from '../db/teams.js';
import { addDays, localDateTime, type Weekday, weekdayOf, zonedTimeToInstant } from '../domain/calendar.js';
import { DEFAULT_WORKING_DAYS, isWorkingDay } from '../domain/period.js';

export type PromptChoice = 'checkin' | 'reflection' | 'weekly' | 'now';

/** A few minutes after the prompt's time, as a scheduler pass would find it. */
const AFTER_MINUTES = 5;

/**
 * The playground's clock control: the next instant after `now` at which the person's
 * morning check-in, evening reflection, or the team's weekly post is due.
 */
export function nextPromptInstant(
  choice: PromptChoice,
  now: number,
  timezone: string,
  db: Db,
  teamId: string,
  userId: string,
): number {
  if (choice === 'now') return Date.now();
  const rep = getRep(db, teamId, userId);
  if (choice === 'weekly') {
    const team = getTeam(db, teamId);
    const zone = team?.timezone ?? 'America/New_York';
    return nextSlot(now, zone, team?.weeklyMinutes ?? 540, (date) => weekdayOf(date) === (team?.weeklyDay ?? 1));
  }
  const minutes = choice === 'checkin' ? (rep?.checkinMinutes ?? 510) : (rep?.reflectionMinutes ?? 1050);
  const days: readonly Weekday[] = rep ? workingDaysOf(rep) : DEFAULT_WORKING_DAYS;
  const zone = rep?.timezoneOverride ?? rep?.slackTimezone ?? timezone;
  return nextSlot(now, zone, minutes, (date) => isWorkingDay(date, days));
}

function nextSlot(now: number, zone: string, minutes: number, fits: (date: string) => boolean): number {
  let date = localDateTime(now, zone).date;
  for (let i = 0; i < 14; i++, date = addDays(date, 1)) {
    const at = zonedTimeToInstant(date, minutes + AFTER_MINUTES, zone);
    if (at > now && fits(date)) return at;
  }
  return now;
}
