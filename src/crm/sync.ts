/**
 * One sync of one CRM for one team, under the lease on its crm_state row (db/crm.ts): acquire → record the run
 * → pull since the cursor (renewing the lease after every page) → match the owners to Slack members → apply the
 * batch, save the cursor and finish the run in one transaction fenced on the lease → release. A run that lost
 * its lease, or whose process is stopping, stops before applying anything.
 *
 * Failures put the next attempt off: a refused credential or any other error by a backoff that doubles, a 429
 * by its Retry-After. The operator's log gets every failure (with the fix for a credential); the managers get a
 * DM once per distinct error (sync-notify.ts) and one when it works again.
 */
import type { WebClient } from '@slack/web-api';
import { withBusyRetry } from '../db/busy.js';
import { type CrmLease, type CrmStateRow, type CrmTrigger, LeaseLostError } from '../db/crm.js';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';
import type { Store } from '../storage/types.js';
import { applyBatch, ownersOf } from './apply.js';
import {
  CRM_LABELS,
  CrmAuthError,
  CrmRateLimitError,
  type CrmSource,
  type CrmSourceKind,
  type SyncSummary,
} from './model.js';
import { OWNER_MISS_TTL_MS, type OwnerDirectory, ownerOfKey, slackOwnerDirectory, unansweredOwners } from './owners.js';
import { brokenMessage, FAILURES_BEFORE_DM, recoveredMessage, tellManagers } from './sync-notify.js';

/** The longest a failing CRM waits between attempts. */
export const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

export interface SyncDeps {
  store: Store;
  /** For the owners' lookups and the managers' DMs: a client that never retries a post by itself. */
  client: WebClient;
  logger: JsonLogger;
  now: () => number;
  defaultTimezone: string;
  /** FOCUS_MANAGERS. */
  managers: readonly string[];
  /** CRM_SYNC_MINUTES: the time from one successful sync to the next, and the backoff's first step. */
  intervalMinutes: number;
  /** How to wait out a short 429 inside a pull; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SyncOptions {
  teamId: string;
  trigger: Extract<CrmTrigger, 'scheduler' | 'cli'>;
  /** Pull and work out the changes, write none (the run itself is recorded). */
  dryRun?: boolean;
  /** From the start, not from the cursor: a deal the CRM no longer has is then removed here too. */
  full?: boolean;
  /** Even before the next attempt is due (`cli sync`); a lease another process holds still wins. */
  force?: boolean;
  /** Aborted when the process stops: the run stops at its next page, applying nothing. */
  signal?: AbortSignal;
}

export type SyncOutcome =
  | { status: 'ok'; source: CrmSourceKind; runId: number; summary: SyncSummary }
  | {
      status: 'failed';
      source: CrmSourceKind;
      runId: number;
      error: string;
      /** What the operator has to change (a refused credential); null when waiting is the fix. */
      fix: string | null;
      /** When the next sync may run; null after a dry run, which changes no schedule. */
      nextAttemptAt: number | null;
    }
  /** Another process is syncing this CRM now. */
  | { status: 'busy'; source: CrmSourceKind; leaseUntil: number }
  | { status: 'not-due'; source: CrmSourceKind; nextAttemptAt: number }
  /** The run lost its lease or its process is stopping: nothing applied. */
  | { status: 'stopped'; source: CrmSourceKind; runId: number; reason: string };

/** interval × 2^(failures − 1), at most MAX_BACKOFF_MS: 15, 30, 60, 120, 240, 360, 360 … minutes at 15. */
export function backoffMs(intervalMinutes: number, failures: number): number {
  const steps = Math.max(0, failures - 1);
  return Math.min(MAX_BACKOFF_MS, intervalMinutes * 60_000 * 2 ** Math.min(steps, 30));
}

