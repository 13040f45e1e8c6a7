import { and, asc, eq, sql } from 'drizzle-orm';
import type { ActivityKind } from '../domain/command.js';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { targets } from './schema.js';

export type Target = typeof targets.$inferSelect;

/** Sets an activity target; a count of 0 removes it. Returns the previous count, if any. */
export function setTarget(
  db: Db,
  input: { teamId: string; userId: string; activity: ActivityKind; per: 'day' | 'week'; count: number; now: number },
): { previous: number | null } {
  return db.transaction(
    (tx) => {
      const key = and(
        eq(targets.teamId, input.teamId),
        eq(targets.userId, input.userId),
        eq(targets.activity, input.activity),
        eq(targets.per, input.per),
      );
      const previous = tx.select().from(targets).where(key).get()?.count ?? null;
      if (input.count === 0) {
        tx.delete(targets).where(key).run();
      } else {
        tx.insert(targets)
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
          })
          .run();
      }
      return { previous };
    },
    { behavior: 'immediate' },
  );
}

export function listTargets(db: Db, teamId: string, userId: string): Target[] {
  return prepared(db, 'listTargets', (d) =>
    d
      .select()
      .from(targets)
      .where(and(eq(targets.teamId, sql.placeholder('teamId')), eq(targets.userId, sql.placeholder('userId'))))
      .orderBy(asc(targets.per), asc(targets.activity)),
  ).all({ teamId, userId });
}
