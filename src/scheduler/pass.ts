import type { WebClient } from '@slack/web-api';
import { loadDayReview } from '../coach/daily.js';
import { loadPeriodTurn } from '../coach/recap.js';
import { timezoneOf } from '../coach/rep-context.js';
import { loadTeamProgress } from '../coach/team.js';
import { weeklyLookBack } from '../coach/weekly-recap.js';
import { withBusyRetry } from '../db/busy.js';
import { getCheckin } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { forgetOldEvents } from '../db/events.js';
import { activeReps, type RepRow, workingDaysOf } from '../db/reps.js';
import {
  beginPost,
  CLAIM_LEASE_MS,
  type Claim,
  claimSend,
  getSend,
  markNotPosted,
  markSent,
  markUncertain,
  partKey,
  recordProgress,
  releaseClaim,
  renewLeases,
  type SendKind,
  sendKey,
} from '../db/sends.js';
import { type Team, teamsWithChannel } from '../db/teams.js';
import { addDays, type LocalDate, type LocalDateTime, localDateTime, type Weekday } from '../domain/calendar.js';
import { type DuePrompt, duePrompts, dueWeeklyPost, REMINDER_AFTER_MINUTES, type RepSchedule } from '../domain/due.js';
import { holidayDates, holidaySourceOf } from '../domain/holidays.js';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';
import { dmChannelOf } from '../slack/dm.js';
import { morningCheckin } from '../slack/morning.js';
import { classifyFailure, findPosted, type PostOutcome, postOnce } from '../slack/send.js';
import type { Reply } from '../slack/views/blocks.js';
import { reminderMessage } from '../slack/views/checkin.js';
import { openWithPeriodTurn } from '../slack/views/recap.js';
import { reflectionMessage } from '../slack/views/reflection.js';
import { weeklyPost } from '../slack/views/team.js';
import { type DueDigest, dueDigests, managerDmChannel } from './digest.js';
import { DEFAULT_CONVERSATION_INTERVAL_MS, DEFAULT_POSTS_PER_SECOND_PER_TEAM, sleep, Throttle } from './throttle.js';
import { chartsForWeeklyPost } from './weekly-charts.js';

export interface PassDeps {
  db: Db;
  /** A sending client (slack/send.ts): no retries of its own, rate limits reported rather than waited out. */
  client: WebClient;
  defaultTimezone: string;
  logger: JsonLogger;
  /** Posts in flight at once. */
  concurrency?: number;
  /** Called after a prompt reaches a rep (the bot refreshes their Home tab). */
  afterSend?: (teamId: string, userId: string) => void;
  /** Pacing (throttle.ts); the defaults follow Slack's chat.postMessage limits. */
  postsPerSecondPerTeam?: number;
  conversationIntervalMs?: number;
  /** How many times a send limited by a 429 waits its Retry-After and is tried again within the pass. */
  rateLimitRetries?: number;
  /** Aborted at shutdown: no new claim is taken, unposted claims are given back, posts in flight finish. */
  signal?: AbortSignal;
  /** How fast the pass's clock runs against real time (tests make a long pass short); 1 in production. */
  timeScale?: number;
  /** FOCUS_MANAGERS: they get the managers' weekly digest, with the admins and owners known to the app. */
  managers?: readonly string[];
  /** The weekly post's charts (weekly-charts.ts): rendered and uploaded to the channel. Off unless asked. */
  weeklyCharts?: boolean;
}

/** One send the pass attempted: what, to whom, for which local date or ISO week, and how it went. */
export interface SendOutcome {
  kind: SendKind;
  team: string;
  recipient: string;
  /** The local date (prompts) or ISO week (weekly post) the send belongs to. */
  period: string;
  /**
   * sent · failed (known not posted; a later pass tries again) · uncertain (may have posted; a later pass
   * looks for it before posting) · abandoned (never tried again).
   */
  status: 'sent' | 'failed' | 'uncertain' | 'abandoned';
  /** For a send an earlier attempt had posted: found in the conversation, not posted again. */
  settled?: 'found in the conversation';
  error?: string;
}

