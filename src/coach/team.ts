/**
 * The team's progress as the team view, a manager's Home and the weekly post ask for it: worked out by
 * team-progress.ts, and kept between asks so that only what changed is read and worked out again.
 */
import type { TeamConversion } from '../db/deals.js';
import type { TeamStateStamp } from '../db/team-rows.js';
import type { Team } from '../db/teams.js';
import type { LocalDate } from '../domain/calendar.js';
import type { Store } from '../storage/types.js';
import type { StatusFacts, StatusFrame } from './status.js';
import { type FactsSource, NO_FACTS, perRepFacts, type ReviewFacts } from './team-facts.js';
import {
  flatFrames,
  progressOf,
  progressOfReps,
  type RepFrames,
  type RepProgress,
  readTeam,
  sameStamp,
  type TeamFrames,
  type TeamInput,
  type TeamProgress,
  teamFrames,
  teamProgressFrom,
  teamProgressOf,
} from './team-progress.js';
import { readTeamFacts } from './team-reads.js';

export {
  type FactsReader,
  type RepProgress,
  readRepByRep,
  shownStatus,
  type TeamProgress,
  type TeamTotals,
  teamProgressFrom,
} from './team-progress.js';

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

/** Each rep's progress as kept for the next answer. */
function keptProgress(frames: readonly RepFrames[], reps: readonly RepProgress[]): Map<string, KeptProgress> {
  return new Map(
    reps.map((progress, i) => [progress.userId, { progress, timeKey: timeKeyOf(frames[i] as RepFrames) }]),
  );
}

/** A rep's kept progress, when it still holds for `frames` (the same time key), carrying their clock. */
function reusing(kept: ReadonlyMap<string, KeptProgress>) {
  return (frames: RepFrames): RepProgress | undefined => {
    const found = kept.get(frames.own.rep.userId);
    return found && found.timeKey === timeKeyOf(frames) ? atClockOf(found.progress, frames) : undefined;
  };
}

/**
 * What is kept of a team between requests, per store: the facts as of a state stamp (the whole team's
 * as read at once, then each rep read alone since, as of their last change), the team's conversion, and the
 * reps' progress for one minute. Until `answer` settles, only `answer` may be used: the rest is filled in as
 * it is worked out.
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

/** Teams kept per store; the least recently asked for goes first. */
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

/**
 * A rep's facts read alone, at once (their own card's reads, all of them now: working out their progress asks
 * for every one), and kept as they are: not read again later.
 */
async function readRepNow(store: Store, frames: RepFrames): Promise<FactsSource> {
  const facts = memoized(perRepFacts(store));
  await progressOf(frames, facts);
  return facts;
}

/** The team's conversion for each rep's today, as the database stands now. */
async function teamRates(
  store: Store,
  team: Team,
  frames: readonly RepFrames[],
): Promise<Map<LocalDate, TeamConversion>> {
  const rates = new Map<LocalDate, TeamConversion>();
  for (const frame of flatFrames(frames))
    if (!rates.has(frame.today))
      rates.set(frame.today, await store.deals.teamConversion(team, frame.since, frame.today));
  return rates;
}

/**
 * Facts kept between requests, each rep's sorted out of the team's rows once: they stand while the frames do
 * (a rep's review facts rest on their dates and on whether they have a quota, both fixed with the frames).
 * What is kept is the promise: two asking at once share one read. A read that failed is not kept.
 */
