/**
 * The Store on SQLite: each repository function is today's synchronous src/db function with the database
 * bound, answered as a resolved promise. The hot paths run the same prepared statements and caches as before;
 * an `await` on them never reaches the event loop.
 *
 * Transactions. better-sqlite3 has one connection and refuses an async transaction function, so an async
 * transaction is BEGIN IMMEDIATE … COMMIT on that connection behind a gate: while one is open, every other
 * call of this process (root calls and other transactions) waits for it, so no other request's statement lands
 * inside it and nothing reads its uncommitted rows. Inside, the repositories are bound to a second drizzle
 * wrapper of the connection that has no statement or value caches; the modules' own nested transactions
 * become savepoints.
 */
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db, Storage } from '../db/connection.js';
import { connectionCache } from '../db/prepared.js';
import * as schema from '../db/schema.js';
import { bindModules, SQLITE_MODULES } from './modules.js';
import type { Repositories, RootStore, Store, TransactionOptions } from './types.js';

/** A root call waiting longer than this on an open transaction is a bug (the root store used inside one). */
export const GATE_WAIT_LIMIT_MS = 5000;

/** The SQLite store also hands out the synchronous database, for SQLite-only work (seeding, backups, tests). */
export interface SqliteStore extends RootStore {
  readonly dialect: 'sqlite';
  readonly db: Db;
  readonly sqlite: Database.Database;
}

class Gate {
  private current: Promise<void> | null = null;
  private release: (() => void) | null = null;

  get closed(): boolean {
    return this.current !== null;
  }

  /** Waits until no transaction is open; throws after GATE_WAIT_LIMIT_MS. */
  async opened(): Promise<void> {
    const deadline = Date.now() + GATE_WAIT_LIMIT_MS;
    while (this.current !== null) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `Storage waited ${GATE_WAIT_LIMIT_MS} ms for a transaction to end: the root store was used inside a ` +
            'transaction (use the transaction store passed to the work), or the work awaited something slow.',
        );
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.current,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, remaining);
        }),
      ]);
      clearTimeout(timer);
    }
  }

  /** Closes the gate for one transaction; the caller must call the returned function exactly once. */
  async close(): Promise<() => void> {
    // Re-checked after each wait: another transaction may have closed it between the wake-up and now.
    while (this.current !== null) await this.opened();
    this.current = new Promise<void>((resolve) => {
      this.release = resolve;
    });
    return () => {
      const release = this.release;
      this.current = null;
      this.release = null;
      release?.();
    };
  }
}

/** Calls `fn(db, …)` now when the gate is open, after it opens otherwise; a throw becomes a rejection. */
function gated(gate: Gate, db: Db) {
  return (fn: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): Promise<unknown> => {
      if (gate.closed) return afterGate(gate, () => fn(db, ...args));
      try {
        return Promise.resolve(fn(db, ...args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
}

async function afterGate(gate: Gate, run: () => unknown): Promise<unknown> {
  // The check and the call run in one synchronous step, so no transaction can open between them.
  while (gate.closed) await gate.opened();
  return run();
}

/** Inside the transaction: no gate, the cache-less database. */
function direct(db: Db) {
  return (fn: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): Promise<unknown> => {
      try {
        return Promise.resolve(fn(db, ...args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
}

const asModules = SQLITE_MODULES as unknown as Record<string, Record<string, unknown>>;

/** Wraps an opened SQLite database (openStorage) as the app's Store. Closing the store closes the database. */
export function sqliteStore(storage: Storage): SqliteStore {
  const { db, sqlite } = storage;
  const gate = new Gate();
  const txDb: Db = drizzle(sqlite, { schema });
  let savepoints = 0;

  const txStore: Store = {
    dialect: 'sqlite',
    ...bindModules<Repositories>(asModules, direct(txDb)),
    cache: () => null,
    async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
      const name = `focus_sp_${++savepoints}`;
      sqlite.exec(`SAVEPOINT ${name}`);
      try {
        const result = await work(txStore);
        sqlite.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        sqlite.exec(`ROLLBACK TO ${name}`);
        sqlite.exec(`RELEASE ${name}`);
        throw error;
      }
    },
  };

  return {
    dialect: 'sqlite',
    db,
    sqlite,
    ...bindModules<Repositories>(asModules, gated(gate, db)),
    cache: <V>(name: string) => connectionCache<V>(db, name),
    async transaction<T>(work: (tx: Store) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      const open = await gate.close();
      try {
        sqlite.exec(options.readOnly ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE');
        try {
          const result = await work(txStore);
          sqlite.exec('COMMIT');
          return result;
        } catch (error) {
          if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
          throw error;
        }
      } finally {
        savepoints = 0;
        open();
      }
    },
    async appliedMigrations() {
      const row = sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
      return row.n;
    },
    async close() {
      await gate.opened().catch(() => undefined);
      storage.close();
    },
  };
}
