import { type ScheduledTask, schedule } from 'node-cron';
import type { JsonLogger } from '../logger.js';

/** Every minute, on the minute. */
export const PASS_SCHEDULE = '* * * * *';

export interface SchedulerClock {
  /** Stops the cron and waits for a pass in flight to finish. */
  stop(): Promise<void>;
  /** The pass running now, if any (for tests and shutdown). */
  current(): Promise<void> | null;
}

/**
 * Runs a pass each minute. Never two at once: node-cron's noOverlap, and our own guard
 * (a pass that outlives its minute makes the next tick a no-op, not a second pass).
 */
export function startSchedulerClock(runPass: (now: number) => Promise<unknown>, logger: JsonLogger): SchedulerClock {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) {
      logger.warn('A scheduler pass is still running; skipping this minute');
      return running;
    }
    running = runPass(Date.now())
      .then(
        () => undefined,
        (error: unknown) => logger.error('Scheduler pass failed:', error),
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  const task: ScheduledTask = schedule(PASS_SCHEDULE, tick, { name: 'focus-coach-pass', noOverlap: true });
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      if (running) await running;
    },
    current: () => running,
  };
}
