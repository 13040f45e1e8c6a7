import { expect, it } from 'vitest';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const ANN = 'U0ANN';
const NOW = Date.UTC(2026, 10, 30, 17, 0);

describeBackends('targets', (use) => {
  const target = (store: Store, activity: 'call' | 'meeting', per: 'day' | 'week', n: number, now = NOW) =>
    store.targets.setTarget({ teamId: T1, userId: ANN, activity, per, count: n, now });

  it('inserts, updates returning the previous count, and deletes at 0', async () => {
    const store = use();
    expect(await target(store, 'meeting', 'week', 8)).toEqual({ previous: null });
    expect(await target(store, 'meeting', 'week', 10, NOW + 1)).toEqual({ previous: 8 });
    expect(await target(store, 'call', 'day', 20)).toEqual({ previous: null });
    expect(await store.targets.listTargets(T1, ANN)).toEqual([
      { teamId: T1, userId: ANN, activity: 'call', per: 'day', count: 20, updatedAt: NOW },
      { teamId: T1, userId: ANN, activity: 'meeting', per: 'week', count: 10, updatedAt: NOW + 1 },
    ]);
    expect(await target(store, 'meeting', 'week', 0)).toEqual({ previous: 10 });
    expect(await target(store, 'meeting', 'week', 0)).toEqual({ previous: null });
    expect((await store.targets.listTargets(T1, ANN)).map((t) => t.activity)).toEqual(['call']);
  });

  it('keeps a day and a week target for the same activity apart', async () => {
    const store = use();
    await target(store, 'call', 'day', 10);
    await target(store, 'call', 'week', 40);
    expect((await store.targets.listTargets(T1, ANN)).map((t) => [t.per, t.count])).toEqual([
      ['day', 10],
      ['week', 40],
    ]);
    expect(await store.targets.listTargets(T1, 'U0BOB')).toEqual([]);
  });

  it('answers each of two settings made at once with the count the other left', async () => {
    const store = use();
    // two reads at once first: a pooled back end then has two connections open, so the two settings run side by side
    await Promise.all([store.targets.listTargets(T1, ANN), store.targets.listTargets(T1, ANN)]);
    const answers = await Promise.all([target(store, 'call', 'day', 5), target(store, 'call', 'day', 7)]);
    // One ran first and saw none; the other saw its count, whichever order they took.
    const previous = answers.map((answer) => answer.previous);
    expect(previous.filter((p) => p === null)).toHaveLength(1);
    const last = (await store.targets.listTargets(T1, ANN))[0]?.count;
    expect(previous).toContain(last === 5 ? 7 : 5);
  });
});
