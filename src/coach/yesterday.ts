/**
 * Yesterday into today: what the rep said they would change (their last reflection), and the plan
 * items they left unfinished (on their last planned day), to carry into today's plan.
 */
import { type Appended, type Checkin, samePlanItem } from '../db/checkins.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import type { Store } from '../storage/types.js';

/** How far back the check-in looks for the last reflection and the last planned day: a week, weekends and all. */
export const LOOK_BACK_DAYS = 7;

/** An unfinished item of an earlier day's plan, by its place in that plan. */
export interface UnfinishedItem {
  index: number;
  text: string;
}

/** An earlier day's unfinished items: those still to carry, and those already in today's plan. */
export interface Unfinished {
  date: LocalDate;
  remaining: UnfinishedItem[];
  carried: UnfinishedItem[];
  /** Today's plan is only carried items so far: the rep's answer to the check-in joins them. */
  awaitingPlan: boolean;
}

export interface Yesterday {
  /** The last reflection before today, within the week. */
  lesson: { date: LocalDate; text: string } | null;
  /** The last planned day before today (within the week), when it left items unfinished. */
  unfinished: Unfinished | null;
}

export async function loadYesterday(
  store: Store,
  teamId: string,
  userId: string,
  today: LocalDate,
): Promise<Yesterday> {
  const [days, todays] = await Promise.all([
    store.checkins.checkinsBetween(teamId, userId, addDays(today, -LOOK_BACK_DAYS), addDays(today, -1)),
    store.checkins.getCheckin(teamId, userId, today),
  ]);
  return yesterdayOf(days, todays);
}

/** A day's check-in as far as the morning looks back at it. */
export type LookedBack = Pick<Checkin, 'localDate' | 'planItems' | 'planSetAt' | 'reflection'>;

/**
 * Yesterday into today from the check-ins of the LOOK_BACK_DAYS before today (oldest first) and today's: what
 * loadYesterday reads, given (the scheduler pass reads them for all due reps at once: coach/checkin-facts.ts).
 */
export function yesterdayOf(before: readonly LookedBack[], todays: LookedBack | undefined): Yesterday {
  const days = [...before].reverse();
  const reflected = days.find((day) => (day.reflection ?? '').trim().length > 0);
  const planned = days.find((day) => day.planItems.length > 0);
  const unfinished = planned ? unfinishedOf(planned, todays) : null;
  return {
    lesson: reflected?.reflection ? { date: reflected.localDate, text: reflected.reflection.trim() } : null,
    unfinished: unfinished && unfinished.remaining.length + unfinished.carried.length > 0 ? unfinished : null,
  };
}

/** The unfinished items of `from`, split by whether today's plan holds them already. */
export async function unfinishedFrom(
  store: Store,
  teamId: string,
  userId: string,
  from: LocalDate,
  today: LocalDate,
): Promise<Unfinished> {
  const [source, todays] = await Promise.all([
    store.checkins.getCheckin(teamId, userId, from),
    store.checkins.getCheckin(teamId, userId, today),
  ]);
  const empty = { localDate: from, planItems: [] };
  return unfinishedOf(source ?? empty, todays);
}

function unfinishedOf(
  source: Pick<Checkin, 'localDate' | 'planItems'>,
  today: Pick<Checkin, 'planItems' | 'planSetAt'> | undefined,
): Unfinished {
  const inToday = new Set((today?.planItems ?? []).map((item) => samePlanItem(item.text)));
  const result: Unfinished = {
    date: source.localDate,
    remaining: [],
    carried: [],
    awaitingPlan: today !== undefined && today.planItems.length > 0 && today.planSetAt === null,
  };
  source.planItems.forEach((item, index) => {
    if (item.done) return;
    (inToday.has(samePlanItem(item.text)) ? result.carried : result.remaining).push({ index, text: item.text });
  });
  return result;
}

export type CarryOutcome =
  | { kind: 'carried'; appended: Appended }
  /** The item was ticked done since the check-in, or is gone: nothing to carry. */
  | { kind: 'done'; text: string }
  | { kind: 'gone' };

/**
 * Appends `from`'s unfinished items (all, or the one at `which`) to today's plan. Its one write is one
 * transaction that skips what today's plan holds already, so running it again (after a busy lock) is safe.
 */
export async function carryItems(
  store: Store,
  input: { teamId: string; userId: string; from: LocalDate; today: LocalDate; which: 'all' | number },
): Promise<CarryOutcome> {
  const plan = (await store.checkins.getCheckin(input.teamId, input.userId, input.from))?.planItems ?? [];
  let texts: string[];
  if (input.which === 'all') {
    texts = plan.filter((item) => !item.done).map((item) => item.text);
  } else {
    const item = plan[input.which];
    if (!item) return { kind: 'gone' };
    if (item.done) return { kind: 'done', text: item.text };
    texts = [item.text];
  }
  const appended = await store.checkins.appendToPlan({
    teamId: input.teamId,
    userId: input.userId,
    localDate: input.today,
    items: texts,
  });
  return { kind: 'carried', appended };
}
