/**
 * Per-team pass leases (DESIGN.md, "Scheduled coaching"; schema.ts, pass_leases): before a pass works a team's
 * sends it takes the team's lease, so replicas on one database spread the teams between them instead of all
 * claiming the same sends. A lease is taken only when free, lapsed or already the taker's; it is renewed while
 * the team's queue is worked and released when it is done. Exactly-once stays with the sends' claims (sends.ts).
 */
import { and, eq, inArray, lte, or } from 'drizzle-orm';
import type { Db } from './connection.js';
import { passLeases } from './schema.js';

/**
 * How long a team's pass lease holds without renewal. Shorter than a minute, so a replica killed early in a pass
 * holds its teams past the next minute's pass only if it had worked them half a minute: that pass (of any replica)
 * sends what it left. A pass renews its leases well before (PASS_LEASE_RENEW_MS); a pass that loses one anyway
 * (its process stalled half a minute) only shares the team: the claims still send each message once.
 */
export const PASS_LEASE_MS = 30 * 1000;
/** How often a pass renews the team leases and send claims it holds (well inside either lease). */
export const PASS_LEASE_RENEW_MS = 10 * 1000;

export type PassLeaseRow = typeof passLeases.$inferSelect;

export interface PassLeaseInput {
  teamId: string;
  holder: string;
  now: number;
  /** PASS_LEASE_MS unless a test asks otherwise. */
  leaseMs?: number;
}

/** Takes the team's lease for `holder`: true when it is now theirs (it was free, lapsed, or theirs already). */
export function takePassLease(db: Db, input: PassLeaseInput): boolean {
  const leaseUntil = input.now + (input.leaseMs ?? PASS_LEASE_MS);
  const taken = db
    .insert(passLeases)
    .values({ teamId: input.teamId, holder: input.holder, leaseUntil })
    .onConflictDoUpdate({
      target: passLeases.teamId,
      set: { holder: input.holder, leaseUntil },
      // Guarded: a live lease of another holder is left alone, and the statement returns no row.
      setWhere: or(lte(passLeases.leaseUntil, input.now), eq(passLeases.holder, input.holder)),
    })
    .returning({ teamId: passLeases.teamId })
    .all();
  return taken.length === 1;
}

/** Extends the holder's leases on these teams; a lease another holder took meanwhile is not touched. How many. */
export function renewPassLeases(
  db: Db,
  input: { teamIds: readonly string[]; holder: string; now: number; leaseMs?: number },
): number {
  if (input.teamIds.length === 0) return 0;
  return db
    .update(passLeases)
    .set({ leaseUntil: input.now + (input.leaseMs ?? PASS_LEASE_MS) })
    .where(and(eq(passLeases.holder, input.holder), inArray(passLeases.teamId, [...input.teamIds])))
    .run().changes;
}

/** Gives the team's lease back (only the holder's): the next pass of any replica may take the team at once. */
export function releasePassLease(db: Db, input: { teamId: string; holder: string }): boolean {
  return (
    db
      .delete(passLeases)
      .where(and(eq(passLeases.teamId, input.teamId), eq(passLeases.holder, input.holder)))
      .run().changes === 1
  );
}

/** The team's lease as stored (live or lapsed), if any. */
export function passLeaseOf(db: Db, teamId: string): PassLeaseRow | undefined {
  return db.select().from(passLeases).where(eq(passLeases.teamId, teamId)).get();
}
