/**
 * The scheduler's CRM sync: each minute, every configured CRM whose next sync is due gets one started. A sync is
 * never awaited by the minute that starts it, and is apart from the prompts' pass, so a slow CRM never delays
 * a check-in. At most one sync per CRM runs in this process; the lease on crm_state (crm/sync.ts) keeps two
 * processes from syncing one CRM at once.
 */
import { type ScheduledTask, schedule } from 'node-cron';
import type { CrmSource, CrmSourceKind } from '../crm/model.js';
import { runSync, type SyncDeps, workspaceTeamId } from '../crm/sync.js';
import { errorMessage } from '../errors.js';
import { PASS_SCHEDULE } from './clock.js';

export interface CrmSyncRunner {
  /** Starts the syncs due at `now` and returns without waiting for them. */
  tick(now: number): Promise<void>;
  /** The syncs running now. */
  inFlight(): Promise<void>[];
}

export function crmSyncRunner(deps: SyncDeps, sources: readonly CrmSource[], signal?: AbortSignal): CrmSyncRunner {
  const running = new Map<CrmSourceKind, Promise<void>>();
  return {
    async tick(now) {
      let teamId: string;
      try {
        teamId = await workspaceTeamId(deps.client);
      } catch (error) {
        deps.logger.warn('CRM sync: could not tell which workspace the bot token is for:', errorMessage(error));
        return;
      }
      for (const source of sources) {
        if (running.has(source.kind) || !(await due(deps, teamId, source.kind, now))) continue;
        // Asked again after the read: a tick that overlapped this one may have started it meanwhile.
        if (running.has(source.kind)) continue;
        const sync = runSync(deps, source, { teamId, trigger: 'scheduler', ...(signal ? { signal } : {}) })
          .then(
            () => undefined,
            (error: unknown) => deps.logger.error(`CRM sync of ${source.kind} failed:`, errorMessage(error)),
          )
          .finally(() => running.delete(source.kind));
        running.set(source.kind, sync);
      }
    },
    inFlight: () => [...running.values()],
  };
}

/** A read first, so a minute with nothing due writes nothing: runSync's lease decides for real. */
async function due(deps: SyncDeps, teamId: string, source: CrmSourceKind, now: number): Promise<boolean> {
  const state = await deps.store.crm.getCrmState(teamId, source);
  if (!state) return true;
  if (state.leaseToken !== null && (state.leaseUntil ?? 0) > now) return false;
  return (state.nextAttemptAt ?? 0) <= now;
}

export interface CrmSyncClock {
  /** Stops the minutes, tells the syncs in flight to stop at their next page, waits for them at most `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

/** A check at once, then each minute (node-cron). */
export function startCrmSyncClock(deps: SyncDeps, sources: readonly CrmSource[]): CrmSyncClock {
  const stopping = new AbortController();
  const runner = crmSyncRunner(deps, sources, stopping.signal);
  const tick = () => {
    if (stopping.signal.aborted) return;
    // A minute that cannot read the database (locked, say) logs it; the next minute tries again.
    runner
      .tick(deps.now())
      .catch((error: unknown) => deps.logger.error('CRM sync: this minute failed:', errorMessage(error)));
  };
  const task: ScheduledTask = schedule(PASS_SCHEDULE, tick, { name: 'focus-coach-crm-sync', noOverlap: true });
  tick();
  return {
    async stop(graceMs) {
      stopping.abort();
      await task.stop();
      await task.destroy();
      const inFlight = runner.inFlight();
      if (inFlight.length === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled(inFlight),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    },
  };
}
