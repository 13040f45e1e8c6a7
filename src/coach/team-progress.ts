/**
 * A team's progress toward its goals, worked out from its facts: every rep's status on their own card and on
 * the team's period, their week's follow-through, and the team's totals. What is kept between asks, and read
 * again only where something changed, is team.ts's; this is the math, and the one read from scratch.
 */
import type { TeamStateStamp } from '../db/team-rows.js';
import type { Team } from '../db/teams.js';
import { addDays, type LocalDate, localDate, zonedTimeToInstant } from '../domain/calendar.js';
import type { PeriodKind } from '../domain/command.js';
import { projectionOn } from '../domain/gap.js';
import { type Period, periodContaining } from '../domain/period.js';
import { countWorkDays, isWorkDay } from '../domain/workdays.js';
import type { Store } from '../storage/types.js';
import { calendarOf, type Status, type StatusFrame, statusFrame, statusFromFacts } from './status.js';
import { type FactsSource, lastWeekDay, perRepFacts, type ReviewFacts, reviewWindow } from './team-facts.js';
import { readTeamFacts } from './team-reads.js';

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

/** What the team view shows for a rep: the team's period when they are counted in it, else their own card. */
export function shownStatus(progress: Pick<RepProgress, 'status' | 'teamStatus'>): Status {
  return progress.teamStatus ?? progress.status;
}

