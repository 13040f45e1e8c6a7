/**
 * The Postgres connection pool. Its numbers come back as JS numbers, as SQLite's do: count(*) is int8 and a sum of
 * bigint columns is numeric, both of which node-postgres returns as strings by default. Every such value here is
 * cents or epoch milliseconds, far below 2^53, so a number loses nothing; one that would is refused, not rounded.
 */
import pg from 'pg';

export const DEFAULT_POOL_SIZE = 10;
/** The longest any statement waits for a row or advisory lock before failing with 55P03 (retried as busy). */
export const LOCK_TIMEOUT = '5s';
const CONNECT_TIMEOUT_MS = 10_000;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Collations that order text byte-wise, as SQLite's BINARY does (ORDER BY user_id, name_key): C, C.UTF-8, POSIX. */
const BYTE_ORDER_COLLATION = /^(C|POSIX)(\.utf-?8)?$/i;

/** int8 as a number; a value past 2^53 would silently change, so it throws instead. */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} does not fit a JS number exactly`);
  return value;
}

/**
 * Set on the pg module's global parsers, not per pool: drizzle passes its own per-query parsers (for dates), which
 * fall back to the global ones, so a pool's `types` option would never be consulted.
 */
pg.types.setTypeParser(INT8_OID, parseInt8);
pg.types.setTypeParser(NUMERIC_OID, Number);

export interface PoolOptions {
  /** The pool's size (default 10; tests use 2). */
  max?: number;
  /** Where an idle client's error goes (a restarted server, a killed backend). */
  onError?: (error: Error) => void;
}

/**
 * A pool on `url`. An idle client that loses its connection emits 'error' on the pool; without a listener Node
 * would crash the process, so it is logged and the pool replaces the client on the next checkout.
 */
export function openPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? DEFAULT_POOL_SIZE,
    // Every statement waits at most this long for a lock, in a transaction or not: the root store used inside a
    // transaction (a bug) would otherwise wait for that transaction's locks forever, and hold the team's after it.
    options: `-c lock_timeout=${LOCK_TIMEOUT}`,
    // A server that does not answer fails the request instead of holding it.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  const onError = options.onError ?? ((error: Error) => console.error(`Postgres pool: ${error.message}`));
  pool.on('error', onError);
  return pool;
}

/**
 * A warning when the database does not sort text byte-wise, or null. Orderings by user id and name must match
 * SQLite's on both back ends; an en_US or ICU database would put 'B' after 'a'. (The baseline migration also
 * gives every text column `collate "C"`; this catches what a hand-written query's literal or cast might miss.)
 */
export async function collationWarning(pool: pg.Pool): Promise<string | null> {
  // The whole row: the ICU columns are named differently across versions (daticulocale on 15-16, datlocale on 17).
  const { rows } = await pool.query<{ datname: string; datcollate: string; datlocprovider?: string } & LocaleColumns>(
    'select * from pg_database where datname = current_database()',
  );
  const row = rows[0];
  if (!row) return null;
  const collation =
    row.datlocprovider === 'i' ? `ICU ${row.daticulocale ?? row.datlocale ?? '?'}` : (row.datcollate ?? '');
  if (row.datlocprovider !== 'i' && BYTE_ORDER_COLLATION.test(collation)) return null;
  return (
    `Postgres database ${row.datname} has collation ${collation}, so text may sort differently than on ` +
    'SQLite. Create it with LC_COLLATE C.UTF-8 (createdb -T template0 --locale=C.UTF-8).'
  );
}

interface LocaleColumns {
  daticulocale?: string | null;
  datlocale?: string | null;
}
