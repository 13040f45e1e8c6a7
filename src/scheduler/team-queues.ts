/**
 * The pass's work, one queue per workspace (DESIGN.md, "Scheduled coaching"): a worker takes the next send of a
 * workspace that is ready (its pacing slot free, its sends not all waiting out a Retry-After) and, among those,
 * of the one with the fewest sends in flight. A workspace has at most `alone` sends in flight, and `shared` while
 * other workspaces have sends to go (half the workers): a slow or rate-limited workspace holds only its own queue
 * and leaves the others workers. What pass.ts does with a send (lease, claim, post) is not kept here.
 */
import type { SendOutcome } from './sending.js';

/** A queued send: the job, how many times a 429 sent it back, and when it may be tried again (pass clock). */
export interface Entry<J> {
  job: J;
  retries: number;
  notBefore: number;
  /** The outcome of the last attempt a 429 limited: what the pass reports if it stops before the retry. */
  last: SendOutcome | null;
}

/**
 * new: not started (the pass lease not yet taken) · taking: a worker is taking its lease · held: being worked ·
 * skipped: another replica holds it, or it has no client: its sends are left for a later pass · done: all sent.
 */
export type QueueState = 'new' | 'taking' | 'held' | 'skipped' | 'done';

export class TeamQueue<J> {
  state: QueueState = 'new';
  inFlight = 0;
  private readonly ready: Entry<J>[] = [];
  private head = 0;
  /** Sends sent back by a 429, each waiting its Retry-After (few: kept unsorted). */
  private readonly deferred: Entry<J>[] = [];

  constructor(readonly teamId: string) {}

  push(job: J): void {
    this.ready.push({ job, retries: 0, notBefore: 0, last: null });
  }

  defer(entry: Entry<J>): void {
    this.deferred.push(entry);
  }

  /** Nothing queued and nothing in flight. */
  get finished(): boolean {
    return this.head >= this.ready.length && this.deferred.length === 0 && this.inFlight === 0;
  }

  /** When its next send may go (pass clock), ignoring pacing: 0 for a fresh send, Infinity when nothing is queued. */
  nextAt(): number {
    if (this.head < this.ready.length) return 0;
    let at = Number.POSITIVE_INFINITY;
    for (const entry of this.deferred) at = Math.min(at, entry.notBefore);
    return at;
  }

  /** Takes its next send that may go at `now`: fresh sends in order, then retries whose wait is over. */
  shift(now: number): Entry<J> | null {
    if (this.head < this.ready.length) {
      const entry = this.ready[this.head] as Entry<J>;
      // Dropped as it is taken: a long queue holds no finished jobs (and their closures) till the pass ends.
      this.ready[this.head++] = undefined as unknown as Entry<J>;
      return entry;
    }
    const index = this.deferred.findIndex((entry) => entry.notBefore <= now);
    return index < 0 ? null : (this.deferred.splice(index, 1)[0] as Entry<J>);
  }

  /** The next `count` fresh sends after those taken, in order, left queued, passing over those `skip` names. */
  upcoming(count: number, skip: (job: J) => boolean = () => false): J[] {
    const jobs: J[] = [];
    for (let i = this.head; i < this.ready.length && jobs.length < count; i++) {
      const { job } = this.ready[i] as Entry<J>;
      if (!skip(job)) jobs.push(job);
    }
    return jobs;
  }

  /** Empties it (its sends are left for a later pass); what it held is returned. */
  drain(): Entry<J>[] {
    const left = [...this.ready.slice(this.head), ...this.deferred];
    this.ready.length = 0;
    this.head = 0;
    this.deferred.length = 0;
    return left;
  }
}

/** What a worker is told: a send to run, a time to wait until (or for a change: Infinity), or that all is done. */
export type Pick<J> =
  | { kind: 'run'; queue: TeamQueue<J>; entry: Entry<J> }
  | { kind: 'start'; queue: TeamQueue<J> }
  | { kind: 'wait'; until: number }
  | { kind: 'done' };

export class TeamQueues<J extends { teamId: string }> {
  readonly queues: TeamQueue<J>[] = [];
  private readonly byTeam = new Map<string, TeamQueue<J>>();
  /** Where the next scan starts: ties between workspaces go round in turn. */
  private cursor = 0;
  private changed: Promise<void>;
  private notify: () => void = () => {};

  /**
   * `limits`: most sends of one workspace in flight at once, alone in the pass or beside others with sends left.
   * `teamReadyAt`: when the workspace's pacing lets its next post go (throttle.ts), asked only of workspaces with
   * a send that may go.
   */
  constructor(
    jobs: readonly J[],
    private readonly limits: { alone: number; shared: number },
    private readonly teamReadyAt: (teamId: string) => number,
  ) {
    for (const job of jobs) {
      let queue = this.byTeam.get(job.teamId);
      if (!queue) {
        queue = new TeamQueue(job.teamId);
        this.byTeam.set(job.teamId, queue);
        this.queues.push(queue);
      }
      queue.push(job);
    }
    this.changed = this.nextChange();
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => {
      this.notify = resolve;
    });
  }

  /** Resolves at the next change (a workspace started, skipped or done; the pass stopped): waiters look again. */
  whenChanged(): Promise<void> {
    return this.changed;
  }

  /** Something changed: workers waiting on whenChanged() look again. */
  wake(): void {
    const notify = this.notify;
    this.changed = this.nextChange();
    notify();
  }

  /**
   * The next thing for a worker at `now`: the ready send of the workspace with the fewest in flight; a workspace
   * not started counts as none in flight, and is started (its lease taken, by one worker) only when no started one
   * with none in flight has a send ready, so a pass leases workspaces as it comes to them. Else when to look again.
   */
  pick(now: number): Pick<J> {
    const count = this.queues.length;
    // The shared cap keeps workers for the other workspaces while they have sends to go.
    let live = 0;
    for (const queue of this.queues) if (queue.state !== 'done' && queue.state !== 'skipped') live++;
    const cap = live > 1 ? this.limits.shared : this.limits.alone;
    let best: TeamQueue<J> | null = null;
    let bestIndex = 0;
    let until = Number.POSITIVE_INFINITY;
    let busy = false;
    for (let i = 0; i < count; i++) {
      const index = (this.cursor + i) % count;
      const queue = this.queues[index] as TeamQueue<J>;
      if (queue.state === 'done' || queue.state === 'skipped') continue;
      if (queue.state === 'taking' || queue.inFlight > 0) busy = true;
      if (queue.state === 'taking') continue;
      if (queue.state === 'new') {
        if (!best || best.inFlight > 0) {
          best = queue;
          bestIndex = index;
        }
        continue;
      }
      if (queue.inFlight >= cap) continue;
      const at = queue.nextAt();
      if (at === Number.POSITIVE_INFINITY) continue;
      const readyAt = Math.max(at, this.teamReadyAt(queue.teamId));
      if (readyAt > now) {
        until = Math.min(until, readyAt);
        continue;
      }
      if (!best || queue.inFlight < best.inFlight || (best.state === 'new' && queue.inFlight === 0)) {
        best = queue;
        bestIndex = index;
        if (queue.inFlight === 0) break;
      }
    }
    if (best) {
      this.cursor = (bestIndex + 1) % count;
      if (best.state === 'new') return { kind: 'start', queue: best };
      const entry = best.shift(now);
      if (entry) return { kind: 'run', queue: best, entry };
    }
    if (until === Number.POSITIVE_INFINITY && !busy) return { kind: 'done' };
    return { kind: 'wait', until };
  }
}
