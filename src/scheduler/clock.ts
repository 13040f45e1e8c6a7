import { type ScheduledTask, schedule } from 'node-cron';
import type { JsonLogger } from '../logger.js';

/** Every minute, on the minute. */
export const PASS_SCHEDULE = '* * * * *';

/** Runs passes one at a time: a tick while a pass is running is skipped, not queued. */
export interface PassRunner {
  tick(now: number): Promise<void>;
  /** The pass running now, if any. */
  current(): Promise<void> | null;
}

export function passRunner(runPass: (now: number) => Promise<unknown>, logger: JsonLogger): PassRunner {
  let running: Promise<void> | null = null;
  return {
    tick(now) {
      if (running) {
        logger.warn('A scheduler pass is still running; skipping this minute');
        return running;
      }
      const pass = runPass(now)
        .then(
          () => undefined,
          (error: unknown) => logger.error('Scheduler pass failed:', error),
        )
        .finally(() => {
          running = null;
        });
      running = pass;
      return pass;
    },
    current: () => running,
  };
}

export interface SchedulerClock {
  /** Stops the cron and waits for a pass in flight to finish. */
  stop(): Promise<void>;
}

/** A pass each minute (node-cron, with its own overlap guard as well as ours). */
export function startSchedulerClock(runPass: (now: number) => Promise<unknown>, logger: JsonLogger): SchedulerClock {
  const runner = passRunner(runPass, logger);
  const task: ScheduledTask = schedule(PASS_SCHEDULE, () => runner.tick(Date.now()), {
    name: 'focus-coach-pass',
    noOverlap: true,
  });
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await runner.current();
    },
  };
}
