/**
 * The Store's own contract, on both back ends: transactions commit or roll back whole, nest as savepoints, run one
 * at a time per team, never leak uncommitted rows to the root store, and have no value cache.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Team, TeamSettings } from '../../src/db/teams.js';
import { openStore } from '../../src/storage/open.js';
import { parseInt8 } from '../../src/storage/pg/connection.js';
import { appliedMigrationCount, PG_MIGRATIONS_FOLDER } from '../../src/storage/pg/migrate.js';
import { openPgStore, type PgStore } from '../../src/storage/pg/store.js';
import type { Store } from '../../src/storage/types.js';
import {
  adminQuery,
  advisoryLockWaiters,
  createTestDatabase,
  type TestDatabase,
  testDatabaseUrl,
} from '../support/pg.js';
import { type Backend, describeBackends } from './backends.js';

const T1 = 'T0001';
const T2 = 'T0002';

/** A promise and the function that resolves it: a step the test, not the clock, decides when to take. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire = () => {};
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}

/** Resolves once `check` holds, checking after each turn of the event loop (so I/O and timers can progress). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Resolves when `entered()` holds or the second transaction is seen queued behind the first: on Postgres, a session
 * waiting for an advisory lock; on SQLite, where no I/O happens, one event-loop turn in which it did not start.
 */
async function queuedOrEntered(backend: Backend, entered: () => boolean): Promise<void> {
  if (backend.dialect === 'sqlite') {
    await new Promise((resolve) => setImmediate(resolve));
    return;
  }
  const database = backend.database;
  if (!database) throw new Error('no Postgres test database');
  await until(async () => entered() || (await advisoryLockWaiters(database)) > 0);
}

/** The settings part of a team row, as updateTeamSettings takes it. */
function settingsOf(team: Team): TeamSettings {
  const { channelId, timezone, weeklyDay, weeklyMinutes, fiscalYearStartMonth, currency, defaultWinRate, periodKind } =
    team;
  return { channelId, timezone, weeklyDay, weeklyMinutes, fiscalYearStartMonth, currency, defaultWinRate, periodKind };
}

