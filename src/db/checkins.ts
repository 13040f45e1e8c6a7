import { and, eq } from 'drizzle-orm';
import type { Db } from './connection.js';
import { checkins } from './schema.js';

export type Checkin = typeof checkins.$inferSelect;
export type PlanItem = Checkin['planItems'][number];

export function getCheckin(db: Db, teamId: string, userId: string, localDate: string): Checkin | undefined {
  return db
    .select()
    .from(checkins)
    .where(and(eq(checkins.teamId, teamId), eq(checkins.userId, userId), eq(checkins.localDate, localDate)))
    .get();
}

/** Replaces the day's plan with these items, none done yet. */
export function setPlan(
  db: Db,
  input: { teamId: string; userId: string; localDate: string; items: readonly string[]; now: number },
): PlanItem[] {
  const planItems = input.items.map((text) => ({ text, done: false }));
  db.insert(checkins)
    .values({ teamId: input.teamId, userId: input.userId, localDate: input.localDate, planItems, planSetAt: input.now })
    .onConflictDoUpdate({
      target: [checkins.teamId, checkins.userId, checkins.localDate],
      set: { planItems, planSetAt: input.now },
    })
    .run();
  return planItems;
}
