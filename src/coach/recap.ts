/**
 * A rep's period turn: the first check-in of a period says that the quota carried over (when none was set for
 * the new period) and opens with a recap of the period that ended.
 */
import type { PlanItem } from '../db/checkins.js';
import type { WinOnRecord } from '../db/recaps.js';
import type { RepRow } from '../db/reps.js';
import type { Team } from '../db/teams.js';
import { addDays, daysBetween } from '../domain/calendar.js';
import type { ActivityMix } from '../domain/gap.js';
import { type Period, periodContaining } from '../domain/period.js';
import { countWorkDays, isWorkDay } from '../domain/workdays.js';
import type { Store } from '../storage/types.js';
import { calendarOf, statusFrame } from './status.js';

/** How a period that ended went for a rep. */
export interface PeriodRecap {
  period: Period;
  /** The quota in effect for it (set for it, or carried into it); null: none. */
  quotaCents: number | null;
  wonCents: number;
  largestWin: WinOnRecord | null;
  /** The period's logged activity by the accounts' ICP fit. */
  mix: ActivityMix;
  /** The rep's working days in the period, how many had a plan, and how many plans were kept (planKept). */
  plans: { workingDays: number; planned: number; kept: number };
}

export interface PeriodTurn {
  /** The period that began. */
  period: Period;
  /** Its quota, when carried over from the one before (none was set for it); else null. */
  carriedQuotaCents: number | null;
  /** The period that ended, and how it went; null when nothing happened in it (no quota, win, activity or plan). */
  ended: Period;
  recap: PeriodRecap | null;
}

/**
 * A kept plan: more than half of the day's items ticked done (2 of 3, 3 of 4, 1 of 1). The recap says so
 * beside the count, so a rep can check it against their own days.
 */
export function planKept(items: readonly PlanItem[]): boolean {
  const done = items.filter((item) => item.done).length;
  return items.length > 0 && done * 2 > items.length;
}

/** The period before `period`, of its kind. */
export function periodBefore(period: Period, fiscalYearStartMonth: number): Period {
  return periodContaining(period.kind, addDays(period.start, -1), fiscalYearStartMonth);
}

/** How `period` went for the rep; null when nothing at all happened in it. */
export async function periodRecap(store: Store, team: Team, rep: RepRow, period: Period): Promise<PeriodRecap | null> {
  const of = { teamId: team.id, userId: rep.userId };
  const [quota, wonCents, mix, pauses, checkins] = await Promise.all([
    store.quotas.quotaInEffectFor({
      ...of,
      kind: period.kind,
      periodStart: period.start,
      carries: period.kind === rep.quotaPeriod,
    }),
    store.deals.wonBetween(team.id, rep.userId, period.start, period.end),
    store.activities.activityMix(team.id, rep.userId, period.start, period.end),
    store.reps.pausesOf(team.id, rep.userId),
    store.checkins.checkinsBetween(team.id, rep.userId, period.start, period.end),
  ]);
  const calendar = calendarOf(team, rep, pauses, period.start, period.end);
  // Plans on working days only, as follow-through counts them: a plan made on a Saturday is no working day's.
  const plans = checkins.filter((c) => c.planItems.length > 0 && isWorkDay(c.localDate, calendar));
  const activity = mix.icp + mix.nonIcp + mix.unclassified + mix.noAccount;
  if (quota === null && wonCents === 0 && activity === 0 && plans.length === 0) return null;
  return {
    period,
    quotaCents: quota?.amountCents ?? null,
    wonCents,
    largestWin: wonCents === 0 ? null : await store.recaps.largestWin(team.id, rep.userId, period.start, period.end),
    mix,
    plans: {
      workingDays: countWorkDays(period.start, period.end, calendar),
      planned: plans.length,
      kept: plans.filter((c) => planKept(c.planItems)).length,
    },
  };
}

/** How long after a period starts its first check-in still opens with the turn (over a holiday fortnight). */
export const TURN_WINDOW_DAYS = 14;

/**
 * The period turn to open this check-in with: only the rep's first check-in of their period (no check-in went
 * out to them for an earlier day of it) within its first TURN_WINDOW_DAYS days, and only when there is
 * something to say. Null otherwise.
 */
export async function loadPeriodTurn(
  store: Store,
  input: { team: Team; rep: RepRow; now: number; defaultTimezone: string },
): Promise<PeriodTurn | null> {
  const { team, rep } = input;
  // The rep's own period on their own date, as their card and check-in measure it.
  const { period, today } = statusFrame(team, rep, input);
  // Only at the start of a period: a rep who first hears from the coach mid-period (a new rep, a new install,
  // a long pause) is not recapped a period that ended weeks ago.
  if (daysBetween(period.start, today) >= TURN_WINDOW_DAYS) return null;
  const earlier = await store.sendHistory.sentBetween({
    teamId: team.id,
    recipient: rep.userId,
    kind: 'checkin',
    from: period.start,
    to: today,
  });
  if (earlier) return null;
  const quota = await store.quotas.quotaInEffectFor({
    teamId: team.id,
    userId: rep.userId,
    kind: period.kind,
    periodStart: period.start,
    carries: period.kind === rep.quotaPeriod,
  });
  const ended = periodBefore(period, team.fiscalYearStartMonth);
  const recap = await periodRecap(store, team, rep, ended);
  const carriedQuotaCents = quota?.carried ? quota.amountCents : null;
  if (carriedQuotaCents === null && recap === null) return null;
  return { period, carriedQuotaCents, ended, recap };
}
