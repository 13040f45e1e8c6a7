/**
 * Statements written by hand and prepared once per connection, for the scheduler pass's hot paths (sends.ts,
 * due-reps.ts): there drizzle's query building, placeholder filling and row mapping cost more than SQLite's own
 * work. Cached on the better-sqlite3 connection itself, so the root database, the Store's transaction wrapper
 * and a drizzle transaction on one connection share them (a statement runs inside whatever transaction is open on
 * its connection).
 */
import type Database from 'better-sqlite3';
import type { Db } from './connection.js';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

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
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  let statement = cache.get(name);
  if (!statement) {
    statement = client.prepare(text);
    cache.set(name, statement);
  }
  return statement;
}
