/**
 * Prepared statements for the hot paths (the status card, the scheduler pass), built once
 * per database connection instead of on every call: building a drizzle query and
 * preparing it in SQLite cost far more than running it.
 *
 * Only the connection's root database object caches (registered by openStorage). Inside a
 * transaction the same functions are called with the transaction object, which has no
 * cache: they then build and prepare as before. Statements prepared on the root run fine
 * inside a transaction, since better-sqlite3 has one connection and a transaction is just
 * BEGIN … COMMIT on it.
 */
import type Database from 'better-sqlite3';
import type { Db } from './connection.js';

const caches = new WeakMap<Db, Map<string, unknown>>();

export function enableStatementCache(db: Db): void {
  caches.set(db, new Map());
}

export function prepared<P>(db: Db, key: string, build: (db: Db) => { prepare(): P }): P {
  const cache = caches.get(db);
  if (!cache) return build(db).prepare();
  let statement = cache.get(key) as P | undefined;
  if (statement === undefined) {
    statement = build(db).prepare();
    cache.set(key, statement);
  }
  return statement;
}

const valueCaches = new WeakMap<Db, Map<string, Map<string, unknown>>>();

/**
 * A named cache of values that lives as long as the connection, or null inside a transaction
 * (whose reads may see its own uncommitted writes, which must never be cached).
 */
export function connectionCache<V>(db: Db, name: string): Map<string, V> | null {
  if (!caches.has(db)) return null;
  let byName = valueCaches.get(db);
  if (!byName) {
    byName = new Map();
    valueCaches.set(db, byName);
  }
  let cache = byName.get(name) as Map<string, V> | undefined;
  if (!cache) {
    cache = new Map();
    byName.set(name, cache as Map<string, unknown>);
  }
  return cache;
}

/**
 * `compute()` once per connection, cache name and key (keeping at most `limit` keys), or every time inside a
 * transaction. The key must name everything the value depends on (a team's deals version, the dates).
 */
export function cachedOnConnection<V>(db: Db, name: string, key: string, limit: number, compute: () => V): V {
  const cache = connectionCache<V>(db, name);
  const hit = cache?.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (cache) {
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
  }
  return value;
}

/**
 * Statements written by hand, for the scheduler pass's hottest statements (sends.ts, due-reps.ts), where drizzle's
 * query building, placeholder filling and row mapping cost more than SQLite's own work. Cached on the
 * better-sqlite3 connection itself, unlike `prepared`: the root database, the Store's transaction wrapper and a
 * drizzle transaction on one connection share them (a statement runs inside whatever transaction is open on its
 * connection).
 */
const rawCaches = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const immediates = new WeakMap<Database.Database, Database.Transaction<(work: () => unknown) => unknown>>();

/** The connection under a drizzle database: `$client` on a root one, its session's client on a drizzle transaction. */
export function connectionOf(db: Db): Database.Database {
  const wrapped = db as unknown as { $client?: Database.Database; session?: { client?: Database.Database } };
  const client = wrapped.$client ?? wrapped.session?.client;
  if (!client) throw new Error('no SQLite connection under this database object');
  return client;
}

/** The statement named `name` on the database's connection, prepared from `text` the first time. */
export function statementOn(db: Db, name: string, text: string): Database.Statement {
  const client = connectionOf(db);
  let cache = rawCaches.get(client);
  if (!cache) {
    cache = new Map();
    rawCaches.set(client, cache);
  }
  let statement = cache.get(name);
  if (!statement) {
    statement = client.prepare(text);
    cache.set(name, statement);
  }
  return statement;
}

/** Runs `work` in an immediate transaction on the database's connection (a savepoint inside one already open). */
export function immediateOn<T>(db: Db, work: () => T): T {
  const client = connectionOf(db);
  let run = immediates.get(client);
  if (!run) {
    run = client.transaction((inner: () => unknown) => inner());
    immediates.set(client, run);
  }
  return run.immediate(work) as T;
}
