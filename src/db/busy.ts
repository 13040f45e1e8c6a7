/**
 * Waiting on SQLite's write lock without blocking the event loop. better-sqlite3 is synchronous: its
 * busy timeout waits with the whole process stopped. The server opens the database with a short busy
 * timeout and retries a write that found the lock taken after yielding to the event loop, so a CLI
 * seed or a long pass holding the lock delays that one write, never every other request.
 */

/** The server's busy timeout: the longest one attempt may block the event loop. */
export const SERVER_BUSY_TIMEOUT_MS = 50;
/** The CLI's: it has nothing else to serve while it waits. */
export const CLI_BUSY_TIMEOUT_MS = 5000;

/**
 * Postgres's answers worth a retry: a serialization failure, a deadlock broken by the server, a lock not
 * available (lock_timeout).
 */
const PG_RETRYABLE = new Set(['40001', '40P01', '55P03']);

/**
 * SQLite's "the database is locked" (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT and friends), or Postgres's retryable
 * conflicts, also as an error's cause.
 */
export function isBusy(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || PG_RETRYABLE.has(code)) return true;
  }
  return false;
}

export interface BusyRetryOptions {
  /** Give up (rethrow the busy error) after this long; default 5 s, as the old busy timeout. */
  totalMs?: number;
  /** First pause between attempts; doubled each time up to 200 ms, with jitter. */
  firstDelayMs?: number;
}

/**
 * The budget of a write in a request path: a command or a form is answered within Slack's 3 seconds, with
 * the internal-error reply if the lock is still held by then (the write, one transaction, left nothing).
 */
export const REQUEST_BUSY_RETRY: BusyRetryOptions = { totalMs: 2000 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` (a write, typically one transaction) and, while it finds the database locked, runs it again
 * after a pause that lets other work run. `work` must be safe to repeat: a transaction that threw a busy
 * error was rolled back, so it is.
 */
export async function withBusyRetry<T>(work: () => T | Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.totalMs ?? CLI_BUSY_TIMEOUT_MS);
  let delay = options.firstDelayMs ?? 10;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
    }
    await sleep(delay + Math.floor(Math.random() * delay));
    delay = Math.min(200, delay * 2);
  }
}
