/**
 * A team's sync state per CRM (crm_state) and the record of every run (crm_runs). A sync runs only under the
 * lease on its crm_state row, taken like a send's claim (db/sends.ts): one UPDATE … WHERE with a fresh random
 * token, so two processes never sync one CRM at once, and every later write is fenced on that token, so a run
 * whose lease lapsed (and was taken by another) changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, lte, or } from 'drizzle-orm';
import type { CrmSourceKind, SyncSummary } from '../crm/model.js';
import type { Db } from './connection.js';
import { crmRuns, crmState } from './schema.js';

/** How long a lease holds without renewal; a live sync renews it after every page, well before. */
export const CRM_LEASE_MS = 5 * 60 * 1000;

export type CrmStateRow = typeof crmState.$inferSelect;
export type CrmRunRow = typeof crmRuns.$inferSelect;
export type CrmTrigger = 'scheduler' | 'cli' | 'import' | 'playground';

/** A lease a sync holds: every write it makes names the token. */
export interface CrmLease {
  teamId: string;
  source: CrmSourceKind;
  token: string;
}

export type LeaseAttempt =
  | { acquired: true; lease: CrmLease; state: CrmStateRow }
  /** Another process holds a live lease. */
  | { acquired: false; reason: 'busy'; leaseUntil: number }
  /** Not before `nextAttemptAt` (the interval, a backoff or a Retry-After). */
  | { acquired: false; reason: 'not-due'; nextAttemptAt: number };

export function getCrmState(db: Db, teamId: string, source: CrmSourceKind): CrmStateRow | undefined {
  return db
    .select()
    .from(crmState)
    .where(and(eq(crmState.teamId, teamId), eq(crmState.source, source)))
    .get();
}

/**
 * Takes the lease when it is free or lapsed and, unless `force`, the sync is due. The UPDATE alone decides,
 * so two processes racing for it cannot both win; the row is made on the team's first sync.
 */
export function acquireCrmLease(
  db: Db,
  input: { teamId: string; source: CrmSourceKind; now: number; force: boolean },
): LeaseAttempt {
  const { teamId, source, now } = input;
  const token = randomUUID();
  return db.transaction(
    () => {
      db.insert(crmState).values({ teamId, source }).onConflictDoNothing().run();
      const free = or(isNull(crmState.leaseToken), lte(crmState.leaseUntil, now));
      const due = input.force ? undefined : or(isNull(crmState.nextAttemptAt), lte(crmState.nextAttemptAt, now));
      const state = db
        .update(crmState)
        .set({ leaseToken: token, leaseUntil: now + CRM_LEASE_MS })
        .where(and(eq(crmState.teamId, teamId), eq(crmState.source, source), free, due))
        .returning()
        .get();
      if (state) {
        // A run still marked running holds no lease now: its process ended (or lost the lease) mid-run.
        db.update(crmRuns)
          .set({ status: 'failed', finishedAt: now, error: 'Stopped mid-run: the process ended before it finished' })
          .where(and(eq(crmRuns.teamId, teamId), eq(crmRuns.source, source), eq(crmRuns.status, 'running')))
          .run();
        return { acquired: true, lease: { teamId, source, token }, state };
      }
      const current = getCrmState(db, teamId, source);
      const held = current?.leaseToken != null && (current.leaseUntil ?? 0) > now;
      return held
        ? { acquired: false, reason: 'busy', leaseUntil: current?.leaseUntil ?? now }
        : { acquired: false, reason: 'not-due', nextAttemptAt: current?.nextAttemptAt ?? now };
    },
    { behavior: 'immediate' },
  );
}

/** Only the row this very lease still holds. */
const heldBy = (lease: CrmLease) =>
  and(eq(crmState.teamId, lease.teamId), eq(crmState.source, lease.source), eq(crmState.leaseToken, lease.token));

/** Extends a live lease; false when it was lost (lapsed and taken by another): the run must stop. */
export function renewCrmLease(db: Db, lease: CrmLease, now: number): boolean {
  return (
    db
      .update(crmState)
      .set({ leaseUntil: now + CRM_LEASE_MS })
      .where(heldBy(lease))
      .run().changes === 1
  );
}

