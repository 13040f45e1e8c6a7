import { describe, expect, it } from 'vitest';
import { sleep, Throttle } from '../../src/scheduler/throttle.js';

describe('the throttle: Slack’s limits per conversation and per workspace', () => {
  /** A throttle on a clock the test moves; take() is only called when the slot is ready (no real waiting). */
  function throttle(postsPerSecondPerTeam: number, conversationIntervalMs: number) {
    const clock = { now: 1_000_000 };
    return { clock, throttle: new Throttle({ postsPerSecondPerTeam, conversationIntervalMs }, () => clock.now) };
  }

  it('spaces a workspace’s posts by its rate, and one conversation’s by its interval', async () => {
    // 5 a second: one every 200 ms per workspace; 1,000 ms between two posts to one conversation
    const { clock, throttle: t } = throttle(5, 1000);
    expect(await t.take('T1', 'T1:U1')).toBe(true);
    expect(t.readyAt('T1', 'T1:U2')).toBe(clock.now + 200);
    expect(t.readyAt('T1', 'T1:U1')).toBe(clock.now + 1000);
    // another workspace is not held back at all
    expect(t.readyAt('T2', 'T2:U1')).toBeLessThanOrEqual(clock.now);
    clock.now += 200;
    expect(await t.take('T1', 'T1:U2')).toBe(true);
    // the workspace's next slot follows the last one, 200 ms on
    expect(t.readyAt('T1', 'T1:U3')).toBe(clock.now + 200);
  });

  it('pauses only the limited conversation for its Retry-After', () => {
    const { clock, throttle: t } = throttle(0, 0);
    t.limited('T1', 'T1:U1', 20_000);
    expect(t.readyAt('T1', 'T1:U1')).toBe(clock.now + 20_000);
    expect(t.readyAt('T1', 'T1:U2')).toBeLessThanOrEqual(clock.now);
    expect(t.readyAt('T2', 'T2:U1')).toBeLessThanOrEqual(clock.now);
  });

  it('pauses the workspace when two of its conversations are limited within the pause', () => {
    const { clock, throttle: t } = throttle(0, 0);
    t.limited('T1', 'T1:U1', 20_000);
    clock.now += 5_000;
    t.limited('T1', 'T1:U2', 10_000);
    // the workspace waits until the later of the two limits' ends: 5,000 + 10,000 and 20,000 → U3 waits 10 s
    expect(t.readyAt('T1', 'T1:U3')).toBe(clock.now + 10_000);
    expect(t.readyAt('T2', 'T2:U1')).toBeLessThanOrEqual(clock.now);
  });

  it('does not pause the workspace for two limits that did not overlap', () => {
    const { clock, throttle: t } = throttle(0, 0);
    t.limited('T1', 'T1:U1', 1_000);
    clock.now += 2_000;
    t.limited('T1', 'T1:U2', 1_000);
    expect(t.readyAt('T1', 'T1:U3')).toBeLessThanOrEqual(clock.now);
  });

  it('gives up waiting when the pass is stopped', async () => {
    const t = new Throttle({ postsPerSecondPerTeam: 0, conversationIntervalMs: 0 });
    t.limited('T1', 'T1:U1', 60_000);
    const stop = new AbortController();
    const waiting = t.take('T1', 'T1:U1', stop.signal);
    stop.abort();
    expect(await waiting).toBe(false);
    expect(await sleep(60_000, stop.signal)).toBe(false);
  });
});
