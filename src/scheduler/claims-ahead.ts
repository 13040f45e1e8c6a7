/**
 * The pass's claims, taken a few sends ahead of its workers (db/sends.ts, claimSends): when a worker comes to a
 * send not yet claimed, it claims that send and the next fresh ones of its workspace's queue in one transaction,
 * and the workers that come to those sends find their claims taken. One commit for a batch of claims instead of
 * one per send.
 *
 * A claim taken ahead is held like any other: renewed with the pass's claims, given back at once when the pass is
 * stopped, and given back when the pass ends without sending it (its workspace had no client, say). A crash leaves
 * at most a batch per workspace `pending`; nothing of those was posted, so once their leases lapse the next pass
 * claims and posts them as if they had never been claimed (or looks first, where an earlier attempt had begun).
 */
import { withBusyRetry } from '../db/busy.js';
import type { Claim } from '../db/sends.js';
import type { Job, Pass } from './sending.js';
import type { Entry, TeamQueue } from './team-queues.js';

/**
 * Sends claimed in one transaction: enough that a claim's commit is shared, few enough that a crash leaves little
 * waiting out its lease (two minutes), and that a workspace's pacing (five posts a second) reaches them soon.
 */
export const CLAIM_AHEAD = 16;

/** What a send's worker finds: its claim, none (sent, held elsewhere), or `again` (the batch's claim failed: claim alone). */
type Ahead = Claim | null | 'again';

export class ClaimsAhead {
  private readonly ahead = new Map<Job, Promise<Ahead>>();
  /** Claims taken ahead and not yet come to, per workspace: never more than a batch, however many workers claim. */
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly pass: Pass,
    /** The pass's claims (renewed while held). */
    private readonly held: Set<Claim>,
    private readonly size = CLAIM_AHEAD,
  ) {}

  /**
   * The claim on the entry's send, null when it is not to be sent now. Taken now, with the next fresh sends of its
   * queue, unless an earlier batch took it. A retry after a 429 is claimed alone (its wait is its own). Throws
   * when the database could not be written: the caller leaves the send for a later pass.
   */
  async claim(queue: TeamQueue<Job>, entry: Entry<Job>): Promise<Claim | null> {
    const { teamId } = queue;
    const taken = this.ahead.get(entry.job);
    if (taken !== undefined) {
      this.ahead.delete(entry.job);
      this.waiting.set(teamId, (this.waiting.get(teamId) ?? 0) - 1);
      const claim = await taken;
      if (claim !== 'again') return claim;
    }
    // The workers of a workspace claim in turn, each topping up what waits ahead of them to a batch.
    const room = this.size - 1 - (this.waiting.get(teamId) ?? 0);
    const next =
      entry.retries === 0 && taken === undefined && room > 0
        ? queue.upcoming(room, (job) => job === entry.job || this.ahead.has(job))
        : [];
    this.waiting.set(teamId, (this.waiting.get(teamId) ?? 0) + next.length);
    const jobs = [entry.job, ...next];
    const claiming = this.take(jobs);
    next.forEach((job, index) => {
      this.ahead.set(
        job,
        claiming.then(
          (claims) => claims[index + 1] ?? null,
          // The batch's transaction failed: each of the others tries again alone when its worker comes to it.
          () => 'again' as const,
        ),
      );
    });
    return (await claiming)[0] ?? null;
  }

  /** Claims the jobs' sends in one transaction; each claim taken is held (renewed) and unposted (given back if unsent). */
  private async take(jobs: readonly Job[]): Promise<(Claim | null)[]> {
    const { pass } = this;
    const claims = await withBusyRetry(() => {
      // Each attempt's own moment: a lease measured from when a busy database was first tried would be short.
      const now = pass.clock();
      return pass.deps.store.sends.claimSends(
        jobs.map((job) => ({ key: job.key, teamId: job.teamId, recipient: job.recipient, kind: job.kind, now })),
      );
    });
    for (const claim of claims) {
      if (!claim) continue;
      this.held.add(claim);
      pass.unposted.add(claim);
    }
    return claims;
  }
}
