import type { PlanItem } from '../db/checkins.js';
import type { DayDeals } from '../db/deals.js';
import { addDays, type LocalDate, zonedTimeToInstant } from '../domain/calendar.js';
import type { ActivityKind } from '../domain/command.js';
import { roundToUnit } from '../domain/money.js';
import type { Store } from '../storage/types.js';
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

export async function loadDayReview(
  store: Store,
  input: { teamId: string; userId: string; date: LocalDate; now: number; defaultTimezone: string },
): Promise<DayReview> {
  const status = await loadStatus(store, input);
  const { teamId, userId, date } = input;
  const tz = status.clock.timezone;
  const deals = await store.deals.dealsOnDay(teamId, userId, {
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
  const [checkin, activity, nextWorkDay] = await Promise.all([
    store.checkins.getCheckin(teamId, userId, date),
    store.activities.activityCounts(teamId, userId, date, date),
    nextWorkDayOf(store, status.team, status.rep, date),
  ]);
  return { date, status, plan: checkin?.planItems ?? [], activity, deals, gap, nextWorkDay };
}
