import type { RepRow } from '../db/reps.js';
import type { Team } from '../db/teams.js';
import { type LocalDateTime, localDateTime } from '../domain/calendar.js';
import { isDayOver } from '../domain/gap.js';

/** A rep at an instant: their zone, local day and clock, and whether today is over (their reflection time has come). */
export interface RepNow {
  now: number;
  timezone: string;
  local: LocalDateTime;
  dayOver: boolean;
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
  return { now, timezone, local, dayOver: isDayOver(local.minutes, rep.reflectionMinutes) };
}
