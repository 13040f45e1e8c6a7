import { activityMix } from '../db/activities.js';
import { checkinsBetween } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { dealsOpenSince, type TeamConversion, teamConversion, wonBetween } from '../db/deals.js';
import { connectionCache } from '../db/prepared.js';
import { activeReps, pausesOf } from '../db/reps.js';
import { largestTeams, repsChangedSince, type TeamStateStamp, teamStateStamp } from '../db/team-rows.js';
import { ensureTeam, type Team } from '../db/teams.js';
import { addDays, type LocalDate, localDate, zonedTimeToInstant } from '../domain/calendar.js';
import type { PeriodKind } from '../domain/command.js';
import { projectionOn } from '../domain/gap.js';
import { type Period, periodContaining } from '../domain/period.js';
import { countWorkDays, isWorkDay } from '../domain/workdays.js';
import {
  calendarOf,
  gatherStatusFacts,
  type Status,
  type StatusFacts,
  type StatusFrame,
  statusFrame,
  statusFromFacts,
} from './status.js';
import { streakOf } from './streak.js';
import {
  type FactsSource,
  lastWeekDay,
  NO_FACTS,
  type ReviewFacts,
  readTeamFacts,
  reviewWindow,
} from './team-facts.js';

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

/** A rep's frames: their own period, and the team's when that is another (see statusFrame). */
interface RepFrames {
  own: StatusFrame;
  inTeam: StatusFrame | null;
}

interface TeamFrames {
  team: Team;
  stamp: TeamStateStamp;
  period: Period;
  frames: RepFrames[];
  /** The first instant a new day begins for the team or any rep (their frames then move on). */
  framesUntil: number;
}