/**
 * A successful sync: the cursor moves on (null: the source gave none, the last one is kept), the failures are cleared, the next
 * sync is due at `nextAttemptAt`, and the lease is given back. Returns the error the managers had been told
 * about (they are to hear it works again), or null; throws LeaseLostError when the lease is no longer held.
 */
export function recordCrmSuccess(
  db: Db,
  lease: CrmLease,
  input: { cursor: string | null; now: number; nextAttemptAt: number },
): { notifiedError: string | null } {
  const before = db.select({ notifiedError: crmState.notifiedError }).from(crmState).where(heldBy(lease)).get();
  if (!before) throw new LeaseLostError();
  db.update(crmState)
    .set({
      ...(input.cursor === null ? {} : { cursor: input.cursor }),
      failures: 0,
      lastError: null,
      notifiedError: null,
      lastSuccessAt: input.now,
      nextAttemptAt: input.nextAttemptAt,
      leaseToken: null,
      leaseUntil: null,
    })
    .where(heldBy(lease))
    .run();
  return { notifiedError: before.notifiedError };
}

/**
 * A failed sync: the error kept, the failures counted (or not, for a 429), the next attempt put off, the lease
 * given back. `notice` (the error's stable key) marks it as told to the managers, in the same write, so one broken credential is
 * one DM however many processes retry it. Returns the row as written, or null when the lease was lost.
 */
export function recordCrmFailure(
  db: Db,
  lease: CrmLease,
  input: { error: string; failures: number; nextAttemptAt: number; notice: string | null },
): CrmStateRow | null {
  return (
    db
      .update(crmState)
      .set({
        lastError: input.error,
        failures: input.failures,
        nextAttemptAt: input.nextAttemptAt,
        ...(input.notice === null ? {} : { notifiedError: input.notice }),
        leaseToken: null,
        leaseUntil: null,
      })
      .where(heldBy(lease))
      .returning()
      .get() ?? null
  );
}

/** Gives the lease back without changing anything else (a dry run, a run stopped at shutdown). */
export function releaseCrmLease(db: Db, lease: CrmLease): void {
  db.update(crmState).set({ leaseToken: null, leaseUntil: null }).where(heldBy(lease)).run();
}

/** A run that no longer holds its lease: it stops, and applies nothing. */
export class LeaseLostError extends Error {
  constructor() {
    super('Another process took over this sync (the lease lapsed); this run stopped without applying anything');
    this.name = 'LeaseLostError';
  }
}

export function startCrmRun(
  db: Db,
  input: { teamId: string; source: CrmSourceKind; trigger: CrmTrigger; dryRun: boolean; now: number },
): number {
  const row = db
    .insert(crmRuns)
    .values({ ...input, startedAt: input.now, status: 'running' })
    .returning({ id: crmRuns.id })
    .get();
  return row.id;
}

/** A run that applied: its counts, and the whole summary (what was skipped and why, the unmapped owners). */
export function finishCrmRunOk(db: Db, runId: number, summary: SyncSummary, now: number): void {
  const count = (part: 'added' | 'changed' | 'deleted') => summary.deals[part] + summary.activities[part];
  db.update(crmRuns)
    .set({
      status: 'ok',
      finishedAt: now,
      added: count('added'),
      changed: count('changed'),
      deleted: count('deleted'),
      skipped: summary.skipped.length,
      summary: summary as unknown as Record<string, unknown>,
    })
    .where(eq(crmRuns.id, runId))
    .run();
}

/** A run that failed or stopped: the error in words, and what fixes it when that is known. */
export function finishCrmRunFailed(
  db: Db,
  runId: number,
  input: { error: string; fix: string | null; now: number },
): void {
  db.update(crmRuns)
    .set({
      status: 'failed',
      finishedAt: input.now,
      error: input.error,
      summary: input.fix === null ? null : { fix: input.fix },
    })
    .where(eq(crmRuns.id, runId))
    .run();
}

/** The team's latest runs of one source, newest first. */
export function recentCrmRuns(db: Db, teamId: string, source: CrmSourceKind, limit = 10): CrmRunRow[] {
  return db
    .select()
    .from(crmRuns)
    .where(and(eq(crmRuns.teamId, teamId), eq(crmRuns.source, source)))
    .orderBy(desc(crmRuns.id))
    .limit(limit)
    .all();
}
