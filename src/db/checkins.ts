import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { checkins } from './schema.js';

export type Checkin = typeof checkins.$inferSelect;
export type PlanItem = Checkin['planItems'][number];

export function getCheckin(db: Db, teamId: string, userId: string, localDate: string): Checkin | undefined {
  return prepared(db, 'getCheckin', (d) =>
    d
      .select()
      .from(checkins)
      .where(
        and(
          eq(checkins.teamId, sql.placeholder('teamId')),
          eq(checkins.userId, sql.placeholder('userId')),
          eq(checkins.localDate, sql.placeholder('localDate')),
        ),
      ),
  ).get({ teamId, userId, localDate });
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

/** Marks which plan items are done (by index); returns the updated items, or null without a plan that day. */
export function setPlanDone(
  db: Db,
  input: { teamId: string; userId: string; localDate: string; doneIndexes: readonly number[] },
): PlanItem[] | null {
  return db.transaction(
    (tx) => {
      const checkin = getCheckin(tx, input.teamId, input.userId, input.localDate);
      if (!checkin || checkin.planItems.length === 0) return null;
      const done = new Set(input.doneIndexes);
      const planItems = checkin.planItems.map((item, index) => ({ ...item, done: done.has(index) }));
      tx.update(checkins)
        .set({ planItems })
        .where(checkinKey(input.teamId, input.userId, input.localDate))
        .run();
      return planItems;
    },
    { behavior: 'immediate' },
  );
}

export function setReflection(
  db: Db,
  input: { teamId: string; userId: string; localDate: string; text: string; now: number },
): void {
  db.insert(checkins)
    .values({
      teamId: input.teamId,
      userId: input.userId,
      localDate: input.localDate,
      reflection: input.text,
      reflectionAt: input.now,
    })
    .onConflictDoUpdate({
      target: [checkins.teamId, checkins.userId, checkins.localDate],
      set: { reflection: input.text, reflectionAt: input.now },
    })
    .run();
}

/** The rep's check-ins from `from` to `to` (local dates, inclusive), oldest first. */
export function checkinsBetween(db: Db, teamId: string, userId: string, from: string, to: string): Checkin[] {
  return db
    .select()
    .from(checkins)
    .where(
      and(
        eq(checkins.teamId, teamId),
        eq(checkins.userId, userId),
        gte(checkins.localDate, from),
        lte(checkins.localDate, to),
      ),
    )
    .orderBy(asc(checkins.localDate))
    .all();
}

function checkinKey(teamId: string, userId: string, localDate: string) {
  return and(eq(checkins.teamId, teamId), eq(checkins.userId, userId), eq(checkins.localDate, localDate));
}
