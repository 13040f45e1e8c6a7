import { expect, it } from 'vitest';
import { describeBackends } from './backends.js';

const NOW = Date.parse('2026-12-01T18:00:00Z');
const HOUR = 3_600_000;

describeBackends('processed events', (use) => {
  it('reports a first delivery once, and a redelivery of the same event ID as not first', async () => {
    const store = use();
    expect(await store.events.wasDelivered('Ev001')).toBe(false);
    expect(await store.events.firstDelivery('Ev001', NOW)).toBe(true);
    expect(await store.events.firstDelivery('Ev001', NOW + 1_000)).toBe(false);
    expect(await store.events.firstDelivery('Ev002', NOW + 1_000)).toBe(true);
    expect(await store.events.wasDelivered('Ev001')).toBe(true);
  });

  it('takes one of two deliveries of an event at the same moment as the first', async () => {
    const store = use();
    // two reads at once first: a pooled back end then has two connections open, so the two deliveries run side by side
    await Promise.all([store.events.wasDelivered('Ev000'), store.events.wasDelivered('Ev000')]);
    const firsts = await Promise.all([
      store.events.firstDelivery('Ev001', NOW),
      store.events.firstDelivery('Ev001', NOW),
    ]);
    expect(firsts.sort()).toEqual([false, true]);
  });

  it('forgets only events older than a day', async () => {
    const store = use();
    await store.events.firstDelivery('EvOld', NOW - 25 * HOUR);
    // exactly a day old is still remembered (strictly older rows go)
    await store.events.firstDelivery('EvEdge', NOW - 24 * HOUR);
    await store.events.firstDelivery('EvNew', NOW - HOUR);
    expect(await store.events.forgetOldEvents(NOW)).toBe(1);
    expect(await store.events.wasDelivered('EvOld')).toBe(false);
    expect(await store.events.wasDelivered('EvEdge')).toBe(true);
    // a forgotten event would be taken as new again; a remembered one is not
    expect(await store.events.firstDelivery('EvNew', NOW)).toBe(false);
    expect(await store.events.forgetOldEvents(NOW)).toBe(0);
    expect(await store.events.firstDelivery('EvOld', NOW)).toBe(true);
  });
});
