/** The Postgres twin of src/db/checkins.ts. */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { type Appended, type Checkin, type PlanItem, samePlanItem } from '../../db/checkins.js';
import { MAX_PLAN_ITEMS } from '../../domain/command.js';
import type { PgDb } from './db.js';
import { preparedOn } from './prepared.js';
import { checkins } from './schema.js';

export { type Appended, type Checkin, type PlanItem, samePlanItem } from '../../db/checkins.js';

function checkinKey(teamId: string, userId: string, localDate: string) {
  return and(eq(checkins.teamId, teamId), eq(checkins.userId, userId), eq(checkins.localDate, localDate));
}

/**
 * Holds one rep's day until the transaction ends. The plan is read, changed and written back, and the row may not
 * exist yet (nothing to lock `for update`): two answers at once would each overwrite the other's items, where
 * SQLite's immediate transaction runs them one after the other.
 */
async function lockDay(tx: PgDb, teamId: string, userId: string, localDate: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`checkin:${teamId}:${userId}:${localDate}`}, 0))`,
  );
}

export async function getCheckin(
  db: PgDb,
  teamId: string,
  userId: string,
  localDate: string,
): Promise<Checkin | undefined> {
  const query = preparedOn(db, 'get_checkin', (d) =>
    d
      .select()
      .from(checkins)
      .where(
        and(
          eq(checkins.teamId, sql.placeholder('teamId')),
          eq(checkins.userId, sql.placeholder('userId')),
          eq(checkins.localDate, sql.placeholder('localDate')),
        ),
      )
      .limit(1),
  );
  return (await query.execute({ teamId, userId, localDate }))[0];
}

/**
 * Sets the day's plan to these items, none done yet. Items carried from an earlier day before the rep
 * set the plan (planSetAt still null) stay first, unless the rep typed the same item: the rep's answer to
 * the check-in adds to what they carried rather than wiping it. Past MAX_PLAN_ITEMS the rep's own items win.
 */
export async function setPlan(
  db: PgDb,
  input: { teamId: string; userId: string; localDate: string; items: readonly string[]; now: number },
): Promise<PlanItem[]> {
  return db.transaction(async (tx) => {
    await lockDay(tx, input.teamId, input.userId, input.localDate);
    const existing = await getCheckin(tx, input.teamId, input.userId, input.localDate);
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
    await tx
      .insert(checkins)
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
      });
    return planItems;
  });
}

/**
 * Adds items (carried from an earlier day) to the end of the day's plan, skipping any already in it, up to
 * MAX_PLAN_ITEMS. A plan made only of carried items keeps planSetAt null: the check-in still waits for the
 * rep's own answer (pending.ts), which then joins them (setPlan).
 */
export async function appendToPlan(
  db: PgDb,
  input: { teamId: string; userId: string; localDate: string; items: readonly string[] },
): Promise<Appended> {
  return db.transaction(async (tx) => {
    await lockDay(tx, input.teamId, input.userId, input.localDate);
    const existing = await getCheckin(tx, input.teamId, input.userId, input.localDate);
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
    await tx
      .insert(checkins)
      .values({ teamId: input.teamId, userId: input.userId, localDate: input.localDate, planItems })
      .onConflictDoUpdate({ target: [checkins.teamId, checkins.userId, checkins.localDate], set: { planItems } });
    return result;
  });
}

/**
 * Marks which plan items are done (by index): Slack sends a checkbox group's whole selection, so the
 * items the group shows (the first `shown`) take exactly that state, and items past them keep theirs.
 * Returns the updated items, or null without a plan that day.
 */
export async function setPlanDone(
  db: PgDb,
  input: { teamId: string; userId: string; localDate: string; doneIndexes: readonly number[]; shown?: number },
): Promise<PlanItem[] | null> {
  return db.transaction(async (tx) => {
    await lockDay(tx, input.teamId, input.userId, input.localDate);
    const checkin = await getCheckin(tx, input.teamId, input.userId, input.localDate);
    if (!checkin || checkin.planItems.length === 0) return null;
    const done = new Set(input.doneIndexes);
    const shown = input.shown ?? checkin.planItems.length;
    const planItems = checkin.planItems.map((item, index) =>
      index < shown ? { ...item, done: done.has(index) } : item,
    );
    await tx
      .update(checkins)
      .set({ planItems })
      .where(checkinKey(input.teamId, input.userId, input.localDate));
    return planItems;
  });
}

export async function setReflection(
  db: PgDb,
  input: { teamId: string; userId: string; localDate: string; text: string; now: number },
): Promise<void> {
  await db
    .insert(checkins)
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
    });
}

/** The rep's check-ins from `from` to `to` (local dates, inclusive), oldest first. */
export async function checkinsBetween(
  db: PgDb,
  teamId: string,
  userId: string,
  from: string,
  to: string,
): Promise<Checkin[]> {
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
    .orderBy(asc(checkins.localDate));
}
