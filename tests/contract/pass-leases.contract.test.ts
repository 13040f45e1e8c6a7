import { expect, it } from 'vitest';
import { PASS_LEASE_MS } from '../../src/db/pass-leases.js';
import { describeBackends } from './backends.js';

const NOW = Date.parse('2026-12-01T13:45:00Z');

describeBackends('pass leases', (use) => {
  it('gives a free team to the first holder, and not to another while the lease is live', async () => {
    const store = use();
    expect(await store.passLeases.takePassLease({ teamId: 'T1', holder: 'a', now: NOW })).toBe(true);
    expect(await store.passLeases.passLeaseOf('T1')).toEqual({
      teamId: 'T1',
      holder: 'a',
      leaseUntil: NOW + PASS_LEASE_MS,
    });
    expect(await store.passLeases.takePassLease({ teamId: 'T1', holder: 'b', now: NOW + PASS_LEASE_MS - 1 })).toBe(
      false,
    );
    expect((await store.passLeases.passLeaseOf('T1'))?.holder).toBe('a');
    // another team is free all the same; the holder may take its own lease again (a later pass of its own)
    expect(await store.passLeases.takePassLease({ teamId: 'T2', holder: 'b', now: NOW })).toBe(true);
    expect(await store.passLeases.takePassLease({ teamId: 'T1', holder: 'a', now: NOW + 1_000 })).toBe(true);
    expect((await store.passLeases.passLeaseOf('T1'))?.leaseUntil).toBe(NOW + 1_000 + PASS_LEASE_MS);
  });

  it('lets another holder take a lapsed lease: a holder killed mid-pass keeps its teams no longer than the lease', async () => {
    const store = use();
    expect(await store.passLeases.takePassLease({ teamId: 'T1', holder: 'dead', now: NOW, leaseMs: 60_000 })).toBe(
      true,
    );
    expect(await store.passLeases.takePassLease({ teamId: 'T1', holder: 'b', now: NOW + 59_999 })).toBe(false);
    expect(await store.passLeases.takePassLease({ teamId: 'T1', holder: 'b', now: NOW + 60_000 })).toBe(true);
    expect((await store.passLeases.passLeaseOf('T1'))?.holder).toBe('b');
    // the old holder's renewal and release no longer touch the lease it lost
    expect(await store.passLeases.renewPassLeases({ teamIds: ['T1'], holder: 'dead', now: NOW + 61_000 })).toBe(0);
    expect(await store.passLeases.releasePassLease({ teamId: 'T1', holder: 'dead' })).toBe(false);
    expect((await store.passLeases.passLeaseOf('T1'))?.holder).toBe('b');
  });

  it('renews only the holder’s leases, and a released lease is free at once', async () => {
    const store = use();
    await store.passLeases.takePassLease({ teamId: 'T1', holder: 'a', now: NOW });
    await store.passLeases.takePassLease({ teamId: 'T2', holder: 'a', now: NOW });
    await store.passLeases.takePassLease({ teamId: 'T3', holder: 'b', now: NOW });
    expect(await store.passLeases.renewPassLeases({ teamIds: [], holder: 'a', now: NOW })).toBe(0);
    expect(
      await store.passLeases.renewPassLeases({ teamIds: ['T1', 'T2', 'T3'], holder: 'a', now: NOW + 30_000 }),
    ).toBe(2);
    expect((await store.passLeases.passLeaseOf('T2'))?.leaseUntil).toBe(NOW + 30_000 + PASS_LEASE_MS);
    expect((await store.passLeases.passLeaseOf('T3'))?.leaseUntil).toBe(NOW + PASS_LEASE_MS);
    // renewed: still live past the first lease's end
    expect(await store.passLeases.takePassLease({ teamId: 'T1', holder: 'b', now: NOW + PASS_LEASE_MS + 1 })).toBe(
      false,
    );
    expect(await store.passLeases.releasePassLease({ teamId: 'T1', holder: 'a' })).toBe(true);
    expect(await store.passLeases.passLeaseOf('T1')).toBeUndefined();
    expect(await store.passLeases.takePassLease({ teamId: 'T1', holder: 'b', now: NOW + 31_000 })).toBe(true);
  });

  it('gives a team to exactly one of several holders taking it at the same moment', async () => {
    const store = use();
    // reads first: a pooled back end then has several connections open, so the takes run side by side
    await Promise.all([1, 2, 3, 4].map(() => store.passLeases.passLeaseOf('T1')));
    const taken = await Promise.all(
      ['a', 'b', 'c', 'd'].map((holder) => store.passLeases.takePassLease({ teamId: 'T1', holder, now: NOW })),
    );
    expect(taken.filter(Boolean)).toHaveLength(1);
    const winner = ['a', 'b', 'c', 'd'][taken.indexOf(true)];
    expect((await store.passLeases.passLeaseOf('T1'))?.holder).toBe(winner);
  });
});
