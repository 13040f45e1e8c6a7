import { createTask, validate } from 'node-cron';
import { describe, expect, it, vi } from 'vitest';
import { JsonLogger } from '../../src/logger.js';
import { PASS_SCHEDULE, passRunner } from '../../src/scheduler/clock.js';

const MINUTE = 60_000;

/** A promise whose settling the test controls. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A logger whose lines the test reads back. */
function capturingLogger(): { logger: JsonLogger; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const logger = new JsonLogger('debug', {
    sink: (line) => lines.push(JSON.parse(line) as { level: string; msg: string }),
  });
  return { logger, lines };
}

describe('PASS_SCHEDULE', () => {
  it('is a cron expression node-cron accepts', () => {
    expect(validate(PASS_SCHEDULE)).toBe(true);
  });

  it('fires every minute, on the minute', async () => {
    const task = createTask(PASS_SCHEDULE, () => undefined);
    try {
      const runs = task.getNextRuns(3).map((date) => date.getTime());
      expect(runs).toHaveLength(3);
      for (const run of runs) expect(run % MINUTE).toBe(0);
      // consecutive runs are exactly one minute apart, and the first is within the next minute
      expect(runs[1]).toBe((runs[0] ?? 0) + MINUTE);
      expect(runs[2]).toBe((runs[0] ?? 0) + 2 * MINUTE);
      expect((runs[0] ?? 0) - Date.now()).toBeLessThanOrEqual(MINUTE);
      expect((runs[0] ?? 0) - Date.now()).toBeGreaterThan(0);
    } finally {
      await task.stop();
      await task.destroy();
    }
  });
});

describe('passRunner', () => {
  it('is idle before any tick', () => {
    const runner = passRunner(async () => undefined, capturingLogger().logger);
    expect(runner.current()).toBeNull();
  });

  it('skips a tick while a pass is running, then runs the next one after it finished', async () => {
    const { logger, lines } = capturingLogger();
    const gate = deferred();
    const runPass = vi.fn((_now: number) => gate.promise);
    const runner = passRunner(runPass, logger);

    const first = runner.tick(1_000);
    expect(runner.current()).not.toBeNull();
    const second = runner.tick(1_000 + MINUTE);
    // The second tick is skipped: no new pass, and it waits on the running one.
    expect(runPass).toHaveBeenCalledTimes(1);
    expect(runPass).toHaveBeenCalledWith(1_000);
    expect(second).toBe(first);
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: expect.stringContaining('still running') })]);

    gate.resolve();
    await first;
    expect(runner.current()).toBeNull();

    await runner.tick(1_000 + 2 * MINUTE);
    expect(runPass).toHaveBeenCalledTimes(2);
    expect(runPass).toHaveBeenLastCalledWith(1_000 + 2 * MINUTE);
    expect(runner.current()).toBeNull();
  });

  it('logs a failing pass without rejecting, and runs again on the next tick', async () => {
    const { logger, lines } = capturingLogger();
    const gate = deferred();
    const runPass = vi.fn((_now: number) => gate.promise);
    const runner = passRunner(runPass, logger);

    const tick = runner.tick(5_000);
    gate.reject(new Error('database is locked'));
    await expect(tick).resolves.toBeUndefined();
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', msg: expect.stringContaining('database is locked') }),
    ]);
    expect(lines[0]?.msg).toContain('Scheduler pass failed');
    expect(runner.current()).toBeNull();

    runPass.mockImplementationOnce(async () => undefined);
    await expect(runner.tick(5_000 + MINUTE)).resolves.toBeUndefined();
    expect(runPass).toHaveBeenCalledTimes(2);
  });

  it('exposes the running pass through current() until it settles', async () => {
    const gate = deferred<string[]>();
    const runner = passRunner(() => gate.promise, capturingLogger().logger);
    const tick = runner.tick(0);
    expect(runner.current()).toBe(tick);
    gate.resolve(['sent']);
    await expect(runner.current()).resolves.toBeUndefined();
    expect(runner.current()).toBeNull();
  });
});
