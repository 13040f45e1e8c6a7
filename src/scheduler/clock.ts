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
  /**
   * Stops the cron, aborts the pass in flight (it takes no new claim and gives back those it has not posted),
   * and waits for its posts in flight, at most `graceMs`.
   */
  stop(graceMs: number): Promise<void>;
}

/**
 * A pass at start, then each minute (node-cron, with its own overlap guard as well as ours). Each pass gets
 * the abort signal that stop() fires.
 */
export function startSchedulerClock(
  runPass: (now: number, signal: AbortSignal) => Promise<unknown>,
  logger: JsonLogger,
): SchedulerClock {
  const stopping = new AbortController();
  const runner = passRunner((now) => runPass(now, stopping.signal), logger);
  const task: ScheduledTask = schedule(
    PASS_SCHEDULE,
    () => {
      if (!stopping.signal.aborted) return runner.tick(Date.now());
    },
    { name: 'focus-coach-pass', noOverlap: true },
  );
  // A pass at once: after a restart, what is due goes out now rather than at the next minute.
  void runner.tick(Date.now());
  return {
    async stop(graceMs) {
      stopping.abort();
      await task.stop();
      await task.destroy();
      const current = runner.current();
      if (!current) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([current, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    },
  };
}