function memoized(facts: FactsSource): FactsSource {
  const status = new Map<string, Promise<StatusFacts>>();
  const review = new Map<string, Promise<ReviewFacts>>();
  const once = <V>(memo: Map<string, Promise<V>>, key: string, compute: () => Promise<V>): Promise<V> => {
    const found = memo.get(key);
    if (found !== undefined) return found;
    const value = compute();
    memo.set(key, value);
    value.catch(() => memo.delete(key));
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
    statusFacts: async (frame) => ({
      ...(await of(frame.rep.userId).statusFacts(frame)),
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
  store: Store,
  input: TeamInput,
  options: { refreshing?: boolean } = {},
): Promise<TeamProgress> {
  const cache = store.cache<KeptTeam>('teamProgress');
  if (!cache) return teamProgressFrom(store, input);
  const minuteKey = `${Math.floor(input.now / 60_000)}|${input.defaultTimezone}`;
  for (;;) {
    const kept = cache.get(input.teamId);
    if (kept && !kept.settled) {
      // Another computation is under way: build on it once it is done (or start afresh if it failed).
      await kept.answer.catch(() => undefined);
      continue;
    }
    if (kept) {
      const stamp = await store.teamRows.teamStateStamp(input.teamId);
      // Someone else took the team on meanwhile: look again.
      if (cache.get(input.teamId) !== kept) continue;
      // The same minute and state stamp make the same frames (a rep's or the team's settings move the stamp).
      if (kept.minuteKey === minuteKey && sameStamp(kept.stamp, stamp)) {
        if (!options.refreshing) kept.askedAt = Math.max(kept.askedAt, input.now);
        return kept.answer;
      }
    }
    // Taken on at once, before any read, so that everyone asking meanwhile waits for this one answer.
    cache.delete(input.teamId);
    while (cache.size >= KEPT_TEAMS) cache.delete(cache.keys().next().value as string);
    const askedAt = options.refreshing && kept ? kept.askedAt : input.now;
    const next = computing({ ...(kept ?? unread(input)), askedAt, minuteKey }, (next) =>
      bringUpToDate(store, input, kept, next),
    );
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

/** A team not read yet: what it is kept as until its first answer fills it in (readAfresh). */
function unread(input: TeamInput): Omit<KeptTeam, 'answer' | 'settled' | 'askedAt' | 'minuteKey'> {
  return {
    framesKey: '',
    framesUntil: 0,
    defaultTimezone: input.defaultTimezone,
    stamp: { seq: 0, wideSeq: 0, dealsVersion: 0 },
    facts: NO_FACTS,
    byRep: new Map(),
    rates: new Map(),
    progress: new Map(),
  };
}

/**
 * The team's progress now, into `next`: from what `kept` holds when only a few reps were written since (and
 * the frames still hold), else read afresh.
 */
async function bringUpToDate(
  store: Store,
  input: TeamInput,
  kept: KeptTeam | undefined,
  next: KeptTeam,
): Promise<TeamProgress> {
  const now = await teamFrames(store, input);
  const changed =
    kept && kept.framesKey === framesKeyOf(now.frames) && kept.stamp.wideSeq === now.stamp.wideSeq
      ? await store.teamRows.repsChangedSince(input.teamId, kept.stamp.seq, MAX_REPS_READ_ALONE)
      : null;
  return kept && changed ? updated(store, kept, now, changed, next) : readAfresh(store, input, now, next);
}

/** The kept team brought up to `now`, into `next`: the reps written since read again, alone. */
async function updated(
  store: Store,
  kept: KeptTeam,
  now: TeamFrames,
  changed: ReadonlySet<string>,
  next: KeptTeam,
): Promise<TeamProgress> {
  const byRep = new Map(kept.byRep);
  for (const frames of now.frames) {
    if (changed.has(frames.own.rep.userId)) byRep.set(frames.own.rep.userId, await readRepNow(store, frames));
  }
  const rates =
    now.stamp.dealsVersion === kept.stamp.dealsVersion ? kept.rates : await teamRates(store, now.team, now.frames);
  // A deal written: the team's conversion, which every rep's win rate leans on, may have moved (and each status
  // carries the team as it now stands): every rep's math again. Else only the reps written since, and those
  // whose day has turned or ended since.
  const reuse =
    rates === kept.rates ? new Map([...kept.progress].filter(([userId]) => !changed.has(userId))) : undefined;
  const facts = keptFacts({ facts: kept.facts, byRep, rates });
  next.stamp = now.stamp;
  next.framesUntil = now.framesUntil;
  next.byRep = byRep;
  next.rates = rates;
  const reps = await progressOfReps(now.frames, facts, reuse && reusing(reuse));
  next.progress = keptProgress(now.frames, reps);
  return teamProgressOf(now.team, now.period, reps);
}

/** The whole team read again, into `next`, set-based, yielding between queries (see readTeam). */
async function readAfresh(store: Store, input: TeamInput, now: TeamFrames, next: KeptTeam): Promise<TeamProgress> {
  const read = await readTeam(store, input, readTeamFacts, now);
  next.defaultTimezone = input.defaultTimezone;
  next.framesKey = framesKeyOf(read.frames);
  next.framesUntil = read.framesUntil;
  next.stamp = read.stamp;
  next.facts = memoized(read.facts);
  next.byRep = new Map();
  next.rates = await teamRates(store, read.team, read.frames);
  const reps = await progressOfReps(read.frames, next.facts);
  next.progress = keptProgress(read.frames, reps);
  return teamProgressOf(read.team, read.period, reps);
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
export async function refreshKeptTeams(store: Store, now: number): Promise<TeamProgress[]> {
  const cache = store.cache<KeptTeam>('teamProgress');
  const refreshed: TeamProgress[] = [];
  for (const [teamId, kept] of [...(cache ?? [])]) {
    if (!kept.settled) continue;
    if (now - kept.askedAt > KEEP_UNASKED_MS) {
      cache?.delete(teamId);
      continue;
    }
    const due =
      now >= kept.framesUntil ||
      (await store.teamRows.teamStateStamp(teamId)).wideSeq !== kept.stamp.wideSeq ||
      (await store.teamRows.repsChangedSince(teamId, kept.stamp.seq, MAX_REPS_READ_ALONE)) === null;
    if (due)
      refreshed.push(
        await loadTeamProgress(store, { teamId, now, defaultTimezone: kept.defaultTimezone }, { refreshing: true }),
      );
  }
  return refreshed;
}

/**
 * Reads the largest teams' views at start, in the background (yielding as ever), so the first manager to ask
 * after a restart finds their team read. Their progress, largest team first.
 */
export async function warmTeamViews(store: Store, now: number, defaultTimezone: string): Promise<TeamProgress[]> {
  const warmed: TeamProgress[] = [];
  for (const teamId of await store.teamRows.largestTeams(KEPT_TEAMS))
    warmed.push(await loadTeamProgress(store, { teamId, now, defaultTimezone }, { refreshing: true }));
  return warmed;
}
