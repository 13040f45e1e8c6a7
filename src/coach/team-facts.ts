/**
 * The facts a rep's line in the team view rests on, and where they come from: each rep's own reads (what their
 * card does, perRepFacts), or the whole team's at once (team-reads.ts). The team's progress is made from
 * either by the same code, and cannot tell the two apart.
 */

import type { PlanItem } from '../db/checkins.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import type { ActivityMix, DealOnRecord } from '../domain/gap.js';
import type { Store } from '../storage/types.js';
import { gatherStatusFacts, type Pause, type Status, type StatusFacts, type StatusFrame } from './status.js';
import { streakOf } from './streak.js';

/** The weekly review looks at the 7 days before today, in each rep's own zone. */
export const REVIEW_DAYS = 7;

/** The review window: the 7 days before the rep's today. */
export function reviewWindow(today: LocalDate): { from: LocalDate; to: LocalDate } {
  return { from: addDays(today, -REVIEW_DAYS), to: addDays(today, -1) };
}

/** The day last week's projection is rebuilt for (the day before the window), when a rise is measured at all. */
export function lastWeekDay(shown: Status): LocalDate | null {
  const { period, report, clock } = shown;
  const weekAgo = addDays(reviewWindow(clock.local.date).from, -1);
  if (report.quotaCents === null || report.quotaCents === 0 || weekAgo < period.start) return null;
  return weekAgo;
}

/** What a rep's line in the review rests on besides their status. */
export interface ReviewFacts {
  pauses: readonly Pause[];
  /** The window's check-ins that have a plan. */
  planned: readonly { localDate: LocalDate; planItems: PlanItem[] }[];
  /** The window's activity by ICP fit. */
  mix: ActivityMix;
  streak: number;
  /** Won in the period by last week's day, and the deals as the record shows them then; null when no rise is measured. */
  lastWeek: { wonCents: number; deals: readonly DealOnRecord[] } | null;
}

/**
 * Where the facts come from: read rep by rep (perRepFacts, what one rep's card does), or for the
 * whole team at once (readTeamFacts). The team's progress is made from either by the same code. Asynchronous,
 * as reading rep by rep is; facts read for the whole team are at hand and answer at once.
 */
export interface FactsSource {
  statusFacts(frame: StatusFrame): Promise<StatusFacts>;
  reviewFacts(status: Status, shown: Status): Promise<ReviewFacts>;
}

/** The facts read rep by rep, as the math asks for them (what one rep's card does): a dozen indexed reads each. */
export function perRepFacts(store: Store): FactsSource {
  return {
    statusFacts: (frame) => gatherStatusFacts(store, frame),
    async reviewFacts(status, shown) {
      const { team, rep, clock } = status;
      const window = reviewWindow(clock.local.date);
      const weekAgo = lastWeekDay(shown);
      const [pauses, checkins, mix, streak, lastWeek] = await Promise.all([
        store.reps.pausesOf(team.id, rep.userId),
        store.checkins.checkinsBetween(team.id, rep.userId, window.from, window.to),
        store.activities.activityMix(team.id, rep.userId, window.from, window.to),
        streakOf(store, rep, clock.local.date),
        weekAgo === null ? null : lastWeekOf(store, status, shown.period, weekAgo),
      ]);
      return { pauses, planned: checkins.filter((c) => c.planItems.length > 0), mix, streak, lastWeek };
    },
  };
}

/** Won in the shown period by `weekAgo`, and the deals as the record showed them that day: one rep's reads. */
async function lastWeekOf(
  store: Store,
  { team, rep }: Status,
  period: Status['period'],
  weekAgo: LocalDate,
): Promise<ReviewFacts['lastWeek']> {
  const [wonCents, deals] = await Promise.all([
    store.deals.wonBetween(team.id, rep.userId, period.start, weekAgo),
    store.deals.dealsOpenSince(team.id, rep.userId, weekAgo),
  ]);
  return { wonCents, deals };
}

/** The facts of a team with no rep: none to give. */
export const NO_FACTS: FactsSource = {
  statusFacts: () => Promise.reject(new Error('The team has no rep to read facts for.')),
  reviewFacts: () => Promise.reject(new Error('The team has no rep to read facts for.')),
};
