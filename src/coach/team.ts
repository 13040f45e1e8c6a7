import { activityMix } from '../db/activities.js';
import { checkinsBetween } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { dealsOpenSince, wonBetween } from '../db/deals.js';
import { connectionCache } from '../db/prepared.js';
import { activeReps, pausesOf } from '../db/reps.js';
import { type TeamStateStamp, teamStateStamp } from '../db/team-rows.js';
import { ensureTeam, type Team } from '../db/teams.js';
import { type LocalDate, localDate } from '../domain/calendar.js';
import type { PeriodKind } from '../domain/command.js';
import { projectionOn } from '../domain/gap.js';
import { type Period, periodContaining } from '../domain/period.js';
import { countWorkDays, isWorkDay } from '../domain/workdays.js';
import {
  calendarOf,
  gatherStatusFacts,
  type Status,
  type StatusFrame,
  statusFrame,
  statusFromFacts,
} from './status.js';
import { streakOf } from './streak.js';
import { type FactsSource, lastWeekDay, type ReviewFacts, readTeamFacts, reviewWindow } from './team-facts.js';

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

/** The facts read rep by rep: a dozen indexed reads each. */
function perRepFacts(db: Db): FactsSource {
  return {
    statusFacts: (frame) => gatherStatusFacts(db, frame),
    reviewFacts(status, shown) {
      const { team, rep, clock } = status;
      const window = reviewWindow(clock.local.date);
      const weekAgo = lastWeekDay(shown);
      return {
        pauses: pausesOf(db, team.id, rep.userId),
        planned: checkinsBetween(db, team.id, rep.userId, window.from, window.to).filter((c) => c.planItems.length > 0),
        mix: activityMix(db, team.id, rep.userId, window.from, window.to),
        streak: streakOf(db, rep, clock.local.date),
        lastWeek:
          weekAgo === null
            ? null
            : {
                wonCents: wonBetween(db, team.id, rep.userId, shown.period.start, weekAgo),
                deals: dealsOpenSince(db, team.id, rep.userId, weekAgo),
              },
      };
    },
  };
}

/** What the team view shows for a rep: the team's period when they are counted in it, else their own card. */
export function shownStatus(progress: Pick<RepProgress, 'status' | 'teamStatus'>): Status {
  return progress.teamStatus ?? progress.status;
}

function repProgress(status: Status, teamStatus: Status | null, facts: ReviewFacts): RepProgress {
  const { rep, clock } = status;
  const shown = teamStatus ?? status;
  const window = reviewWindow(clock.local.date);
  const calendar = calendarOf(rep, facts.pauses, window.from, window.to);
  const planned = facts.planned.filter((c) => isWorkDay(c.localDate, calendar));
  const { mix, lastWeek } = facts;
  const mixTotal = mix.icp + mix.nonIcp + mix.unclassified + mix.noAccount;
  const weekAgo = lastWeekDay(shown);
  const { report } = shown;
  const then =
    weekAgo === null || lastWeek === null
      ? null
      : projectionOn({
          date: weekAgo,
          period: shown.period,
          wonCents: lastWeek.wonCents,
          deals: lastWeek.deals,
          rate: report.winRate.rate,
        });
  return {
    userId: rep.userId,
    status,
    teamStatus,
    window,
    workingDays: countWorkDays(window.from, window.to, calendar),
    plannedDays: planned.length,
    itemsDone: planned.reduce((sum, c) => sum + c.planItems.filter((item) => item.done).length, 0),
    itemsPlanned: planned.reduce((sum, c) => sum + c.planItems.length, 0),
    streak: facts.streak,
    projectedRise:
      then === null || report.quotaCents === null ? null : ((report.projectedCents - then) / report.quotaCents) * 100,
    icpShare: mixTotal === 0 ? null : mix.icp / mixTotal,
  };
}

function teamTotals(reps: readonly RepProgress[]): TeamTotals {
  const shown = reps.map(shownStatus).filter((s) => s.report.quotaCents !== null);
  const counted = reps.flatMap((r) => (r.teamStatus ? [r.teamStatus.report] : []));
  const sum = (pick: (report: Status['report']) => number) =>
    counted.reduce((total, report) => total + pick(report), 0);
  const quotaCents = sum((r) => r.quotaCents ?? 0);
  const wonCents = sum((r) => r.wonCents);
  return {
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
  };
}

/** Reps computed between two turns of the event loop: a large team never holds other requests for long. */
const REPS_PER_TURN = 100;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface TeamInput {
  teamId: string;
  now: number;
  defaultTimezone: string;
}

/** Reads a team's facts, given every rep's frames, a query a step (see readTeamFacts). */
export type FactsReader = (db: Db, team: Team, frames: readonly StatusFrame[]) => Iterator<void, FactsSource>;

/** The facts read rep by rep, as the math asks for them (what one rep's card does), in no step of their own. */
export const readRepByRep: FactsReader = (db) => ({ next: () => ({ done: true, value: perRepFacts(db) }) });

/** Reads that found a write made meanwhile are read again, yielding, this many times; then once without yielding. */
const YIELDING_READS = 2;