interface Job {
  kind: SendKind;
  teamId: string;
  /** Who the claim's key names (a rep, or the team for its weekly post). */
  recipient: string;
  /** Who an outcome names: the rep, or the channel the weekly post goes to. */
  shownAs: string;
  period: string;
  key: string;
  send(pass: Pass, claim: Claim, job: Job): Promise<SendOutcome>;
}

/** What one pass shares between its jobs. */
interface Pass {
  deps: PassDeps;
  /** The pass's instant, moving with real time from its start (so leases are measured as other passes do). */
  clock(): number;
  throttle: Throttle;
  signal?: AbortSignal;
  /** Claims held and not yet posting: given back at once on shutdown. */
  unposted: Set<Claim>;
}

const DEFAULT_CONCURRENCY = 4;

/**
 * One scheduler pass at instant `now` (DESIGN.md, "Scheduled coaching"): find what is due, and for each send
 * claim it just before sending, look for an earlier attempt in the conversation when one may have posted,
 * post it once with its key in the message metadata, and record how it went. Claims are renewed while the
 * pass holds them; a send whose claim was lost is never posted. One send's trouble never stops the others.
 */
export async function runPass(deps: PassDeps, now: number): Promise<SendOutcome[]> {
  const started = Date.now();
  const scale = deps.timeScale ?? 1;
  const clock = () => now + (Date.now() - started) * scale;
  const pass: Pass = {
    deps,
    clock,
    signal: deps.signal,
    throttle: new Throttle(
      {
        postsPerSecondPerTeam: deps.postsPerSecondPerTeam ?? DEFAULT_POSTS_PER_SECOND_PER_TEAM,
        conversationIntervalMs: deps.conversationIntervalMs ?? DEFAULT_CONVERSATION_INTERVAL_MS,
      },
      clock,
    ),
    unposted: new Set(),
  };
  // Digests first: they reach the managers before the weekly post when both are due.
  const jobs = [...(await dueDigestJobs(deps, now)), ...dueRepPrompts(deps, now), ...dueWeeklyPosts(deps, now)];
  const held = new Set<Claim>();
  const renewal = setInterval(
    () => {
      if (held.size === 0) return;
      try {
        renewLeases(deps.db, [...held], clock());
      } catch (error) {
        deps.logger.warn('Could not renew the pass’s claims (retried at the next renewal):', errorMessage(error));
      }
    },
    CLAIM_LEASE_MS / 4 / scale,
  );
  renewal.unref();
  const giveBack = () => {
    for (const claim of pass.unposted) {
      try {
        releaseClaim(deps.db, claim);
      } catch (error) {
        deps.logger.warn(`Could not give back the claim on ${claim.key}; its lease will lapse:`, errorMessage(error));
      }
    }
  };
  deps.signal?.addEventListener('abort', giveBack, { once: true });

  const outcomes: SendOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length && !deps.signal?.aborted) {
      const job = jobs[next++] as Job;
      const outcome = await runJob(pass, job, held);
      if (outcome) outcomes.push(outcome);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? DEFAULT_CONCURRENCY, jobs.length) }, worker));
  } finally {
    clearInterval(renewal);
    deps.signal?.removeEventListener('abort', giveBack);
  }
  forgetOldEvents(deps.db, now);
  return outcomes;
}

