import { calendarOf } from '../coach/status.js';
import type { Db } from '../db/connection.js';
import { getRep, pausesOf } from '../db/reps.js';
import { getTeam } from '../db/teams.js';
import { addDays, localDateTime, weekdayOf, zonedTimeToInstant } from '../domain/calendar.js';
import { DEFAULT_WORKING_DAYS, isWorkingDay } from '../domain/period.js';
import { isWorkDay } from '../domain/workdays.js';

export type PromptChoice = 'checkin' | 'reflection' | 'weekly' | 'now';

/** A few minutes after the prompt's time, as a scheduler pass would find it. */
const AFTER_MINUTES = 5;
/** How far ahead the next prompt is looked for: past a two-week holiday run or pause. */
const SEARCH_DAYS = 21;

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
  const zone = rep?.timezoneOverride ?? rep?.slackTimezone ?? timezone;
  const team = getTeam(db, teamId);
  if (!rep || !team) return nextSlot(now, zone, minutes, (date) => isWorkingDay(date, DEFAULT_WORKING_DAYS));
  // The rep's own calendar, as the pass reads it: working weekdays less pauses and holidays.
  const from = localDateTime(now, zone).date;
  const calendar = calendarOf(team, rep, pausesOf(db, teamId, userId), from, addDays(from, SEARCH_DAYS));
  return nextSlot(now, zone, minutes, (date) => isWorkDay(date, calendar));
}

function nextSlot(now: number, zone: string, minutes: number, fits: (date: string) => boolean): number {
  let date = localDateTime(now, zone).date;
  for (let i = 0; i < SEARCH_DAYS; i++, date = addDays(date, 1)) {
    const at = zonedTimeToInstant(date, minutes + AFTER_MINUTES, zone);
    if (at > now && fits(date)) return at;
  }
  return now;
}