interface TeamRead {
  team: Team;
  period: Period;
  frames: { own: StatusFrame; inTeam: StatusFrame | null }[];
  facts: FactsSource;
}

/**
 * The team, its reps' frames and their facts, as of one state of the database. The reads yield to the event
 * loop between queries; a write through this connection meanwhile (SQLite's total_changes() moves), or a deal
 * written by another process (the deals version moves), makes them read again, and the last try runs through
 * without yielding, so the figures never mix two states.
 */
async function readTeam(db: Db, input: TeamInput, reader: FactsReader): Promise<TeamRead> {
  for (let attempt = 1; ; attempt++) {
    const team = ensureTeam(db, input.teamId);
    const before = teamStateStamp(db, input.teamId);
    const kind = team.periodKind;
    const teamToday = localDate(input.now, team.timezone ?? input.defaultTimezone);
    const period = periodContaining(kind, teamToday, team.fiscalYearStartMonth);
    const frames = activeReps(db, input.teamId).map(({ rep }) => {
      const own = statusFrame(team, rep, input);
      // Every rep is measured on the same period, the team's, even when their own zone is already in the next one.
      const sameAsTeam = own.period.kind === kind && own.period.start === period.start;
      return { own, inTeam: sameAsTeam ? null : statusFrame(team, rep, { ...input, kind, periodOn: teamToday }) };
    });
    const steps = reader(
      db,
      team,
      frames.flatMap(({ own, inTeam }) => (inTeam ? [own, inTeam] : [own])),
    );
    const yielding = attempt <= YIELDING_READS;
    let step = steps.next();
    while (!step.done) {
      if (yielding) await nextTurn();
      step = steps.next();
    }
    if (!yielding || sameStamp(before, teamStateStamp(db, input.teamId)))
      return { team, period, frames, facts: step.value };
  }
}

function sameStamp(a: TeamStateStamp, b: TeamStateStamp): boolean {
  return a.changes === b.changes && a.dealsVersion === b.dealsVersion;
}

/**
 * The team's progress from facts read by `reader` (the team's at once by default). The math runs
 * REPS_PER_TURN reps at a time, yielding to the event loop in between.
 */
export async function teamProgressFrom(
  db: Db,
  input: TeamInput,
  reader: FactsReader = readTeamFacts,
): Promise<TeamProgress> {
  const { team, period, frames, facts } = await readTeam(db, input, reader);
  const reps: RepProgress[] = [];
  for (const [index, { own, inTeam }] of frames.entries()) {
    if (index > 0 && index % REPS_PER_TURN === 0) await nextTurn();
    const status = statusFromFacts(own, facts.statusFacts(own));
    // A rep with no quota for the team's period is listed on their own card, not added in.
    const teamFacts = inTeam ? facts.statusFacts(inTeam) : null;
    let teamStatus: Status | null = status.report.quotaCents === null ? null : status;
    if (inTeam && teamFacts) teamStatus = teamFacts.quotaCents === null ? null : statusFromFacts(inTeam, teamFacts);
    reps.push(repProgress(status, teamStatus, facts.reviewFacts(status, teamStatus ?? status)));
  }
  const improvers = reps.filter((r) => (r.projectedRise ?? 0) > 0);
  const mostImproved = improvers.sort((a, b) => (b.projectedRise ?? 0) - (a.projectedRise ?? 0))[0] ?? null;
  return { team, kind: team.periodKind, period, reps, totals: teamTotals(reps), mostImproved };
}

/** How long a team's progress is reused for the same minute and the same database state. */
export const TEAM_CACHE_MS = 5000;

interface CachedProgress {
  key: string;
  at: number;
  progress: Promise<TeamProgress>;
}

/**
 * The team's progress toward its goals: what the weekly post, `/focus team` and the manager's Home show.
 * Read set-based (a few queries for the whole team), and kept briefly per connection and team: the same
 * minute, no write through this connection since (SQLite's total_changes()), and the same deals version (a
 * deal written by another process); so a manager opening Home and typing `/focus team` computes it once, and
 * two asking at once share one computation.
 */
export function loadTeamProgress(db: Db, input: TeamInput): Promise<TeamProgress> {
  const cache = connectionCache<CachedProgress>(db, 'teamProgress');
  if (!cache) return teamProgressFrom(db, input);
  const key = stateKey(db, input);
  const hit = cache.get(input.teamId);
  const now = performance.now();
  if (hit && hit.key === key && now - hit.at < TEAM_CACHE_MS) return hit.progress;
  const progress = teamProgressFrom(db, input);
  const entry = { key, at: now, progress };
  for (const [teamId, old] of cache) if (now - old.at >= TEAM_CACHE_MS) cache.delete(teamId);
  cache.set(input.teamId, entry);
  // A failed computation is not kept.
  progress.catch(() => {
    if (cache.get(input.teamId) === entry) cache.delete(input.teamId);
  });
  return progress;
}

function stateKey(db: Db, input: TeamInput): string {
  const state = teamStateStamp(db, input.teamId);
  return [Math.floor(input.now / 60_000), input.defaultTimezone, state.changes, state.dealsVersion].join('|');
}
