import type { RepRow } from '../db/reps.js';
import type { Team } from '../db/teams.js';
import { type LocalDateTime, localDateTime } from '../domain/calendar.js';
import { type DayPart, dayPart } from '../domain/gap.js';

/** A rep at an instant: their zone, local day and clock, and how much of today counts as elapsed. */
export interface RepNow {
  now: number;
  timezone: string;
  local: LocalDateTime;
  todayPart: DayPart;
}

/** The rep's own override wins, then Slack's zone, then the team's, then the operator's default. */
export function timezoneOf(
  rep: Pick<RepRow, 'timezoneOverride' | 'slackTimezone'>,
  team: Pick<Team, 'timezone'>,
  fallback: string,
): string {
  return rep.timezoneOverride ?? rep.slackTimezone ?? team.timezone ?? fallback;
}

export function repNow(rep: RepRow, team: Team, defaultTimezone: string, now: number): RepNow {
  const timezone = timezoneOf(rep, team, defaultTimezone);
  const local = localDateTime(now, timezone);
  return { now, timezone, local, todayPart: dayPart(local.minutes, rep.checkinMinutes, rep.reflectionMinutes) };
}
