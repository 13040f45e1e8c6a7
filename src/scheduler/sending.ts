/**
 * How the pass sends (DESIGN.md, "Scheduled coaching"): what a pass shares between its jobs, and the steps of one
 * send under its claim: pacing, the claim marked posting, one post with the claim's key, the outcome recorded,
 * and an earlier attempt looked for in the conversation when one may have posted. pass.ts finds what is due and
 * runs the jobs; rep-prompts.ts and weekly-post.ts make them.
 */
import type { WebClient } from '@slack/web-api';
import { withBusyRetry } from '../db/busy.js';
import { CLAIM_LEASE_MS, type Claim, type SendKind } from '../db/sends.js';
import { errorMessage } from '../errors.js';
import type { TeamClients } from '../install/oauth.js';
import type { JsonLogger } from '../logger.js';
import { classifyFailure, findPosted, type PostOutcome, postOnce } from '../slack/send.js';
import type { Reply } from '../slack/views/blocks.js';
import type { Store } from '../storage/types.js';
import type { SendWrites } from './send-writes.js';
import type { Throttle } from './throttle.js';

export interface PassDeps {
  store: Store;
  /**
   * Each workspace's sending client (slack/send.ts: no retries of its own, rate limits reported rather than waited
   * out): the one bot token's, or the workspace's installation's, asked for before each send.
   */
  clients: TeamClients;
  defaultTimezone: string;
  logger: JsonLogger;
  /** Sends in flight at once, all workspaces together (default 8). */
  concurrency?: number;
  /**
   * Sends of one workspace in flight at once (default 4, and half of `concurrency` while other workspaces have
   * sends to go): a slow workspace never holds more, so the others always have workers.
   */
  teamConcurrency?: number;
  /**
   * This pass's name in the per-workspace pass leases (db/pass-leases.ts): passes with other names (other
   * replicas, `cli tick`) skip the workspaces it is working. Default: one per process.
   */
  holder?: string;
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

export interface Job {
  kind: SendKind;
  teamId: string;
  /** Who the claim's key names (a rep, or the team for its weekly post). */
  recipient: string;
  /** Who an outcome names: the rep, or the channel the weekly post goes to. */
  shownAs: string;
  period: string;
  key: string;
  /** `client` is the job's workspace's. */
  send(pass: Pass, claim: Claim, job: Job, client: WebClient): Promise<SendOutcome>;
}

/** What one pass shares between its jobs. */
export interface Pass {
  deps: PassDeps;
  /** The pass's instant, moving with real time from its start (so leases are measured as other passes do). */
  clock(): number;
  throttle: Throttle;
  signal?: AbortSignal;
  /** Claims held and not yet posting: given back at once on shutdown. */
  unposted: Set<Claim>;
  /** Workspaces with no client this pass (not installed, say): their sends wait for a later pass. */
  skipped: Set<string>;
  /** Posts begun and sends sent, recorded a few at a time (send-writes.ts). */
  writes: SendWrites;
}

/** Outcomes of sends limited by a 429, with how long to wait before the next try. */
export const rateLimited = new WeakMap<SendOutcome, number>();

/** A database write after a post, retried while the database is busy; a write that still fails is logged. */
export async function record(pass: Pass, claim: Claim, write: () => Promise<boolean>): Promise<boolean> {
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
export async function settle(
  pass: Pass,
  job: Job,
  claim: Claim,
  outcome: PostOutcome,
  where: { channelId: string; conversation: string },
): Promise<SendOutcome> {
  const { store, logger } = pass.deps;
  const base = outcomeBase(job);
  switch (outcome.result) {
    case 'posted': {
      // Written behind (send-writes.ts): the worker goes on; the Home tab is refreshed once the mark is in.
      const marked = pass.writes.sent(claim, { channelId: where.channelId, messageTs: outcome.ts, now: pass.clock() });
      if (job.kind !== 'weekly' && job.kind !== 'digest') {
        const afterSend = pass.deps.afterSend;
        if (afterSend)
          void marked
            .then((written) => {
              if (written) afterSend(job.teamId, job.recipient);
            })
            .catch((error: unknown) => logger.warn(`After sending to ${job.recipient}:`, errorMessage(error)));
      }
      return { ...base, status: 'sent' };
    }
    case 'not-posted': {
      if (outcome.retryAfterMs !== null) pass.throttle.limited(job.teamId, where.conversation, outcome.retryAfterMs);
      const notBefore = outcome.retryAfterMs === null ? null : pass.clock() + outcome.retryAfterMs;
      await record(pass, claim, () =>
        store.sends.markNotPosted(claim, { error: outcome.error, final: outcome.final, notBefore }),
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
      await record(pass, claim, () => store.sends.markUncertain(claim, outcome.error));
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
export async function settleEarlierAttempt(
  pass: Pass,
  client: WebClient,
  claim: Claim,
  where: { channelId: string; key: string; threadTs?: string | null },
): Promise<{ found: string } | 'post' | 'unknown'> {
  const since = claim.firstAttemptAt ?? pass.clock() - CLAIM_LEASE_MS;
  const lookup = await findPosted(client, {
    channel: where.channelId,
    key: where.key,
    sinceMs: since,
    threadTs: where.threadTs,
  });
  if (lookup.found === true) return { found: lookup.ts };
  if (lookup.found === false) return 'post';
  await record(pass, claim, () => pass.deps.store.sends.markUncertain(claim, `could not look for it: ${lookup.error}`));
  pass.deps.logger.warn(
    `Could not look for an earlier post of ${claim.key}; leaving it for a later pass:`,
    lookup.error,
  );
  return 'unknown';
}

/** Right before posting: a slot in the pacing, and the claim still ours (now `posting`). */
export async function readyToPost(pass: Pass, job: Job, claim: Claim, channelId: string): Promise<boolean> {
  if (!(await pass.throttle.take(job.teamId, conversationOf(job), pass.signal))) return false;
  if (pass.signal?.aborted) return false;
  // Committed before the post, with the other workers' writes (send-writes.ts; retried while the database is busy).
  const ours = await pass.writes.begin(claim, { channelId, now: pass.clock() });
  if (ours) pass.unposted.delete(claim);
  return ours;
}

/** The conversation a job posts to, for pacing: one DM per rep, one channel per team's weekly post. */
export function conversationOf(job: Pick<Job, 'teamId' | 'recipient'>): string {
  return `${job.teamId}:${job.recipient}`;
}

export function lost(job: Job, reason: string): SendOutcome {
  return {
    kind: job.kind,
    team: job.teamId,
    recipient: job.recipient,
    period: job.period,
    status: 'failed',
    error: reason,
  };
}

export function outcomeBase(job: Job) {
  return { kind: job.kind, team: job.teamId, recipient: job.shownAs, period: job.period };
}

/**
 * One DM: the conversation opened (once), an earlier attempt looked for when one may have posted, then the
 * message (made only when it is to be posted) posted with the claim's key, and the outcome recorded.
 */
export async function sendDirect(
  pass: Pass,
  client: WebClient,
  claim: Claim,
  job: Job,
  openChannel: () => Promise<string>,
  messageOf: () => Promise<Reply>,
): Promise<SendOutcome> {
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
    const earlier = await settleEarlierAttempt(pass, client, claim, { channelId, key: claim.key });
    if (earlier === 'unknown')
      return { ...outcomeBase(job), status: 'uncertain', error: 'could not look for an earlier post' };
    if (earlier !== 'post') {
      // Written behind like any mark: a crash before it commits leaves it to be found again.
      void pass.writes.sent(claim, { channelId, messageTs: earlier.found, now: pass.clock() });
      return { ...outcomeBase(job), status: 'sent', settled: 'found in the conversation' };
    }
  }
  const message = await messageOf();
  if (!(await readyToPost(pass, job, claim, channelId)))
    return lost(job, 'stopped, or the claim was lost, before posting');
  const outcome = await postOnce(client, { channel: channelId, text: message.text, blocks: message.blocks }, claim.key);
  return settle(pass, job, claim, outcome, { channelId, conversation: conversationOf(job) });
}
