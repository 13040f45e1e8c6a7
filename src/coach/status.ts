import { activityCounts, activityMix } from '../db/activities.js';
import { getCheckin, type PlanItem } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { dealSummary } from '../db/deals.js';
import { quotaFor } from '../db/quotas.js';
import { ensureRep, type RepRow, workingDaysOf } from '../db/reps.js';
import { listTargets } from '../db/targets.js';
import { ensureTeam, type Team } from '../db/teams.js';
import { addDays } from '../domain/calendar.js';
import { ACTIVITY_KINDS } from '../domain/command.js';
import { computeGap, type GapReport, type TargetInput, workWeek } from '../domain/gap.js';
import { type Period, periodContaining } from '../domain/period.js';
import { type RepNow, repNow } from './rep-context.js';

/** Everything the gap card shows, for one rep at one instant. */
export interface Status {
  team: Team;
  rep: RepRow;
  clock: RepNow;
  period: Period;
  report: GapReport;
  plan: PlanItem[];
}

export function loadStatus(
  db: Db,
  input: {
    teamId: string;
    userId: string;
    now: number;
    defaultTimezone: string;
    /** Already loaded (the scheduler pass has them): saves two reads per rep. */
    loaded?: { team: Team; rep: RepRow };
  },
): Status {
  const team = input.loaded?.team ?? ensureTeam(db, input.teamId);
  const rep = input.loaded?.rep ?? ensureRep(db, input.teamId, input.userId);
  const clock = repNow(rep, team, input.defaultTimezone, input.now);
  const today = clock.local.date;
  const workingDays = workingDaysOf(rep);
  const period = periodContaining(rep.quotaPeriod, today, team.fiscalYearStartMonth);
  const week = workWeek(today, clock.local.weekday, workingDays);

  const quota = quotaFor(db, team.id, rep.userId, period.kind, period.start);
  const deals = dealSummary(db, team.id, rep.userId, {
    periodStart: period.start,
    periodEnd: period.end,
    since12: addDays(today, -365),
    today,
  });
  const targets = listTargets(db, team.id, rep.userId);
  const weekCounts = targets.some((t) => t.per === 'week')
    ? activityCounts(db, team.id, rep.userId, week.start, week.end)
    : {};
  const todayCounts = targets.some((t) => t.per === 'day') ? activityCounts(db, team.id, rep.userId, today, today) : {};
  const targetInputs: TargetInput[] = targets
    .map((t) => ({
      activity: t.activity,
      per: t.per,
      count: t.count,
      done: (t.per === 'day' ? todayCounts : weekCounts)[t.activity] ?? 0,
    }))
    .sort((a, b) => ACTIVITY_KINDS.indexOf(a.activity) - ACTIVITY_KINDS.indexOf(b.activity));
  const plan = getCheckin(db, team.id, rep.userId, today)?.planItems ?? [];

  const report = computeGap({
    period,
    today,
    todayPart: clock.todayPart,
    workingDays,
    week,
    quotaCents: quota?.amountCents ?? null,
    wonCents: deals.wonCents,
    openCents: deals.openCents,
    openCount: deals.openCount,
    closed12: deals.closed12,
    defaultWinRate: team.defaultWinRate,
    mix: activityMix(db, team.id, rep.userId, week.start, week.end),
    targets: targetInputs,
    hasPlanToday: plan.length > 0,
  });
  return { team, rep, clock, period, report, plan };
}
