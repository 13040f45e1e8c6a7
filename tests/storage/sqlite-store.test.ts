/**
 * The SQLite store's gate: an async transaction on better-sqlite3's one connection must keep every other
 * statement of the process out of it, and its uncommitted rows out of every other read.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { teams } from '../../src/db/schema.js';
import { GATE_WAIT_LIMIT_MS } from '../../src/storage/sqlite.js';
import { type TempStorage, tempStorage } from '../support/db.js';

let temp: TempStorage;
beforeEach(() => {
  temp = tempStorage();
});
afterEach(() => temp.remove());

/** Lets every queued microtask and timer of this turn run: a transaction's work pauses here. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the SQLite store', () => {
  it('answers a root call at once when no transaction is open', async () => {
    await temp.store.teams.ensureTeam('T1');
    expect(await temp.store.teams.getTeam('T1')).toMatchObject({ id: 'T1' });
  });

  it('keeps a root read out of an open transaction until it commits', async () => {
    let readDuring: unknown = 'not read';
    let read: Promise<void> | undefined;
    await temp.store.transaction(async (tx) => {
      await tx.teams.ensureTeam('T1');
      // Another request's read, issued while the transaction is open, must wait: it cannot see the uncommitted row.
      read = temp.store.teams.getTeam('T1').then((team) => {
        readDuring = team;
      });
      await tick();
      expect(readDuring).toBe('not read');
    });
    // The read settles only after the commit, and then it sees the row.
    await read;
    expect(readDuring).toMatchObject({ id: 'T1' });
  });

  it('refuses, after a while, the root store awaited inside its own transaction (it would wait forever)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    try {
      const transaction = temp.store.transaction(async () => {
        await temp.store.teams.getTeam('T1');
      });
      const settled = expect(transaction).rejects.toThrow(/root store was used inside a transaction/);
      await vi.advanceTimersByTimeAsync(GATE_WAIT_LIMIT_MS + 1);
      await settled;
    } finally {
      vi.useRealTimers();
    }
    // The gate reopened: the store still works.
    await temp.store.teams.ensureTeam('T1');
  });

  it('rolls back everything a throwing transaction wrote, and reopens for the next caller', async () => {
    await expect(
      temp.store.transaction(async (tx) => {
        await tx.teams.ensureTeam('T1');
        await tx.reps.ensureRep('T1', 'U1');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await temp.store.teams.getTeam('T1')).toBeUndefined();
    expect(temp.db.select().from(teams).all()).toEqual([]);
    await temp.store.teams.ensureTeam('T2');
    expect(await temp.store.teams.getTeam('T2')).toMatchObject({ id: 'T2' });
  });

  it('runs two transactions one after the other, never interleaved', async () => {
    const order: string[] = [];
    const first = temp.store.transaction(async (tx) => {
      order.push('first begins');
      await tick();
      await tx.teams.ensureTeam('T1');
      order.push('first ends');
    });
    const second = temp.store.transaction(async (tx) => {
      order.push('second begins');
      await tx.teams.ensureTeam('T2');
      order.push('second ends');
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first begins', 'first ends', 'second begins', 'second ends']);
  });

  it('makes a nested transaction a savepoint: its throw rolls back only its own writes', async () => {
    await temp.store.transaction(async (tx) => {
      await tx.teams.ensureTeam('T1');
      await expect(
        tx.transaction(async (inner) => {
          await inner.teams.ensureTeam('T2');
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
    });
    expect((await temp.store.teams.getTeam('T1'))?.id).toBe('T1');
    expect(await temp.store.teams.getTeam('T2')).toBeUndefined();
  });

  it("keeps a module's own transaction working inside the store's (better-sqlite3 nests it as a savepoint)", async () => {
    // setPlan runs its own immediate transaction: on the open transaction's database it must nest rather
    // than throw "cannot start a transaction within a transaction", and commit with the outer one.
    const plan = { teamId: 'T1', userId: 'U1', localDate: '2026-12-04', items: ['Call Acme'], now: 1 };
    await temp.store.transaction(async (tx) => {
      await tx.reps.ensureRep('T1', 'U1');
      await tx.checkins.setPlan(plan);
    });
    expect((await temp.store.checkins.getCheckin('T1', 'U1', '2026-12-04'))?.planItems).toEqual([
      { text: 'Call Acme', done: false },
    ]);
    await expect(
      temp.store.transaction(async (tx) => {
        await tx.checkins.setPlan({ ...plan, localDate: '2026-12-05' });
        throw new Error('after the nested write');
      }),
    ).rejects.toThrow('after the nested write');
    expect(await temp.store.checkins.getCheckin('T1', 'U1', '2026-12-05')).toBeUndefined();
  });

  it('has no value cache inside a transaction, and one cache per name at the root', async () => {
    const root = temp.store.cache<number>('answers');
    expect(root).not.toBeNull();
    root?.set('k', 42);
    expect(temp.store.cache<number>('answers')?.get('k')).toBe(42);
    await temp.store.transaction(async (tx) => {
      expect(tx.cache('answers')).toBeNull();
    });
  });

  it('turns a synchronous throw of a repository function into a rejection', async () => {
    temp.sqlite.exec('DROP TABLE teams');
    const call = temp.store.teams.getTeam('T1');
    expect(call).toBeInstanceOf(Promise);
    await expect(call).rejects.toThrow();
  });
});
