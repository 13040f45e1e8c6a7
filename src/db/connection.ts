import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { CLI_BUSY_TIMEOUT_MS } from './busy.js';
import { enableStatementCache } from './prepared.js';
import * as schema from './schema.js';

/** The database or a transaction on it: every query function takes either. */
export type Db = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

export interface Storage {
  db: Db;
  /** The raw connection, for pragmas, backups and hand-prepared hot-path statements. */
  sqlite: Database.Database;
  close(): void;
}

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/**
 * Opens (creating if needed) the database, sets the pragmas the server and the CLI
 * rely on to share one file, and applies pending migrations. The busy timeout defaults to the CLI's.
 */
export function openStorage(path: string, options: { busyTimeoutMs?: number } = {}): Storage {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // The longest a locked write blocks this process; the server keeps it short and retries (busy.ts).
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? CLI_BUSY_TIMEOUT_MS))}`);
  const db = drizzle(sqlite, { schema });
  applyMigrations(sqlite, db);
  enableStatementCache(db);
  return {
    db,
    sqlite,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * Foreign keys are switched off around migrate(): inside its transaction the pragma
 * is a no-op, and a table rebuild would otherwise cascade-delete child rows.
 */
function applyMigrations(sqlite: Database.Database, db: ReturnType<typeof drizzle<typeof schema>>): void {
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const violations = sqlite.pragma('foreign_key_check') as unknown[];
  if (violations.length > 0) {
    throw new Error(
      `Migrations left ${violations.length} foreign key violation(s); the database was not changed further.`,
    );
  }
  sqlite.pragma('foreign_keys = ON');
}
