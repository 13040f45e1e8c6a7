import { activityMix } from '../db/activities.js';
import { checkinsBetween } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { wonBetween } from '../db/deals.js';
import { activeReps, workingDaysOf } from '../db/reps.js';
import { ensureTeam, type Team } from '../db/teams.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import { countWorkingDays } from '../domain/period.js';
import { loadStatus, type Status } from './status.js';
import { streakOf } from './streak.js';

/** The weekly review looks at the 7 days before today, in each rep's own zone. */
export const REVIEW_DAYS = 7;

export interface RepProgress {
  userId: string;
  status: Status;
  window: { from: LocalDate; to: LocalDate };
  /** Working days in the window, and how many of them had a plan. */
  workingDays: number;
  plannedDays: number;
  itemsDone: number;
  itemsPlanned: number;
  streak: number;
  /** Attainment gained in the window, in percentage points of the quota; null without a quota. */
  gainedPoints: number | null;
  /** Share of the window's activity on ICP accounts; null without activity. */
  icpShare: number | null;
}

export interface TeamProgress {
  team: Team;
  reps: RepProgress[];
  totals: { quotaCents: number; wonCents: number; gapCents: number; expectedCents: number; repsWithQuota: number };
  mostImproved: RepProgress | null;
}

function repProgress(db: Db, status: Status): RepProgress {
  const { team, rep, clock, period, report } = status;
  const today = clock.local.date;
  const window = { from: addDays(today, -REVIEW_DAYS), to: addDays(today, -1) };
  const workingDays = workingDaysOf(rep);
  const checkins = checkinsBetween(db, team.id, rep.userId, window.from, today);
  const planned = checkins.filter((c) => c.planItems.length > 0 && c.localDate <= window.to);
  const mix = activityMix(db, team.id, rep.userId, window.from, window.to);
  const mixTotal = mix.icp + mix.nonIcp + mix.unassigned;
  // The later of two ISO dates (strings, so not Math.max).
  // biome-ignore lint/complexity/useMathMinMax: comparing date strings
  const from = window.from > period.start ? window.from : period.start;
  const gained = report.quotaCents
    ? (wonBetween(db, team.id, rep.userId, from, window.to) / report.quotaCents) * 100
    : null;
  return {
    userId: rep.userId,
    status,
    window,
    workingDays: countWorkingDays(window.from, window.to, workingDays),
    plannedDays: planned.length,
    itemsDone: planned.reduce((sum, c) => sum + c.planItems.filter((item) => item.done).length, 0),
    itemsPlanned: planned.reduce((sum, c) => sum + c.planItems.length, 0),
    streak: streakOf(db, rep, today),
    gainedPoints: gained,
    icpShare: mixTotal === 0 ? null : mix.icp / mixTotal,
  };
}

/** The team's progress toward its goals: what the weekly post and `/focus team` show. */
export function loadTeamProgress(
  db: Db,
  input: { teamId: string; now: number; defaultTimezone: string },
): TeamProgress {
  const team = ensureTeam(db, input.teamId);
  const reps = activeReps(db, input.teamId).map(({ rep }) =>
    repProgress(
      db,
      loadStatus(db, {
        teamId: input.teamId,
        userId: rep.userId,
        now: input.now,
        defaultTimezone: input.defaultTimezone,
      }),
    ),
  );
  const withQuota = reps.filter((r) => r.status.report.quotaCents !== null);
  const quotaCents = withQuota.reduce((sum, r) => sum + (r.status.report.quotaCents ?? 0), 0);
  const wonCents = withQuota.reduce((sum, r) => sum + r.status.report.wonCents, 0);
  const expectedCents = withQuota.reduce((sum, r) => sum + r.status.report.expectedByNowCents, 0);
  const improvers = withQuota.filter((r) => (r.gainedPoints ?? 0) > 0);
  const mostImproved = improvers.sort((a, b) => (b.gainedPoints ?? 0) - (a.gainedPoints ?? 0))[0] ?? null;
  return {
    team,
    reps,
    totals: {
      quotaCents,
      wonCents,
      gapCents: Math.max(0, quotaCents - wonCents),
      expectedCents,
      repsWithQuota: withQuota.length,
    },
    mostImproved,
  };
}