/** Claims the job's send just before sending it; retried after a 429's Retry-After a few times. Never throws. */
async function runJob(pass: Pass, job: Job, held: Set<Claim>): Promise<SendOutcome | null> {
  const { deps } = pass;
  const base = outcomeBase(job);
  for (let attempt = 0; ; attempt++) {
    if (deps.signal?.aborted) return null;
    let claim: Claim | null;
    try {
      claim = await withBusyRetry(() =>
        claimSend(deps.db, {
          key: job.key,
          teamId: job.teamId,
          recipient: job.recipient,
          kind: job.kind,
          now: pass.clock(),
        }),
      );
    } catch (error) {
      deps.logger.warn(`Could not claim the ${job.kind} for ${job.recipient}; a later pass will:`, errorMessage(error));
      return null;
    }
    if (!claim) return null;
    held.add(claim);
    pass.unposted.add(claim);
    let outcome: SendOutcome;
    try {
      outcome = await job.send(pass, claim, job);
    } catch (error) {
      // A bug or a database failure before anything was posted: give the claim back for a later pass.
      deps.logger.error(`The ${job.kind} for ${job.recipient} failed before posting:`, errorMessage(error));
      await record(pass, claim, () =>
        markNotPosted(deps.db, claim as Claim, { error: errorMessage(error), final: false }),
      );
      outcome = { ...base, status: 'failed', error: errorMessage(error) };
    } finally {
      held.delete(claim);
      pass.unposted.delete(claim);
    }
    const retryAfter = rateLimited.get(outcome);
    if (retryAfter === undefined || attempt >= (deps.rateLimitRetries ?? 2)) return outcome;
    // The send waits its Retry-After; other sends go on meanwhile.
    if (!(await sleep(retryAfter, deps.signal))) return outcome;
  }
}

/** Outcomes of sends limited by a 429, with how long to wait before the next try. */
const rateLimited = new WeakMap<SendOutcome, number>();

/** A database write after a post, retried while the database is busy; a write that still fails is logged. */
async function record(pass: Pass, claim: Claim, write: () => boolean): Promise<boolean> {
  try {
    // Up to most of the lease: past it, the claim is another pass's to settle (by looking, not posting).
    return await withBusyRetry(write, { totalMs: CLAIM_LEASE_MS / 2 });
  } catch (error) {
    pass.deps.logger.error(
      `Could not record the outcome of ${claim.key}; its claim will be settled by looking:`,
      errorMessage(error),
    );
    return false;
  }
}

/** The outcome of one post, recorded under its claim. */
async function settle(
  pass: Pass,
  job: Job,
  claim: Claim,
  outcome: PostOutcome,
  where: { channelId: string; conversation: string },
): Promise<SendOutcome> {
  const { db, logger } = pass.deps;
  const base = outcomeBase(job);
  switch (outcome.result) {
    case 'posted':
      await record(pass, claim, () =>
        markSent(db, claim, { channelId: where.channelId, messageTs: outcome.ts, now: pass.clock() }),
      );
      if (job.kind !== 'weekly' && job.kind !== 'digest') pass.deps.afterSend?.(job.teamId, job.recipient);
      return { ...base, status: 'sent' };
    case 'not-posted': {
      if (outcome.retryAfterMs !== null) pass.throttle.limited(job.teamId, where.conversation, outcome.retryAfterMs);
      const notBefore = outcome.retryAfterMs === null ? null : pass.clock() + outcome.retryAfterMs;
      await record(pass, claim, () =>
        markNotPosted(db, claim, { error: outcome.error, final: outcome.final, notBefore }),
      );
      logger.warn(
        `Scheduled ${job.kind} for ${job.recipient} not posted (attempt ${claim.attempts}); ${outcome.final ? 'giving up' : 'trying again later'}:`,
        outcome.error,
      );
      const result: SendOutcome = { ...base, status: outcome.final ? 'abandoned' : 'failed', error: outcome.error };
      if (outcome.retryAfterMs !== null) rateLimited.set(result, outcome.retryAfterMs);
      return result;
    }
    case 'uncertain':
      await record(pass, claim, () => markUncertain(db, claim, outcome.error));
      logger.warn(
        `Scheduled ${job.kind} for ${job.recipient}: no answer from Slack, it may have posted; the next pass looks before posting:`,
        outcome.error,
      );
      return { ...base, status: 'uncertain', error: outcome.error };
  }
}

/**
 * Looks in the conversation for a post an earlier attempt may have made. Found: recorded as sent (no post).
 * Not found: the caller posts. Unknown: nothing is posted, the claim stays uncertain for a later pass.
 */
