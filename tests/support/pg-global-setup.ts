/**
 * vitest globalSetup: with TEST_DATABASE_URL, creates and migrates this run's template database once, hands its
 * run id to the test files (inject('pgRunId')), and at the end drops every database of the run. Without it, does
 * nothing, and the Postgres halves are skipped; except on CI, where a missing or unreachable server is an error:
 * a CI run that silently tested SQLite only would look green.
 */
import type { TestProject } from 'vitest/node';
import { openPool } from '../../src/storage/pg/connection.js';
import { migratePostgres } from '../../src/storage/pg/migrate.js';
import {
  adminQuery,
  databaseUrl,
  dropRunDatabases,
  dropStaleRunDatabases,
  isCi,
  newRunId,
  quoteIdent,
  templateName,
  testDatabaseUrl,
} from './pg.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const server = testDatabaseUrl();
  project.provide('pgRunId', '');
  if (!server) {
    if (isCi())
      throw new Error('CI is set but TEST_DATABASE_URL is not: the Postgres contract tests would be skipped.');
    return undefined;
  }
  const runId = newRunId();
  const template = templateName(runId);
  try {
    // The locale of TEST_DATABASE_URL's database (CI makes it C.UTF-8), not whatever the server's template1 has.
    const [locale] = await adminQuery<{ collate: string; ctype: string }>(
      server,
      'select datcollate as collate, datctype as ctype from pg_database where datname = current_database()',
    );
    const options = locale
      ? ` template template0 encoding 'UTF8' lc_collate ${quoteLiteral(locale.collate)} lc_ctype ${quoteLiteral(locale.ctype)}`
      : '';
    await adminQuery(server, `create database ${quoteIdent(template)}${options}`);
  } catch (error) {
    throw new Error(
      `Cannot create the test template database on TEST_DATABASE_URL's server (${redact(server)}): ` +
        `${(error as Error).message}. Start Postgres, or unset TEST_DATABASE_URL to skip the Postgres tests.`,
      { cause: error },
    );
  }
  await dropStaleRunDatabases(server);
  const teardown = async () => {
    await dropRunDatabases(server, runId);
  };
  try {
    const pool = openPool(databaseUrl(server, template), { max: 1 });
    try {
      await migratePostgres(pool);
    } finally {
      await pool.end();
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('pgRunId', runId);
  return teardown;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The server's address without its password, for an error message. */
function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
