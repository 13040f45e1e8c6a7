import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { MAX_PLAN_ITEMS } from '../domain/command.js';
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

/**
 * Sets the day's plan to these items, none done yet. Items carried from an earlier day before the rep
 * set the plan (planSetAt still null) stay first, unless the rep typed the same item: the rep's answer to
 * the check-in adds to what they carried rather than wiping it. Past MAX_PLAN_ITEMS the rep's own items win.
 */
export function setPlan(
  db: Db,
  input: { teamId: string; userId: string; localDate: string; items: readonly string[]; now: number },
): PlanItem[] {
  return db.transaction(
    (tx) => {
      const existing = getCheckin(tx, input.teamId, input.userId, input.localDate);
      const typed = new Set(input.items.map(samePlanItem));
      const carried =
        existing && existing.planSetAt === null
          ? existing.planItems.filter((item) => !typed.has(samePlanItem(item.text)))
          : [];
      const room = Math.max(0, MAX_PLAN_ITEMS - input.items.length);
      // An item typed again keeps its tick: re-sending the plan to add one item un-ticks nothing.
      const doneBefore = new Set(
        (existing?.planItems ?? []).filter((item) => item.done).map((item) => samePlanItem(item.text)),
      );
      const typedItems = input.items.map((text) => ({ text, done: doneBefore.has(samePlanItem(text)) }));
      const planItems = [...carried.slice(0, room), ...typedItems];
      tx.insert(checkins)
        .values({
          teamId: input.teamId,
          userId: input.userId,
          localDate: input.localDate,
          planItems,
          planSetAt: input.now,
        })
        .onConflictDoUpdate({
          target: [checkins.teamId, checkins.userId, checkins.localDate],
          set: { planItems, planSetAt: input.now },
        })
        .run();
      return planItems;
    },
    { behavior: 'immediate' },
  );
}

/** Two plan items are the same item when they differ only in case and spacing. */
export function samePlanItem(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** What appending items to a day's plan did: each item is added, already there, or left out for want of room. */
export interface Appended {
  added: string[];
  alreadyIn: string[];
  noRoom: string[];
  plan: PlanItem[];
}

/**
 * Adds items (carried from an earlier day) to the end of the day's plan, skipping any already in it, up to
 * MAX_PLAN_ITEMS. A plan made only of carried items keeps planSetAt null: the check-in still waits for the
 * rep's own answer (pending.ts), which then joins them (setPlan).
 */
export function appendToPlan(
  db: Db,
  input: { teamId: string; userId: string; localDate: string; items: readonly string[] },
): Appended {
  return db.transaction(
    (tx) => {
      const existing = getCheckin(tx, input.teamId, input.userId, input.localDate);
      const planItems = [...(existing?.planItems ?? [])];
      const seen = new Set(planItems.map((item) => samePlanItem(item.text)));
      const result: Appended = { added: [], alreadyIn: [], noRoom: [], plan: planItems };
      for (const text of input.items) {
        if (seen.has(samePlanItem(text))) result.alreadyIn.push(text);
        else if (planItems.length >= MAX_PLAN_ITEMS) result.noRoom.push(text);
        else {
          planItems.push({ text, done: false });
          seen.add(samePlanItem(text));
          result.added.push(text);
        }
      }
      if (result.added.length === 0) return result;
      tx.insert(checkins)
        .values({ teamId: input.teamId, userId: input.userId, localDate: input.localDate, planItems })
        .onConflictDoUpdate({ target: [checkins.teamId, checkins.userId, checkins.localDate], set: { planItems } })
        .run();
      return result;
    },
    { behavior: 'immediate' },
  );
}

/**
 * Marks which plan items are done (by index): Slack sends a checkbox group's whole selection, so the
 * items the group shows (the first `shown`) take exactly that state, and items past them keep theirs.
 * Returns the updated items, or null without a plan that day.
 */
export function setPlanDone(
  db: Db,
  input: { teamId: string; userId: string; localDate: string; doneIndexes: readonly number[]; shown?: number },
): PlanItem[] | null {
  return db.transaction(
    (tx) => {
      const checkin = getCheckin(tx, input.teamId, input.userId, input.localDate);
      if (!checkin || checkin.planItems.length === 0) return null;
      const done = new Set(input.doneIndexes);
      const shown = input.shown ?? checkin.planItems.length;
      const planItems = checkin.planItems.map((item, index) =>
        index < shown ? { ...item, done: done.has(index) } : item,
      );
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
  // Prepared once per connection: the check-in of every rep reads their last week with it.
  return prepared(db, 'checkinsBetween', (d) =>
    d
      .select()
      .from(checkins)
      .where(
        and(
          eq(checkins.teamId, sql.placeholder('teamId')),
          eq(checkins.userId, sql.placeholder('userId')),
          gte(checkins.localDate, sql.placeholder('from')),
          lte(checkins.localDate, sql.placeholder('to')),
        ),
      )
      .orderBy(asc(checkins.localDate)),
  ).all({ teamId, userId, from, to });
}

function checkinKey(teamId: string, userId: string, localDate: string) {
  return and(eq(checkins.teamId, teamId), eq(checkins.userId, userId), eq(checkins.localDate, localDate));
}
