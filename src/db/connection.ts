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
 * rely on to share one file, applies pending migrations, and makes sure it can be written:
 * a file it could only read is refused here, with its path, rather than failing every write
 * later. The busy timeout defaults to the CLI's; opening may wait as long as the CLI would.
 */
export function openStorage(path: string, options: { busyTimeoutMs?: number } = {}): Storage {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path);
  } catch (error) {
    throw unwritable(path, error) ?? error;
  }
  let db: ReturnType<typeof drizzle<typeof schema>>;
  try {
    sqlite.pragma(`busy_timeout = ${CLI_BUSY_TIMEOUT_MS}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    db = drizzle(sqlite, { schema });
    applyMigrations(sqlite, db);
    probeWrite(sqlite);
  } catch (error) {
    sqlite.close();
    throw unwritable(path, error) ?? error;
  }
  // The longest a locked write blocks this process; the server keeps it short and retries (busy.ts).
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? CLI_BUSY_TIMEOUT_MS))}`);
  enableStatementCache(db);
  return {
    db,
    sqlite,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** A write that is rolled back: SQLite opens a file it may only read without a word, and refuses at the first write. */
function probeWrite(sqlite: Database.Database): void {
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    sqlite.exec('CREATE TABLE focus_write_probe (x)');
  } finally {
    sqlite.exec('ROLLBACK');
  }
}

/** SQLite's answers for a file, or a folder (WAL keeps two files beside the database), that cannot be written. */
const UNWRITABLE = /^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/;

/** The error to report for a database that cannot be written, naming its path; null for any other failure. */
function unwritable(path: string, error: unknown): Error | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !UNWRITABLE.test(code)) return null;
  return new Error(
    `The database ${resolve(path)} cannot be written (${code}). Give this process write access to the file ` +
      'and its folder (SQLite keeps its -wal and -shm files beside it), or set DATABASE_PATH to a writable place.',
    { cause: error },
  );
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
