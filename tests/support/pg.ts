/**
 * The Postgres side of the tests. TEST_DATABASE_URL names a server (and a database on it to connect to for
 * administration); without it the Postgres halves are skipped. A run (pg-global-setup.ts) migrates one template
 * database, focus_t_<runId>_tmpl; each test file clones it (CREATE DATABASE … TEMPLATE, tens of milliseconds
 * against a second or so for migrating) and drops its clone at the end. Everything this run creates is named
 * focus_t_<runId>_…, so the run's teardown can drop whatever a crashed file left, and never touches another run's.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's database name prefix part; empty when there is no TEST_DATABASE_URL. */
    pgRunId: string;
  }
}

/** The server's address for tests, or undefined: Postgres halves are then skipped. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? url : undefined;
}

/** Whether this is a CI run, which must not skip the Postgres halves. */
export function isCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/** Why the Postgres halves are skipped, shown in the suite's name. */
export const PG_SKIP_REASON = 'skipped: set TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test to run it';

/** A new run id: lower-case letters and digits, short enough for 63-byte database names. */
export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function templateName(runId: string): string {
  return `focus_t_${runId}_tmpl`;
}

/** The same server and credentials as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Runs one administrative statement (CREATE/DROP DATABASE: never inside a transaction) on its own connection. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Drops every database of run `runId` (the template and any clone a crashed file left). */
export async function dropRunDatabases(url: string, runId: string): Promise<string[]> {
  const rows = await adminQuery<{ datname: string }>(
    url,
    "select datname from pg_database where datname like $1 escape '\\'",
    [`focus\\_t\\_${runId}\\_%`],
  );
  for (const { datname } of rows) {
    await adminQuery(url, `drop database if exists ${quoteIdent(datname)} with (force)`);
  }
  return rows.map((row) => row.datname);
}

/** Runs older than this whose databases remain were killed before their teardown (a timeout, ^C). */
export const STALE_RUN_AGE_MS = 24 * 60 * 60 * 1000;

/** When run `runId` started (newRunId puts the time first), or NaN for a name not made by newRunId. */
export function runStartedAt(runId: string): number {
  return /^[0-9a-z]+$/.test(runId) && runId.length > 6 ? Number.parseInt(runId.slice(0, -6), 36) : Number.NaN;
}

/**
 * Drops the databases of runs that started over a day ago and were never torn down. Without FORCE: a database
 * still in use, however old, is left alone, and so is any failure (another run may be dropping it too).
 */
export async function dropStaleRunDatabases(url: string, now = Date.now()): Promise<void> {
  const rows = await adminQuery<{ datname: string }>(
    url,
    "select datname from pg_database where datname like 'focus\\_t\\_%' escape '\\'",
  );
  for (const { datname } of rows) {
    const runId = datname.split('_')[2] ?? '';
    if (!(now - runStartedAt(runId) > STALE_RUN_AGE_MS)) continue;
    await adminQuery(url, `drop database if exists ${quoteIdent(datname)}`).catch(() => undefined);
  }
}

/** A database of this run, cloned from its migrated template; drop() removes it. */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Clones the run's template into a new database for one test file. */
export function cloneTemplate(): Promise<TestDatabase> {
  return createTestDatabase('clone');
}

/**
 * A new database of this run: a clone of the migrated template, an empty one (for tests of migrating), or an empty
 * one that sorts text by ICU's en-US rules (for the collation warning).
 */
export async function createTestDatabase(kind: 'clone' | 'empty' | 'icu-en-US'): Promise<TestDatabase> {
  const server = testDatabaseUrl();
  if (!server) throw new Error('TEST_DATABASE_URL is not set');
  const runId = inject('pgRunId');
  if (!runId) {
    throw new Error(
      'TEST_DATABASE_URL is set but no template database was made: run through vitest.config.ts, whose ' +
        'globalSetup (tests/support/pg-global-setup.ts) migrates it.',
    );
  }
  const name = `focus_t_${runId}_${randomBytes(4).toString('hex')}`;
  const options = {
    clone: `template ${quoteIdent(templateName(runId))}`,
    empty: '',
    'icu-en-US': "template template0 locale_provider icu icu_locale 'en-US'",
  }[kind];
  await adminQuery(server, `create database ${quoteIdent(name)} ${options}`);
  return {
    name,
    url: databaseUrl(server, name),
    drop: async () => {
      await adminQuery(server, `drop database if exists ${quoteIdent(name)} with (force)`);
    },
  };
}

/** The statement that empties every app table and restarts its ids (the migrations' own table is in `drizzle`). */
export async function truncateStatement(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ tablename: string }>(
    "select tablename from pg_tables where schemaname = 'public' order by tablename",
  );
  if (rows.length === 0) throw new Error('The test database has no tables: was the template migrated?');
  return `truncate table ${rows.map((row) => quoteIdent(row.tablename)).join(', ')} restart identity cascade`;
}

/** How many sessions wait for an advisory lock in `database`: a transaction queued behind another's team lock. */
export async function advisoryLockWaiters(database: string): Promise<number> {
  const server = testDatabaseUrl();
  if (!server) throw new Error('TEST_DATABASE_URL is not set');
  const rows = await adminQuery<{ waiting: number }>(
    server,
    `select count(*)::int as waiting from pg_locks l join pg_database d on d.oid = l.database
      where d.datname = $1 and l.locktype = 'advisory' and not l.granted`,
    [database],
  );
  return rows[0]?.waiting ?? 0;
}