/** The team as of one state stamp: its settings, its period, and every active rep's frames. */
function teamFrames(db: Db, input: TeamInput): TeamFrames {
  // The stamp first: whatever is read after it can only be newer, which the next ask sees the stamp moved for
  // and reads again. (Read the other way round, a write from another process in between would be counted in
  // the stamp and missing from the team row, its deals version and settings, for good.)
  const stamp = teamStateStamp(db, input.teamId);
  const team = ensureTeam(db, input.teamId);
  const kind = team.periodKind;
  const teamToday = localDate(input.now, team.timezone ?? input.defaultTimezone);
  const period = periodContaining(kind, teamToday, team.fiscalYearStartMonth);
  const frames = activeReps(db, input.teamId).map(({ rep }) => {
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

const flatFrames = (frames: readonly RepFrames[]) =>
  frames.flatMap(({ own, inTeam }) => (inTeam ? [own, inTeam] : [own]));

/**
 * The team, its reps' frames and their facts, as of one state of the database. The reads yield to the event
 * loop between queries; a write meanwhile, from this process or another (the team's state stamp moves), makes
 * them read again, and the last try runs through without yielding, so the figures never mix two states.
 */
async function readTeam(
  db: Db,
  input: TeamInput,
  reader: FactsReader,
  framed?: TeamFrames,
): Promise<TeamFrames & { facts: FactsSource }> {
  for (let attempt = 1; ; attempt++) {
    const yielding = attempt <= YIELDING_READS;
    // The frames given were made in this very stretch of work: the reads start at the next turn.
    if (attempt === 1 && framed) await nextTurn();
    const read =
      attempt === 1 && framed && sameStamp(framed.stamp, teamStateStamp(db, input.teamId))
        ? framed
        : teamFrames(db, input);
    const steps = reader(db, read.team, flatFrames(read.frames));
    let step = steps.next();
    while (!step.done) {
      if (yielding) await nextTurn();
      step = steps.next();
    }
    if (!yielding || sameStamp(read.stamp, teamStateStamp(db, input.teamId))) return { ...read, facts: step.value };
  }
}

function sameStamp(a: TeamStateStamp, b: TeamStateStamp): boolean {
  return a.seq === b.seq && a.wideSeq === b.wideSeq && a.dealsVersion === b.dealsVersion;
}

/** A rep's status on their own card, and as counted in the team's period (null: not counted in it). */
function repStatuses(
  { own, inTeam }: RepFrames,
  facts: Pick<FactsSource, 'statusFacts'>,
): { status: Status; teamStatus: Status | null } {
  const status = statusFromFacts(own, facts.statusFacts(own));
  // A rep with no quota for the team's period is listed on their own card, not added in.
  if (!inTeam) return { status, teamStatus: status.report.quotaCents === null ? null : status };
  const teamFacts = facts.statusFacts(inTeam);
  return { status, teamStatus: teamFacts.quotaCents === null ? null : statusFromFacts(inTeam, teamFacts) };
}

function progressOf(frames: RepFrames, facts: FactsSource): RepProgress {
  const { status, teamStatus } = repStatuses(frames, facts);
  return repProgress(status, teamStatus, facts.reviewFacts(status, teamStatus ?? status));
}

/**
 * What a rep's progress rests on in time: their date, and whether their day is over (their reflection time
 * has passed). Nothing else of the clock enters the math (see computeGap), so progress worked out at another
 * minute with the same key holds, once it carries the new clock.
 */
const timeKeyOf = ({ own }: RepFrames) => `${own.today}|${own.clock.dayOver}`;

interface KeptProgress {
  progress: RepProgress;
  timeKey: string;
}

/** Progress worked out at another minute of the same time key, carrying the clock of `frames`. */
function atClockOf(progress: RepProgress, frames: RepFrames): RepProgress {
  if (progress.status.clock.now === frames.own.clock.now) return progress;
  const status = { ...progress.status, clock: frames.own.clock };
  const { teamStatus } = progress;
  return {
    ...progress,
    status,
    teamStatus:
      teamStatus === null
        ? null
        : teamStatus === progress.status
          ? status
          : { ...teamStatus, clock: (frames.inTeam ?? frames.own).clock },
  };
}

/**
 * Every rep's progress from their facts, REPS_PER_TURN reps at a time with a turn of the event loop in
 * between; a rep found in `kept` with the same time key is taken from there instead.
 */
async function progressOfReps(
  frames: readonly RepFrames[],
  facts: FactsSource,
  kept?: ReadonlyMap<string, KeptProgress>,
): Promise<RepProgress[]> {
  const reps: RepProgress[] = [];
  let computed = 0;
  for (const repFrames of frames) {
    const reused = kept?.get(repFrames.own.rep.userId);
    if (reused && reused.timeKey === timeKeyOf(repFrames)) {
      reps.push(atClockOf(reused.progress, repFrames));
      continue;
    }
    if (computed > 0 && computed % REPS_PER_TURN === 0) await nextTurn();
    reps.push(progressOf(repFrames, facts));
    computed++;
  }
  return reps;
}

/** Each rep's progress as kept for the next answer. */
function keptProgress(frames: readonly RepFrames[], reps: readonly RepProgress[]): Map<string, KeptProgress> {
  return new Map(
    reps.map((progress, i) => [progress.userId, { progress, timeKey: timeKeyOf(frames[i] as RepFrames) }]),
  );
}

function teamProgressOf(team: Team, period: Period, reps: RepProgress[]): TeamProgress {
  const improvers = reps.filter((r) => (r.projectedRise ?? 0) > 0);
  const mostImproved = improvers.sort((a, b) => (b.projectedRise ?? 0) - (a.projectedRise ?? 0))[0] ?? null;
  return { team, kind: team.periodKind, period, reps, totals: teamTotals(reps), mostImproved };
}

/**
 * The team's progress from facts read by `reader` (the team's at once by default), with nothing kept from
 * before: what loadTeamProgress gives, computed from scratch. The math yields to the event loop as it goes.
 */
export async function teamProgressFrom(
  db: Db,
  input: TeamInput,
  reader: FactsReader = readTeamFacts,
): Promise<TeamProgress> {
  const { team, period, frames, facts } = await readTeam(db, input, reader);
  return teamProgressOf(team, period, await progressOfReps(frames, facts));
}

/**
 * What is kept of a team between requests, per connection: the facts as of a state stamp (the whole team's
 * as read at once, then each rep read alone since, as of their last change), the team's conversion, and the
 * reps' progress for one minute. Until `answer` settles, only `answer` may be used.
 */
interface KeptTeam {
  framesKey: string;
  /** When the kept facts stop matching the frames: a new day for someone (see refreshKeptTeams). */
  framesUntil: number;
  defaultTimezone: string;
  /** When someone last asked (a refresh is not asking). */
  askedAt: number;
  minuteKey: string;
  stamp: TeamStateStamp;
  facts: FactsSource;
  byRep: Map<string, FactsSource>;
  rates: Map<LocalDate, TeamConversion>;
  progress: Map<string, KeptProgress>;
  /** The progress of this very state and minute, shared by everyone asking. */
  answer: Promise<TeamProgress>;
  settled: boolean;
}

/** Reps written since the last answer that are read again one by one; more, and the whole team is read again. */
const MAX_REPS_READ_ALONE = 40;

/** Teams kept per connection; the least recently asked for goes first. */
const KEPT_TEAMS = 16;

/** What a rep's frames were read for: a change of any rep's dates or period (a new day, a setting) reads all. */
function framesKeyOf(frames: readonly RepFrames[]): string {
  return frames
    .map(({ own, inTeam }) =>
      [own.rep.userId, own.today, own.kind, own.period.start, own.week.start, own.week.end, inTeam?.period.start].join(
        ':',
      ),
    )
    .join('|');
}

const frameKey = (frame: StatusFrame) => `${frame.kind}|${frame.period.start}`;

/** A rep's facts read alone, at once (their own card's reads): kept as they are now, not read again later. */
function readRepNow(db: Db, frames: RepFrames): FactsSource {
  const fresh = perRepFacts(db);
  const statusFacts = new Map<string, StatusFacts>();
  for (const frame of frames.inTeam ? [frames.own, frames.inTeam] : [frames.own])
    statusFacts.set(frameKey(frame), fresh.statusFacts(frame));
  const read: Pick<FactsSource, 'statusFacts'> = {
    statusFacts: (frame) => statusFacts.get(frameKey(frame)) as StatusFacts,
  };
  const { status, teamStatus } = repStatuses(frames, read);
  const review = fresh.reviewFacts(status, teamStatus ?? status);
  return { ...read, reviewFacts: () => review };
}

/** The team's conversion for each rep's today, as the database stands now. */
function teamRates(db: Db, team: Team, frames: readonly RepFrames[]): Map<LocalDate, TeamConversion> {
  const rates = new Map<LocalDate, TeamConversion>();
  for (const frame of flatFrames(frames))
    if (!rates.has(frame.today)) rates.set(frame.today, teamConversion(db, team, frame.since, frame.today));
  return rates;
}

/**
 * Facts kept between requests, each rep's sorted out of the team's rows once: they stand while the frames do
 * (a rep's review facts rest on their dates and on whether they have a quota, both fixed with the frames).
 */
function memoized(facts: FactsSource): FactsSource {
  const status = new Map<string, StatusFacts>();
  const review = new Map<string, ReviewFacts>();
  const once = <V>(memo: Map<string, V>, key: string, compute: () => V): V => {
    const found = memo.get(key);
    if (found !== undefined) return found;
    const value = compute();
    memo.set(key, value);
    return value;
  };
  return {
    statusFacts: (frame) => once(status, `${frame.rep.userId}|${frameKey(frame)}`, () => facts.statusFacts(frame)),
    reviewFacts: (of, shown) => once(review, of.rep.userId, () => facts.reviewFacts(of, shown)),
  };
}

/** The team's facts, each rep's from where they were last read, with the team's conversion as it is now. */
function keptFacts(kept: Pick<KeptTeam, 'facts' | 'byRep' | 'rates'>): FactsSource {
  const { facts, byRep, rates } = kept;
  const of = (userId: string) => byRep.get(userId) ?? facts;
  return {
    statusFacts: (frame) => ({
      ...of(frame.rep.userId).statusFacts(frame),
      teamConversion: rates.get(frame.today) as TeamConversion,
    }),
    reviewFacts: (status, shown) => of(status.rep.userId).reviewFacts(status, shown),
  };
}

/**
 * The team's progress toward its goals: what the weekly post, `/focus team` and the manager's Home show,
 * exactly as teamProgressFrom computes it, but without doing again what nothing changed. Per connection and
 * team, it keeps the facts, as of the team's state stamp (db/team-rows.ts: triggers keep it, whichever process
 * writes), and each rep's progress with what it rests on in time:
 *  - the same minute and state: the same answer (two asking at once share one computation);
 *  - a few reps written since: only they are read again (their own card's reads), and only their progress is
 *    computed again, unless a deal moved the team's conversion (every rep's win rate leans on it);
 *  - a new minute: nothing read, and only the reps whose day has ended since (their reflection time) are
 *    worked out again; the rest carry the new clock (see timeKeyOf);
 *  - a new day for any rep, a team setting or an account's fit changed, a rep added, or many reps written:
 *    the whole team is read again, set-based (a few queries for all of it).
 */
export async function loadTeamProgress(
  db: Db,
  input: TeamInput,
  options: { refreshing?: boolean } = {},
): Promise<TeamProgress> {
  const cache = connectionCache<KeptTeam>(db, 'teamProgress');
  if (!cache) return teamProgressFrom(db, input);
  const minuteKey = `${Math.floor(input.now / 60_000)}|${input.defaultTimezone}`;
  for (;;) {
    const kept = cache.get(input.teamId);
    // The same minute and state stamp make the same frames (a rep's or the team's settings move the stamp).
    if (kept && kept.minuteKey === minuteKey && sameStamp(kept.stamp, teamStateStamp(db, input.teamId))) {
      if (!options.refreshing) kept.askedAt = Math.max(kept.askedAt, input.now);
      return kept.answer;
    }
    if (kept && !kept.settled) {
      // Another computation is under way: build on it once it is done (or start afresh if it failed).
      await kept.answer.catch(() => undefined);
      continue;
    }
    const now = teamFrames(db, input);
    const framesKey = framesKeyOf(now.frames);
    cache.delete(input.teamId);
    while (cache.size >= KEPT_TEAMS) cache.delete(cache.keys().next().value as string);
    const changed =
      kept && kept.framesKey === framesKey && kept.stamp.wideSeq === now.stamp.wideSeq
        ? repsChangedSince(db, input.teamId, kept.stamp.seq, MAX_REPS_READ_ALONE)
        : null;
    const askedAt = options.refreshing && kept ? kept.askedAt : input.now;
    const next =
      kept && changed
        ? updated(db, kept, now, changed, minuteKey)
        : readAfresh(db, { ...input, askedAt }, now, minuteKey);
    next.askedAt = askedAt;
    cache.set(input.teamId, next);
    next.answer.then(
      () => {
        next.settled = true;
      },
      () => {
        // A failed computation is not kept.
        if (cache.get(input.teamId) === next) cache.delete(input.teamId);
      },
    );
    return next.answer;
  }
}

/** The kept team brought up to `now`: the reps written since read again, alone, in this synchronous stretch. */
function updated(db: Db, kept: KeptTeam, now: TeamFrames, changed: ReadonlySet<string>, minuteKey: string): KeptTeam {
  const byRep = new Map(kept.byRep);
  for (const frames of now.frames) {
    if (changed.has(frames.own.rep.userId)) byRep.set(frames.own.rep.userId, readRepNow(db, frames));
  }
  const rates = now.stamp.dealsVersion === kept.stamp.dealsVersion ? kept.rates : teamRates(db, now.team, now.frames);
  // A deal written: the team's conversion, which every rep's win rate leans on, may have moved (and each status
  // carries the team as it now stands): every rep's math again. Else only the reps written since, and those
  // whose day has turned or ended since.
  const reuse =
    rates === kept.rates ? new Map([...kept.progress].filter(([userId]) => !changed.has(userId))) : undefined;
  const facts = keptFacts({ facts: kept.facts, byRep, rates });
  return computing(
    { ...kept, minuteKey, stamp: now.stamp, framesUntil: now.framesUntil, byRep, rates },
    async (next) => {
      const reps = await progressOfReps(now.frames, facts, reuse);
      next.progress = keptProgress(now.frames, reps);
      return teamProgressOf(now.team, now.period, reps);
    },
  );
}

/** The whole team read again, set-based, yielding between queries (see readTeam). */
function readAfresh(db: Db, input: TeamInput & { askedAt: number }, now: TeamFrames, minuteKey: string): KeptTeam {
  const fields = {
    facts: NO_FACTS,
    byRep: new Map(),
    rates: new Map(),
    progress: new Map(),
    framesKey: framesKeyOf(now.frames),
    framesUntil: now.framesUntil,
    defaultTimezone: input.defaultTimezone,
    askedAt: input.askedAt,
  };
  return computing({ ...fields, minuteKey, stamp: now.stamp }, async (next) => {
    const read = await readTeam(db, input, readTeamFacts, now);
    next.framesKey = framesKeyOf(read.frames);
    next.framesUntil = read.framesUntil;
    next.stamp = read.stamp;
    next.facts = memoized(read.facts);
    next.rates = teamRates(db, read.team, read.frames);
    const reps = await progressOfReps(read.frames, next.facts);
    next.progress = keptProgress(read.frames, reps);
    return teamProgressOf(read.team, read.period, reps);
  });
}

/** A kept team whose answer `compute` is working out; it fills in the rest of the team as it goes. */
function computing(
  fields: Omit<KeptTeam, 'answer' | 'settled'>,
  compute: (kept: KeptTeam) => Promise<TeamProgress>,
): KeptTeam {
  const kept = { ...fields, settled: false } as KeptTeam;
  kept.answer = compute(kept);
  return kept;
}

/** A kept team nobody has asked for in this long is dropped rather than kept fresh. */
export const KEEP_UNASKED_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Brings each kept team up to date ahead of anyone asking, when asking would otherwise mean reading the whole
 * team: a new day has begun in the team's zone or a rep's, a team setting or an account's fit changed, or more
 * reps were written than are read alone. Run after every scheduler pass, so `/focus team`, a manager's Home
 * and the weekly post find the team read and have only the last minute's writes to read. The teams' new
 * progress.
 */
export async function refreshKeptTeams(db: Db, now: number): Promise<TeamProgress[]> {
  const cache = connectionCache<KeptTeam>(db, 'teamProgress');
  const refreshed: TeamProgress[] = [];
  for (const [teamId, kept] of [...(cache ?? [])]) {
    if (!kept.settled) continue;
    if (now - kept.askedAt > KEEP_UNASKED_MS) {
      cache?.delete(teamId);
      continue;
    }
    const due =
      now >= kept.framesUntil ||
      teamStateStamp(db, teamId).wideSeq !== kept.stamp.wideSeq ||
      repsChangedSince(db, teamId, kept.stamp.seq, MAX_REPS_READ_ALONE) === null;
    if (due)
      refreshed.push(
        await loadTeamProgress(db, { teamId, now, defaultTimezone: kept.defaultTimezone }, { refreshing: true }),
      );
  }
  return refreshed;
}

/**
 * Reads the largest teams' views at start, in the background (yielding as ever), so the first manager to ask
 * after a restart finds their team read. Their progress, largest team first.
 */
export async function warmTeamViews(db: Db, now: number, defaultTimezone: string): Promise<TeamProgress[]> {
  const warmed: TeamProgress[] = [];
  for (const teamId of largestTeams(db, KEPT_TEAMS))
    warmed.push(await loadTeamProgress(db, { teamId, now, defaultTimezone }, { refreshing: true }));
  return warmed;
}
