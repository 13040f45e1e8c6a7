/** The Postgres twin of src/db/targets.ts. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Target } from '../../db/targets.js';
import type { ActivityKind } from '../../domain/command.js';
import type { PgDb } from './db.js';
import { preparedOn } from './prepared.js';
import { targets } from './schema.js';

export type { Target } from '../../db/targets.js';

/**
 * Holds one rep's target until the transaction ends. The row may not exist yet, so there is no row to lock
 * `for update`: two first settings would both answer "none before", where SQLite's immediate transaction runs them
 * one after the other.
 */
async function lockTarget(tx: PgDb, teamId: string, userId: string, activity: string, per: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`target:${teamId}:${userId}:${activity}:${per}`}, 0))`,
  );
}

/** Sets an activity target; a count of 0 removes it. Returns the previous count, if any. */
export async function setTarget(
  db: PgDb,
  input: { teamId: string; userId: string; activity: ActivityKind; per: 'day' | 'week'; count: number; now: number },
): Promise<{ previous: number | null }> {
  return db.transaction(async (tx) => {
    await lockTarget(tx, input.teamId, input.userId, input.activity, input.per);
    const key = and(
      eq(targets.teamId, input.teamId),
      eq(targets.userId, input.userId),
      eq(targets.activity, input.activity),
      eq(targets.per, input.per),
    );
    const previous = (await tx.select().from(targets).where(key).limit(1))[0]?.count ?? null;
    if (input.count === 0) {
      await tx.delete(targets).where(key);
    } else {
      await tx
        .insert(targets)
        .values({
          teamId: input.teamId,
          userId: input.userId,
          activity: input.activity,
          per: input.per,
          count: input.count,
          updatedAt: input.now,
        })
        .onConflictDoUpdate({
          target: [targets.teamId, targets.userId, targets.activity, targets.per],
          set: { count: input.count, updatedAt: input.now },
        });
    }
    return { previous };
  });
}

export async function listTargets(db: PgDb, teamId: string, userId: string): Promise<Target[]> {
  return preparedOn(db, 'list_targets', (d) =>
    d
      .select()
      .from(targets)
      .where(and(eq(targets.teamId, sql.placeholder('teamId')), eq(targets.userId, sql.placeholder('userId'))))
      .orderBy(asc(targets.per), asc(targets.activity)),
  ).execute({ teamId, userId });
}
