/**
 * The scheduler pass: what is due at an instant (the managers' digests, the reps' prompts: rep-prompts.ts, the
 * teams' weekly posts: weekly-post.ts), each sent under a claim of its own (sending.ts) by a few workers at once,
 * from one queue per workspace (team-queues.ts), each workspace worked under its pass lease (db/pass-leases.ts).
 * Claims are taken a few sends ahead (claims-ahead.ts), and posts begun and sent are recorded a few at a time
 * (send-writes.ts); what the pass holds is renewed, and given back at its end, by holding.ts.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { WebClient } from '@slack/web-api';
import { withBusyRetry } from '../db/busy.js';
import type { Claim } from '../db/sends.js';
import { errorMessage } from '../errors.js';
import { ClaimsAhead } from './claims-ahead.js';
import { dueDigestJobs } from './digest.js';
import { giveBackUnposted, renewWhileHeld } from './holding.js';
import { dueRepPrompts } from './rep-prompts.js';
import { SendWrites } from './send-writes.js';
import { type Job, outcomeBase, type Pass, type PassDeps, rateLimited, record, type SendOutcome } from './sending.js';
import { type Entry, type TeamQueue, TeamQueues } from './team-queues.js';
import { DEFAULT_CONVERSATION_INTERVAL_MS, DEFAULT_POSTS_PER_SECOND_PER_TEAM, Throttle } from './throttle.js';
import { dueWeeklyPosts } from './weekly-post.js';

export type { PassDeps, SendOutcome } from './sending.js';

/** Sends in flight at once, all workspaces together. */
const DEFAULT_CONCURRENCY = 8;
/**
 * Sends of one workspace in flight at once: more gains nothing against its pacing (5 posts a second), and with
 * other workspaces in the pass it is half the workers at most, so they always have the rest.
 */
const DEFAULT_TEAM_CONCURRENCY = 4;

/** This process's name in the pass leases: a pass of another process (a replica, `cli tick`) has another. */
const PROCESS_HOLDER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * One scheduler pass at instant `now` (DESIGN.md, "Scheduled coaching"): find what is due, and for each send
 * claim it just before sending, look for an earlier attempt in the conversation when one may have posted,
 * post it once with its key in the message metadata, and record how it went. Claims are renewed while the
 * pass holds them; a send whose claim was lost is never posted. One send's trouble never stops the others.
 * The sends go from one queue per workspace (team-queues.ts): a workspace slowed by Slack, its pacing or a 429
 * holds only its own. Each workspace is worked under its pass lease, taken as the pass comes to it: a workspace
 * another pass holds (another replica's, or `cli tick`'s) is left to that pass.
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
    skipped: new Set(),
    writes: new SendWrites(deps.store, deps.logger, () => pass.clock()),
  };
  // Digests first: they reach the managers before the weekly post when both are due.
  const jobs = [
    ...(await dueDigestJobs(deps, now)),
    ...(await dueRepPrompts(deps, now)),
    ...(await dueWeeklyPosts(deps, now)),
  ];
  const held = new Set<Claim>();
  const holder = deps.holder ?? PROCESS_HOLDER;
  const concurrency = deps.concurrency ?? DEFAULT_CONCURRENCY;
  const alone = deps.teamConcurrency ?? Math.min(DEFAULT_TEAM_CONCURRENCY, concurrency);
  const shared = deps.teamConcurrency ?? Math.min(alone, Math.ceil(concurrency / 2));
  const queues = new TeamQueues(jobs, { alone, shared }, (teamId) => pass.throttle.teamReadyAt(teamId));
  /** Teams whose pass lease this pass holds: renewed with the claims, released as each team's queue empties. */
  const leased = new Set<string>();
  const stopRenewing = renewWhileHeld(pass, { held, leased, holder });
  const giveBack = () => giveBackUnposted(pass);
  const stop = () => {
    queues.wake();
    void giveBack();
    // The marks of the posts already out go now, not after the posts still in flight.
    void pass.writes.flush();
  };
  deps.signal?.addEventListener('abort', stop, { once: true });

  const outcomes: SendOutcome[] = [];
  const work: Work = { pass, queues, held, holder, leased, outcomes, claims: new ClaimsAhead(pass, held) };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, () => worker(work)));
  } finally {
    deps.signal?.removeEventListener('abort', stop);
    // Every mark written, and every claim taken ahead and not sent given back, before the leases go back.
    await pass.writes.flush();
    await giveBack();
    stopRenewing();
    // Stopped early: the sends a 429 had sent back report their last attempt; the leases still held go back.
    for (const queue of queues.queues) {
      for (const entry of queue.drain()) if (entry.last) outcomes.push(entry.last);
      if (leased.has(queue.teamId)) await releaseLease(work, queue.teamId);
    }
  }
  await deps.store.events.forgetOldEvents(now);
  return outcomes;
}

/** What the pass's workers share. */
interface Work {
  pass: Pass;
  queues: TeamQueues<Job>;
  held: Set<Claim>;
  holder: string;
  leased: Set<string>;
  outcomes: SendOutcome[];
  claims: ClaimsAhead;
}

/**
 * One worker: takes the next ready send of the workspaces (team-queues.ts), waits only when none is ready, and
 * stops when all are done or the pass is stopped.
 */
