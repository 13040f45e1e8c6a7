/** The Postgres twin of src/db/pass-leases.ts. */
import { and, eq, inArray, lte, or } from 'drizzle-orm';
import { PASS_LEASE_MS, type PassLeaseInput, type PassLeaseRow } from '../../db/pass-leases.js';
import type { PgDb } from './db.js';
import { passLeases } from './schema.js';

export { PASS_LEASE_MS, PASS_LEASE_RENEW_MS } from '../../db/pass-leases.js';

/**
 * Takes the team's lease for `holder`: true when it is now theirs (it was free, lapsed, or theirs already).
 * One statement: of two replicas inserting at once, the second's conflict sees the first's live lease.
 */
export async function takePassLease(db: PgDb, input: PassLeaseInput): Promise<boolean> {
  const leaseUntil = input.now + (input.leaseMs ?? PASS_LEASE_MS);
  const taken = await db
    .insert(passLeases)
    .values({ teamId: input.teamId, holder: input.holder, leaseUntil })
    .onConflictDoUpdate({
      target: passLeases.teamId,
      set: { holder: input.holder, leaseUntil },
      setWhere: or(lte(passLeases.leaseUntil, input.now), eq(passLeases.holder, input.holder)),
    })
    .returning({ teamId: passLeases.teamId });
  return taken.length === 1;
}

/** Extends the holder's leases on these teams; a lease another holder took meanwhile is not touched. How many. */
export async function renewPassLeases(
  db: PgDb,
  input: { teamIds: readonly string[]; holder: string; now: number; leaseMs?: number },
): Promise<number> {
  if (input.teamIds.length === 0) return 0;
  const result = await db
    .update(passLeases)
    .set({ leaseUntil: input.now + (input.leaseMs ?? PASS_LEASE_MS) })
    .where(and(eq(passLeases.holder, input.holder), inArray(passLeases.teamId, [...input.teamIds])));
  return result.rowCount ?? 0;
}

/** Gives the team's lease back (only the holder's): the next pass of any replica may take the team at once. */
export async function releasePassLease(db: PgDb, input: { teamId: string; holder: string }): Promise<boolean> {
  const result = await db
    .delete(passLeases)
    .where(and(eq(passLeases.teamId, input.teamId), eq(passLeases.holder, input.holder)));
  return result.rowCount === 1;
}

/** The team's lease as stored (live or lapsed), if any. */
export async function passLeaseOf(db: PgDb, teamId: string): Promise<PassLeaseRow | undefined> {
  const rows = await db.select().from(passLeases).where(eq(passLeases.teamId, teamId)).limit(1);
  return rows[0];
}
