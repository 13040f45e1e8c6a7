/**
 * The Postgres twin of src/db/crm.ts. The lease is taken by one guarded UPDATE, as on SQLite: a second process
 * racing for it waits for the first's row lock, then finds the row no longer free and updates nothing. A read
 * that a write depends on (recordCrmSuccess) locks the row first.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, lte, or } from 'drizzle-orm';
import type { CrmSourceKind, SyncSummary } from '../../crm/model.js';
import {
  CRM_LEASE_MS,
  type CrmLease,
  type CrmRunRow,
  type CrmStateRow,
  type CrmTrigger,
  type LeaseAttempt,
  LeaseLostError,
} from '../../db/crm.js';
import type { PgDb } from './db.js';
import { crmRuns, crmState } from './schema.js';

export {
  CRM_LEASE_MS,
  type CrmLease,
  type CrmRunRow,
  type CrmStateRow,
  type CrmTrigger,
  type LeaseAttempt,
  LeaseLostError,
} from '../../db/crm.js';

export async function getCrmState(db: PgDb, teamId: string, source: CrmSourceKind): Promise<CrmStateRow | undefined> {
  const rows = await db
    .select()
    .from(crmState)
    .where(and(eq(crmState.teamId, teamId), eq(crmState.source, source)))
    .limit(1);
  return rows[0];
}

/**
 * Takes the lease when it is free or lapsed and, unless `force`, the sync is due. The UPDATE alone decides,
 * so two processes racing for it cannot both win; the row is made on the team's first sync.
 */
export async function acquireCrmLease(
  db: PgDb,
  input: { teamId: string; source: CrmSourceKind; now: number; force: boolean },
): Promise<LeaseAttempt> {
  const { teamId, source, now } = input;
  const token = randomUUID();
  return db.transaction(async (tx): Promise<LeaseAttempt> => {
    await tx.insert(crmState).values({ teamId, source }).onConflictDoNothing();
    const free = or(isNull(crmState.leaseToken), lte(crmState.leaseUntil, now));
    const due = input.force ? undefined : or(isNull(crmState.nextAttemptAt), lte(crmState.nextAttemptAt, now));
    const [state] = await tx
      .update(crmState)
      .set({ leaseToken: token, leaseUntil: now + CRM_LEASE_MS })
      .where(and(eq(crmState.teamId, teamId), eq(crmState.source, source), free, due))
      .returning();
    if (state) {
      // A run still marked running holds no lease now: its process ended (or lost the lease) mid-run.
      await tx
        .update(crmRuns)
        .set({ status: 'failed', finishedAt: now, error: 'Stopped mid-run: the process ended before it finished' })
        .where(and(eq(crmRuns.teamId, teamId), eq(crmRuns.source, source), eq(crmRuns.status, 'running')));
      return { acquired: true, lease: { teamId, source, token }, state };
    }
    const current = await getCrmState(tx, teamId, source);
    const held = current?.leaseToken != null && (current.leaseUntil ?? 0) > now;
    return held
      ? { acquired: false, reason: 'busy', leaseUntil: current?.leaseUntil ?? now }
      : { acquired: false, reason: 'not-due', nextAttemptAt: current?.nextAttemptAt ?? now };
  });
}

/** Only the row this very lease still holds. */
const heldBy = (lease: CrmLease) =>
  and(eq(crmState.teamId, lease.teamId), eq(crmState.source, lease.source), eq(crmState.leaseToken, lease.token));

/** Extends a live lease; false when it was lost (lapsed and taken by another): the run must stop. */
export async function renewCrmLease(db: PgDb, lease: CrmLease, now: number): Promise<boolean> {
  const result = await db
    .update(crmState)
    .set({ leaseUntil: now + CRM_LEASE_MS })
    .where(heldBy(lease));
  return (result.rowCount ?? 0) === 1;
}

/**
 * A successful sync: the cursor moves on (null: the source gave none, the last one is kept), the failures are
 * cleared, the next sync is due at `nextAttemptAt`, and the lease is given back. Returns the error the managers
 * had been told about, or null; throws LeaseLostError when the lease is no longer held.
 */
export async function recordCrmSuccess(
  db: PgDb,
  lease: CrmLease,
  input: { cursor: string | null; now: number; nextAttemptAt: number },
): Promise<{ notifiedError: string | null }> {
  return db.transaction(async (tx) => {
    // Locked as read: the lease cannot change hands between this read and the write below.
    const [before] = await tx
      .select({ notifiedError: crmState.notifiedError })
      .from(crmState)
      .where(heldBy(lease))
      .for('update');
    if (!before) throw new LeaseLostError();
    await tx
      .update(crmState)
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
      .where(heldBy(lease));
    return { notifiedError: before.notifiedError };
  });
}

/**
 * A failed sync: the error kept, the failures counted (or not, for a 429), the next attempt put off, the lease
 * given back, and `notice` marked as told in the same write. Returns the row as written, or null when the lease
 * was lost.
 */
export async function recordCrmFailure(
  db: PgDb,
  lease: CrmLease,
  input: { error: string; failures: number; nextAttemptAt: number; notice: string | null },
): Promise<CrmStateRow | null> {
  const [row] = await db
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
    .returning();
  return row ?? null;
}

/** Gives the lease back without changing anything else (a dry run, a run stopped at shutdown). */
export async function releaseCrmLease(db: PgDb, lease: CrmLease): Promise<void> {
  await db.update(crmState).set({ leaseToken: null, leaseUntil: null }).where(heldBy(lease));
}

export async function startCrmRun(
  db: PgDb,
  input: { teamId: string; source: CrmSourceKind; trigger: CrmTrigger; dryRun: boolean; now: number },
): Promise<number> {
  const [row] = await db
    .insert(crmRuns)
    .values({ ...input, startedAt: input.now, status: 'running' })
    .returning({ id: crmRuns.id });
  if (!row) throw new Error('crm_runs insert returned no row');
  return row.id;
}

/** A run that applied: its counts, and the whole summary (what was skipped and why, the unmapped owners). */
export async function finishCrmRunOk(db: PgDb, runId: number, summary: SyncSummary, now: number): Promise<void> {
  const count = (part: 'added' | 'changed' | 'deleted') => summary.deals[part] + summary.activities[part];
  await db
    .update(crmRuns)
    .set({
      status: 'ok',
      finishedAt: now,
      added: count('added'),
      changed: count('changed'),
      deleted: count('deleted'),
      skipped: summary.skipped.length,
      summary: summary as unknown as Record<string, unknown>,
    })
    .where(eq(crmRuns.id, runId));
}

/** A run that failed or stopped: the error in words, and what fixes it when that is known. */
export async function finishCrmRunFailed(
  db: PgDb,
  runId: number,
  input: { error: string; fix: string | null; now: number },
): Promise<void> {
  await db
    .update(crmRuns)
    .set({
      status: 'failed',
      finishedAt: input.now,
      error: input.error,
      summary: input.fix === null ? null : { fix: input.fix },
    })
    .where(eq(crmRuns.id, runId));
}

/** The team's latest runs of one source, newest first. */
export async function recentCrmRuns(db: PgDb, teamId: string, source: CrmSourceKind, limit = 10): Promise<CrmRunRow[]> {
  return db
    .select()
    .from(crmRuns)
    .where(and(eq(crmRuns.teamId, teamId), eq(crmRuns.source, source)))
    .orderBy(desc(crmRuns.id))
    .limit(limit);
}
