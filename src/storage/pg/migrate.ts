/**
 * Applies the Postgres migrations (migrations/pg, drizzle-kit's output for src/storage/pg/schema.ts). Replicas
 * start together: each would read the same "last applied" row and run the same DDL at once, so the whole run
 * holds a session advisory lock on one dedicated connection. The second replica waits, then finds nothing to do.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';

/** Beside the SQLite folder (src/db/connection.ts's MIGRATIONS_FOLDER), from src/storage/pg or dist/storage/pg. */
export const PG_MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations/pg');

/** The advisory lock key of a migration run: any fixed bigint no other lock of the app uses (those are hashes). */
export const MIGRATION_LOCK_KEY = '7215300541914';

/** Applies every pending migration, one process at a time. */
export async function migratePostgres(pool: pg.Pool, migrationsFolder = PG_MIGRATIONS_FOLDER): Promise<void> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    // A replica starting beside another waits for its migrations however long they take (the pool's connections
    // give up on a lock after LOCK_TIMEOUT; this one must not).
    await client.query('set lock_timeout = 0');
    await client.query('select pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle(client), { migrationsFolder });
    await client.query('select pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await client.query('reset lock_timeout');
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // After a failure the connection may still hold the lock: destroying it ends the session, which frees it.
    client.release(failure);
  }
}

/** How many migrations the database has applied (0 before the first run), for `cli migrate`. */
export async function appliedMigrationCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ count: number | null }>(
    `select case when to_regclass('drizzle.__drizzle_migrations') is null then 0
       else (select count(*) from drizzle.__drizzle_migrations) end as count`,
  );
  return Number(rows[0]?.count ?? 0);
}
