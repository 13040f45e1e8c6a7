import { activityCounts } from '../db/activities.js';
import { getCheckin, type PlanItem } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { type DayDeals, dealsOnDay } from '../db/deals.js';
import { addDays, type LocalDate, zonedTimeToInstant } from '../domain/calendar.js';
import type { ActivityKind } from '../domain/command.js';
import { roundToUnit } from '../domain/money.js';
import { nextWorkDayOf } from './next-workday.js';
import { loadStatus, type Status } from './status.js';

/** What the evening reflection shows for one of the rep's days. */
export interface DayReview {
  date: LocalDate;
  status: Status;
  plan: PlanItem[];
  activity: Partial<Record<ActivityKind, number>>;
  deals: DayDeals;
  /** The gap at the start of the day and now, and the day's wins in the period; null without a quota. */
  gap: { before: number; now: number; wonToday: number } | null;
  /** The rep's next working day after this one (weekdays, pauses, holidays); null when none is near. */
  nextWorkDay: LocalDate | null;
}

export function loadDayReview(
  db: Db,
  input: { teamId: string; userId: string; date: LocalDate; now: number; defaultTimezone: string },
): DayReview {
  const status = loadStatus(db, input);
  const { teamId, userId, date } = input;
  const tz = status.clock.timezone;
  const deals = dealsOnDay(db, teamId, userId, {
    date,
    startMs: zonedTimeToInstant(date, 0, tz),
    endMs: zonedTimeToInstant(addDays(date, 1), 0, tz),
  });
  const { report, period } = status;
  // In the card's whole units: the gap before today is the quota less what was won before today.
  const wonToday =
    date >= period.start && date <= period.end
      ? roundToUnit(deals.won.reduce((sum, win) => sum + win.amountCents, 0))
      : 0;
  const gap =
    report.quotaCents === null
      ? null
      : { before: Math.max(0, report.quotaCents - (report.wonCents - wonToday)), now: report.gapCents, wonToday };
  return {
    date,
    status,
    plan: getCheckin(db, teamId, userId, date)?.planItems ?? [],
    activity: activityCounts(db, teamId, userId, date, date),
    deals,
    gap,
    nextWorkDay: nextWorkDayOf(db, status.team, status.rep, date),
  };
}
