import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type Storage } from '../../src/db/connection.js';
import { type SqliteStore, sqliteStore } from '../../src/storage/sqlite.js';

/**
 * A real SQLite file with the real migrations, in its own temp folder; remove() deletes it. `store` is the same
 * database as the app's async Store; `db` and `sqlite` reach it synchronously, for setting up and checking.
 */
export function tempStorage(): Storage & { path: string; dir: string; store: SqliteStore; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'focus-test-'));
  const path = join(dir, 'focus.db');
  const storage = openStorage(path);
  return {
    ...storage,
    store: sqliteStore(storage),
    path,
    dir,
    remove() {
      storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TempStorage = ReturnType<typeof tempStorage>;

/** A migrated database file in its own temp folder, closed at once: for a process or an app of its own to open. */
export function tempDatabaseFile(): TempStorage {
  const temp = tempStorage();
  temp.close();
  return temp;
}

/** Every row of every table, so "writes nothing" means nothing: change marks and id sequences included. */
export function everyRow(sqlite: Storage['sqlite']): Record<string, unknown[]> {
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as {
    name: string;
  }[];
  return Object.fromEntries(tables.map(({ name }) => [name, sqlite.prepare(`select * from "${name}"`).all()]));
}
