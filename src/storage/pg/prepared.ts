/**
 * Named prepared statements for the hot paths on PostgreSQL, the twin of src/db/prepared.ts: the drizzle query is
 * built once per database object instead of on every call (building it cost more of the server's CPU than the
 * round trip), and PostgreSQL parses and plans it once per connection (node-postgres prepares a named statement
 * on each pooled connection the first time that connection runs it).
 *
 * A transaction is another database object: its statements are built once per transaction, under the same
 * names, and node-postgres reuses a name its connection has prepared already (the text is the same).
 */
import type { PgDb } from './db.js';

const caches = new WeakMap<PgDb, Map<string, unknown>>();

export function preparedOn<P>(db: PgDb, name: string, build: (db: PgDb) => { prepare(name: string): P }): P {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(name) as P | undefined;
  if (statement === undefined) {
    statement = build(db).prepare(name);
    cache.set(name, statement);
  }
  return statement;
}
