/**
 * Opens the store the configuration names: Postgres when DATABASE_URL is a postgres:// address, SQLite at
 * DATABASE_PATH otherwise. Either is migrated before it is returned.
 */
import { CLI_BUSY_TIMEOUT_MS } from '../db/busy.js';
import { openStorage } from '../db/connection.js';
import { sqliteStore } from './sqlite.js';
import type { RootStore } from './types.js';

export interface StoreLocation {
  /** postgres://… or postgresql://…; when set, it wins over `path`. */
  url?: string;
  /** The SQLite file (or :memory:). */
  path?: string;
  /** SQLite only: the longest one locked write blocks the process (busy.ts). */
  busyTimeoutMs?: number;
  /** Postgres only: the pool's size. */
  poolSize?: number;
  /** Postgres only: where a warning about the database (its collation) and a lost idle connection are logged. */
  log?: { warn(message: string): void; error(message: string): void };
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

export async function openStore(location: StoreLocation): Promise<RootStore> {
  if (isPostgresUrl(location.url)) {
    const { openPgStore } = await import('./pg/store.js');
    const log = location.log;
    return openPgStore(location.url, {
      poolSize: location.poolSize,
      ...(log && {
        onWarning: (message: string) => log.warn(message),
        onError: (error: Error) => log.error(`A pooled Postgres connection failed: ${error.message}`),
      }),
    });
  }
  if (location.url) throw new Error('DATABASE_URL must start with postgres:// or postgresql://.');
  const path = location.path ?? ':memory:';
  return sqliteStore(openStorage(path, { busyTimeoutMs: location.busyTimeoutMs ?? CLI_BUSY_TIMEOUT_MS }));
}

/** Where the store is, for logs and messages: a Postgres URL without its password. */
export function describeStore(config: { DATABASE_URL?: string; DATABASE_PATH: string }): string {
  if (!isPostgresUrl(config.DATABASE_URL)) return config.DATABASE_PATH;
  try {
    const url = new URL(config.DATABASE_URL);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(an address that does not parse)';
  }
}

/** The password in a Postgres URL, for the logger to redact wherever it appears. */
export function databasePassword(url: string | undefined): string | undefined {
  if (!isPostgresUrl(url)) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