class SyncStopping extends Error {
  constructor() {
    super('The process is stopping; this run stopped without applying anything');
    this.name = 'SyncStopping';
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runSync(deps: SyncDeps, source: CrmSource, options: SyncOptions): Promise<SyncOutcome> {
  const { store, now } = deps;
  const { teamId } = options;
  const dryRun = options.dryRun ?? false;
  // In the server a write that finds the database locked yields and tries again (db/busy.ts); each is one transaction.
  const attempt = await withBusyRetry(() =>
    store.crm.acquireCrmLease({ teamId, source: source.kind, now: now(), force: options.force ?? false }),
  );
  if (!attempt.acquired) {
    return attempt.reason === 'busy'
      ? { status: 'busy', source: source.kind, leaseUntil: attempt.leaseUntil }
      : { status: 'not-due', source: source.kind, nextAttemptAt: attempt.nextAttemptAt };
  }
  const { lease, state } = attempt;
  let runId: number;
  try {
    runId = await withBusyRetry(() =>
      store.crm.startCrmRun({ teamId, source: source.kind, trigger: options.trigger, dryRun, now: now() }),
    );
  } catch (error) {
    await store.crm.releaseCrmLease(lease);
    throw error;
  }
  // Before every write and after every page: still ours, and the process not stopping. Inside the transaction
  // it renews through the transaction's store.
  const holdOn = async (on: Store) => {
    if (options.signal?.aborted) throw new SyncStopping();
    if (!(await on.crm.renewCrmLease(lease, now()))) throw new LeaseLostError();
  };
  try {
    const directory = slackOwnerDirectory({ store, teamId, client: deps.client, now });
    // An owner who has joined Slack since: their records were skipped and may not have changed since, so only a
    // full read brings them.
    const misses =
      options.full || state.cursor === null
        ? []
        : await store.crmOwners.ownerMissesOlderThan(teamId, now() - OWNER_MISS_TTL_MS);
    const full = options.full === true || (misses.length > 0 && (await anyNowMapped(directory, misses)));
    const batch = await source.pull({
      since: full ? null : state.cursor,
      onPage: () => holdOn(store),
      sleep: deps.sleep ?? realSleep,
    });
    await holdOn(store);
    const owners = await directory.resolve(ownersOf(batch));
    // Slack not answering says nothing about who owns what: apply nothing, keep the cursor, try again later.
    const unanswered = unansweredOwners(owners);
    if (unanswered) throw new OwnersUnansweredError(unanswered.count, unanswered.reason);
    const { summary, recovered } = await withBusyRetry(() =>
      store.transaction(
        async (tx) => {
          await holdOn(tx);
          const at = now();
          const summary = await applyBatch(tx, {
            teamId,
            source: source.kind,
            batch,
            owners,
            dryRun,
            now: at,
            defaultTimezone: deps.defaultTimezone,
          });
          await tx.crm.finishCrmRunOk(runId, summary, at);
          if (dryRun) {
            await tx.crm.releaseCrmLease(lease);
            return { summary, recovered: false };
          }
          const { notifiedError } = await tx.crm.recordCrmSuccess(lease, {
            cursor: batch.cursor,
            now: at,
            nextAttemptAt: at + deps.intervalMinutes * 60_000,
          });
          return { summary, recovered: notifiedError !== null };
        },
        { teamId },
      ),
    );
    deps.logger.info(`${CRM_LABELS[source.kind]} sync done`, {
      runId,
      dryRun,
      deals: summary.deals,
      activities: summary.activities,
      skipped: summary.skipped.length,
      unmappedOwners: summary.unmappedOwners.length,
    });
    if (recovered) await tellManagers(deps, teamId, recoveredMessage(summary));
    return { status: 'ok', source: source.kind, runId, summary };
  } catch (error) {
    return failed(deps, { source: source.kind, teamId, runId, lease, state, dryRun }, error);
  }
}

async function failed(
  deps: SyncDeps,
  run: { source: CrmSourceKind; teamId: string; runId: number; lease: CrmLease; state: CrmStateRow; dryRun: boolean },
  error: unknown,
): Promise<SyncOutcome> {
  const { store, logger } = deps;
  const label = CRM_LABELS[run.source];
  const at = deps.now();
  // Whatever a source put in its message, the credentials never leave the process (the logger's secrets).
  const message = logger.redact(errorMessage(error));
  if (error instanceof LeaseLostError || error instanceof SyncStopping) {
    await store.crm.finishCrmRunFailed(run.runId, { error: message, fix: null, now: at });
    if (error instanceof SyncStopping) await store.crm.releaseCrmLease(run.lease);
    logger.warn(`${label} sync stopped:`, message);
    return { status: 'stopped', source: run.source, runId: run.runId, reason: message };
  }
  const fix = error instanceof CrmAuthError || error instanceof OwnersUnansweredError ? fixOf(error, logger) : null;
  const described = fix ? `${sentence(message)} To fix: ${fix}` : message;
  await store.crm.finishCrmRunFailed(run.runId, { error: message, fix, now: at });
  if (run.dryRun) {
    await store.crm.releaseCrmLease(run.lease);
    logger.error(`${label} dry run failed: ${sentence(described)}`);
    return { status: 'failed', source: run.source, runId: run.runId, error: message, fix, nextAttemptAt: null };
  }
  const rateLimited = error instanceof CrmRateLimitError;
  // A 429 is the CRM pacing us, not a broken connection: it neither counts as a failure nor reaches the managers.
  const failures = rateLimited ? run.state.failures : run.state.failures + 1;
  const nextAttemptAt = at + (rateLimited ? error.retryAfterMs : backoffMs(deps.intervalMinutes, failures));
  const worthTelling = !rateLimited && (fix !== null || failures >= FAILURES_BEFORE_DM);
  const notice = noticeKey(error, fix);
  const notify = worthTelling && run.state.notifiedError !== notice;
  const written = await withBusyRetry(() =>
    store.crm.recordCrmFailure(run.lease, {
      error: described,
      failures,
      nextAttemptAt,
      notice: notify ? notice : null,
    }),
  );
  const next = new Date(nextAttemptAt).toISOString();
  if (rateLimited) logger.warn(`${label} sync: ${sentence(message)} Next attempt at ${next}`);
  else if (fix) logger.error(`${label} sync failed: ${sentence(described)} Next attempt at ${next}`);
  else logger.error(`${label} sync failed (${failures} in a row): ${sentence(message)} Next attempt at ${next}`);
  // Only the run that recorded the notice sends it: a lost lease sends nothing.
  if (notify && written) await tellManagers(deps, run.teamId, brokenMessage(run.source, message, fix, failures));
  return { status: 'failed', source: run.source, runId: run.runId, error: message, fix, nextAttemptAt };
}

/**
 * What makes two failures "the same error" for the managers' DM: the fix when there is one, else the error's
 * kind and words with the details that change on every attempt (ids, counts, times) taken out, so an outage whose
 * every answer carries a new correlation id is still one DM.
 */
function noticeKey(error: unknown, fix: string | null): string {
  if (fix !== null) return `fix: ${fix}`;
  const name = error instanceof Error ? error.name : 'Error';
  return `${name}: ${errorMessage(error)
    .replace(/\([^)]*\)/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, '')
    .replace(/\d+/g, '#')}`;
}

function fixOf(error: CrmAuthError | OwnersUnansweredError, logger: SyncDeps['logger']): string | null {
  return error.fix === null ? null : logger.redact(error.fix);
}

/** Slack could not say who some CRM owners are (an outage, or the app lacks users:read.email). */
export class OwnersUnansweredError extends Error {
  readonly fix: string | null;
  constructor(count: number, reason: string) {
    super(`Slack could not say who ${count} CRM owner(s) are (${reason}); nothing was applied`);
    this.name = 'OwnersUnansweredError';
    this.fix = /scope/.test(reason)
      ? 'Add the users:read.email bot scope to the Slack app (OAuth & Permissions, or manifest.yml) and reinstall it to the workspace'
      : null;
  }
}

/** Whether one of these owners the CRM had with no Slack member (asked again: the miss is an hour old) is one now. */
async function anyNowMapped(directory: OwnerDirectory, keys: readonly string[]): Promise<boolean> {
  const matches = await directory.resolve(keys.map(ownerOfKey));
  return [...matches.values()].some((match) => match.userId !== null);
}

/** The text ending with a full stop, so sentences join without doubling one. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

const teamIds = new WeakMap<WebClient, Promise<string>>();

/** The workspace the bot token belongs to (auth.test's team_id), asked once per client and process. */
export function workspaceTeamId(client: WebClient): Promise<string> {
  const known = teamIds.get(client);
  if (known !== undefined) return known;
  const asked = client.auth.test().then((answer) => {
    if (!answer.team_id) throw new Error('auth.test returned no team_id for the bot token');
    return answer.team_id;
  });
  // A failed ask is asked again next time, not remembered.
  asked.catch(() => teamIds.delete(client));
  teamIds.set(client, asked);
  return asked;
}