async function worker(work: Work): Promise<void> {
  const { pass, queues } = work;
  const scale = pass.deps.timeScale ?? 1;
  while (!pass.signal?.aborted) {
    const next = queues.pick(pass.clock());
    if (next.kind === 'done') return;
    if (next.kind === 'wait') {
      await waitForChange(queues, (next.until - pass.clock()) / scale, pass.signal);
      continue;
    }
    const { queue } = next;
    if (next.kind === 'start') {
      queue.state = 'taking';
      queue.state = (await takeLease(work, queue.teamId)) ? 'held' : 'skipped';
      if (queue.state === 'skipped') queue.drain();
      queues.wake();
      continue;
    }
    queue.inFlight++;
    try {
      await runEntry(work, queue, next.entry);
    } finally {
      queue.inFlight--;
      if (pass.skipped.has(queue.teamId)) queue.drain();
      if (queue.finished && queue.state === 'held') {
        queue.state = 'done';
        // One workspace fewer: the others' share grows, and the last one's waiters learn the pass is done.
        // (A send that merely finished wakes no one: its own worker takes the slot it freed.)
        queues.wake();
        // Its sends' marks are written before another pass may take the workspace.
        await pass.writes.flush();
        await releaseLease(work, queue.teamId);
      }
    }
  }
}

/** One attempt at a queued send; a 429 with tries left sends it back to its queue for after its Retry-After. */
async function runEntry(work: Work, queue: TeamQueue<Job>, entry: Entry<Job>): Promise<void> {
  const { pass } = work;
  const outcome = await runJob(work, queue, entry);
  if (!outcome) return;
  const retryAfter = rateLimited.get(outcome);
  if (retryAfter !== undefined && entry.retries < (pass.deps.rateLimitRetries ?? 2)) {
    // Only this send waits its Retry-After; its workspace's other sends, and other workspaces, go on meanwhile.
    queue.defer({ job: entry.job, retries: entry.retries + 1, notBefore: pass.clock() + retryAfter, last: outcome });
    return;
  }
  work.outcomes.push(outcome);
}

/**
 * Waits `ms` (real time), or less when the queues change or the pass is stopped. Infinity: until a change.
 */
function waitForChange(queues: TeamQueues<Job>, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    if (Number.isFinite(ms)) timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
    queues.whenChanged().then(done, done);
  });
}

/**
 * The workspace's pass lease (db/pass-leases.ts), taken before its first send: false when another replica's pass
 * holds it (that pass sends its prompts) or the database could not say (a later pass will).
 */
async function takeLease(work: Work, teamId: string): Promise<boolean> {
  const { deps } = work.pass;
  try {
    const taken = await withBusyRetry(() =>
      deps.store.passLeases.takePassLease({ teamId, holder: work.holder, now: work.pass.clock() }),
    );
    if (taken) work.leased.add(teamId);
    else deps.logger.debug(`Workspace ${teamId} is being sent by another pass; skipping it this pass`);
    return taken;
  } catch (error) {
    deps.logger.warn(`Could not take the pass lease of workspace ${teamId}; a later pass will:`, errorMessage(error));
    return false;
  }
}

/** Gives the workspace's lease back once its queue is done; one that cannot be given back lapses. */
async function releaseLease(work: Work, teamId: string): Promise<void> {
  work.leased.delete(teamId);
  try {
    await work.pass.deps.store.passLeases.releasePassLease({ teamId, holder: work.holder });
  } catch (error) {
    work.pass.deps.logger.warn(
      `Could not give back the pass lease of workspace ${teamId}; it will lapse:`,
      errorMessage(error),
    );
  }
}

/**
 * Sends the job once under its claim, taken with the next sends of its queue unless it was taken ahead
 * (claims-ahead.ts). Never throws. A claim taken ahead for a send that does not run (no client, the pass stopped)
 * is given back when the pass ends, or at once when it is stopped.
 */
async function runJob(work: Work, queue: TeamQueue<Job>, entry: Entry<Job>): Promise<SendOutcome | null> {
  const { pass, held } = work;
  const { deps } = pass;
  const { job } = entry;
  const base = outcomeBase(job);
  if (deps.signal?.aborted) return null;
  const client = await clientOf(pass, job);
  if (!client) return null;
  let claim: Claim | null;
  try {
    claim = await work.claims.claim(queue, entry);
  } catch (error) {
    deps.logger.warn(`Could not claim the ${job.kind} for ${job.recipient}; a later pass will:`, errorMessage(error));
    return null;
  }
  if (!claim) return null;
  // Stopped while it was being claimed: it stays unposted, and is given back with the others.
  if (deps.signal?.aborted) return null;
  try {
    return await job.send(pass, claim, job, client);
  } catch (error) {
    // A bug or a database failure before anything was posted: give the claim back for a later pass.
    deps.logger.error(`The ${job.kind} for ${job.recipient} failed before posting:`, errorMessage(error));
    await record(pass, claim, () =>
      deps.store.sends.markNotPosted(claim as Claim, { error: errorMessage(error), final: false }),
    );
    return { ...base, status: 'failed', error: errorMessage(error) };
  } finally {
    held.delete(claim);
    pass.unposted.delete(claim);
  }
}

/**
 * The job's workspace's client, asked for before its send is claimed; null when there is none (an uninstalled
 * workspace): logged once a pass, and that workspace's sends are left for a later pass.
 */
async function clientOf(pass: Pass, job: Job): Promise<WebClient | null> {
  if (pass.skipped.has(job.teamId)) return null;
  try {
    return await pass.deps.clients.clientFor(job.teamId);
  } catch (error) {
    // Sends asking at once all fail alike: one line says it.
    if (pass.skipped.has(job.teamId)) return null;
    pass.skipped.add(job.teamId);
    pass.deps.logger.warn(
      `No Slack client for workspace ${job.teamId}; its sends wait for a later pass:`,
      errorMessage(error),
    );
    return null;
  }
}
