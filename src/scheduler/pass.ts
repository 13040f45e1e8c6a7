/**
 * The scheduler pass: what is due at an instant (the managers' digests, the reps' prompts: rep-prompts.ts, the
 * teams' weekly posts: weekly-post.ts), each sent under a claim of its own (sending.ts) by a few workers at once.
 */
import type { WebClient } from '@slack/web-api';
import { withBusyRetry } from '../db/busy.js';
import { CLAIM_LEASE_MS, type Claim } from '../db/sends.js';
import { errorMessage } from '../errors.js';
import { type DueDigest, dueDigests, managerDmChannel } from './digest.js';
import { dueRepPrompts } from './rep-prompts.js';
import {
  type Job,
  outcomeBase,
  type Pass,
  type PassDeps,
  rateLimited,
  record,
  type SendOutcome,
  sendDirect,
} from './sending.js';
import { DEFAULT_CONVERSATION_INTERVAL_MS, DEFAULT_POSTS_PER_SECOND_PER_TEAM, sleep, Throttle } from './throttle.js';
import { dueWeeklyPosts } from './weekly-post.js';

export type { PassDeps, SendOutcome } from './sending.js';

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
    skipped: new Set(),
  };
  // Digests first: they reach the managers before the weekly post when both are due.
  const jobs = [
    ...(await dueDigestJobs(deps, now)),
    ...(await dueRepPrompts(deps, now)),
    ...(await dueWeeklyPosts(deps, now)),
  ];
  const held = new Set<Claim>();
  const renewal = setInterval(
    () => {
      if (held.size === 0) return;
      deps.store.sends
        .renewLeases([...held], clock())
        .catch((error: unknown) =>
          deps.logger.warn('Could not renew the pass’s claims (retried at the next renewal):', errorMessage(error)),
        );
    },
    CLAIM_LEASE_MS / 4 / scale,
  );
  renewal.unref();
  const giveBack = () => {
    for (const claim of pass.unposted) {
      // Guarded on the claim still pending (db/sends.ts): a send that began posting meanwhile keeps its claim.
      deps.store.sends
        .releaseClaim(claim)
        .catch((error: unknown) =>
          deps.logger.warn(`Could not give back the claim on ${claim.key}; its lease will lapse:`, errorMessage(error)),
        );
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
  await deps.store.events.forgetOldEvents(now);
  return outcomes;
}

/** Claims the job's send just before sending it; retried after a 429's Retry-After a few times. Never throws. */
async function runJob(pass: Pass, job: Job, held: Set<Claim>): Promise<SendOutcome | null> {
  const { deps } = pass;
  const base = outcomeBase(job);
  const client = await clientOf(pass, job);
  if (!client) return null;
  for (let attempt = 0; ; attempt++) {
    if (deps.signal?.aborted) return null;
    let claim: Claim | null;
    try {
      claim = await withBusyRetry(() =>
        deps.store.sends.claimSend({
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
      outcome = await job.send(pass, claim, job, client);
    } catch (error) {
      // A bug or a database failure before anything was posted: give the claim back for a later pass.
      deps.logger.error(`The ${job.kind} for ${job.recipient} failed before posting:`, errorMessage(error));
      await record(pass, claim, () =>
        deps.store.sends.markNotPosted(claim as Claim, { error: errorMessage(error), final: false }),
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
    send: (pass, claim, job, client) =>
      sendDirect(
        pass,
        client,
        claim,
        job,
        () => managerDmChannel(client, deps.store, digest.teamId, digest.manager),
        async () => digest.message,
      ),
  }));
}