async function settleEarlierAttempt(
  pass: Pass,
  claim: Claim,
  where: { channelId: string; key: string; threadTs?: string | null },
): Promise<{ found: string } | 'post' | 'unknown'> {
  const since = claim.firstAttemptAt ?? pass.clock() - CLAIM_LEASE_MS;
  const lookup = await findPosted(pass.deps.client, {
    channel: where.channelId,
    key: where.key,
    sinceMs: since,
    threadTs: where.threadTs,
  });
  if (lookup.found === true) return { found: lookup.ts };
  if (lookup.found === false) return 'post';
  await record(pass, claim, () => markUncertain(pass.deps.db, claim, `could not look for it: ${lookup.error}`));
  pass.deps.logger.warn(
    `Could not look for an earlier post of ${claim.key}; leaving it for a later pass:`,
    lookup.error,
  );
  return 'unknown';
}

/** Right before posting: a slot in the pacing, and the claim still ours (now `posting`). */
async function readyToPost(pass: Pass, job: Job, claim: Claim, channelId: string): Promise<boolean> {
  if (!(await pass.throttle.take(job.teamId, conversationOf(job), pass.signal))) return false;
  if (pass.signal?.aborted) return false;
  const ours = await record(pass, claim, () => beginPost(pass.deps.db, claim, { channelId, now: pass.clock() }));
  if (ours) pass.unposted.delete(claim);
  return ours;
}

/** The conversation a job posts to, for pacing: one DM per rep, one channel per team's weekly post. */
function conversationOf(job: Pick<Job, 'teamId' | 'recipient'>): string {
  return `${job.teamId}:${job.recipient}`;
}

function lost(job: Job, reason: string): SendOutcome {
  return {
    kind: job.kind,
    team: job.teamId,
    recipient: job.recipient,
    period: job.period,
    status: 'failed',
    error: reason,
  };
}

function outcomeBase(job: Job) {
  return { kind: job.kind, team: job.teamId, recipient: job.shownAs, period: job.period };
}

/** `today`: the rep's local date; prompts are due for today and yesterday, so holidays are looked up for both. */
function scheduleOf(rep: RepRow, team: Team, today: LocalDate): RepSchedule {
  return {
    checkinMinutes: rep.checkinMinutes,
    reflectionMinutes: rep.reflectionMinutes,
    workingDays: workingDaysOf(rep),
    pausedUntil: rep.pausedUntil,
    remindersEnabled: rep.remindersEnabled,
    offDays: holidayDates(holidaySourceOf(team, rep), addDays(today, -1), today),
  };
}

function dueRepPrompts(deps: PassDeps, now: number): Job[] {
  const clocks = new Map<string, LocalDateTime>();
  const jobs: Job[] = [];
  for (const { rep, team } of activeReps(deps.db)) {
    const tz = timezoneOf(rep, team, deps.defaultTimezone);
    let local = clocks.get(tz);
    if (!local) {
      local = localDateTime(now, tz);
      clocks.set(tz, local);
    }
    for (const due of duePrompts(scheduleOf(rep, team, local.date), local)) {
      if (due.kind === 'reminder' && !reminderWanted(deps.db, rep, due, now)) continue;
      jobs.push({
        kind: due.kind,
        teamId: rep.teamId,
        recipient: rep.userId,
        shownAs: rep.userId,
        period: due.date,
        key: sendKey(rep.teamId, rep.userId, due.kind, due.date),
        send: (pass, claim, job) => sendPrompt(pass, claim, job, { rep, team }, due, now),
      });
    }
  }
  return jobs;
}

/**
 * The reminder follows a check-in that went out at least two hours ago and got no plan of the rep's own.
 * (A check-in sent late, after a restart, may leave no room for one: it is never more than one.)
 */
function reminderWanted(db: Db, rep: RepRow, due: DuePrompt, now: number): boolean {
  const checkin = getSend(db, sendKey(rep.teamId, rep.userId, 'checkin', due.date));
  if (checkin?.status !== 'sent' || checkin.sentAt === null) return false;
  // In whole minutes, as passes run: a check-in sent a few seconds into 08:45 is two hours old at 10:45.
  if (minuteOf(now) - minuteOf(checkin.sentAt) < REMINDER_AFTER_MINUTES) return false;
  // No plan of the rep's own yet: items carried from an earlier day alone do not answer the check-in (pending.ts).
  const checkinRow = getCheckin(db, rep.teamId, rep.userId, due.date);
  return (checkinRow?.planItems.length ?? 0) === 0 || checkinRow?.planSetAt === null;
}

