/**
 * The facts a rep's line in the team view rests on, and where they come from: each rep's own reads (what their
 * card does, perRepFacts), or the whole team's at once (team-reads.ts). The team's progress is made from
 * either by the same code, and cannot tell the two apart.
 */

import { activityMix } from '../db/activities.js';
import type { PlanItem } from '../db/checkins.js';
import { checkinsBetween } from '../db/checkins.js';
import type { Db } from '../db/connection.js';
import { dealsOpenSince, wonBetween } from '../db/deals.js';
import { pausesOf } from '../db/reps.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import type { ActivityMix, DealOnRecord } from '../domain/gap.js';
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
 * whole team at once (readTeamFacts). The team's progress is made from either by the same code.
 */
export interface FactsSource {
  statusFacts(frame: StatusFrame): StatusFacts;
  reviewFacts(status: Status, shown: Status): ReviewFacts;
}

/** The facts read rep by rep, as the math asks for them (what one rep's card does): a dozen indexed reads each. */
export function perRepFacts(db: Db): FactsSource {
  return {
    statusFacts: (frame) => gatherStatusFacts(db, frame),
    reviewFacts(status, shown) {
      const { team, rep, clock } = status;
      const window = reviewWindow(clock.local.date);
      const weekAgo = lastWeekDay(shown);
      return {
        pauses: pausesOf(db, team.id, rep.userId),
        planned: checkinsBetween(db, team.id, rep.userId, window.from, window.to).filter((c) => c.planItems.length > 0),
        mix: activityMix(db, team.id, rep.userId, window.from, window.to),
        streak: streakOf(db, rep, clock.local.date),
        lastWeek:
          weekAgo === null
            ? null
            : {
                wonCents: wonBetween(db, team.id, rep.userId, shown.period.start, weekAgo),
                deals: dealsOpenSince(db, team.id, rep.userId, weekAgo),
              },
      };
    },
  };
}

/** The facts of a team with no rep: none to give. */
export const NO_FACTS: FactsSource = {
  statusFacts: () => {
    throw new Error('The team has no rep to read facts for.');
  },
  reviewFacts: () => {
    throw new Error('The team has no rep to read facts for.');
  },
};
