/** The pass's per-workspace queues (scheduler/team-queues.ts): which send a worker takes next, and when it waits. */
import { describe, expect, it } from 'vitest';
import { type Pick, type TeamQueue, TeamQueues } from '../../src/scheduler/team-queues.js';

interface TestJob {
  teamId: string;
  name: string;
}

const jobs = (spec: Record<string, number>): TestJob[] =>
  Object.entries(spec).flatMap(([teamId, n]) =>
    Array.from({ length: n }, (_, i) => ({ teamId, name: `${teamId}${i + 1}` })),
  );

/** Every workspace started, as the pass leaves them once their leases are taken. */
function started(queues: TeamQueues<TestJob>): void {
  for (const queue of queues.queues) queue.state = 'held';
}

/** Runs the picked send: counted in flight until `finish`. */
function take(queues: TeamQueues<TestJob>, now = 0): { name: string; queue: TeamQueue<TestJob> } {
  const next: Pick<TestJob> = queues.pick(now);
  if (next.kind !== 'run') throw new Error(`expected a send, got ${next.kind}`);
  next.queue.inFlight++;
  return { name: next.entry.job.name, queue: next.queue };
}

const finish = (taken: { queue: TeamQueue<TestJob> }) => taken.queue.inFlight--;

describe('the per-workspace queues', () => {
  it('starts a workspace only when no started one is idle with a send ready', () => {
    const queues = new TeamQueues(jobs({ TA: 2, TB: 2 }), { alone: 4, shared: 2 }, () => 0);
    const first = queues.pick(0);
    expect(first).toMatchObject({ kind: 'start', queue: { teamId: 'TA' } });
    if (first.kind !== 'start') return;
    // While its lease is being taken, another worker starts the next workspace.
    first.queue.state = 'taking';
    expect(queues.pick(0)).toMatchObject({ kind: 'start', queue: { teamId: 'TB' } });
    first.queue.state = 'held';
    // TA started and idle: its send is taken before TB is started.
    expect(take(queues).name).toBe('TA1');
  });

  it('gives the next worker the workspace with the fewest sends in flight, up to its share beside others', () => {
    const queues = new TeamQueues(jobs({ TA: 4, TB: 4 }), { alone: 4, shared: 2 }, () => 0);
    started(queues);
    const names = [take(queues), take(queues), take(queues), take(queues)].map((t) => t.name);
    expect(names).toEqual(['TA1', 'TB1', 'TA2', 'TB2']);
    // Both at their share: a fifth worker waits for a change, it does not pile onto either.
    expect(queues.pick(0)).toEqual({ kind: 'wait', until: Number.POSITIVE_INFINITY });
  });

  it('lets a workspace alone in the pass have up to its own limit', () => {
    const queues = new TeamQueues(jobs({ TA: 6 }), { alone: 4, shared: 2 }, () => 0);
    started(queues);
    const taken = [take(queues), take(queues), take(queues), take(queues)];
    expect(taken.map((t) => t.name)).toEqual(['TA1', 'TA2', 'TA3', 'TA4']);
    expect(queues.pick(0).kind).toBe('wait');
    finish(taken[0] as { queue: TeamQueue<TestJob> });
    expect(take(queues).name).toBe('TA5');
  });

  it('passes over a workspace whose pacing is not ready, and says when it will be', () => {
    const readyAt = new Map([['TA', 5_000]]);
    const queues = new TeamQueues(jobs({ TA: 2, TB: 1 }), { alone: 4, shared: 2 }, (team) => readyAt.get(team) ?? 0);
    started(queues);
    const b = take(queues);
    expect(b.name).toBe('TB1');
    finish(b);
    b.queue.state = 'done';
    expect(queues.pick(1_000)).toEqual({ kind: 'wait', until: 5_000 });
    expect(take(queues, 5_000).name).toBe('TA1');
  });

  it('holds a send a 429 sent back until its time, while the workspace’s fresh sends go on', () => {
    const queues = new TeamQueues(jobs({ TA: 2 }), { alone: 1, shared: 1 }, () => 0);
    started(queues);
    const first = take(queues);
    finish(first);
    first.queue.defer({ job: { teamId: 'TA', name: 'TA1' }, retries: 1, notBefore: 30_000, last: null });
    const second = take(queues, 1_000);
    expect(second.name).toBe('TA2');
    finish(second);
    expect(first.queue.finished).toBe(false);
    expect(queues.pick(1_000)).toEqual({ kind: 'wait', until: 30_000 });
    const retry = take(queues, 30_000);
    expect(retry.name).toBe('TA1');
    finish(retry);
    expect(first.queue.finished).toBe(true);
  });

  it('is done when every workspace is done or skipped, and not while a lease is being taken', () => {
    const queues = new TeamQueues(jobs({ TA: 1, TB: 1 }), { alone: 4, shared: 2 }, () => 0);
    const a = queues.pick(0);
    if (a.kind !== 'start') throw new Error('expected a start');
    a.queue.state = 'taking';
    const b = queues.pick(0);
    if (b.kind !== 'start') throw new Error('expected a start');
    b.queue.state = 'skipped';
    b.queue.drain();
    expect(queues.pick(0)).toEqual({ kind: 'wait', until: Number.POSITIVE_INFINITY });
    a.queue.state = 'skipped';
    a.queue.drain();
    expect(queues.pick(0)).toEqual({ kind: 'done' });
  });

  it('lists the fresh sends after those taken, passing over those named, without taking them', () => {
    const queues = new TeamQueues(jobs({ TA: 5 }), { alone: 4, shared: 2 }, () => 0);
    started(queues);
    expect(take(queues).name).toBe('TA1');
    const [queue] = queues.queues;
    if (!queue) throw new Error('expected a queue');
    expect(queue.upcoming(2).map((job) => job.name)).toEqual(['TA2', 'TA3']);
    expect(queue.upcoming(2, (job) => job.name === 'TA2').map((job) => job.name)).toEqual(['TA3', 'TA4']);
    expect(queue.upcoming(9).map((job) => job.name)).toEqual(['TA2', 'TA3', 'TA4', 'TA5']);
    expect(take(queues).name).toBe('TA2');
  });
});