describeBackends('store', (use, backend) => {
  it('leaves nothing behind when a transaction throws', async () => {
    const store = use();
    const failing = store.transaction(
      async (tx) => {
        await tx.teams.ensureTeam(T1);
        await tx.teams.setTeamChannel(T1, 'C1');
        throw new Error('boom');
      },
      { teamId: T1 },
    );
    await expect(failing).rejects.toThrow('boom');
    expect(await store.teams.getTeam(T1)).toBeUndefined();
  });

  it('commits what a transaction wrote when it resolves, and returns its result', async () => {
    const store = use();
    const result = await store.transaction(async (tx) => (await tx.teams.ensureTeam(T1)).id, { teamId: T1 });
    expect(result).toBe(T1);
    expect(await store.teams.getTeam(T1)).toMatchObject({ id: T1 });
  });

  it('rolls back a nested transaction that throws alone, keeping the outer one', async () => {
    const store = use();
    await store.transaction(async (tx) => {
      await tx.teams.ensureTeam(T1);
      const inner = tx.transaction(async (nested) => {
        await nested.teams.ensureTeam(T2);
        await nested.teams.setTeamChannel(T1, 'C-inner');
        throw new Error('inner');
      });
      await expect(inner).rejects.toThrow('inner');
      // Inside the outer transaction, the savepoint's writes are gone and the outer one's are still there.
      expect(await tx.teams.getTeam(T2)).toBeUndefined();
      expect(await tx.teams.getTeam(T1)).toMatchObject({ channelId: null });
      await tx.transaction(async (nested) => nested.teams.setTeamChannel(T1, 'C-kept'));
    });
    expect(await store.teams.getTeam(T2)).toBeUndefined();
    expect(await store.teams.getTeam(T1)).toMatchObject({ id: T1, channelId: 'C-kept' });
  });

  it("rolls back a committed nested transaction with the outer one's failure", async () => {
    const store = use();
    const failing = store.transaction(async (tx) => {
      await tx.transaction(async (nested) => {
        await nested.teams.ensureTeam(T2);
      });
      throw new Error('outer');
    });
    await expect(failing).rejects.toThrow('outer');
    expect(await store.teams.getTeam(T2)).toBeUndefined();
  });

  it('runs two transactions of one team one after the other, so a read-modify-write loses no update', async () => {
    const store = use();
    await store.teams.ensureTeam(T1);
    const events: string[] = [];
    const firstRead = signal();
    const releaseFirst = signal();

    /** Reads the team's weekly minutes, then writes them back plus one: two at once would both read 540. */
    const increment = (label: string, pause: Promise<void> | null) =>
      store.transaction(
        async (tx) => {
          events.push(`${label} enters`);
          const team = await tx.teams.ensureTeam(T1);
          if (pause !== null) {
            firstRead.fire();
            await pause;
          }
          await tx.teams.updateTeamSettings(T1, { ...settingsOf(team), weeklyMinutes: team.weeklyMinutes + 1 });
          events.push(`${label} leaves`);
        },
        { teamId: T1 },
      );

    const first = increment('first', releaseFirst.promise);
    await firstRead.promise;
    const second = increment('second', null);
    await queuedOrEntered(backend, () => events.includes('second enters'));
    releaseFirst.fire();
    await Promise.all([first, second]);

    expect(events).toEqual(['first enters', 'first leaves', 'second enters', 'second leaves']);
    expect(await store.teams.getTeam(T1)).toMatchObject({ weeklyMinutes: 542 });
  });

  it('does not show the root store rows a transaction has not committed', async () => {
    const store = use();
    const written = signal();
    const release = signal();
    const failing = store.transaction(async (tx) => {
      await tx.teams.ensureTeam(T1);
      written.fire();
      await release.promise;
      throw new Error('rolled back');
    });
    await written.promise;
    // Issued while the transaction is open: SQLite answers it after the rollback, Postgres from another connection.
    const read = store.teams.getTeam(T1);
    release.fire();
    await expect(failing).rejects.toThrow('rolled back');
    expect(await read).toBeUndefined();
  });

  it('has a value cache per name on the root store and none inside a transaction', async () => {
    const store = use();
    const cache = store.cache<number>('cards');
    expect(cache).toBeInstanceOf(Map);
    cache?.set('k', 1);
    expect(store.cache<number>('cards')?.get('k')).toBe(1);
    expect(store.cache<number>('views')?.get('k')).toBeUndefined();
    await store.transaction(async (tx: Store) => {
      expect(tx.cache('cards')).toBeNull();
      await tx.transaction(async (nested) => {
        expect(nested.cache('cards')).toBeNull();
      });
    });
  });

  it('reads one snapshot in a read-only transaction, whatever commits meanwhile', async () => {
    const store = use();
    await store.teams.ensureTeam(T1);
    let committed: Promise<void> | undefined;
    const seen = await store.transaction(
      async (tx) => {
        const before = (await tx.teams.getTeam(T1))?.channelId;
        committed = store.teams.setTeamChannel(T1, 'C-later');
        // Postgres commits it now, on another connection; SQLite holds it until this transaction ends.
        if (backend.dialect === 'postgres') await committed;
        return [before, (await tx.teams.getTeam(T1))?.channelId];
      },
      { readOnly: true },
    );
    await committed;
    expect(seen).toEqual([null, null]);
    expect(await store.teams.getTeam(T1)).toMatchObject({ channelId: 'C-later' });
  });

  it('names its dialect', () => {
    expect(use().dialect).toBe(backend.dialect);
  });
});

describe('postgres int8 parsing', () => {
  it('reads int8 as a number, and refuses one a number would round', () => {
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseInt8('-42')).toBe(-42);
    expect(() => parseInt8('9007199254740993')).toThrow(RangeError);
  });
});

