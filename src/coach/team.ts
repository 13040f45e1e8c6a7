import { activityMix } from '../db/activities.js';
import { checkinsBetween } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { dealsOpenSince, wonBetween } from '../db/deals.js';
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
  /** The rep's own card: their own period kind, in their own zone. */
  status: Status;
  /**
   * The rep measured on the team's period (its kind, the period holding the team's today), when they have a
   * quota for it: what the team totals add, and what the team view shows for them. Else null.
   */
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
  /** Over every rep with a quota, as the team view shows them (see shownStatus): ahead of, behind and on pace. */
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

/** What the team view shows for a rep: the team's period when they are counted in it, else their own card. */
export function shownStatus(progress: Pick<RepProgress, 'status' | 'teamStatus'>): Status {
  return progress.teamStatus ?? progress.status;
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
    projectedRise: projectedRise(db, teamStatus ?? status, window),
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
  const teamToday = localDate(input.now, team.timezone ?? input.defaultTimezone);
  const period = periodContaining(kind, teamToday, team.fiscalYearStartMonth);
  const reps = activeReps(db, input.teamId).map(({ rep }) => {
    const who = { teamId: input.teamId, userId: rep.userId, now: input.now, defaultTimezone: input.defaultTimezone };
    const status = loadStatus(db, { ...who, loaded: { team, rep } });
    // Every rep is measured on the same period, the team's, even when their own zone is already in the next one.
    const sameAsTeam = status.period.kind === kind && status.period.start === period.start;
    const inTeamPeriod = sameAsTeam
      ? status
      : loadStatus(db, { ...who, loaded: { team, rep }, kind, periodOn: teamToday });
    return repProgress(db, status, inTeamPeriod.report.quotaCents === null ? null : inTeamPeriod);
  });
  const shown = reps.map(shownStatus).filter((s) => s.report.quotaCents !== null);
  const counted = reps.flatMap((r) => (r.teamStatus ? [r.teamStatus.report] : []));
  const sum = (pick: (report: Status['report']) => number) =>
    counted.reduce((total, report) => total + pick(report), 0);
  const quotaCents = sum((r) => r.quotaCents ?? 0);
  const wonCents = sum((r) => r.wonCents);
  const improvers = reps.filter((r) => (r.projectedRise ?? 0) > 0);
  const mostImproved = improvers.sort((a, b) => (b.projectedRise ?? 0) - (a.projectedRise ?? 0))[0] ?? null;
  return {
    team,
    kind,
    period,
    reps,
    totals: {
      quotaCents,
      wonCents,
      gapCents: Math.max(0, quotaCents - wonCents),
      expectedCents: sum((r) => r.expectedByNowCents),
      projectedCents: sum((r) => r.projectedCents),
      repsWithQuota: counted.length,
      otherKind: reps.filter((r) => r.teamStatus === null && r.status.report.quotaCents !== null).length,
      ahead: shown.filter((s) => s.report.paceDeltaCents > 0).length,
      behind: shown.filter((s) => s.report.paceDeltaCents < 0).length,
      onPace: shown.filter((s) => s.report.paceDeltaCents === 0).length,
    },
    mostImproved,
  };
}