function repProgress(status: Status, teamStatus: Status | null, facts: ReviewFacts): RepProgress {
  const { rep, clock } = status;
  const shown = teamStatus ?? status;
  const window = reviewWindow(clock.local.date);
  const calendar = calendarOf(status.team, rep, facts.pauses, window.from, window.to);
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

export interface TeamInput {
  teamId: string;
  now: number;
  defaultTimezone: string;
}

/** Reads a team's facts, given every rep's frames, a query a step (see readTeamFacts). */
export type FactsReader = (
  store: Store,
  team: Team,
  frames: readonly StatusFrame[],
) => AsyncIterator<void, FactsSource, undefined>;

/** The facts read rep by rep, as the math asks for them (what one rep's card does), in no step of their own. */
export const readRepByRep: FactsReader = (store) => ({
  next: () => Promise.resolve({ done: true, value: perRepFacts(store) }),
});

/** Reads that found a write made meanwhile are read again, yielding, this many times; then once without yielding. */
const YIELDING_READS = 2;

/** A rep's frames: their own period, and the team's when that is another (see statusFrame). */
export interface RepFrames {
  own: StatusFrame;
  inTeam: StatusFrame | null;
}

export interface TeamFrames {
  team: Team;
  stamp: TeamStateStamp;
  period: Period;
  frames: RepFrames[];
  /** The first instant a new day begins for the team or any rep (their frames then move on). */
  framesUntil: number;
}

/** The team as of one state stamp: its settings, its period, and every active rep's frames. */
export async function teamFrames(store: Store, input: TeamInput): Promise<TeamFrames> {
  // The stamp first: whatever is read after it can only be newer, which the next ask sees the stamp moved for
  // and reads again. (Read the other way round, a write from another process in between would be counted in
  // the stamp and missing from the team row, its deals version and settings, for good.)
  const stamp = await store.teamRows.teamStateStamp(input.teamId);
  const team = await store.teams.ensureTeam(input.teamId);
  const kind = team.periodKind;
  const teamToday = localDate(input.now, team.timezone ?? input.defaultTimezone);
  const period = periodContaining(kind, teamToday, team.fiscalYearStartMonth);
  const frames = (await store.reps.activeReps(input.teamId)).map(({ rep }) => {
    const own = statusFrame(team, rep, input);
    // Every rep is measured on the same period, the team's, even when their own zone is already in the next one.
    const sameAsTeam = own.period.kind === kind && own.period.start === period.start;
    return { own, inTeam: sameAsTeam ? null : statusFrame(team, rep, { ...input, kind, periodOn: teamToday }) };
  });
  const zones = new Map([[team.timezone ?? input.defaultTimezone, teamToday]]);
  for (const { own } of frames) zones.set(own.clock.timezone, own.today);
  const midnights = [...zones].map(([zone, today]) => zonedTimeToInstant(addDays(today, 1), 0, zone));
  return { team, stamp, period, frames, framesUntil: Math.min(...midnights) };
}

export const flatFrames = (frames: readonly RepFrames[]) =>
  frames.flatMap(({ own, inTeam }) => (inTeam ? [own, inTeam] : [own]));

/**
 * The team, its reps' frames and their facts, as of one state of the database. The reads yield to the event
 * loop between queries; a write meanwhile, from this process or another (the team's state stamp moves), makes
 * them read again, and the last try runs through without yielding, so the figures never mix two states. (On
 * SQLite an await of the store never reaches the event loop, so no other request runs in between; on Postgres
 * each read does, and the last try is not one snapshot.)
 */
export async function readTeam(
  store: Store,
  input: TeamInput,
  reader: FactsReader,
  framed?: TeamFrames,
): Promise<TeamFrames & { facts: FactsSource }> {
  for (let attempt = 1; ; attempt++) {
    const yielding = attempt <= YIELDING_READS;
    // The frames given were made in this very stretch of work: the reads start at the next turn.
    if (attempt === 1 && framed) await nextTurn();
    const read =
      attempt === 1 && framed && sameStamp(framed.stamp, await store.teamRows.teamStateStamp(input.teamId))
        ? framed
        : await teamFrames(store, input);
    const steps = reader(store, read.team, flatFrames(read.frames));
    let step = await steps.next();
    while (!step.done) {
      if (yielding) await nextTurn();
      step = await steps.next();
    }
    if (!yielding || sameStamp(read.stamp, await store.teamRows.teamStateStamp(input.teamId))) {
      return { ...read, facts: step.value };
    }
  }
}

export function sameStamp(a: TeamStateStamp, b: TeamStateStamp): boolean {
  return a.seq === b.seq && a.wideSeq === b.wideSeq && a.dealsVersion === b.dealsVersion;
}

/** A rep's status on their own card, and as counted in the team's period (null: not counted in it). */
async function repStatuses(
  { own, inTeam }: RepFrames,
  facts: Pick<FactsSource, 'statusFacts'>,
): Promise<{ status: Status; teamStatus: Status | null }> {
  const status = statusFromFacts(own, await facts.statusFacts(own));
  // A rep with no quota for the team's period is listed on their own card, not added in.
  if (!inTeam) return { status, teamStatus: status.report.quotaCents === null ? null : status };
  const teamFacts = await facts.statusFacts(inTeam);
  return { status, teamStatus: teamFacts.quotaCents === null ? null : statusFromFacts(inTeam, teamFacts) };
}

export async function progressOf(frames: RepFrames, facts: FactsSource): Promise<RepProgress> {
  const { status, teamStatus } = await repStatuses(frames, facts);
  return repProgress(status, teamStatus, await facts.reviewFacts(status, teamStatus ?? status));
}

/**
 * Every rep's progress from their facts, REPS_PER_TURN reps at a time with a turn of the event loop in
 * between; a rep whose progress `reuse` gives is taken from there instead.
 */
export async function progressOfReps(
  frames: readonly RepFrames[],
  facts: FactsSource,
  reuse?: (frames: RepFrames) => RepProgress | undefined,
): Promise<RepProgress[]> {
  const reps: RepProgress[] = [];
  let computed = 0;
  for (const repFrames of frames) {
    const reused = reuse?.(repFrames);
    if (reused) {
      reps.push(reused);
      continue;
    }
    if (computed > 0 && computed % REPS_PER_TURN === 0) await nextTurn();
    reps.push(await progressOf(repFrames, facts));
    computed++;
  }
  return reps;
}

export function teamProgressOf(team: Team, period: Period, reps: RepProgress[]): TeamProgress {
  const improvers = reps.filter((r) => (r.projectedRise ?? 0) > 0);
  const mostImproved = improvers.sort((a, b) => (b.projectedRise ?? 0) - (a.projectedRise ?? 0))[0] ?? null;
  return { team, kind: team.periodKind, period, reps, totals: teamTotals(reps), mostImproved };
}

/**
 * The team's progress from facts read by `reader` (the team's at once by default), with nothing kept from
 * before: what loadTeamProgress gives, computed from scratch. The math yields to the event loop as it goes.
 */
export async function teamProgressFrom(
  store: Store,
  input: TeamInput,
  reader: FactsReader = readTeamFacts,
): Promise<TeamProgress> {
  const { team, period, frames, facts } = await readTeam(store, input, reader);
  return teamProgressOf(team, period, await progressOfReps(frames, facts));
}
