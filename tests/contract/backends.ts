/**
 * The contract suite runs every body twice: on SQLite and on Postgres, through the Store interface alone.
 *
 *   describeBackends('deals', (use) => {
 *     it('records a win', async () => { const store = use(); … });
 *   });
 *
 * Each test gets an empty, migrated store from `use()`. SQLite: a new temp file per test, removed after it.
 * Postgres: one database per test file, cloned from the run's migrated template, emptied before each test
 * (every table, the change log included, ids restarted) and dropped after the file. Without TEST_DATABASE_URL the
 * Postgres half is listed as skipped, with the reason in its name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { openStore } from '../../src/storage/open.js';
import { openPgStore, type PgStore, pgStore } from '../../src/storage/pg/store.js';
import type { Dialect, RootStore, Store } from '../../src/storage/types.js';
import { cloneTemplate, PG_SKIP_REASON, type TestDatabase, testDatabaseUrl, truncateStatement } from '../support/pg.js';

/** What a body may need beyond the store: which back end it runs on, and the Postgres database's name. */
export interface Backend {
  readonly dialect: Dialect;
  /** The Postgres test database (for pg_locks and the like); undefined on SQLite. */
  readonly database: string | undefined;
}

export function describeBackends(name: string, body: (use: () => Store, backend: Backend) => void): void {
  describe(`${name} [sqlite]`, () => {
    body(sqliteStores(), { dialect: 'sqlite', database: undefined });
  });
  if (!testDatabaseUrl()) {
    describe.skip(`${name} [postgres] (${PG_SKIP_REASON})`, () => {
      body(
        () => {
          throw new Error(PG_SKIP_REASON);
        },
        { dialect: 'postgres', database: undefined },
      );
    });
    return;
  }
  const file = fileDatabase();
  describe(`${name} [postgres]`, () => {
    body(postgresStores(file), {
      dialect: 'postgres',
      get database() {
        return file.current?.database.name;
      },
    });
  });
}

/** A store per test on a new SQLite file; `use()` returns the current test's. */
function sqliteStores(): () => Store {
  let current: { store: RootStore; dir: string } | null = null;
  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'focus-contract-'));
    current = { store: await openStore({ path: join(dir, 'focus.db') }), dir };
  });
  afterEach(async () => {
    const done = current;
    current = null;
    if (!done) return;
    await done.store.close();
    rmSync(done.dir, { recursive: true, force: true });
  });
  return () => {
    if (!current) throw new Error('use() is for inside a test (or a beforeEach hook after the harness)');
    return current.store;
  };
}

interface FileDatabase {
  current: { database: TestDatabase; store: PgStore; truncate: string } | null;
  open(): Promise<NonNullable<FileDatabase['current']>>;
}

/**
 * The test file's Postgres database, made on first use and dropped after the file. A file calling describeBackends
 * several times shares it (each call's suites run one after another, emptying it before each test).
 */
let shared: FileDatabase | null = null;

function fileDatabase(): FileDatabase {
  if (shared) return shared;
  const file: FileDatabase = {
    current: null,
    async open() {
      if (file.current) return file.current;
      const database = await cloneTemplate();
      try {
        // Two connections: a transaction and one concurrent read or transaction, per file, across all workers.
        const store = await openPgStore(database.url, { poolSize: 2 });
        file.current = { database, store, truncate: await truncateStatement(store.pool) };
      } catch (error) {
        await database.drop();
        throw error;
      }
      return file.current;
    },
  };
  shared = file;
  // Registered where describeBackends is called (the file's top level): after every suite of the file.
  afterAll(async () => {
    const done = file.current;
    file.current = null;
    shared = null;
    if (!done) return;
    await done.store.close();
    await done.database.drop();
  });
  return file;
}

/** A store per test on the file's database, emptied first; each test's store has its own value caches. */
function postgresStores(file: FileDatabase): () => Store {
  let current: Store | null = null;
  beforeAll(async () => {
    await file.open();
  });
  beforeEach(async () => {
    const { store, truncate } = await file.open();
    await store.pool.query(truncate);
    current = pgStore(store.pool);
  });
  afterEach(() => {
    current = null;
  });
  return () => {
    if (!current) throw new Error('use() is for inside a test (or a beforeEach hook after the harness)');
    return current;
  };
}
