/**
 * What the chart builders draw, read with the existing db/ reads and taken from the statuses the app already works
 * out (coach/status.ts, coach/team.ts), so a chart never disagrees with the card or the team view beside it.
 */
import type { Status } from '../coach/status.js';
import type { TeamProgress } from '../coach/team.js';
import { workingDaysOf } from '../db/reps.js';
import { addDays, type LocalDate, localDate } from '../domain/calendar.js';
import { workWeek } from '../domain/gap.js';
import type { Store } from '../storage/types.js';
import { type ActivityMixInput, MIX_WEEKS, type WeekMix } from './activity-mix.js';
import type { AttainmentInput } from './attainment.js';
import type { BurnUpInput, RepBurnUpInput } from './burn-up.js';
import type { DatedAmount, PaceShare } from './pace.js';

/** A rep's wins dated from `from` to `to` (inclusive), one entry per deal. */
export async function repWins(
  store: Store,
  teamId: string,
  userId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<DatedAmount[]> {
  return (await store.deals.closedDeals(teamId, userId, from, to))
    .filter((deal) => deal.status === 'won')
    .map((deal) => ({ date: deal.closedOn, cents: deal.amountCents }));
}

/** The team's wins dated from `from` to `to` (inclusive), of the given reps only. */
export async function teamWinsOf(
  store: Store,
  teamId: string,
  from: LocalDate,
  to: LocalDate,
  userIds: ReadonlySet<string>,
): Promise<DatedAmount[]> {
  return (await store.teamRows.teamWins(teamId, from, to)).flatMap(([userId, date, cents]) =>
    userIds.has(userId) ? [{ date, cents }] : [],
  );
}

/** A rep's activity by ICP fit in each of the `weeks` work weeks ending with the one holding `week`, oldest first. */
export function weeklyMix(
  store: Store,
  teamId: string,
  userId: string,
  week: { start: LocalDate },
  weeks = MIX_WEEKS,
): Promise<WeekMix[]> {
  return Promise.all(
    Array.from({ length: weeks }, async (_, i) => {
      const start = addDays(week.start, -7 * (weeks - 1 - i));
      return { start, mix: await store.activities.activityMix(teamId, userId, start, addDays(start, 6)) };
    }),
  );
}

/** A status's quota as a pace share: their calendar, their today, and whether their day is over. */
function shareOf(status: Status): PaceShare[] {
  const quota = status.report.quotaCents;
  if (quota === null) return [];
  return [
    { quotaCents: quota, calendar: status.calendar, today: status.clock.local.date, dayOver: status.clock.dayOver },
  ];
}

/** A rep's burn-up, from their card's status: the same period, quota, calendar and projection. */
export async function repBurnUpInput(store: Store, status: Status): Promise<RepBurnUpInput> {
  const { team, rep, period } = status;
  return {
    period,
    today: status.clock.local.date,
    currency: team.currency,
    shares: shareOf(status),
    wins: await repWins(store, team.id, rep.userId, period.start, period.end),
    projectedCents: status.report.projectedCents,
  };
}

/** A rep's last MIX_WEEKS work weeks of activity, the current one last. */
export async function repMixInput(store: Store, status: Status): Promise<ActivityMixInput> {
  const { team, rep, clock } = status;
  const week = workWeek(clock.local.date, clock.local.weekday, workingDaysOf(rep));
  return { weeks: await weeklyMix(store, team.id, rep.userId, week) };
}

/** The reps the team totals add (a quota for the team's period), as measured on it. */
function countedStatuses(progress: TeamProgress): Status[] {
  return progress.reps.flatMap((rep) => (rep.teamStatus ? [rep.teamStatus] : []));
}

/**
 * The team's burn-up for its period: the reps the totals add, each paced on their own calendar (so the pace by
 * now is the totals' expected figure), and their wins. Drawn to the team's today, in the team's zone.
 */
export async function teamBurnUpInput(
  store: Store,
  progress: TeamProgress,
  clock: { now: number; defaultTimezone: string },
): Promise<BurnUpInput> {
  const { team, period } = progress;
  const counted = countedStatuses(progress);
  return {
    period,
    today: localDate(clock.now, team.timezone ?? clock.defaultTimezone),
    currency: team.currency,
    shares: counted.flatMap(shareOf),
    wins: await teamWinsOf(
      store,
      team.id,
      period.start,
      period.end,
      new Set(counted.map((status) => status.rep.userId)),
    ),
  };
}

/** Each counted rep's attainment and pace by now on the team's period; `nameOf` gives the bar's label. */
export function attainmentInput(progress: TeamProgress, nameOf: (userId: string) => string): AttainmentInput {
  return {
    period: progress.period,
    reps: countedStatuses(progress).map((status) => ({
      name: nameOf(status.rep.userId),
      quotaCents: status.report.quotaCents ?? 0,
      wonCents: status.report.wonCents,
      expectedCents: status.report.expectedByNowCents,
    })),
  };
}
