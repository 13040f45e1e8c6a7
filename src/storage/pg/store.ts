/**
 * The Store on Postgres: each repository function is its pg twin (src/storage/pg/<module>.ts) with the database
 * bound. Root calls each take a pooled connection for their statement; a transaction holds one for its length.
 *
 * Transactions run at READ COMMITTED. With a `teamId` the first statement takes that team's transaction-scoped
 * advisory lock, so one team's writes run one at a time, as all writes do on SQLite: the modules' read-modify-write
 * steps (ensureRep, setPlan, setQuota…) stay correct without row locks. Read-only ones are a REPEATABLE READ
 * snapshot (export, copy verification). Every connection's `lock_timeout` (connection.ts) bounds each lock wait
 * at 5 s, so work that deadlocks itself (calling the root store, which waits for a lock its own transaction holds)
 * fails with 55P03 instead of hanging two pool connections and the team's lock for ever.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgTransactionConfig } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { bindModules } from '../modules.js';
import type { Repositories, RootStore, Store, TransactionOptions } from '../types.js';
import { collationWarning, openPool } from './connection.js';
import type { PgDb } from './db.js';
import { appliedMigrationCount, migratePostgres } from './migrate.js';
import { PG_MODULES } from './modules.js';
import * as schema from './schema.js';

/** The Postgres store also hands out its pool and database, for Postgres-only work (copy, cli migrate, tests). */
export interface PgStore extends RootStore {
  readonly dialect: 'postgres';
  readonly pool: pg.Pool;
  readonly db: PgDb;
}

export interface PgStoreOptions {
  /** The pool's size (default 10). */
  poolSize?: number;
  /** Where a warning about the database goes (its collation); default stderr. */
  onWarning?: (message: string) => void;
  /** Where an idle pooled connection's error goes; default stderr. */
  onError?: (error: Error) => void;
}

const WRITE: PgTransactionConfig = { isolationLevel: 'read committed', accessMode: 'read write' };
const READ_ONLY: PgTransactionConfig = { isolationLevel: 'repeatable read', accessMode: 'read only' };

const asModules = PG_MODULES as unknown as Record<string, Record<string, unknown>>;

/** Opens a pool on `url`, applies pending migrations (one replica at a time) and returns the store. */
export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
  const pool = openPool(url, { max: options.poolSize, onError: options.onError });
  try {
    await migratePostgres(pool);
    const warning = await collationWarning(pool);
    if (warning) (options.onWarning ?? ((message) => console.warn(message)))(warning);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pgStore(pool);
}

/** Wraps a pool on a migrated database as the app's Store. Closing the store ends the pool. */
export function pgStore(pool: pg.Pool): PgStore {
  const db: PgDb = drizzle(pool, { schema });
  const caches = new Map<string, Map<string, unknown>>();
  let closed: Promise<void> | null = null;
  return {
    dialect: 'postgres',
    pool,
    db,
    ...bindModules<Repositories>(asModules, bound(db)),
    cache<V>(name: string): Map<string, V> {
      let cache = caches.get(name);
      if (!cache) {
        cache = new Map();
        caches.set(name, cache);
      }
      return cache as Map<string, V>;
    },
    transaction<T>(work: (tx: Store) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      return db.transaction(
        async (tx) => {
          if (options.teamId !== undefined) await lockTeam(tx, options.teamId);
          return work(transactionStore(tx));
        },
        options.readOnly ? READ_ONLY : WRITE,
      );
    },
    appliedMigrations: () => appliedMigrationCount(pool),
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}

/** The store inside a transaction: the same repositories on its connection, no value caches, savepoints when nested. */
function transactionStore(tx: PgDb): Store {
  return {
    dialect: 'postgres',
    ...bindModules<Repositories>(asModules, bound(tx)),
    cache: () => null,
    transaction<T>(work: (inner: Store) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      return tx.transaction(async (savepoint) => {
        // Held until the outer transaction ends (or this savepoint rolls back); taking it twice does not block.
        if (options.teamId !== undefined) await lockTeam(savepoint, options.teamId);
        return work(transactionStore(savepoint));
      });
    },
  };
}

/** Waits for the team's advisory lock, held until the transaction ends. */
async function lockTeam(tx: PgDb, teamId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${teamId}, 0))`);
}

/** Calls `fn(db, …)`; a synchronous throw becomes a rejection, as the SQLite binding does. */
function bound(db: PgDb) {
  return (fn: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): Promise<unknown> => {
      try {
        return Promise.resolve(fn(db, ...args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
}
