/**
 * The demo team's first reps each play a part, so the first screen has something to act on (seed.ts):
 * one behind pace with a slipped deal and an unclassified account to settle, one drifting outside the ICP,
 * one ahead, and one at risk: too little counted pipeline to close the gap, so that near the period's end
 * the coach says it is too late for new opportunities. Pure: dates and amounts in, wins to book out.
 */
import { addDays, type LocalDate, laterDate, type Weekday, weekdayOf } from '../domain/calendar.js';
import { countWorkingDays, type Period } from '../domain/period.js';

export type SeedRole = 'behind' | 'drifting' | 'ahead' | 'at-risk' | 'random';

/** Reps 1–4 in this order (the playground's Dana, Priya, Sam and Lee); every later rep is random. */
export const ROLES: readonly SeedRole[] = ['behind', 'drifting', 'ahead', 'at-risk'];

export function roleOf(repNumber: number): SeedRole {
  return ROLES[repNumber - 1] ?? 'random';
}

/** Seeded reps work Monday to Friday (the product's default). */
export const SEED_WORKING_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5];

/** Smallest and largest demo deal, in cents: $5,000 to $60,000. */
export const MIN_DEAL_CENTS = 500_000;
export const MAX_DEAL_CENTS = 6_000_000;

/**
 * The at-risk rep's smallest quota. Their open deals all close after the period, so nothing counts this period;
 * with at most 40% of the quota won, the gap is at least $120,000, and no win rate closes it from the pipeline.
 */
export const AT_RISK_MIN_QUOTA_CENTS = 20_000_000;

/**
 * Won in the period, as a share of the quota. Ahead: 20 points more than the share of working days through
 * today (so ahead even once today is over), at most 110%. Behind and at risk: half and 40% of the share of
 * working days before today (so behind even while today is still ahead of them); nothing on the period's first day.
 */
export function wonShare(role: SeedRole, period: Period, today: LocalDate): number | null {
  const total = countWorkingDays(period.start, period.end, SEED_WORKING_DAYS);
  if (total === 0) return null;
  const throughToday = countWorkingDays(period.start, today, SEED_WORKING_DAYS) / total;
  const beforeToday = countWorkingDays(period.start, addDays(today, -1), SEED_WORKING_DAYS) / total;
  switch (role) {
    case 'ahead':
      return Math.min(1.1, throughToday + 0.2);
    case 'behind':
      return beforeToday * 0.5;
    case 'at-risk':
      return beforeToday * 0.4;
    default:
      return null;
  }
}

/**
 * Amounts of wins adding up to `targetCents`: deals of $5,000–$60,000 (by `size`, which draws one). Ahead
 * rounds up (the last deal takes the rest, at least $5,000), so the wins reach the target; behind rounds down
 * (a rest under $5,000 is left out), so they stay under it.
 */
export function splitIntoDeals(targetCents: number, roundUp: boolean, size: () => number): number[] {
  const deals: number[] = [];
  let rest = targetCents;
  while (rest >= MIN_DEAL_CENTS) {
    const amount = Math.min(size(), rest);
    const left = rest - amount;
    // A rest too small for a deal of its own joins this one when rounding up.
    if (roundUp && left > 0 && left < MIN_DEAL_CENTS) {
      deals.push(rest);
      return deals;
    }
    deals.push(amount);
    rest = left;
  }
  if (roundUp && rest > 0) deals.push(MIN_DEAL_CENTS);
  return deals;
}

/**
 * The working days a role's wins may fall on, in order: from the period's start (or the history's, if later)
 * through today for the rep ahead, through yesterday for the others.
 */
export function winDays(role: SeedRole, period: Period, historyStart: LocalDate, today: LocalDate): LocalDate[] {
  const last = role === 'ahead' ? today : addDays(today, -1);
  const days: LocalDate[] = [];
  for (let day = laterDate(period.start, historyStart); day <= last; day = addDays(day, 1)) {
    if (SEED_WORKING_DAYS.includes(weekdayOf(day))) days.push(day);
  }
  return days;
}