describe.skipIf(!testDatabaseUrl())('postgres store: opening', () => {
  const made: TestDatabase[] = [];
  afterEach(async () => {
    for (const database of made.splice(0)) await database.drop();
  });

  const journalEntries = (): number =>
    (JSON.parse(readFileSync(`${PG_MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: unknown[] }).entries
      .length;

  it('migrates a new database once when two replicas open it at the same time (openStore with a url)', async () => {
    const database = await createTestDatabase('empty');
    made.push(database);
    const [a, b] = await Promise.all([
      openStore({ url: database.url, poolSize: 2 }),
      openStore({ url: database.url, poolSize: 2 }),
    ]);
    try {
      expect([a.dialect, b.dialect]).toEqual(['postgres', 'postgres']);
      expect(await appliedMigrationCount((a as PgStore).pool)).toBe(journalEntries());
      await a.teams.ensureTeam(T1);
      expect(await b.teams.getTeam(T1)).toMatchObject({ id: T1, dealsVersion: 0 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('returns counts and sums of bigint columns as numbers', async () => {
    const database = await createTestDatabase('clone');
    made.push(database);
    const store = await openPgStore(database.url, { poolSize: 1 });
    try {
      await store.teams.ensureTeam(T1);
      const { rows } = await store.pool.query('select count(*) as n, sum(deals_version + 7) as total from teams');
      expect(rows).toEqual([{ n: 1, total: 7 }]);
    } finally {
      await store.close();
    }
  });

  it('logs the loss of an idle pooled connection instead of crashing, and carries on', async () => {
    const database = await createTestDatabase('clone');
    made.push(database);
    const errors: Error[] = [];
    const store = await openPgStore(database.url, { poolSize: 1, onError: (error) => errors.push(error) });
    try {
      const { rows } = await store.pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      await adminQuery(testDatabaseUrl() as string, 'select pg_terminate_backend($1)', [rows[0]?.pid]);
      await until(() => errors.length > 0);
      expect(errors[0]?.message).toMatch(/terminat/);
      await store.teams.ensureTeam(T1);
      expect(await store.teams.getTeam(T1)).toMatchObject({ id: T1 });
    } finally {
      await store.close();
    }
  });

  it('fails a transaction that waits on its own team lock after the lock timeout, instead of hanging', async () => {
    const database = await createTestDatabase('clone');
    made.push(database);
    const store = await openPgStore(database.url, { poolSize: 2 });
    try {
      // The bug this guards against: work that uses the root store, not its own, for another transaction of the team.
      const selfDeadlock = store.transaction(
        () => store.transaction(async (other) => other.teams.ensureTeam(T1), { teamId: T1 }),
        { teamId: T1 },
      );
      await expect(selfDeadlock).rejects.toMatchObject({ cause: { code: '55P03' } });
      expect(await store.teams.getTeam(T1)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('fails a root call that waits on a row its caller’s transaction holds, instead of hanging the team', async () => {
    const database = await createTestDatabase('clone');
    made.push(database);
    const store = await openPgStore(database.url, { poolSize: 2 });
    try {
      await store.teams.ensureTeam(T1);
      // The transaction marks the team's change log (a row lock till it ends); the root call then writes that row too.
      const selfDeadlock = store.transaction(
        async (tx) => {
          await tx.reps.ensureRep(T1, 'U1');
          await store.reps.ensureRep(T1, 'U2');
        },
        { teamId: T1 },
      );
      await expect(selfDeadlock).rejects.toMatchObject({ cause: { code: '55P03' } });
      // Nothing of it stayed, and the team is not left locked: the next write goes through.
      expect(await store.reps.getRep(T1, 'U1')).toBeUndefined();
      await store.transaction((tx) => tx.reps.ensureRep(T1, 'U3'), { teamId: T1 });
      expect(await store.reps.getRep(T1, 'U3')).toMatchObject({ userId: 'U3' });
    } finally {
      await store.close();
    }
  });

  it('warns about a database that does not sort text byte-wise, and not about a C one', async () => {
    const icu = await createTestDatabase('icu-en-US');
    const plain = await createTestDatabase('clone');
    made.push(icu, plain);
    const warnings: string[] = [];
    for (const { url } of [icu, plain]) {
      const store = await openPgStore(url, { poolSize: 1, onWarning: (message) => warnings.push(message) });
      await store.close();
    }
    expect(warnings).toEqual([expect.stringContaining(`${icu.name} has collation ICU en-US`)]);
  });
});