const minuteOf = (instant: number) => Math.floor(instant / 60_000);

async function sendPrompt(
  pass: Pass,
  claim: Claim,
  job: Job,
  loaded: { rep: RepRow; team: Team },
  due: DuePrompt,
  now: number,
): Promise<SendOutcome> {
  const { deps } = pass;
  const { rep } = loaded;
  const who = { teamId: rep.teamId, userId: rep.userId, now, defaultTimezone: deps.defaultTimezone, loaded };
  return sendDirect(
    pass,
    claim,
    job,
    () => dmChannelOf(deps.client, deps.db, rep),
    (): Reply =>
      due.kind === 'checkin'
        ? // The first check-in of a period opens with how the last one went (coach/recap.ts).
          openWithPeriodTurn(
            morningCheckin(deps.db, who),
            loadPeriodTurn(deps.db, { ...loaded, now, defaultTimezone: deps.defaultTimezone }),
            loaded.team.currency,
          )
        : due.kind === 'reminder'
          ? reminderMessage()
          : reflectionMessage(loadDayReview(deps.db, { ...who, date: due.date })),
  );
}

/** The managers' weekly digests due now (scheduler/digest.ts), each a DM sent like a prompt. */
async function dueDigestJobs(deps: PassDeps, now: number): Promise<Job[]> {
  const due = await dueDigests({ ...deps, managers: deps.managers ?? [] }, now);
  return due.map((digest: DueDigest) => ({
    kind: 'digest',
    teamId: digest.teamId,
    recipient: digest.manager.userId,
    shownAs: digest.manager.userId,
    period: digest.week,
    key: digest.key,
    send: (pass, claim, job) =>
      sendDirect(
        pass,
        claim,
        job,
        () => managerDmChannel(deps.client, deps.db, digest.teamId, digest.manager),
        () => digest.message,
      ),
  }));
}

/**
 * One DM: the conversation opened (once), an earlier attempt looked for when one may have posted, then the
 * message (made only when it is to be posted) posted with the claim's key, and the outcome recorded.
 */
async function sendDirect(
  pass: Pass,
  claim: Claim,
  job: Job,
  openChannel: () => Promise<string>,
  messageOf: () => Reply,
): Promise<SendOutcome> {
  const { deps } = pass;
  let channelId: string;
  try {
    channelId = await openChannel();
  } catch (error) {
    // Nothing was posted: whatever conversations.open answered, it is known not posted.
    const failure = classifyFailure(error);
    const known: PostOutcome =
      failure.result === 'uncertain'
        ? { result: 'not-posted', error: failure.error, final: false, retryAfterMs: null }
        : failure;
    return settle(pass, job, claim, known, { channelId: '', conversation: conversationOf(job) });
  }
  if (claim.checkFirst) {
    const earlier = await settleEarlierAttempt(pass, claim, { channelId, key: claim.key });
    if (earlier === 'unknown')
      return { ...outcomeBase(job), status: 'uncertain', error: 'could not look for an earlier post' };
    if (earlier !== 'post') {
      await record(pass, claim, () =>
        markSent(deps.db, claim, { channelId, messageTs: earlier.found, now: pass.clock() }),
      );
      return { ...outcomeBase(job), status: 'sent', settled: 'found in the conversation' };
    }
  }
  const message = messageOf();
  if (!(await readyToPost(pass, job, claim, channelId)))
    return lost(job, 'stopped, or the claim was lost, before posting');
  const outcome = await postOnce(
    deps.client,
    { channel: channelId, text: message.text, blocks: message.blocks },
    claim.key,
  );
  return settle(pass, job, claim, outcome, { channelId, conversation: conversationOf(job) });
}

