import { activityMix } from '../db/activities.js';
import { checkinsBetween } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { dealsOpenSince, wonBetween } from '../db/deals.js';
import { quotaFor } from '../db/quotas.js';
import { activeReps } from '../db/reps.js';
import { ensureTeam, type Team } from '../db/teams.js';
import { addDays, type LocalDate, localDate } from '../domain/calendar.js';
import type { PeriodKind } from '../domain/command.js';
import { projectionOn } from '../domain/gap.js';
import { type Period, periodContaining } from '../domain/period.js';
import { countWorkDays, isWorkDay } from '../domain/workdays.js';
import { loadStatus, repCalendar, type Status } from './status.js';
import { streakOf } from './streak.js';

/** The weekly review looks at the 7 days before today, in each rep's own zone. */
export const REVIEW_DAYS = 7;

export interface RepProgress {
  userId: string;
  /** The rep's own card: their own period kind. */
  status: Status;
  /** The same rep measured on the team's period kind, when they have a quota of it; else null. */
  teamStatus: Status | null;
  window: { from: LocalDate; to: LocalDate };
  /** The rep's own working days in the window (no weekends, no paused days), and how many had a plan. */
  workingDays: number;
  plannedDays: number;
  itemsDone: number;
  itemsPlanned: number;
  streak: number;
  /** Rise in projected attainment over the window, in points of quota; null without a quota or a week of the period. */
  projectedRise: number | null;
  /** Share of the window's activity on ICP accounts; null without activity. */
  icpShare: number | null;
}

export interface TeamTotals {
  /** Sums over reps with a quota of the team's period kind only. */
  quotaCents: number;
  wonCents: number;
  gapCents: number;
  expectedCents: number;
  projectedCents: number;
  repsWithQuota: number;
  /** Reps with a quota of another period kind only: listed with their own period, not added in. */
  otherKind: number;
  /** Over every rep with a quota, each on their own card: how many are ahead of, behind and on pace. */
  ahead: number;
  behind: number;
  onPace: number;
}

export interface TeamProgress {
  team: Team;
  kind: PeriodKind;
  /** The team's period, in the team's zone. */
  period: Period;
  reps: RepProgress[];
  totals: TeamTotals;
  mostImproved: RepProgress | null;
}

function projectedRise(db: Db, status: Status, window: { from: LocalDate; to: LocalDate }): number | null {
  const { team, rep, period, report } = status;
  const weekAgo = addDays(window.from, -1);
  if (report.quotaCents === null || report.quotaCents === 0 || weekAgo < period.start) return null;
  const then = projectionOn({
    date: weekAgo,
    period,
    wonCents: wonBetween(db, team.id, rep.userId, period.start, weekAgo),
    deals: dealsOpenSince(db, team.id, rep.userId, weekAgo),
    rate: report.winRate.rate,
  });
  return ((report.projectedCents - then) / report.quotaCents) * 100;
}

function repProgress(db: Db, status: Status, teamStatus: Status | null): RepProgress {
  const { team, rep, clock } = status;
  const today = clock.local.date;
  const window = { from: addDays(today, -REVIEW_DAYS), to: addDays(today, -1) };
  const calendar = repCalendar(db, rep, window.from, window.to);
  const planned = checkinsBetween(db, team.id, rep.userId, window.from, window.to).filter(
    (c) => c.planItems.length > 0 && isWorkDay(c.localDate, calendar),
  );
  const mix = activityMix(db, team.id, rep.userId, window.from, window.to);
  const mixTotal = mix.icp + mix.nonIcp + mix.unclassified + mix.noAccount;
  return {
    userId: rep.userId,
    status,
    teamStatus,
    window,
    workingDays: countWorkDays(window.from, window.to, calendar),
    plannedDays: planned.length,
    itemsDone: planned.reduce((sum, c) => sum + c.planItems.filter((item) => item.done).length, 0),
    itemsPlanned: planned.reduce((sum, c) => sum + c.planItems.length, 0),
    streak: streakOf(db, rep, today),
    projectedRise: projectedRise(db, status, window),
    icpShare: mixTotal === 0 ? null : mix.icp / mixTotal,
  };
}

/** The team's progress toward its goals: what the weekly post and `/focus team` show. */
export function loadTeamProgress(
  db: Db,
  input: { teamId: string; now: number; defaultTimezone: string },
): TeamProgress {
  const team = ensureTeam(db, input.teamId);
  const kind = team.periodKind;
  const reps = activeReps(db, input.teamId).map(({ rep }) => {
    const who = { teamId: input.teamId, userId: rep.userId, now: input.now, defaultTimezone: input.defaultTimezone };
    const status = loadStatus(db, { ...who, loaded: { team, rep } });
    let teamStatus: Status | null = null;
    if (rep.quotaPeriod === kind) teamStatus = status;
    else if (
      quotaFor(
        db,
        team.id,
        rep.userId,
        kind,
        periodContaining(kind, status.clock.local.date, team.fiscalYearStartMonth).start,
      )
    ) {
      teamStatus = loadStatus(db, { ...who, loaded: { team, rep }, kind });
    }
    return repProgress(db, status, teamStatus);
  });
  const counted = reps.flatMap((r) =>
    r.teamStatus && r.teamStatus.report.quotaCents !== null ? [r.teamStatus.report] : [],
  );
  const withQuota = reps.filter((r) => r.status.report.quotaCents !== null);
  const sum = (pick: (report: Status['report']) => number) =>
    counted.reduce((total, report) => total + pick(report), 0);
  const quotaCents = sum((r) => r.quotaCents ?? 0);
  const wonCents = sum((r) => r.wonCents);
  const improvers = withQuota.filter((r) => (r.projectedRise ?? 0) > 0);
  const mostImproved = improvers.sort((a, b) => (b.projectedRise ?? 0) - (a.projectedRise ?? 0))[0] ?? null;
  const teamToday = localDate(input.now, team.timezone ?? input.defaultTimezone);
  return {
    team,
    kind,
    period: periodContaining(kind, teamToday, team.fiscalYearStartMonth),
    reps,
    totals: {
      quotaCents,
      wonCents,
      gapCents: Math.max(0, quotaCents - wonCents),
      expectedCents: sum((r) => r.expectedByNowCents),
      projectedCents: sum((r) => r.projectedCents),
      repsWithQuota: counted.length,
      otherKind: withQuota.filter((r) => r.teamStatus === null).length,
      ahead: withQuota.filter((r) => r.status.report.paceDeltaCents > 0).length,
      behind: withQuota.filter((r) => r.status.report.paceDeltaCents < 0).length,
      onPace: withQuota.filter((r) => r.status.report.paceDeltaCents === 0).length,
    },
    mostImproved,
  };
}