function dueWeeklyPosts(deps: PassDeps, now: number): Job[] {
  const jobs: Job[] = [];
  for (const team of teamsWithChannel(deps.db)) {
    const local = localDateTime(now, team.timezone ?? deps.defaultTimezone);
    const due = dueWeeklyPost({ weeklyDay: team.weeklyDay as Weekday, weeklyMinutes: team.weeklyMinutes }, local);
    if (!due || !team.channelId) continue;
    const channelId = team.channelId;
    jobs.push({
      kind: 'weekly',
      teamId: team.id,
      // Keyed by the team, not the channel: a channel changed after Monday's post gets no second one.
      recipient: WEEKLY_RECIPIENT,
      shownAs: channelId,
      period: due.week,
      key: sendKey(team.id, WEEKLY_RECIPIENT, 'weekly', due.week),
      send: (pass, claim, job) => sendWeeklyPost(pass, claim, job, team, channelId, now),
    });
  }
  return jobs;
}

/**
 * The top-level post, then its thread, each part under a key of its own; a retry resumes after the parts
 * already posted, and a part that may have posted is looked for before it is posted again.
 */
async function sendWeeklyPost(
  pass: Pass,
  claim: Claim,
  job: Job,
  team: Team,
  channelId: string,
  now: number,
): Promise<SendOutcome> {
  const { deps } = pass;
  const progress = await loadTeamProgress(deps.db, { teamId: team.id, now, defaultTimezone: deps.defaultTimezone });
  const charts = deps.weeklyCharts
    ? await chartsForWeeklyPost({ ...deps, clock: pass.clock }, claim, {
        teamId: team.id,
        week: job.period,
        channelId,
        progress,
        now,
      })
    : [];
  const { top, thread } = weeklyPost(
    progress,
    // Every win since the last post, and the recap of a period that ended since (coach/weekly-recap.ts).
    weeklyLookBack(deps.db, team, {
      now,
      defaultTimezone: deps.defaultTimezone,
      recipient: WEEKLY_RECIPIENT,
      week: job.period,
    }),
    charts,
  );
  // A retry posts into the channel of the first attempt, where its top-level message is.
  const channel = claim.channelId ?? channelId;
  const parts: Reply[] = [top, ...thread];
  let messageTs = claim.messageTs;
  for (let part = claim.progress; part < parts.length; part++) {
    const key = partKey(claim.key, part);
    const threadTs = part === 0 ? null : messageTs;
    if (part === claim.progress && claim.checkFirst) {
      const earlier = await settleEarlierAttempt(pass, claim, { channelId: channel, key, threadTs });
      if (earlier === 'unknown')
        return { ...outcomeBase(job), status: 'uncertain', error: 'could not look for an earlier post' };
      if (earlier !== 'post') {
        if (part === 0) messageTs = earlier.found;
        if (
          !(await record(pass, claim, () =>
            recordProgress(deps.db, claim, { channelId: channel, messageTs: messageTs ?? '', parts: part + 1 }),
          ))
        ) {
          return lost(job, 'the claim was lost');
        }
        continue;
      }
    }
    if (!(await readyToPost(pass, job, claim, channel)))
      return lost(job, 'stopped, or the claim was lost, before posting');
    const reply = parts[part] as Reply;
    const outcome = await postOnce(
      deps.client,
      { channel, text: reply.text, blocks: reply.blocks, ...(threadTs ? { thread_ts: threadTs } : {}) },
      key,
    );
    if (outcome.result !== 'posted')
      return settle(pass, job, claim, outcome, { channelId: channel, conversation: conversationOf(job) });
    if (part === 0) messageTs = outcome.ts;
    if (part < parts.length - 1) {
      const kept = await record(pass, claim, () =>
        recordProgress(deps.db, claim, { channelId: channel, messageTs: messageTs ?? outcome.ts, parts: part + 1 }),
      );
      if (!kept) return lost(job, 'the claim was lost while posting the thread');
      pass.unposted.add(claim);
    }
  }
  return settle(
    pass,
    job,
    claim,
    { result: 'posted', ts: messageTs ?? '' },
    { channelId: channel, conversation: conversationOf(job) },
  );
}

/** The weekly post's recipient in its key: one per team and ISO week, whichever channel it went to. */
const WEEKLY_RECIPIENT = 'team';
